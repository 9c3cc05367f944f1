//! Spark SQL to a physical plan: Sabot (parser, Spark-level spec, resolver, DataFusion's
//! optimizer and physical planner) against DataFusion planning the same TPC-H SQL itself.
// Benchmarks are test code: a broken fixture should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use datafusion::prelude::SessionContext;
use sabot_sql::{Params, parse_statement};

fn translation(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let session = sabot_bench::sabot_session().unwrap();
    let ctx = SessionContext::new();
    sabot_bench::register_tpch(&session, &ctx, 16).unwrap();
    let queries: Vec<String> = (1..=22)
        .map(|n| sabot_bench::tpch_sql(n).unwrap())
        .collect();
    let tpcds = sabot_bench::tpcds_sql().unwrap();

    let mut group = c.benchmark_group("plan_translation");
    group.sample_size(20);
    group.bench_function("tpch_22_parse/sabot", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|q| parse_statement(q, &Params::default()).is_ok() as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("tpcds_103_parse/sabot", |b| {
        b.iter(|| {
            tpcds
                .iter()
                .map(|q| parse_statement(q, &Params::default()).is_ok() as usize)
                .sum::<usize>()
        })
    });
    group.bench_function("tpch_22_to_physical/sabot", |b| {
        b.iter(|| {
            rt.block_on(async {
                for q in &queries {
                    let logical = sabot_bench::sabot_logical(&session, q).await.unwrap();
                    let state = session.ctx.state();
                    state.create_physical_plan(&logical).await.unwrap();
                }
            })
        })
    });
    // The server's part of a small query's round trip (`spark.range(10).collect()`), without
    // gRPC: resolve, plan, run.
    group.bench_function("range_10_collect/sabot", |b| {
        b.iter(|| {
            rt.block_on(sabot_bench::sabot_collect(
                &session,
                "SELECT id FROM range(10)",
            ))
            .unwrap()
            .len()
        })
    });
    group.bench_function("tpch_22_to_physical/datafusion", |b| {
        b.iter(|| {
            rt.block_on(async {
                for q in &queries {
                    let logical = ctx.state().create_logical_plan(q).await.unwrap();
                    ctx.state().create_physical_plan(&logical).await.unwrap();
                }
            })
        })
    });
    group.finish();
}

criterion_group!(benches, translation);
criterion_main!(benches);
