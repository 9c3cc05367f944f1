//! Fixtures shared by Sabot's criterion benchmarks (`cargo bench -p sabot-bench`).
//!
//! - `benches/result_encoding.rs`: query results as Spark Connect Arrow batches, against Arrow's
//!   own IPC writer.
//! - `benches/plan_translation.rs`: Spark SQL to a physical plan through Sabot (parser, spec,
//!   resolver) against DataFusion planning the same SQL itself.
//! - `benches/spark_functions.rs`: the hottest Spark functions over a million rows through Sabot
//!   against DataFusion's built-ins.
//!
//! Each benchmark pairs Sabot's path with the plain DataFusion/Arrow path it wraps, so criterion's
//! report shows the overhead of Spark semantics side by side; `--save-baseline`/`--baseline`
//! compare runs over time.

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Date32Array, Decimal128Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::error::ArrowError;
use datafusion::datasource::MemTable;
use datafusion::datasource::provider_as_source;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::prelude::SessionContext;
use sabot_common::config::SparkConf;
use sabot_common::spec::Statement;
use sabot_common::{Result, SparkError};
use sabot_server::execution::runner;
use sabot_server::session::{Session, SessionManager};
use sabot_sql::{Params, parse_statement};

/// The TPC-H tables with the column types `tpchgen-cli` writes (keys BIGINT, money
/// DECIMAL(15,2), dates DATE).
pub fn tpch_tables() -> Vec<(&'static str, SchemaRef)> {
    use DataType::{Date32, Int32, Int64, Utf8};
    let money = DataType::Decimal128(15, 2);
    let table = |cols: &[(&str, DataType)]| -> SchemaRef {
        Arc::new(Schema::new(
            cols.iter()
                .map(|(n, t)| Field::new(*n, t.clone(), false))
                .collect::<Vec<_>>(),
        ))
    };
    vec![
        (
            "customer",
            table(&[
                ("c_custkey", Int64),
                ("c_name", Utf8),
                ("c_address", Utf8),
                ("c_nationkey", Int64),
                ("c_phone", Utf8),
                ("c_acctbal", money.clone()),
                ("c_mktsegment", Utf8),
                ("c_comment", Utf8),
            ]),
        ),
        (
            "lineitem",
            table(&[
                ("l_orderkey", Int64),
                ("l_partkey", Int64),
                ("l_suppkey", Int64),
                ("l_linenumber", Int32),
                ("l_quantity", money.clone()),
                ("l_extendedprice", money.clone()),
                ("l_discount", money.clone()),
                ("l_tax", money.clone()),
                ("l_returnflag", Utf8),
                ("l_linestatus", Utf8),
                ("l_shipdate", Date32),
                ("l_commitdate", Date32),
                ("l_receiptdate", Date32),
                ("l_shipinstruct", Utf8),
                ("l_shipmode", Utf8),
                ("l_comment", Utf8),
            ]),
        ),
        (
            "nation",
            table(&[
                ("n_nationkey", Int64),
                ("n_name", Utf8),
                ("n_regionkey", Int64),
                ("n_comment", Utf8),
            ]),
        ),
        (
            "orders",
            table(&[
                ("o_orderkey", Int64),
                ("o_custkey", Int64),
                ("o_orderstatus", Utf8),
                ("o_totalprice", money.clone()),
                ("o_orderdate", Date32),
                ("o_orderpriority", Utf8),
                ("o_clerk", Utf8),
                ("o_shippriority", Int32),
                ("o_comment", Utf8),
            ]),
        ),
        (
            "part",
            table(&[
                ("p_partkey", Int64),
                ("p_name", Utf8),
                ("p_mfgr", Utf8),
                ("p_brand", Utf8),
                ("p_type", Utf8),
                ("p_size", Int32),
                ("p_container", Utf8),
                ("p_retailprice", money.clone()),
                ("p_comment", Utf8),
            ]),
        ),
        (
            "partsupp",
            table(&[
                ("ps_partkey", Int64),
                ("ps_suppkey", Int64),
                ("ps_availqty", Int32),
                ("ps_supplycost", money.clone()),
                ("ps_comment", Utf8),
            ]),
        ),
        (
            "region",
            table(&[
                ("r_regionkey", Int64),
                ("r_name", Utf8),
                ("r_comment", Utf8),
            ]),
        ),
        (
            "supplier",
            table(&[
                ("s_suppkey", Int64),
                ("s_name", Utf8),
                ("s_address", Utf8),
                ("s_nationkey", Int64),
                ("s_phone", Utf8),
                ("s_acctbal", money),
                ("s_comment", Utf8),
            ]),
        ),
    ]
}

/// `rows` rows of every column type the TPC-H tables use, with varied values.
pub fn sample_batch(
    schema: &SchemaRef,
    rows: usize,
) -> std::result::Result<RecordBatch, ArrowError> {
    let columns = schema
        .fields()
        .iter()
        .map(|f| -> std::result::Result<ArrayRef, ArrowError> {
            let ints = (0..rows as i64).map(|i| i.wrapping_mul(7919) % 100_003);
            Ok(match f.data_type() {
                DataType::Int64 => Arc::new(Int64Array::from_iter_values(ints)),
                DataType::Int32 => Arc::new(Int32Array::from_iter_values(ints.map(|i| i as i32))),
                DataType::Float64 => {
                    Arc::new(Float64Array::from_iter_values(ints.map(|i| i as f64 / 3.0)))
                }
                DataType::Date32 => Arc::new(Date32Array::from_iter_values(
                    ints.map(|i| 8000 + (i % 2500) as i32),
                )),
                DataType::Decimal128(p, s) => Arc::new(
                    Decimal128Array::from_iter_values(ints.map(|i| i128::from(i) * 37))
                        .with_precision_and_scale(*p, *s)?,
                ),
                _ => Arc::new(StringArray::from_iter_values(
                    ints.map(|i| format!("{}#{i:09}", f.name())),
                )),
            })
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns)
}

/// A Sabot session (the server's own session type, no gRPC), time zone UTC.
pub fn sabot_session() -> Result<Arc<Session>> {
    let runtime = RuntimeEnvBuilder::new()
        .build_arc()
        .map_err(|e| SparkError::internal(e.to_string()))?;
    let manager = SessionManager::new(SparkConf::new(), runtime);
    let session = manager.get_or_create("bench", &uuid::Uuid::new_v4().to_string(), None)?;
    session.conf_set("spark.sql.session.timeZone", "UTC")?;
    Ok(session)
}

/// Registers each table as an in-memory table of `rows` sample rows: a temp view in the Sabot
/// session and a table in the plain DataFusion context, so both plan over the same data.
pub fn register_tpch(session: &Session, ctx: &SessionContext, rows: usize) -> Result<()> {
    let df = |e: datafusion::error::DataFusionError| SparkError::internal(e.to_string());
    for (name, schema) in tpch_tables() {
        let batch = sample_batch(&schema, rows).map_err(|e| SparkError::internal(e.to_string()))?;
        let table =
            Arc::new(MemTable::try_new(Arc::clone(&schema), vec![vec![batch]]).map_err(df)?);
        ctx.register_table(name, Arc::clone(&table) as _)
            .map_err(df)?;
        let plan = LogicalPlanBuilder::scan(name, provider_as_source(table), None)
            .and_then(|b| b.build())
            .map_err(df)?;
        sabot_plan::register_temp_view(&session.ctx, name, plan, true)?;
    }
    Ok(())
}

/// The text of TPC-H query `n` (python-tests/tpch/qNN.sql, the suite the tests run).
pub fn tpch_sql(n: usize) -> std::io::Result<String> {
    std::fs::read_to_string(repo_path(&format!("python-tests/tpch/q{n:02}.sql")))
}

/// Every TPC-DS query text (python-tests/tpcds/*.sql).
pub fn tpcds_sql() -> std::io::Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_path("python-tests/tpcds"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    paths.sort();
    paths.iter().map(std::fs::read_to_string).collect()
}

fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// Spark SQL text to a DataFusion logical plan through Sabot: parse, spec, resolve.
pub async fn sabot_logical(
    session: &Arc<Session>,
    sql: &str,
) -> Result<datafusion::logical_expr::LogicalPlan> {
    match parse_statement(sql, &Params::default())? {
        Statement::Query(plan) => runner::resolve(session, &plan).await,
        _ => Err(SparkError::internal("not a query")),
    }
}

/// Runs Spark SQL through Sabot to Arrow batches (what an ExecutePlan computes).
pub async fn sabot_collect(session: &Arc<Session>, sql: &str) -> Result<Vec<RecordBatch>> {
    let plan = match parse_statement(sql, &Params::default())? {
        Statement::Query(plan) => plan,
        _ => return Err(SparkError::internal("not a query")),
    };
    let logical = runner::resolve_for_execution(session, &plan).await?;
    // As the runner: one state copy to plan, the session's kept task context to run.
    let physical = session
        .ctx
        .state()
        .create_physical_plan(&logical)
        .await
        .map_err(sabot_plan::from_datafusion)?;
    datafusion::physical_plan::collect(physical, session.task_ctx()?)
        .await
        .map_err(sabot_plan::from_datafusion)
}
