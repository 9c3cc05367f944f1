//! Joins, set operations and row-level relations resolved and run: Spark's names, types,
//! nullability and rows.

use datafusion::arrow::datatypes::DataType as ArrowType;
use sabot_common::spec::{Expr, JoinType, Plan, PlanNode, SetOpKind};

use super::tests::{abc, boxed, col, ints, names, plan, range, run, select, strings};

fn join(left: PlanNode, right: PlanNode, t: JoinType, using: &[&str]) -> PlanNode {
    PlanNode::Join {
        left: boxed(left),
        right: boxed(right),
        join_type: t,
        condition: None,
        using: using.iter().map(|s| s.to_string()).collect(),
    }
}

fn with_id(node: PlanNode, id: i64) -> Plan {
    Plan {
        node,
        plan_id: Some(id),
    }
}

fn df_col(name: &str, id: i64) -> Expr {
    Expr::Column {
        name: vec![name.to_string()],
        plan_id: Some(id),
    }
}

fn set_op(l: PlanNode, r: PlanNode, kind: SetOpKind, all: bool) -> PlanNode {
    PlanNode::SetOp {
        left: boxed(l),
        right: boxed(r),
        kind,
        all,
        by_name: false,
        allow_missing: false,
    }
}

#[tokio::test]
async fn using_join_puts_keys_first_once() {
    let right = select(abc(), vec![col("a"), col("b").alias("c")]);
    let b = run(join(abc(), right, JoinType::Inner, &["A"]))
        .await
        .unwrap();
    assert_eq!(names(&b), ["a", "b", "c"]);
    assert_eq!(ints(b.column(0)), [Some(1), Some(2), Some(3)]);
}

#[tokio::test]
async fn full_using_join_coalesces_keys() {
    let left = range(0, 3, 1);
    let right = select(range(2, 5, 1), vec![col("id"), col("id").alias("x")]);
    let b = run(PlanNode::Sort {
        input: boxed(join(left, right, JoinType::FullOuter, &["id"])),
        order: vec![sabot_common::spec::SortOrder::asc(col("id"))],
        is_global: true,
    })
    .await
    .unwrap();
    assert_eq!(names(&b), ["id", "x"]);
    assert_eq!(
        ints(b.column(0)),
        [Some(0), Some(1), Some(2), Some(3), Some(4)]
    );
    assert_eq!(ints(b.column(1)), [None, None, Some(2), Some(3), Some(4)]);
}

#[tokio::test]
async fn condition_join_keeps_both_sides_apart() {
    let l = with_id(abc(), 1);
    let r = with_id(abc(), 2);
    let node = PlanNode::Join {
        left: Box::new(l),
        right: Box::new(r),
        join_type: JoinType::Inner,
        condition: Some(Expr::call("==", vec![df_col("a", 1), df_col("a", 2)])),
        using: vec![],
    };
    let b = run(node.clone()).await.unwrap();
    assert_eq!(names(&b), ["a", "b", "a", "b"]);
    assert_eq!(b.num_rows(), 3);
    // An unqualified `a` above the join is ambiguous; `df2["a"]` is not.
    let e = run(select(node.clone(), vec![col("a")])).await.unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("AMBIGUOUS_REFERENCE"));
    let b = run(select(node, vec![df_col("b", 2)])).await.unwrap();
    assert_eq!(strings(b.column(0)).len(), 3);
}

#[tokio::test]
async fn same_dataframe_on_both_sides_is_ambiguous() {
    let node = PlanNode::Join {
        left: Box::new(with_id(abc(), 7)),
        right: Box::new(with_id(abc(), 7)),
        join_type: JoinType::Inner,
        condition: Some(Expr::call("==", vec![df_col("a", 7), df_col("a", 7)])),
        using: vec![],
    };
    let e = run(node).await.unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("AMBIGUOUS_COLUMN_REFERENCE"));
}

#[tokio::test]
async fn missing_using_column_is_spark_error() {
    let e = run(join(abc(), abc(), JoinType::Inner, &["nope"]))
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("UNRESOLVED_USING_COLUMN_FOR_JOIN")
    );
}

#[tokio::test]
async fn union_widens_and_keeps_left_names() {
    let l = select(
        range(0, 2, 1),
        vec![
            Expr::Cast {
                expr: Box::new(col("id")),
                data_type: sabot_common::spec::DataType::Integer,
                mode: sabot_common::spec::CastMode::Default,
            }
            .alias("x"),
        ],
    );
    let b = run(set_op(l, range(5, 6, 1), SetOpKind::Union, true))
        .await
        .unwrap();
    assert_eq!(names(&b), ["x"]);
    assert_eq!(b.schema().field(0).data_type(), &ArrowType::Int64);
    assert_eq!(b.num_rows(), 3);
}

#[tokio::test]
async fn intersect_and_except_all_count_copies() {
    // left: 0,0,0,1 ; right: 0,0,2
    let left = set_op(
        range(0, 2, 1),
        select(range(0, 2, 2), vec![col("id")]),
        SetOpKind::Union,
        true,
    );
    let left = set_op(left, range(0, 1, 1), SetOpKind::Union, true);
    let right = set_op(range(0, 1, 1), range(0, 3, 2), SetOpKind::Union, true);
    let mut b = ints(
        run(set_op(
            left.clone(),
            right.clone(),
            SetOpKind::Intersect,
            true,
        ))
        .await
        .unwrap()
        .column(0),
    );
    b.sort();
    assert_eq!(b, [Some(0), Some(0)]);
    let mut b = ints(
        run(set_op(left, right, SetOpKind::Except, true))
            .await
            .unwrap()
            .column(0),
    );
    b.sort();
    assert_eq!(b, [Some(0), Some(1)]);
}

#[tokio::test]
async fn tail_keeps_last_rows() {
    let b = run(PlanNode::Tail {
        input: boxed(range(0, 10, 1)),
        limit: 3,
    })
    .await
    .unwrap();
    assert_eq!(ints(b.column(0)), [Some(7), Some(8), Some(9)]);
    let _ = plan(range(0, 1, 1));
}

#[tokio::test]
async fn drop_and_rename_follow_spark() {
    let dropped = PlanNode::Drop {
        input: boxed(abc()),
        columns: vec![col("nope")],
        names: vec!["B".into()],
    };
    assert_eq!(names(&run(dropped).await.unwrap()), ["a"]);
    let renamed = PlanNode::WithColumnsRenamed {
        input: boxed(abc()),
        renames: vec![("a".into(), "b".into()), ("b".into(), "a".into())],
    };
    assert_eq!(names(&run(renamed).await.unwrap()), ["a", "a"]);
}

#[tokio::test]
async fn explode_repeats_rows_and_outer_keeps_empty_ones() {
    let arr = Expr::call("array", vec![col("id"), col("id")]);
    let b = run(select(
        range(0, 2, 1),
        vec![col("id"), Expr::call("explode", vec![arr])],
    ))
    .await
    .unwrap();
    assert_eq!(names(&b), ["id", "col"]);
    assert_eq!(ints(b.column(1)), [Some(0), Some(0), Some(1), Some(1)]);
    let e = run(select(
        range(0, 2, 1),
        vec![Expr::call("explode", vec![col("id")])],
    ))
    .await
    .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
    );
}
