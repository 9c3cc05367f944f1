//! Tests of grouping sets, `grouping()`/`grouping_id()`, pivot, unpivot and transpose: spec plans
//! resolved against a fresh session and executed, checked against real Spark's results.

use std::sync::Arc;

use datafusion::arrow::array::{Int32Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
use datafusion::prelude::{DataFrame, SessionContext};
use sabot_common::spec::{AggregateKind, DataType, Expr, Literal, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use super::tests::{NoCache, conf, ints, names, strings};
use super::unpivot::wider_type;
use super::{PlanConfig, resolve_plan};

/// `k string, v int, p string`: (a, 1, x), (a, 2, y), (b, 3, x), (NULL, 4, NULL).
fn data() -> Box<Plan> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("k", ArrowType::Utf8, true),
        Field::new("v", ArrowType::Int32, true),
        Field::new("p", ArrowType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(StringArray::from(vec![
                Some("a"),
                Some("a"),
                Some("b"),
                None,
            ])),
            Arc::new(Int32Array::from(vec![1, 2, 3, 4])),
            Arc::new(StringArray::from(vec![
                Some("x"),
                Some("y"),
                Some("x"),
                None,
            ])),
        ],
    )
    .unwrap();
    Plan::boxed(PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    })
}

fn col(name: &str) -> Expr {
    Expr::col(name)
}

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::call(name, args)
}

fn aggregate(kind: AggregateKind, grouping: Vec<Expr>, aggs: Vec<Expr>) -> PlanNode {
    let aggregates = match kind {
        AggregateKind::Pivot { .. } => aggs,
        _ => grouping.iter().cloned().chain(aggs).collect(),
    };
    PlanNode::Aggregate {
        input: data(),
        kind,
        grouping,
        aggregates,
        having: None,
    }
}

/// Runs a plan, sorted by all columns (NULLs first) for stable checks.
async fn run_with(conf: &PlanConfig, node: PlanNode, sort: bool) -> Result<RecordBatch> {
    let ctx = SessionContext::new();
    let lp = resolve_plan(&ctx, conf, &NoCache, &Plan::new(node)).await?;
    let schema = Arc::new(lp.schema().as_arrow().clone());
    let mut df = DataFrame::new(ctx.state(), lp);
    if sort {
        let keys = (0..schema.fields().len())
            .map(|i| {
                let (q, f) = df.schema().qualified_field(i);
                datafusion::logical_expr::col(datafusion::common::Column::new(q.cloned(), f.name()))
                    .sort(true, true)
            })
            .collect();
        df = df.sort(keys).map_err(crate::error::from_datafusion)?;
    }
    let batches = df.collect().await.map_err(crate::error::from_datafusion)?;
    datafusion::arrow::compute::concat_batches(&schema, &batches)
        .map_err(|e| SparkError::internal(e.to_string()))
}

async fn run(node: PlanNode) -> Result<RecordBatch> {
    run_with(&conf(), node, true).await
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[tokio::test]
async fn cube_with_grouping_and_grouping_id() {
    let b = run(aggregate(
        AggregateKind::Cube,
        vec![col("k"), col("p")],
        vec![
            call("grouping", vec![col("k")]),
            call("grouping_id", vec![]),
            call("sum", vec![col("v")]),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(
        names(&b),
        ["k", "p", "grouping(k)", "grouping_id()", "sum(v)"]
    );
    let schema = b.schema();
    assert_eq!(schema.field(2).data_type(), &ArrowType::Int8);
    assert_eq!(schema.field(3).data_type(), &ArrowType::Int64);
    assert!(!schema.field(2).is_nullable() && !schema.field(3).is_nullable());
    assert!(schema.field(0).is_nullable());
    // 11 rows as Spark: 4 full groups, 3 by k, 3 by p (NULL p counted once), 1 total.
    assert_eq!(b.num_rows(), 11);
    let gid = ints(b.column(3));
    let grouping_k = ints(b.column(2));
    let sums = ints(b.column(4));
    let total = (0..b.num_rows()).find(|i| gid[*i] == Some(3)).unwrap();
    assert_eq!(sums[total], Some(10));
    assert_eq!(grouping_k[total], Some(1));
    // `grouping_id` puts k (the first key) in the high bit: k alone is 0b01.
    let by_k: Vec<_> = (0..b.num_rows()).filter(|i| gid[*i] == Some(1)).collect();
    assert_eq!(by_k.len(), 3);
    assert!(by_k.iter().all(|i| grouping_k[*i] == Some(0)));
    assert_eq!((0..b.num_rows()).filter(|i| gid[*i] == Some(2)).count(), 3);
}

#[tokio::test]
async fn rollup_sets_and_grouping_sets() {
    let b = run(aggregate(
        AggregateKind::Rollup,
        vec![col("k")],
        vec![call("count", vec![Expr::Literal(Literal::Integer(1))])],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["k", "count(1)"]);
    assert_eq!(strings(b.column(0)), [None, None, s("a"), s("b")]);
    assert_eq!(ints(b.column(1)), [Some(1), Some(4), Some(2), Some(1)]);
    // A group-by column that no set groups by is NULL and its grouping bit is set.
    let b = run(aggregate(
        AggregateKind::GroupingSets(vec![vec![col("k")]]),
        vec![col("k"), col("p")],
        vec![call("grouping_id", vec![])],
    ))
    .await
    .unwrap();
    assert_eq!(strings(b.column(1)), [None, None, None]);
    assert_eq!(ints(b.column(2)), [Some(1), Some(1), Some(1)]);
}

#[tokio::test]
async fn grouping_errors() {
    let class = |r: Result<RecordBatch>| r.unwrap_err().error_class.unwrap_or_default();
    let plain = aggregate(
        AggregateKind::GroupBy,
        vec![col("k")],
        vec![call("grouping", vec![col("k")])],
    );
    assert_eq!(class(run(plain).await), "UNSUPPORTED_GROUPING_EXPRESSION");
    let wrong = aggregate(
        AggregateKind::Cube,
        vec![col("k")],
        vec![call("grouping", vec![col("v")])],
    );
    assert_eq!(class(run(wrong).await), "GROUPING_COLUMN_MISMATCH");
    let order = aggregate(
        AggregateKind::Cube,
        vec![col("k"), col("p")],
        vec![call("grouping_id", vec![col("p"), col("k")])],
    );
    assert_eq!(class(run(order).await), "GROUPING_ID_COLUMN_MISMATCH");
}

fn pivot(values: Option<Vec<Expr>>, aggs: Vec<Expr>) -> PlanNode {
    aggregate(
        AggregateKind::Pivot {
            column: col("p"),
            values,
        },
        vec![col("k")],
        aggs,
    )
}

#[tokio::test]
async fn pivot_computed_values_sorted_null_first() {
    let b = run(pivot(None, vec![call("sum", vec![col("v")])]))
        .await
        .unwrap();
    assert_eq!(names(&b), ["k", "null", "x", "y"]);
    assert_eq!(strings(b.column(0)), [None, s("a"), s("b")]);
    // `PivotFirst`: a value without rows in a group is NULL, even for sums.
    assert_eq!(ints(b.column(1)), [Some(4), None, None]);
    assert_eq!(ints(b.column(2)), [None, Some(1), Some(3)]);
    assert_eq!(ints(b.column(3)), [None, Some(2), None]);
    let few = PlanConfig {
        pivot_max_values: 2,
        ..conf()
    };
    let e = run_with(&few, pivot(None, vec![call("sum", vec![col("v")])]), true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("_LEGACY_ERROR_TEMP_1324"));
}

#[tokio::test]
async fn pivot_values_and_several_aggregates() {
    let values = vec![
        Expr::Literal(Literal::String("x".into())),
        Expr::Literal(Literal::String("z".into())),
    ];
    let b = run(pivot(
        Some(values),
        vec![
            call("count", vec![col("v")]),
            call("max", vec![col("k")]).alias("m"),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["k", "x_count(v)", "x_m", "z_count(v)", "z_m"]);
    // A string aggregate rules out `PivotFirst`: counts over `if(p <=> v, ...)` give 0.
    assert_eq!(ints(b.column(1)), [Some(0), Some(1), Some(1)]);
    assert_eq!(ints(b.column(3)), [Some(0), Some(0), Some(0)]);
    assert_eq!(strings(b.column(2)), [None, s("a"), s("b")]);
    let star = pivot(
        None,
        vec![call(
            "count",
            vec![Expr::Star {
                target: None,
                plan_id: None,
            }],
        )],
    );
    let e = run(star).await.unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INVALID_USAGE_OF_STAR_OR_REGEX")
    );
}

fn unpivot(values: Option<Vec<Expr>>) -> PlanNode {
    PlanNode::Unpivot {
        input: data(),
        ids: vec![col("k")],
        values,
        variable_column_name: "var".into(),
        value_column_name: "val".into(),
    }
}

#[tokio::test]
async fn unpivot_rows_in_input_order() {
    let values = vec![
        col("v"),
        Expr::call("+", vec![col("v"), Expr::Literal(Literal::Long(10))]).alias("w"),
    ];
    let b = run_with(&conf(), unpivot(Some(values)), false)
        .await
        .unwrap();
    assert_eq!(names(&b), ["k", "var", "val"]);
    assert_eq!(b.schema().field(2).data_type(), &ArrowType::Int64);
    assert!(!b.schema().field(1).is_nullable());
    assert_eq!(strings(b.column(1))[..4], [s("v"), s("w"), s("v"), s("w")]);
    assert_eq!(
        ints(b.column(2))[..4],
        [Some(1), Some(11), Some(2), Some(12)]
    );
    let class = |r: Result<RecordBatch>| r.unwrap_err().error_class.unwrap_or_default();
    assert_eq!(
        class(run(unpivot(None)).await),
        "UNPIVOT_VALUE_DATA_TYPE_MISMATCH"
    );
    assert_eq!(
        class(run(unpivot(Some(vec![]))).await),
        "UNPIVOT_REQUIRES_VALUE_COLUMNS"
    );
}

#[test]
fn wider_types_as_spark() {
    use DataType::*;
    assert_eq!(wider_type(&Integer, &Double), Some(Double));
    assert_eq!(wider_type(&Null, &String), Some(String));
    assert_eq!(
        wider_type(
            &Decimal {
                precision: 4,
                scale: 2
            },
            &Long
        ),
        Some(Decimal {
            precision: 22,
            scale: 2
        })
    );
    assert_eq!(wider_type(&Date, &Timestamp), Some(Timestamp));
    assert_eq!(wider_type(&Integer, &String), None);
    assert_eq!(wider_type(&Boolean, &Integer), None);
}

#[tokio::test]
async fn transpose_by_first_column() {
    let b = run_with(
        &conf(),
        PlanNode::Transpose {
            input: data(),
            index_columns: vec![],
        },
        false,
    )
    .await
    .unwrap_err();
    // `v int` and `p string` have no common type.
    assert_eq!(
        b.error_class.as_deref(),
        Some("TRANSPOSE_NO_LEAST_COMMON_TYPE")
    );
    let b = run_with(
        &conf(),
        PlanNode::Transpose {
            input: data(),
            index_columns: vec![col("v")],
        },
        false,
    )
    .await
    .unwrap();
    assert_eq!(names(&b), ["key", "1", "2", "3", "4"]);
    assert_eq!(strings(b.column(0)), [s("k"), s("p")]);
    assert_eq!(strings(b.column(1)), [s("a"), s("x")]);
    assert_eq!(strings(b.column(4)), [None, None]);
    assert!(!b.schema().field(0).is_nullable());
}
