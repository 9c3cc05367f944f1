//! Window expressions resolved and run: Spark's names, types, frames and errors.

use datafusion::arrow::datatypes::DataType as ArrowType;
use sabot_common::spec::{
    Expr, FrameBoundary, FrameType, Literal, PlanNode, SortOrder, WindowFrame,
};

use super::tests::{abc, col, ints, names, run, select};

fn over(function: Expr, order: Vec<SortOrder>, frame: Option<WindowFrame>) -> Expr {
    Expr::Window {
        function: Box::new(function),
        partition_by: vec![],
        order_by: order,
        frame,
    }
}

fn long(v: i64) -> Expr {
    Expr::Literal(Literal::Long(v))
}

fn rows(lower: FrameBoundary, upper: FrameBoundary) -> WindowFrame {
    WindowFrame {
        frame_type: FrameType::Rows,
        lower,
        upper,
    }
}

fn query(exprs: Vec<Expr>) -> PlanNode {
    select(abc(), exprs)
}

#[tokio::test]
async fn ranking_functions_are_int_and_named_like_spark() {
    let by_a = vec![SortOrder::desc(col("a"))];
    let b = run(query(vec![
        col("a"),
        over(Expr::call("row_number", vec![]), by_a.clone(), None),
        over(Expr::call("rank", vec![]), by_a.clone(), None),
    ]))
    .await
    .unwrap();
    assert_eq!(
        names(&b)[1..],
        [
            "row_number() OVER (ORDER BY a DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
            "RANK() OVER (ORDER BY a DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
        ]
    );
    assert_eq!(b.schema().field(1).data_type(), &ArrowType::Int32);
    assert!(!b.schema().field(1).is_nullable());
    let mut pairs: Vec<_> = ints(b.column(0))
        .into_iter()
        .zip(ints(b.column(1)))
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [(Some(1), Some(3)), (Some(2), Some(2)), (Some(3), Some(1))]
    );
}

#[tokio::test]
async fn lag_prints_its_defaults_and_sums_use_the_default_frame() {
    let by_a = vec![SortOrder::asc(col("a"))];
    let b = run(query(vec![
        over(Expr::call("lag", vec![col("a")]), by_a.clone(), None),
        over(Expr::call("sum", vec![col("a")]), by_a.clone(), None),
        over(
            Expr::call("sum", vec![col("a")]),
            by_a,
            Some(rows(
                FrameBoundary::Value(Box::new(long(-1))),
                FrameBoundary::CurrentRow,
            )),
        ),
    ]))
    .await
    .unwrap();
    assert_eq!(
        names(&b),
        [
            "lag(a, 1, NULL) OVER (ORDER BY a ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)",
            "sum(a) OVER (ORDER BY a ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
            "sum(a) OVER (ORDER BY a ASC NULLS FIRST ROWS BETWEEN -1 FOLLOWING AND CURRENT ROW)",
        ]
    );
    let mut got: Vec<_> = (0..3)
        .map(|i| {
            (
                ints(b.column(1))[i],
                ints(b.column(0))[i],
                ints(b.column(2))[i],
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (Some(1), None, Some(1)),
            (Some(3), Some(1), Some(3)),
            (Some(6), Some(2), Some(5))
        ]
    );
}

#[tokio::test]
async fn window_errors_as_spark() {
    let class = |node| async move { run(node).await.unwrap_err().error_class };
    assert_eq!(
        class(query(vec![Expr::call("row_number", vec![])]))
            .await
            .as_deref(),
        Some("WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE")
    );
    assert_eq!(
        class(query(vec![over(Expr::call("rank", vec![]), vec![], None)]))
            .await
            .as_deref(),
        Some("WINDOW_FUNCTION_FRAME_NOT_ORDERED")
    );
    let distinct = Expr::Function {
        name: "count".into(),
        args: vec![col("a")],
        distinct: true,
        filter: None,
    };
    assert_eq!(
        class(query(vec![over(distinct, vec![], None)]))
            .await
            .as_deref(),
        Some("DISTINCT_WINDOW_FUNCTION_UNSUPPORTED")
    );
    let framed = over(
        Expr::call("rank", vec![]),
        vec![SortOrder::asc(col("a"))],
        Some(rows(
            FrameBoundary::Value(Box::new(long(-1))),
            FrameBoundary::CurrentRow,
        )),
    );
    assert_eq!(
        class(query(vec![framed])).await.as_deref(),
        Some("_LEGACY_ERROR_TEMP_1036")
    );
    assert_eq!(
        class(query(vec![over(
            Expr::call("abs", vec![col("a")]),
            vec![],
            None
        )]))
        .await
        .as_deref(),
        Some("UNSUPPORTED_EXPR_FOR_WINDOW")
    );
}

#[tokio::test]
async fn nested_windows_are_computed_innermost_first() {
    let by_a = vec![SortOrder::asc(col("a"))];
    let inner = over(Expr::call("row_number", vec![]), by_a.clone(), None);
    let b = run(query(vec![
        col("a"),
        over(Expr::call("sum", vec![inner]), by_a, None),
    ]))
    .await
    .unwrap();
    let mut got: Vec<_> = ints(b.column(0))
        .into_iter()
        .zip(ints(b.column(1)))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [(Some(1), Some(1)), (Some(2), Some(3)), (Some(3), Some(6))]
    );
}
