//! Relation conversion tests: hand-built messages as PySpark sends them.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
use datafusion::arrow::ipc::writer::StreamWriter;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{
    AggregateKind, DataType, Expr, Literal, Plan, PlanNode, ReadKind, SortOrder, StructField,
};
use spark_connect_proto::connect::expression::{self as pexpr, ExprType, literal::LiteralType};
use spark_connect_proto::connect::relation::RelType;
use spark_connect_proto::connect::{self as p, Expression, Relation, RelationCommon};

use super::relation_to_plan;

fn rel(kind: RelType) -> Relation {
    Relation {
        common: None,
        rel_type: Some(kind),
    }
}

fn rel_with_id(kind: RelType, id: i64) -> Relation {
    Relation {
        common: Some(RelationCommon {
            plan_id: Some(id),
            ..Default::default()
        }),
        rel_type: Some(kind),
    }
}

fn range(end: i64) -> Relation {
    rel(RelType::Range(p::Range {
        start: None,
        end,
        step: 1,
        num_partitions: None,
    }))
}

fn range_plan(end: i64) -> Box<Plan> {
    Plan::boxed(PlanNode::Range {
        start: 0,
        end,
        step: 1,
        num_partitions: None,
    })
}

fn int(v: i32) -> Expression {
    Expression {
        common: None,
        expr_type: Some(ExprType::Literal(pexpr::Literal {
            data_type: None,
            literal_type: Some(LiteralType::Integer(v)),
        })),
    }
}

fn int_expr(v: i32) -> Expr {
    Expr::Literal(Literal::Integer(v))
}

fn call(name: &str, args: Vec<Expression>) -> Expression {
    Expression {
        common: None,
        expr_type: Some(ExprType::UnresolvedFunction(pexpr::UnresolvedFunction {
            function_name: name.into(),
            arguments: args,
            is_distinct: false,
            is_user_defined_function: false,
            is_internal: None,
        })),
    }
}

#[test]
fn range_with_defaults_and_plan_id() {
    let r = rel_with_id(
        RelType::Range(p::Range {
            start: None,
            end: 10,
            step: 2,
            num_partitions: Some(4),
        }),
        42,
    );
    assert_eq!(
        relation_to_plan(&r).unwrap(),
        Plan {
            node: PlanNode::Range {
                start: 0,
                end: 10,
                step: 2,
                num_partitions: Some(4),
            },
            plan_id: Some(42),
        }
    );
    let zero_step = rel(RelType::Range(p::Range {
        start: Some(1),
        end: 10,
        step: 0,
        num_partitions: None,
    }));
    assert_eq!(
        relation_to_plan(&zero_step).unwrap_err().kind,
        ExceptionKind::IllegalArgument
    );
}

#[test]
fn project_filter_sort_limit_offset() {
    let project = rel(RelType::Project(Box::new(p::Project {
        input: Some(Box::new(range(5))),
        expressions: vec![int(1)],
    })));
    let filter = rel(RelType::Filter(Box::new(p::Filter {
        input: Some(Box::new(project)),
        condition: Some(call("==", vec![int(1), int(1)])),
    })));
    let sort = rel(RelType::Sort(Box::new(p::Sort {
        input: Some(Box::new(filter)),
        order: vec![pexpr::SortOrder {
            child: Some(Box::new(int(1))),
            direction: 0,
            null_ordering: 0,
        }],
        is_global: None,
    })));
    let limit = rel(RelType::Limit(Box::new(p::Limit {
        input: Some(Box::new(sort)),
        limit: 3,
    })));
    let offset = rel_with_id(
        RelType::Offset(Box::new(p::Offset {
            input: Some(Box::new(limit)),
            offset: 1,
        })),
        9,
    );
    let expected = Plan {
        node: PlanNode::Offset {
            input: Plan::boxed(PlanNode::Limit {
                input: Plan::boxed(PlanNode::Sort {
                    input: Plan::boxed(PlanNode::Filter {
                        input: Plan::boxed(PlanNode::Project {
                            input: Some(range_plan(5)),
                            exprs: vec![int_expr(1)],
                        }),
                        condition: Expr::call("==", vec![int_expr(1), int_expr(1)]),
                    }),
                    order: vec![SortOrder::asc(int_expr(1))],
                    is_global: true,
                }),
                limit: 3,
            }),
            offset: 1,
        },
        plan_id: Some(9),
    };
    assert_eq!(relation_to_plan(&offset).unwrap(), expected);
}

#[test]
fn project_without_input() {
    let r = rel(RelType::Project(Box::new(p::Project {
        input: None,
        expressions: vec![int(1)],
    })));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::Project {
            input: None,
            exprs: vec![int_expr(1)],
        }
    );
}

#[test]
fn sort_within_partitions() {
    let r = rel(RelType::Sort(Box::new(p::Sort {
        input: Some(Box::new(range(1))),
        order: vec![],
        is_global: Some(false),
    })));
    assert!(matches!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::Sort {
            is_global: false,
            ..
        }
    ));
}

#[test]
fn aggregates() {
    let agg = |group_type: p::aggregate::GroupType,
               pivot: Option<p::aggregate::Pivot>,
               sets: Vec<Vec<Expression>>| {
        rel(RelType::Aggregate(Box::new(p::Aggregate {
            input: Some(Box::new(range(3))),
            group_type: group_type as i32,
            grouping_expressions: vec![int(1)],
            aggregate_expressions: vec![call("count", vec![int(1)])],
            pivot,
            grouping_sets: sets
                .into_iter()
                .map(|grouping_set| p::aggregate::GroupingSets { grouping_set })
                .collect(),
        })))
    };
    let kind_of = |r: &Relation| match relation_to_plan(r).unwrap().node {
        PlanNode::Aggregate {
            kind,
            grouping,
            aggregates,
            having,
            ..
        } => {
            assert_eq!(grouping, vec![int_expr(1)]);
            let count = Expr::call("count", vec![int_expr(1)]);
            if matches!(kind, AggregateKind::Pivot { .. }) {
                assert_eq!(aggregates, vec![count]);
            } else {
                // Grouping columns come first in the output, as in Spark.
                assert_eq!(aggregates, vec![int_expr(1), count]);
            }
            assert_eq!(having, None);
            kind
        }
        other => panic!("not an aggregate: {other:?}"),
    };
    use p::aggregate::GroupType as G;
    assert_eq!(
        kind_of(&agg(G::Groupby, None, vec![])),
        AggregateKind::GroupBy
    );
    assert_eq!(
        kind_of(&agg(G::Rollup, None, vec![])),
        AggregateKind::Rollup
    );
    assert_eq!(kind_of(&agg(G::Cube, None, vec![])), AggregateKind::Cube);
    let pivot = p::aggregate::Pivot {
        col: Some(int(2)),
        values: vec![pexpr::Literal {
            data_type: None,
            literal_type: Some(LiteralType::Integer(5)),
        }],
    };
    assert_eq!(
        kind_of(&agg(G::Pivot, Some(pivot), vec![])),
        AggregateKind::Pivot {
            column: int_expr(2),
            values: Some(vec![int_expr(5)]),
        }
    );
    let no_values = p::aggregate::Pivot {
        col: Some(int(2)),
        values: vec![],
    };
    assert_eq!(
        kind_of(&agg(G::Pivot, Some(no_values), vec![])),
        AggregateKind::Pivot {
            column: int_expr(2),
            values: None,
        }
    );
    assert_eq!(
        kind_of(&agg(G::GroupingSets, None, vec![vec![int(1)], vec![]])),
        AggregateKind::GroupingSets(vec![vec![int_expr(1)], vec![]])
    );
    assert!(relation_to_plan(&agg(G::Pivot, None, vec![])).is_err());
    assert_eq!(
        relation_to_plan(&agg(G::Unspecified, None, vec![]))
            .unwrap_err()
            .kind,
        ExceptionKind::InvalidPlanInput
    );
}

#[test]
fn alias_show_with_columns_to_df() {
    let alias = rel(RelType::SubqueryAlias(Box::new(p::SubqueryAlias {
        input: Some(Box::new(range(2))),
        alias: "t".into(),
        qualifier: vec!["db".into()],
    })));
    let with_columns = rel(RelType::WithColumns(Box::new(p::WithColumns {
        input: Some(Box::new(alias)),
        aliases: vec![
            pexpr::Alias {
                expr: Some(Box::new(int(1))),
                name: vec!["one".into()],
                metadata: None,
            },
            pexpr::Alias {
                expr: Some(Box::new(int(2))),
                name: vec!["two".into()],
                metadata: Some("{\"a\":1}".into()),
            },
        ],
    })));
    let to_df = rel(RelType::ToDf(Box::new(p::ToDf {
        input: Some(Box::new(with_columns)),
        column_names: vec!["x".into(), "y".into(), "z".into()],
    })));
    let show = rel(RelType::ShowString(Box::new(p::ShowString {
        input: Some(Box::new(to_df)),
        num_rows: 20,
        truncate: 20,
        vertical: true,
    })));
    let expected = PlanNode::ShowString {
        input: Plan::boxed(PlanNode::ToDf {
            input: Plan::boxed(PlanNode::WithColumns {
                input: Plan::boxed(PlanNode::SubqueryAlias {
                    input: range_plan(2),
                    alias: "t".into(),
                }),
                columns: vec![
                    // No metadata given: an explicit empty one, as Spark's `withColumns` aliases.
                    (
                        "one".into(),
                        Expr::Alias {
                            expr: Box::new(int_expr(1)),
                            names: vec!["one".into()],
                            metadata: Some("{}".into()),
                        },
                    ),
                    (
                        "two".into(),
                        Expr::Alias {
                            expr: Box::new(int_expr(2)),
                            names: vec!["two".into()],
                            metadata: Some("{\"a\":1}".into()),
                        },
                    ),
                ],
            }),
            names: vec!["x".into(), "y".into(), "z".into()],
        }),
        num_rows: 20,
        truncate: 20,
        vertical: true,
    };
    assert_eq!(relation_to_plan(&show).unwrap().node, expected);

    let two_names = rel(RelType::WithColumns(Box::new(p::WithColumns {
        input: Some(Box::new(range(2))),
        aliases: vec![pexpr::Alias {
            expr: Some(Box::new(int(1))),
            name: vec!["a".into(), "b".into()],
            metadata: None,
        }],
    })));
    assert!(relation_to_plan(&two_names).is_err());
}

fn arrow_stream() -> (Arc<Schema>, RecordBatch, Vec<u8>) {
    let schema = Arc::new(Schema::new(vec![Field::new("id", ArrowType::Int64, true)]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(Int64Array::from(vec![Some(1), None]))],
    )
    .unwrap();
    let mut buf = Vec::new();
    let mut w = StreamWriter::try_new(&mut buf, &schema).unwrap();
    w.write(&batch).unwrap();
    w.finish().unwrap();
    drop(w);
    (schema, batch, buf)
}

#[test]
fn local_relation_with_json_schema() {
    let (schema, batch, data) = arrow_stream();
    let r = rel(RelType::LocalRelation(p::LocalRelation {
        data: Some(data),
        schema: Some(
            r#"{"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]}"#
                .into(),
        ),
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::LocalRelation {
            batches: vec![batch],
            arrow_schema: Some(schema),
            schema: Some(DataType::Struct(vec![StructField::new(
                "id",
                DataType::Long,
                true
            )])),
        }
    );
}

#[test]
fn local_relation_parts_are_optional() {
    let (schema, batch, data) = arrow_stream();
    let data_only = rel(RelType::LocalRelation(p::LocalRelation {
        data: Some(data),
        schema: None,
    }));
    assert_eq!(
        relation_to_plan(&data_only).unwrap().node,
        PlanNode::LocalRelation {
            batches: vec![batch],
            arrow_schema: Some(schema),
            schema: None,
        }
    );
    let schema_only = rel(RelType::LocalRelation(p::LocalRelation {
        data: None,
        schema: Some("\"integer\"".into()),
    }));
    assert_eq!(
        relation_to_plan(&schema_only).unwrap().node,
        PlanNode::LocalRelation {
            batches: vec![],
            arrow_schema: None,
            schema: Some(DataType::Integer),
        }
    );
    let bad = rel(RelType::LocalRelation(p::LocalRelation {
        data: Some(vec![1, 2, 3]),
        schema: None,
    }));
    assert_eq!(
        relation_to_plan(&bad).unwrap_err().kind,
        ExceptionKind::InvalidPlanInput
    );
}

#[test]
fn cached_local_relation() {
    let r = rel(RelType::CachedLocalRelation(p::CachedLocalRelation {
        hash: "abc".into(),
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::Cached { hash: "abc".into() }
    );
}

#[test]
fn data_source_read_parses_the_user_schema() {
    let read = |schema: &str| {
        rel(RelType::Read(p::Read {
            is_streaming: false,
            read_type: Some(p::read::ReadType::DataSource(p::read::DataSource {
                format: Some("csv".into()),
                schema: Some(schema.into()),
                options: Default::default(),
                paths: vec!["/tmp/x".into()],
                predicates: vec![],
                source_name: None,
            })),
        }))
    };
    let schema_of = |r: &Relation| match relation_to_plan(r).unwrap().node {
        PlanNode::Read(ReadKind::DataSource { schema, .. }) => schema,
        other => panic!("{other:?}"),
    };
    let ddl = schema_of(&read("a INT, b STRING"));
    let json = schema_of(&read(
        r#"{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}},{"name":"b","type":"string","nullable":true,"metadata":{}}]}"#,
    ));
    assert_eq!(ddl, json);
    assert_eq!(
        ddl.map(|t| t.simple_string()).as_deref(),
        Some("struct<a:int,b:string>")
    );
    assert!(relation_to_plan(&read("a INT,")).is_err());
}

#[test]
fn data_source_read() {
    let r = rel(RelType::Read(p::Read {
        is_streaming: false,
        read_type: Some(p::read::ReadType::DataSource(p::read::DataSource {
            format: Some("parquet".into()),
            schema: None,
            options: [("mergeSchema".to_string(), "true".to_string())].into(),
            paths: vec!["/tmp/x".into()],
            predicates: vec![],
            source_name: None,
        })),
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::Read(ReadKind::DataSource {
            format: Some("parquet".into()),
            schema: None,
            options: BTreeMap::from([("mergeSchema".to_string(), "true".to_string())]),
            paths: vec!["/tmp/x".into()],
            predicates: vec![],
        })
    );
    let streaming = rel(RelType::Read(p::Read {
        is_streaming: true,
        read_type: None,
    }));
    assert_eq!(
        relation_to_plan(&streaming)
            .unwrap_err()
            .error_class
            .as_deref(),
        Some("UNSUPPORTED_FEATURE")
    );
}

#[test]
fn missing_parts_are_invalid_plans() {
    let no_type = Relation {
        common: None,
        rel_type: None,
    };
    let no_input = rel(RelType::Filter(Box::new(p::Filter {
        input: None,
        condition: Some(int(1)),
    })));
    let no_condition = rel(RelType::Filter(Box::new(p::Filter {
        input: Some(Box::new(range(1))),
        condition: None,
    })));
    let no_limit_input = rel(RelType::Limit(Box::new(p::Limit {
        input: None,
        limit: 1,
    })));
    for r in [no_type, no_input, no_condition, no_limit_input] {
        assert_eq!(
            relation_to_plan(&r).unwrap_err().kind,
            ExceptionKind::InvalidPlanInput,
            "{r:?}"
        );
    }
}

#[test]
fn unsupported_relations_name_the_proto_field() {
    let parse = rel(RelType::Parse(Box::new(p::Parse {
        input: Some(Box::new(range(1))),
        ..Default::default()
    })));
    let err = relation_to_plan(&parse).unwrap_err();
    assert_eq!(err.error_class.as_deref(), Some("UNSUPPORTED_FEATURE"));
    assert_eq!(
        err.params.get("feature").map(String::as_str),
        Some("Spark Connect relation 'parse'")
    );
    let watermark = rel(RelType::WithWatermark(Box::new(p::WithWatermark {
        input: Some(Box::new(range(1))),
        event_time: "t".into(),
        delay_threshold: "1 second".into(),
    })));
    assert!(
        relation_to_plan(&watermark)
            .unwrap_err()
            .message
            .contains("'with_watermark'")
    );
    // An unsupported relation below a supported one still fails.
    let nested = rel(RelType::Limit(Box::new(p::Limit {
        input: Some(Box::new(parse)),
        limit: 1,
    })));
    assert!(relation_to_plan(&nested).is_err());
}

// ---- Paths through `sabot-sql` (identifiers, DDL schemas, SQL text). ----

#[test]
fn named_table_read() {
    let r = rel(RelType::Read(p::Read {
        is_streaming: false,
        read_type: Some(p::read::ReadType::NamedTable(p::read::NamedTable {
            unparsed_identifier: "db.`my table`".into(),
            options: Default::default(),
        })),
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::Read(ReadKind::NamedTable {
            name: vec!["db".into(), "my table".into()],
            options: BTreeMap::new(),
        })
    );
}

#[test]
fn local_relation_with_ddl_schema() {
    let r = rel(RelType::LocalRelation(p::LocalRelation {
        data: None,
        schema: Some("a INT, b STRING".into()),
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap().node,
        PlanNode::LocalRelation {
            batches: vec![],
            arrow_schema: None,
            schema: Some(DataType::Struct(vec![
                StructField::new("a", DataType::Integer, true),
                StructField::new("b", DataType::String, true),
            ])),
        }
    );
}

#[test]
fn sql_query_keeps_the_relation_plan_id() {
    let r = rel_with_id(
        RelType::Sql(p::Sql {
            query: "SELECT 1".into(),
            ..Default::default()
        }),
        5,
    );
    let plan = relation_to_plan(&r).unwrap();
    assert_eq!(plan.plan_id, Some(5));
    assert!(matches!(plan.node, PlanNode::Project { .. }), "{plan:?}");
}

#[test]
fn sql_commands_are_not_relations() {
    let r = rel(RelType::Sql(p::Sql {
        query: "SET a=b".into(),
        ..Default::default()
    }));
    assert_eq!(
        relation_to_plan(&r).unwrap_err().error_class.as_deref(),
        Some("UNSUPPORTED_FEATURE")
    );
}

#[test]
fn join_with_using_columns_and_types() {
    let j = rel(RelType::Join(Box::new(p::Join {
        left: Some(Box::new(range(3))),
        right: Some(Box::new(range(4))),
        join_condition: None,
        join_type: p::join::JoinType::LeftAnti as i32,
        using_columns: vec!["id".into()],
        join_data_type: None,
    })));
    let plan = relation_to_plan(&j).unwrap();
    assert_eq!(
        plan.node,
        PlanNode::Join {
            left: range_plan(3),
            right: range_plan(4),
            join_type: sabot_common::spec::JoinType::LeftAnti,
            condition: None,
            using: vec!["id".into()],
        }
    );
}

#[test]
fn join_with_condition_and_using_is_invalid() {
    let j = rel(RelType::Join(Box::new(p::Join {
        left: Some(Box::new(range(3))),
        right: Some(Box::new(range(4))),
        join_condition: Some(int(1)),
        join_type: p::join::JoinType::Inner as i32,
        using_columns: vec!["id".into()],
        join_data_type: None,
    })));
    let e = relation_to_plan(&j).unwrap_err();
    assert_eq!(e.kind, ExceptionKind::InvalidPlanInput);
}

#[test]
fn set_operations_keep_flags() {
    let s = rel(RelType::SetOp(Box::new(p::SetOperation {
        left_input: Some(Box::new(range(1))),
        right_input: Some(Box::new(range(2))),
        set_op_type: p::set_operation::SetOpType::Union as i32,
        is_all: Some(true),
        by_name: Some(true),
        allow_missing_columns: Some(true),
    })));
    let PlanNode::SetOp {
        kind,
        all,
        by_name,
        allow_missing,
        ..
    } = relation_to_plan(&s).unwrap().node
    else {
        panic!("not a set operation");
    };
    assert_eq!(kind, sabot_common::spec::SetOpKind::Union);
    assert!(all && by_name && allow_missing);
}

#[test]
fn dedup_renames_and_sample() {
    let d = rel(RelType::Deduplicate(Box::new(p::Deduplicate {
        input: Some(Box::new(range(3))),
        column_names: vec![],
        all_columns_as_keys: Some(true),
        within_watermark: None,
    })));
    assert_eq!(
        relation_to_plan(&d).unwrap().node,
        PlanNode::Deduplicate {
            input: range_plan(3),
            columns: None
        }
    );
    let r = rel(RelType::WithColumnsRenamed(Box::new(
        p::WithColumnsRenamed {
            input: Some(Box::new(range(3))),
            rename_columns_map: [("b".to_string(), "c".to_string())].into_iter().collect(),
            renames: vec![p::with_columns_renamed::Rename {
                col_name: "id".into(),
                new_col_name: "x".into(),
            }],
        },
    )));
    let PlanNode::WithColumnsRenamed { renames, .. } = relation_to_plan(&r).unwrap().node else {
        panic!("not a rename");
    };
    assert_eq!(
        renames,
        [("id".into(), "x".into()), ("b".into(), "c".into())]
    );
    let s = rel(RelType::Sample(Box::new(p::Sample {
        input: Some(Box::new(range(3))),
        lower_bound: 0.0,
        upper_bound: 0.5,
        with_replacement: None,
        seed: Some(9),
        deterministic_order: true,
    })));
    assert!(matches!(
        relation_to_plan(&s).unwrap().node,
        PlanNode::Sample {
            seed: 9,
            with_replacement: false,
            deterministic_order: true,
            ..
        }
    ));
}
