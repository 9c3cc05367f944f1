//! End-to-end tests: spec plans resolved against a fresh session, executed, and checked for
//! Spark's column names, Arrow types, nullability and values.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int32Array, Int64Array, ListArray, RecordBatch, StringArray,
    StringViewArray, StructArray,
};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Field, Fields, Int32Type, Int64Type, Schema,
};
use datafusion::datasource::MemTable;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{DataFrame, SessionContext};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{
    CastMode, DataType, Expr, Literal, Plan, PlanNode, ReadKind, SortOrder, StructField,
};
use sabot_common::{Result, SparkError};

use super::{CachedRelations, PlanConfig, register_temp_view, resolve_plan};

pub(super) struct NoCache;

impl CachedRelations for NoCache {
    fn local_relation(&self, hash: &str) -> Result<Plan> {
        if hash == "h1" {
            return Ok(Plan::new(PlanNode::Range {
                start: 0,
                end: 2,
                step: 1,
                num_partitions: None,
            }));
        }
        Err(SparkError::invalid_plan(format!(
            "no cached relation {hash}"
        )))
    }

    fn chunked_local_relation(&self, data: &[String], _schema: Option<&str>) -> Result<Plan> {
        Err(SparkError::invalid_plan(format!(
            "no cached relation {data:?}"
        )))
    }
}

pub(super) fn conf() -> PlanConfig {
    PlanConfig::for_tests()
}

pub(super) fn plan(node: PlanNode) -> Plan {
    Plan::new(node)
}

pub(super) fn boxed(node: PlanNode) -> Box<Plan> {
    Box::new(plan(node))
}

pub(super) fn col(name: &str) -> Expr {
    Expr::Column {
        name: name.split('.').map(str::to_string).collect(),
        plan_id: None,
    }
}

fn lit(l: Literal) -> Expr {
    Expr::Literal(l)
}

pub(super) fn range(start: i64, end: i64, step: i64) -> PlanNode {
    PlanNode::Range {
        start,
        end,
        step,
        num_partitions: None,
    }
}

/// A local relation `a int, b string` with rows (1, x), (2, NULL), (3, z).
pub(super) fn abc() -> PlanNode {
    let schema = Arc::new(Schema::new(vec![
        Field::new("a", ArrowType::Int32, true),
        Field::new("b", ArrowType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(Int32Array::from(vec![1, 2, 3])),
            Arc::new(StringArray::from(vec![Some("x"), None, Some("z")])),
        ],
    )
    .unwrap();
    PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    }
}

pub(super) fn select(input: PlanNode, exprs: Vec<Expr>) -> PlanNode {
    PlanNode::Project {
        input: Some(boxed(input)),
        exprs,
    }
}

async fn resolve_with(ctx: &SessionContext, conf: &PlanConfig, p: &Plan) -> Result<LogicalPlan> {
    resolve_plan(ctx, conf, &NoCache, p).await
}

async fn run_with(ctx: &SessionContext, conf: &PlanConfig, node: PlanNode) -> Result<RecordBatch> {
    let lp = resolve_with(ctx, conf, &plan(node)).await?;
    let schema = Arc::new(lp.schema().as_arrow().clone());
    let batches = DataFrame::new(ctx.state(), lp)
        .collect()
        .await
        .map_err(crate::error::from_datafusion)?;
    datafusion::arrow::compute::concat_batches(&schema, &batches)
        .map_err(|e| SparkError::internal(e.to_string()))
}

pub(super) async fn run(node: PlanNode) -> Result<RecordBatch> {
    run_with(&SessionContext::new(), &conf(), node).await
}

pub(super) fn names(b: &RecordBatch) -> Vec<String> {
    b.schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

pub(super) fn ints(a: &ArrayRef) -> Vec<Option<i64>> {
    let a = datafusion::arrow::compute::cast(a, &ArrowType::Int64).unwrap();
    a.as_primitive::<Int64Type>().iter().collect()
}

pub(super) fn strings(a: &ArrayRef) -> Vec<Option<String>> {
    let a = datafusion::arrow::compute::cast(a, &ArrowType::Utf8).unwrap();
    a.as_string::<i32>()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect()
}

#[tokio::test]
async fn range_is_bigint_not_null_with_spark_steps() {
    let b = run(range(0, 5, 2)).await.unwrap();
    assert_eq!(names(&b), ["id"]);
    let f = b.schema().field(0).clone();
    assert_eq!(f.data_type(), &ArrowType::Int64);
    assert!(!f.is_nullable());
    assert_eq!(ints(b.column(0)), [Some(0), Some(2), Some(4)]);
    let b = run(range(5, 0, -2)).await.unwrap();
    assert_eq!(ints(b.column(0)), [Some(5), Some(3), Some(1)]);
    assert_eq!(run(range(0, -1, 1)).await.unwrap().num_rows(), 0);
    assert!(run(range(0, 10, 0)).await.is_err());
}

#[tokio::test]
async fn local_relation_takes_the_spark_schema() {
    let schema = Arc::new(Schema::new(vec![
        Field::new("_1", ArrowType::Int64, true),
        Field::new("_2", ArrowType::Utf8View, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(Int64Array::from(vec![1, 2])),
            Arc::new(StringViewArray::from(vec![Some("p"), None])),
        ],
    )
    .unwrap();
    let spark = DataType::Struct(vec![
        StructField::new("id", DataType::Integer, false),
        StructField::new("name", DataType::String, true),
    ]);
    let b = run(PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: Some(spark.clone()),
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["id", "name"]);
    assert_eq!(b.schema().field(0).data_type(), &ArrowType::Int32);
    assert!(!b.schema().field(0).is_nullable());
    assert_eq!(b.schema().field(1).data_type(), &ArrowType::Utf8);
    assert_eq!(strings(b.column(1)), [Some("p".to_string()), None]);

    let empty = run(PlanNode::LocalRelation {
        batches: vec![],
        arrow_schema: None,
        schema: Some(spark),
    })
    .await
    .unwrap();
    assert_eq!(names(&empty), ["id", "name"]);
    assert_eq!(empty.num_rows(), 0);
}

#[tokio::test]
async fn columns_resolve_case_insensitively_with_spark_names() {
    let b = run(select(
        abc(),
        vec![
            col("A"),
            lit(Literal::Integer(1)).alias("one"),
            lit(Literal::String("x".into())),
            lit(Literal::Null(DataType::Null)),
            lit(Literal::Decimal {
                value: 150,
                precision: 3,
                scale: 2,
            }),
            lit(Literal::Date(19724)),
            lit(Literal::Boolean(true)),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(
        names(&b),
        // A column is named as written (Spark 4.3: `col("ID")` over `id` is `ID`).
        ["A", "one", "x", "NULL", "1.50", "DATE '2024-01-02'", "true"]
    );
    assert_eq!(b.schema().field(1).data_type(), &ArrowType::Int32);
    assert_eq!(
        b.schema().field(4).data_type(),
        &ArrowType::Decimal128(3, 2)
    );
    assert_eq!(ints(b.column(0)), [Some(1), Some(2), Some(3)]);

    let sensitive = PlanConfig {
        case_sensitive: true,
        ..conf()
    };
    let e = run_with(
        &SessionContext::new(),
        &sensitive,
        select(abc(), vec![col("A")]),
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("UNRESOLVED_COLUMN.WITH_SUGGESTION")
    );
}

#[tokio::test]
async fn unknown_column_suggests_the_closest_names() {
    let e = run(select(abc(), vec![col("bb")])).await.unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("UNRESOLVED_COLUMN.WITH_SUGGESTION")
    );
    assert_eq!(e.sql_state.as_deref(), Some("42703"));
    assert_eq!(e.params.get("objectName").map(String::as_str), Some("`bb`"));
    assert_eq!(
        e.params.get("proposal").map(String::as_str),
        Some("`b`, `a`")
    );
}

#[tokio::test]
async fn duplicate_output_names_are_allowed_and_ambiguous_later() {
    let dup = select(abc(), vec![col("a"), col("a"), col("b")]);
    let b = run(dup.clone()).await.unwrap();
    assert_eq!(names(&b), ["a", "a", "b"]);
    assert_eq!(ints(b.column(1)), [Some(1), Some(2), Some(3)]);
    let e = run(select(dup, vec![col("a")])).await.unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("AMBIGUOUS_REFERENCE"));
    // Spark 4.3 gives AMBIGUOUS_REFERENCE the SQLSTATE 42704 (recorded in columns.json).
    assert_eq!(e.sql_state.as_deref(), Some("42704"));
}

#[tokio::test]
async fn star_and_qualified_names_through_an_alias() {
    let aliased = PlanNode::SubqueryAlias {
        input: boxed(abc()),
        alias: "t".into(),
    };
    let b = run(select(
        aliased.clone(),
        vec![
            col("T.B"),
            Expr::Star {
                target: Some(vec!["t".into()]),
                plan_id: None,
            },
        ],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["B", "a", "b"]);
    let e = run(select(
        aliased,
        vec![Expr::Star {
            target: Some(vec!["u".into()]),
            plan_id: None,
        }],
    ))
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CANNOT_RESOLVE_STAR_EXPAND"));
}

/// `s struct<f:int, g:string>`, `arr array<int>`.
fn nested() -> PlanNode {
    let struct_fields = Fields::from(vec![
        Field::new("f", ArrowType::Int32, true),
        Field::new("g", ArrowType::Utf8, true),
    ]);
    let s = StructArray::new(
        struct_fields.clone(),
        vec![
            Arc::new(Int32Array::from(vec![7])) as ArrayRef,
            Arc::new(StringArray::from(vec!["q"])),
        ],
        None,
    );
    let arr =
        ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(10), Some(20)])]);
    let schema = Arc::new(Schema::new(vec![
        Field::new("s", ArrowType::Struct(struct_fields), true),
        Field::new("arr", arr.data_type().clone(), true),
    ]));
    let batch =
        RecordBatch::try_new(Arc::clone(&schema), vec![Arc::new(s), Arc::new(arr)]).unwrap();
    PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    }
}

#[tokio::test]
async fn struct_fields_and_array_indexes() {
    let b = run(select(
        nested(),
        vec![
            col("s.F"),
            Expr::Star {
                target: Some(vec!["s".into()]),
                plan_id: None,
            },
            Expr::ExtractValue {
                child: Box::new(col("arr")),
                extraction: Box::new(lit(Literal::Integer(0))),
            },
            Expr::ExtractValue {
                child: Box::new(col("arr")),
                extraction: Box::new(lit(Literal::Integer(1))),
            },
            Expr::ExtractValue {
                child: Box::new(col("s")),
                extraction: Box::new(lit(Literal::String("g".into()))),
            },
        ],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["f", "f", "g", "arr[0]", "arr[1]", "s.g"]);
    assert_eq!(ints(b.column(0)), [Some(7)]);
    assert_eq!(ints(b.column(3)), [Some(10)]);
    assert_eq!(ints(b.column(4)), [Some(20)]);
    assert_eq!(strings(b.column(5)), [Some("q".to_string())]);
    // Out of range: NULL without ANSI, INVALID_ARRAY_INDEX with it (Spark's `GetArrayItem`).
    let item5 = Expr::ExtractValue {
        child: Box::new(col("arr")),
        extraction: Box::new(lit(Literal::Integer(5))),
    };
    let legacy = PlanConfig {
        ansi: false,
        ..conf()
    };
    let b = run_with(
        &SessionContext::new(),
        &legacy,
        select(nested(), vec![item5.clone()]),
    )
    .await
    .unwrap();
    assert_eq!(ints(b.column(0)), [None]);
    let err = run(select(nested(), vec![item5])).await.unwrap_err();
    assert_eq!(err.error_class.as_deref(), Some("INVALID_ARRAY_INDEX"));
}

#[tokio::test]
async fn sort_limit_offset_and_missing_sort_columns() {
    let sorted = PlanNode::Sort {
        input: boxed(abc()),
        order: vec![SortOrder::asc(col("b"))],
        is_global: true,
    };
    let b = run(sorted.clone()).await.unwrap();
    // Spark's default: NULLS FIRST when ascending.
    assert_eq!(ints(b.column(0)), [Some(2), Some(1), Some(3)]);
    let desc = PlanNode::Sort {
        input: boxed(abc()),
        order: vec![SortOrder::desc(col("b"))],
        is_global: true,
    };
    assert_eq!(
        ints(run(desc).await.unwrap().column(0)),
        [Some(3), Some(1), Some(2)]
    );
    let page = PlanNode::Limit {
        input: boxed(PlanNode::Offset {
            input: boxed(sorted),
            offset: 1,
        }),
        limit: 1,
    };
    assert_eq!(ints(run(page).await.unwrap().column(0)), [Some(1)]);
    // `select("a").orderBy("b")`: Spark resolves `b` below the projection.
    let missing = PlanNode::Sort {
        input: boxed(select(abc(), vec![col("a")])),
        order: vec![SortOrder::desc(col("b"))],
        is_global: true,
    };
    let b = run(missing).await.unwrap();
    assert_eq!(names(&b), ["a"]);
    assert_eq!(ints(b.column(0)), [Some(3), Some(1), Some(2)]);
    let negative = PlanNode::Limit {
        input: boxed(abc()),
        limit: -1,
    };
    assert!(run(negative).await.is_err());
}

#[tokio::test]
async fn values_with_spark_column_names() {
    let b = run(PlanNode::Values {
        rows: vec![
            vec![lit(Literal::Integer(1)), lit(Literal::String("a".into()))],
            vec![
                lit(Literal::Integer(2)),
                lit(Literal::Null(DataType::String)),
            ],
        ],
        names: vec![],
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["col1", "col2"]);
    assert_eq!(b.schema().field(0).data_type(), &ArrowType::Int32);
    assert_eq!(b.schema().field(1).data_type(), &ArrowType::Utf8);
    assert_eq!(strings(b.column(1)), [Some("a".to_string()), None]);
}

#[tokio::test]
async fn with_columns_and_to_df() {
    let b = run(PlanNode::WithColumns {
        input: boxed(abc()),
        columns: vec![("A".into(), lit(Literal::Long(9))), ("c".into(), col("b"))],
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["A", "b", "c"]);
    assert_eq!(ints(b.column(0)), [Some(9), Some(9), Some(9)]);
    let b = run(PlanNode::ToDf {
        input: boxed(abc()),
        names: vec!["x".into(), "x".into()],
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["x", "x"]);
    let e = run(PlanNode::ToDf {
        input: boxed(abc()),
        names: vec!["x".into()],
    })
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("ASSIGNMENT_ARITY_MISMATCH"));
    assert_eq!(
        e.message,
        "The number of columns or variables assigned or aliased: 2 does not match the number of source expressions: 1."
    );
}

#[tokio::test]
async fn temp_views_are_case_insensitive() {
    let ctx = SessionContext::new();
    let lp = resolve_with(&ctx, &conf(), &plan(abc())).await.unwrap();
    register_temp_view(&ctx, "People", lp.clone(), false).unwrap();
    let e = register_temp_view(&ctx, "PEOPLE", lp.clone(), false).unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS")
    );
    assert_eq!(e.sql_state.as_deref(), Some("42P07"));
    register_temp_view(&ctx, "people", lp, true).unwrap();
    let read = |n: &str| {
        PlanNode::Read(ReadKind::NamedTable {
            name: vec![n.to_string()],
            options: Default::default(),
        })
    };
    let b = run_with(&ctx, &conf(), select(read("PEOPLE"), vec![col("people.a")]))
        .await
        .unwrap();
    assert_eq!(names(&b), ["a"]);
    assert_eq!(b.num_rows(), 3);
    let e = run_with(&ctx, &conf(), read("nope")).await.unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("TABLE_OR_VIEW_NOT_FOUND"));
}

#[tokio::test]
async fn final_types_are_spark_types() {
    let ctx = SessionContext::new();
    let schema = Arc::new(Schema::new(vec![Field::new(
        "s",
        ArrowType::Utf8View,
        true,
    )]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(StringViewArray::from(vec!["v"]))],
    )
    .unwrap();
    ctx.register_table(
        "raw",
        Arc::new(MemTable::try_new(schema, vec![vec![batch]]).unwrap()),
    )
    .unwrap();
    let b = run_with(
        &ctx,
        &conf(),
        PlanNode::Read(ReadKind::NamedTable {
            name: vec!["raw".into()],
            options: Default::default(),
        }),
    )
    .await
    .unwrap();
    assert_eq!(b.schema().field(0).data_type(), &ArrowType::Utf8);
}

#[tokio::test]
async fn a_view_definition_keeps_string_views_and_its_readers_output_utf8() {
    let ctx = SessionContext::new();
    let schema = Arc::new(Schema::new(vec![
        Field::new("s", ArrowType::Utf8View, true),
        Field::new("n", ArrowType::UInt64, true),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(StringViewArray::from(vec!["v"])),
            Arc::new(datafusion::arrow::array::UInt64Array::from(vec![7])),
        ],
    )
    .unwrap();
    ctx.register_table(
        "raw",
        Arc::new(MemTable::try_new(schema, vec![vec![batch]]).unwrap()),
    )
    .unwrap();
    let read = |name: &str| {
        plan(PlanNode::Read(ReadKind::NamedTable {
            name: vec![name.into()],
            options: Default::default(),
        }))
    };
    let view = super::resolve_view_plan(&ctx, &conf(), &NoCache, &read("raw"))
        .await
        .unwrap();
    let types: Vec<_> = view
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    // The views stay; every other type is Spark's (UInt64 is Spark's DECIMAL(20, 0)).
    assert_eq!(types, [ArrowType::Utf8View, ArrowType::Decimal128(20, 0)]);
    super::register_temp_view(&ctx, "v", view, false).unwrap();
    let out = resolve_with(&ctx, &conf(), &read("v")).await.unwrap();
    assert_eq!(out.schema().field(0).data_type(), &ArrowType::Utf8);
}

#[tokio::test]
async fn show_string_renders_the_input() {
    // The table is rendered by Sabot's `ShowStringExec`: Sabot's query planner.
    let state = datafusion::execution::SessionStateBuilder::new()
        .with_default_features()
        .with_query_planner(crate::partition::query_planner())
        .build();
    let ctx = SessionContext::new_with_state(state);
    let b = run_with(
        &ctx,
        &conf(),
        PlanNode::ShowString {
            input: boxed(range(0, 3, 1)),
            num_rows: 2,
            truncate: 20,
            vertical: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(names(&b), ["show_string"]);
    let text = strings(b.column(0)).remove(0).unwrap_or_default();
    assert!(
        text.starts_with("+---+\n| id|\n+---+\n|  0|\n|  1|\n+---+\nonly showing top 2 rows"),
        "{text}"
    );
}

fn cast(e: Expr, t: DataType, mode: CastMode) -> Expr {
    Expr::Cast {
        expr: Box::new(e),
        data_type: t,
        mode,
    }
}

#[tokio::test]
async fn casts_follow_spark() {
    let strs = || lit(Literal::String(" 12 ".into()));
    let b = run(select(
        PlanNode::OneRow,
        vec![
            cast(strs(), DataType::Integer, CastMode::Default),
            cast(
                lit(Literal::String("abc".into())),
                DataType::Integer,
                CastMode::Try,
            ),
            cast(
                lit(Literal::Double(1.0)),
                DataType::String,
                CastMode::Default,
            ),
            cast(
                lit(Literal::Double(1e20)),
                DataType::String,
                CastMode::Default,
            ),
            cast(
                lit(Literal::Timestamp(1_704_164_645_000_000)),
                DataType::String,
                CastMode::Default,
            ),
            cast(
                lit(Literal::Long(3_000_000_000)),
                DataType::Integer,
                CastMode::Legacy,
            ),
            cast(
                lit(Literal::String("1.9".into())),
                DataType::Integer,
                CastMode::Legacy,
            ),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(
        names(&b),
        [
            "CAST( 12  AS INT)",
            "TRY_CAST(abc AS INT)",
            "CAST(1.0 AS STRING)",
            "CAST(1.0E20 AS STRING)",
            "CAST(TIMESTAMP '2024-01-02 03:04:05' AS STRING)",
            "CAST(3000000000 AS INT)",
            "CAST(1.9 AS INT)"
        ]
    );
    assert_eq!(ints(b.column(0)), [Some(12)]);
    assert_eq!(ints(b.column(1)), [None]);
    assert_eq!(strings(b.column(2)), [Some("1.0".to_string())]);
    assert_eq!(strings(b.column(3)), [Some("1.0E20".to_string())]);
    assert_eq!(
        strings(b.column(4)),
        [Some("2024-01-02 03:04:05".to_string())]
    );
    assert_eq!(ints(b.column(5)), [Some(-1_294_967_296)]);
    assert_eq!(ints(b.column(6)), [Some(1)]);

    let e = run(select(
        abc(),
        vec![cast(col("b"), DataType::Integer, CastMode::Default)],
    ))
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CAST_INVALID_INPUT"));
    assert_eq!(e.kind, ExceptionKind::NumberFormat);
    assert_eq!(e.sql_state.as_deref(), Some("22018"));
    let e = run(select(
        PlanNode::OneRow,
        vec![cast(
            lit(Literal::Long(3_000_000_000)),
            DataType::Integer,
            CastMode::Ansi,
        )],
    ))
    .await
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CAST_OVERFLOW"));
}

#[tokio::test]
async fn string_to_timestamp_uses_the_session_zone() {
    let la = PlanConfig {
        time_zone: "America/Los_Angeles".into(),
        ..conf()
    };
    let b = run_with(
        &SessionContext::new(),
        &la,
        select(
            PlanNode::OneRow,
            vec![cast(
                lit(Literal::String("2024-01-02 03:04:05".into())),
                DataType::Timestamp,
                CastMode::Default,
            )],
        ),
    )
    .await
    .unwrap();
    let ArrowType::Timestamp(_, Some(tz)) = b.schema().field(0).data_type().clone() else {
        panic!("not a timestamp with zone")
    };
    assert_eq!(&*tz, "America/Los_Angeles");
    // 03:04:05 in Los Angeles is 11:04:05 UTC.
    assert_eq!(ints(b.column(0)), [Some(1_704_193_445_000_000)]);
}

#[tokio::test]
async fn cached_relations_and_plan_ids() {
    let b = run(PlanNode::Cached { hash: "h1".into() }).await.unwrap();
    assert_eq!(ints(b.column(0)), [Some(0), Some(1)]);
    // `df.select(df["a"])` where `df` has plan id 7.
    let mut input = plan(abc());
    input.plan_id = Some(7);
    let node = PlanNode::Project {
        input: Some(Box::new(input)),
        exprs: vec![Expr::Column {
            name: vec!["a".into()],
            plan_id: Some(7),
        }],
    };
    assert_eq!(names(&run(node).await.unwrap()), ["a"]);
}

#[tokio::test]
async fn operators_from_the_registry() {
    if sabot_functions::lookup("+").is_none() {
        return;
    }
    let sum = Expr::call("+", vec![col("a"), lit(Literal::Integer(1))]);
    let cond = Expr::call(">", vec![col("a"), lit(Literal::Integer(1))]);
    let b = run(select(
        PlanNode::Filter {
            input: boxed(abc()),
            condition: cond,
        },
        vec![sum],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["(a + 1)"]);
    assert_eq!(ints(b.column(0)), [Some(3), Some(4)]);
    let e = run(select(abc(), vec![Expr::call("no_such_fn", vec![])]))
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("UNRESOLVED_ROUTINE"));
}

#[tokio::test]
async fn plan_snapshot() {
    let ctx = SessionContext::new();
    let p = plan(PlanNode::Limit {
        input: boxed(select(
            PlanNode::SubqueryAlias {
                input: boxed(range(0, 10, 1)),
                alias: "t".into(),
            },
            vec![col("t.id"), col("id").alias("x"), col("id")],
        )),
        limit: 3,
    });
    let lp = resolve_with(&ctx, &conf(), &p).await.unwrap();
    insta::assert_snapshot!(lp.display_indent().to_string(), @r"
    Limit: skip=0, fetch=3
      Projection: t.id, t.id AS x, t.id AS id
        SubqueryAlias: t
          Projection: __range1.value AS id
            TableScan: __range1
    ");
}

/// `a int, c int`: (1, 10), (1, 20), (2, 5).
fn grouped() -> PlanNode {
    let schema = Arc::new(Schema::new(vec![
        Field::new("a", ArrowType::Int32, false),
        Field::new("c", ArrowType::Int32, false),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(Int32Array::from(vec![1, 1, 2])),
            Arc::new(Int32Array::from(vec![10, 20, 5])),
        ],
    )
    .unwrap();
    PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    }
}

/// The aggregate builder with DataFusion's own `sum` (independent of the registry).
#[tokio::test]
async fn aggregate_select_list_having_and_missing_aggregation() {
    use super::expressions::Named;
    use datafusion::functions_aggregate::expr_fn::sum;
    use datafusion::logical_expr::{col as dcol, lit as dlit};

    let ctx = SessionContext::new();
    let input = resolve_with(&ctx, &conf(), &plan(grouped())).await.unwrap();
    let a = super::names::column_at(input.schema(), 0);
    let c = super::names::column_at(input.schema(), 1);
    let total = sum(c.clone());
    let select = vec![
        Named::new(a.clone(), "a"),
        Named::new(total.clone(), "sum(c)"),
        Named::new(a.clone() + dlit(1), "(a + 1)"),
    ];
    let having = Some(total.clone().gt(dlit(10i64)));
    let lp = super::aggregation::aggregate(
        input.clone(),
        vec![Named::new(a.clone(), "a")],
        select,
        having,
    )
    .unwrap();
    let batches = DataFrame::new(ctx.state(), lp).collect().await.unwrap();
    let b = &batches[0];
    assert_eq!(names(b), ["a", "sum(c)", "(a + 1)"]);
    assert_eq!(ints(b.column(0)), [Some(1)]);
    assert_eq!(ints(b.column(1)), [Some(30)]);
    assert_eq!(ints(b.column(2)), [Some(2)]);

    let e = super::aggregation::aggregate(
        input.clone(),
        vec![Named::new(a.clone(), "a")],
        vec![Named::new(c.clone(), "c")],
        None,
    )
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("MISSING_AGGREGATION"));
    let e = super::aggregation::aggregate(
        input,
        vec![],
        vec![Named::new(total, "sum(c)"), Named::new(dcol("c"), "c")],
        None,
    )
    .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("MISSING_GROUP_BY"));
}

/// Window expressions get a window operator below the projection.
#[tokio::test]
async fn window_expressions_in_a_projection() {
    use super::expressions::Named;
    use datafusion::functions_window::expr_fn::row_number;
    use datafusion::logical_expr::ExprFunctionExt;
    use datafusion::logical_expr::expr::Sort;

    let ctx = SessionContext::new();
    let input = resolve_with(&ctx, &conf(), &plan(grouped())).await.unwrap();
    let a = super::names::column_at(input.schema(), 0);
    let c = super::names::column_at(input.schema(), 1);
    let rn = row_number()
        .partition_by(vec![a.clone()])
        .order_by(vec![Sort::new(c.clone(), false, false)])
        .build()
        .unwrap();
    let lp = super::relations::project_with_windows(
        input,
        vec![Named::new(c, "c"), Named::new(rn, "rn")],
    )
    .unwrap();
    let lp = datafusion::logical_expr::LogicalPlanBuilder::from(lp)
        .sort(vec![Sort::new(
            datafusion::logical_expr::col("c"),
            true,
            false,
        )])
        .unwrap()
        .build()
        .unwrap();
    let batches = DataFrame::new(ctx.state(), lp).collect().await.unwrap();
    let b = &batches[0];
    assert_eq!(names(b), ["c", "rn"]);
    assert_eq!(ints(b.column(0)), [Some(5), Some(10), Some(20)]);
    assert_eq!(ints(b.column(1)), [Some(1), Some(2), Some(1)]);
}

/// `s` is `{f: 7, g: "q"}` in row 0 and NULL in row 1.
fn nullable_struct() -> PlanNode {
    let struct_fields = Fields::from(vec![
        Field::new("f", ArrowType::Int32, true),
        Field::new("g", ArrowType::Utf8, true),
    ]);
    let s = StructArray::new(
        struct_fields.clone(),
        vec![
            Arc::new(Int32Array::from(vec![7, 0])) as ArrayRef,
            Arc::new(StringArray::from(vec!["q", ""])),
        ],
        Some(vec![true, false].into()),
    );
    let schema = Arc::new(Schema::new(vec![Field::new(
        "s",
        ArrowType::Struct(struct_fields),
        true,
    )]));
    let batch = RecordBatch::try_new(Arc::clone(&schema), vec![Arc::new(s)]).unwrap();
    PlanNode::LocalRelation {
        batches: vec![batch],
        arrow_schema: Some(schema),
        schema: None,
    }
}

#[tokio::test]
async fn fields_of_a_null_struct_are_null() {
    let b = run(select(
        nullable_struct(),
        vec![
            col("s.f"),
            Expr::Star {
                target: Some(vec!["s".into()]),
                plan_id: None,
            },
        ],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["f", "f", "g"]);
    assert_eq!(ints(b.column(0)), [Some(7), None]);
    assert_eq!(strings(b.column(2)), [Some("q".to_string()), None]);
}

#[tokio::test]
async fn update_fields_replace_append_drop_and_keep_null() {
    use sabot_common::spec::FieldOp;
    let update = Expr::UpdateFields {
        struct_expr: Box::new(col("s")),
        ops: vec![
            FieldOp::With {
                path: vec!["F".into()],
                value: lit(Literal::Integer(1)),
            },
            FieldOp::Drop {
                path: vec!["g".into()],
            },
            FieldOp::With {
                path: vec!["z".into()],
                value: lit(Literal::String("new".into())),
            },
        ],
    };
    let b = run(select(nullable_struct(), vec![update])).await.unwrap();
    assert_eq!(
        names(&b),
        ["update_fields(s, WithField(1), dropfield(), WithField(new))"]
    );
    let out = b.column(0).as_struct();
    let field_names: Vec<_> = out.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(field_names, ["F", "z"]);
    assert!(out.is_valid(0) && out.is_null(1));
    assert_eq!(ints(out.column(0)).first(), Some(&Some(1)));

    let drop_all = Expr::UpdateFields {
        struct_expr: Box::new(col("s")),
        ops: vec![
            FieldOp::Drop {
                path: vec!["f".into()],
            },
            FieldOp::Drop {
                path: vec!["g".into()],
            },
        ],
    };
    let err = run(select(nullable_struct(), vec![drop_all]))
        .await
        .unwrap_err();
    assert_eq!(
        err.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS")
    );
    let not_struct = Expr::UpdateFields {
        struct_expr: Box::new(col("a")),
        ops: vec![FieldOp::Drop {
            path: vec!["x".into()],
        }],
    };
    let err = run(select(abc(), vec![not_struct])).await.unwrap_err();
    assert_eq!(
        err.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    );
}

#[tokio::test]
async fn column_regex_matches_whole_names_case_insensitively() {
    let regex = |p: &str| Expr::Regex {
        pattern: p.into(),
        qualifier: None,
        plan_id: None,
    };
    let b = run(select(abc(), vec![regex("A"), regex("x|b")]))
        .await
        .unwrap();
    assert_eq!(names(&b), ["a", "b"]);
    let err = run(select(abc(), vec![regex("(a)?+.+")]))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ExceptionKind::UnsupportedOperation);
}

#[tokio::test]
async fn struct_arguments_name_their_fields() {
    let b = run(select(
        nested(),
        vec![Expr::call(
            "struct",
            vec![
                col("s.f"),
                lit(Literal::Integer(1)),
                lit(Literal::Integer(2)).alias("two"),
            ],
        )],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["struct(s.f, 1, 2 AS two)"]);
    let out = b.column(0).as_struct();
    let field_names: Vec<_> = out.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(field_names, ["f", "col2", "two"]);
}

#[tokio::test]
async fn alias_metadata_reaches_the_output_field() {
    let aliased = Expr::Alias {
        expr: Box::new(col("a")),
        names: vec!["x".into()],
        metadata: Some("{\"k\":1}".into()),
    };
    let b = run(select(abc(), vec![aliased])).await.unwrap();
    assert_eq!(
        b.schema()
            .field(0)
            .metadata()
            .get(crate::types::SPARK_METADATA_KEY)
            .map(String::as_str),
        Some("{\"k\":1}")
    );
}
