//! Partition-dependent calls resolved, planned and executed: Spark's values, and the node's
//! input kept as one ordered stream by DataFusion's optimizers.

use std::sync::Arc;

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int32Type, Int64Type};
use datafusion::execution::SessionStateBuilder;
use datafusion::physical_plan::{ExecutionPlan, collect, displayable};
use datafusion::prelude::{SessionConfig, SessionContext};
use sabot_common::Result;
use sabot_common::spec::{Expr, Plan, PlanNode};

use super::query_planner;
use crate::resolve::{CachedRelations, PlanConfig, resolve_plan};

struct NoCache;

impl CachedRelations for NoCache {
    fn local_relation(&self, _: &str) -> Result<Plan> {
        Err(sabot_common::SparkError::invalid_plan("none"))
    }
    fn chunked_local_relation(&self, _: &[String], _: Option<&str>) -> Result<Plan> {
        Err(sabot_common::SparkError::invalid_plan("none"))
    }
}

fn conf() -> PlanConfig {
    PlanConfig::for_tests()
}

fn ctx() -> SessionContext {
    // Four target partitions: DataFusion would like to repartition.
    let state = SessionStateBuilder::new()
        .with_config(SessionConfig::new().with_target_partitions(4))
        .with_default_features()
        .with_query_planner(query_planner())
        .build();
    let ctx = SessionContext::new_with_state(state);
    for udf in sabot_functions::udfs() {
        ctx.register_udf(udf.as_ref().clone());
    }
    ctx
}

fn range(end: i64, partitions: Option<i32>) -> Plan {
    Plan::new(PlanNode::Range {
        start: 0,
        end,
        step: 1,
        num_partitions: partitions,
    })
}

fn ids_of(input: Plan) -> Plan {
    let exprs = vec![
        Expr::call("spark_partition_id", vec![]),
        Expr::call("monotonically_increasing_id", vec![]),
    ];
    Plan::new(PlanNode::Project {
        input: Some(Box::new(input)),
        exprs,
    })
}

async fn run(plan: &Plan) -> (Arc<dyn ExecutionPlan>, Vec<(i32, i64)>) {
    let ctx = ctx();
    let logical = resolve_plan(&ctx, &conf(), &NoCache, plan).await.unwrap();
    let df = ctx.execute_logical_plan(logical).await.unwrap();
    let physical = df.create_physical_plan().await.unwrap();
    let batches: Vec<RecordBatch> = collect(Arc::clone(&physical), ctx.task_ctx())
        .await
        .unwrap();
    let mut rows = Vec::new();
    for b in batches {
        let p = b.column(0).as_primitive::<Int32Type>();
        let m = b.column(1).as_primitive::<Int64Type>();
        rows.extend((0..b.num_rows()).map(|i| (p.value(i), m.value(i))));
    }
    (physical, rows)
}

#[tokio::test]
async fn range_partitions_number_rows_like_spark() {
    // Spark 4.3: `spark.range(0, 5, 1, 2)`: 0-1 in partition 0, 2-4 in partition 1.
    let (physical, rows) = run(&ids_of(range(5, Some(2)))).await;
    let one = 1i64 << 33;
    assert_eq!(rows, [(0, 0), (0, 1), (1, one), (1, one + 1), (1, one + 2)]);
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert!(
        text.contains("SparkPartitionFnsExec: partitions=2"),
        "{text}"
    );
    assert!(!text.contains("RepartitionExec"), "{text}");
}

#[tokio::test]
async fn many_batches_cross_partition_bounds() {
    // 20000 rows in 3 slices, over several batches: slices start at 0, 6666, 13333.
    let (_, rows) = run(&ids_of(range(20_000, Some(3)))).await;
    assert_eq!(rows.len(), 20_000);
    assert_eq!(rows[6665], (0, 6665));
    assert_eq!(rows[6666], (1, 1 << 33));
    assert_eq!(rows[13333], (2, 2 << 33));
    assert_eq!(rows[19999], (2, (2 << 33) + 6666));
}

#[tokio::test]
async fn computed_columns_keep_one_ordered_stream() {
    // `id * 2` makes DataFusion want a round-robin repartition under the projection.
    let doubled = Plan::new(PlanNode::Project {
        input: Some(Box::new(range(30_000, Some(3)))),
        exprs: vec![Expr::call("*", vec![Expr::col("id"), Expr::col("id")])],
    });
    let (physical, rows) = run(&ids_of(doubled)).await;
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert!(!text.contains("RepartitionExec"), "{text}");
    assert_eq!(rows[9_999], (0, 9_999));
    assert_eq!(rows[10_000], (1, 1 << 33));
    assert_eq!(rows[29_999], (2, (2 << 33) + 9_999));
}

#[tokio::test]
async fn filtered_input_is_tagged_at_the_source() {
    // Spark 4.3: `spark.range(0, 6, 1, 3).filter("id > 0")`: partition 0 keeps only row 1.
    let filtered = Plan::new(PlanNode::Filter {
        input: Box::new(range(6, Some(3))),
        condition: Expr::call(
            ">",
            vec![
                Expr::col("id"),
                Expr::Literal(sabot_common::spec::Literal::Long(0)),
            ],
        ),
    });
    let (physical, rows) = run(&ids_of(filtered)).await;
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert_eq!(text.matches("SparkPartitionFnsExec").count(), 2, "{text}");
    let (one, two) = (1i64 << 33, 2i64 << 33);
    assert_eq!(
        rows,
        [(0, 0), (1, one), (1, one + 1), (2, two), (2, two + 1)]
    );
}

#[tokio::test]
async fn unknown_partitioning_keeps_the_udfs() {
    // A sort between the source and the call: Spark's partitions come from its shuffle.
    let sorted = Plan::new(PlanNode::Sort {
        input: Box::new(range(6, Some(3))),
        order: vec![sabot_common::spec::SortOrder::asc(Expr::col("id"))],
        is_global: true,
    });
    let (physical, rows) = run(&ids_of(sorted)).await;
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert!(!text.contains("SparkPartitionFnsExec"), "{text}");
    assert_eq!(rows.len(), 6);
}

#[tokio::test]
async fn hash_shuffle_numbers_partitions_like_spark() {
    // Spark 4.3: `spark.range(0, 12, 1, 1).repartition(3, "id")`: ids 3, 6, 7, 11 in
    // partition 0 (in that order), 0 in 1, the rest in 2.
    let shuffled = Plan::new(PlanNode::Repartition {
        input: Box::new(range(12, Some(1))),
        num_partitions: Some(3),
        shuffle: true,
        by: vec![Expr::col("id")],
    });
    let (physical, rows) = run(&ids_of(shuffled)).await;
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert!(text.contains("spark_murmur3_hash"), "{text}");
    let (one, two) = (1i64 << 33, 2i64 << 33);
    let expected: Vec<(i32, i64)> = [(0, 0), (0, 1), (0, 2), (0, 3), (1, one)]
        .into_iter()
        .chain((0..7).map(|i| (2, two + i)))
        .collect();
    assert_eq!(rows, expected);
}
