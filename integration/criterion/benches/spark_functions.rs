//! The hottest Spark functions over a million rows, run through Sabot (Spark semantics: ANSI
//! overflow checks, Spark casts, Spark's murmur3) against the nearest DataFusion built-ins.
// Benchmarks are test code: a broken fixture should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::prelude::SessionContext;

const ROWS: u64 = 1_000_000;

/// (name, Sabot's Spark SQL over `range(ROWS)` (column `id`), DataFusion's SQL over
/// `range(ROWS)` (column `value`), or "" where DataFusion has no equivalent).
const CASES: &[(&str, &str, &str)] = &[
    (
        "arithmetic",
        "SELECT sum(id * 3 + 1) FROM range(1000000)",
        "SELECT sum(value * 3 + 1) FROM range(1000000)",
    ),
    (
        "cast_int_string_int",
        "SELECT sum(CAST(CAST(id AS STRING) AS INT)) FROM range(1000000)",
        "SELECT sum(CAST(CAST(value AS VARCHAR) AS INT)) FROM range(1000000)",
    ),
    (
        "substring_concat",
        "SELECT max(substring(concat('key-', CAST(id AS STRING)), 3, 4)) FROM range(1000000)",
        "SELECT max(substr(concat('key-', CAST(value AS VARCHAR)), 3, 4)) FROM range(1000000)",
    ),
    (
        "date_add",
        "SELECT max(date_add(DATE'2020-01-01', CAST(id % 1000 AS INT))) FROM range(1000000)",
        "SELECT max(DATE '2020-01-01' + CAST(value % 1000 AS INT)) FROM range(1000000)",
    ),
    (
        "like",
        "SELECT count(*) FROM range(1000000) WHERE CAST(id AS STRING) LIKE '%77%'",
        "SELECT count(*) FROM range(1000000) WHERE CAST(value AS VARCHAR) LIKE '%77%'",
    ),
    (
        "murmur3_hash",
        "SELECT sum(hash(id)) FROM range(1000000)",
        "",
    ),
    (
        "decimal_sum",
        "SELECT sum(CAST(id AS DECIMAL(15,2)) * 1.05) FROM range(1000000)",
        "SELECT sum(CAST(value AS DECIMAL(15,2)) * 1.05) FROM range(1000000)",
    ),
    (
        // TPC-H q1's `price * (1 - discount) * (1 + tax)`: the second product exceeds 38 digits'
        // precision, which Spark caps (DECIMAL(38,6)) with an overflow check per row.
        "decimal_multiply_chain",
        "SELECT sum(CAST(id AS DECIMAL(15,2)) * (1 - CAST(id % 10 AS DECIMAL(15,2)) / 100) \
         * (1 + CAST(id % 8 AS DECIMAL(15,2)) / 100)) FROM range(1000000)",
        "SELECT sum(CAST(value AS DECIMAL(15,2)) * (1 - CAST(value % 10 AS DECIMAL(15,2)) / 100) \
         * (1 + CAST(value % 8 AS DECIMAL(15,2)) / 100)) FROM range(1000000)",
    ),
];

fn functions(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let session = sabot_bench::sabot_session().unwrap();
    let ctx = SessionContext::new();
    let mut group = c.benchmark_group("spark_functions");
    group.throughput(Throughput::Elements(ROWS));
    group.sample_size(10);
    for (name, sabot_sql, df_sql) in CASES {
        // Fail early (and clearly) if either side cannot run the query.
        rt.block_on(sabot_bench::sabot_collect(&session, sabot_sql))
            .unwrap();
        group.bench_function(format!("{name}/sabot"), |b| {
            b.iter(|| {
                rt.block_on(sabot_bench::sabot_collect(&session, sabot_sql))
                    .unwrap()
            })
        });
        if !df_sql.is_empty() {
            group.bench_function(format!("{name}/datafusion"), |b| {
                b.iter(|| {
                    rt.block_on(async { ctx.sql(df_sql).await.unwrap().collect().await.unwrap() })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, functions);
criterion_main!(benches);
