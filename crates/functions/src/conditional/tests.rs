//! Tests of the conditional functions against Spark's documented results.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, cast, lit};

use crate::lookup;
use crate::test_util::{eval, eval_one, one_row};

fn null_of(t: ArrowType) -> DfExpr {
    cast(lit(ScalarValue::Null), t)
}

#[tokio::test]
async fn case_when_and_if() {
    let args = vec![lit(false), lit("x"), lit(true), lit("y"), lit("z")];
    assert_eq!(eval_one("when", args, true).await.unwrap(), "y");
    assert_eq!(
        eval_one("when", vec![lit(false), lit("x")], true)
            .await
            .unwrap(),
        "NULL"
    );
    let c = null_of(ArrowType::Boolean);
    assert_eq!(
        eval_one("if", vec![c, lit(1), lit(2)], true).await.unwrap(),
        "2"
    );
    assert_eq!(
        eval_one(
            "nvl2",
            vec![null_of(ArrowType::Int32), lit(1), lit(2)],
            true
        )
        .await
        .unwrap(),
        "2"
    );
}

#[tokio::test]
async fn null_handling() {
    let n = || null_of(ArrowType::Int32);
    let (out, f) = eval(
        one_row(),
        "coalesce",
        vec![n(), lit(1i32), lit(2i64)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int64);
    assert_eq!(crate::test_util::render_all(&out), ["1"]);
    assert_eq!(
        eval_one("ifnull", vec![n(), lit(3)], true).await.unwrap(),
        "3"
    );
    assert_eq!(
        eval_one("nullif", vec![lit(1), lit(1)], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("greatest", vec![lit(1), n(), lit(3)], true)
            .await
            .unwrap(),
        "3"
    );
    assert_eq!(
        eval_one("least", vec![n(), n()], true).await.unwrap(),
        "NULL"
    );
    let e = eval_one("greatest", vec![lit(1)], true).await.unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("WRONG_NUM_ARGS.WITHOUT_SUGGESTION")
    );
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(
        d("when", &["(a > 1)", "x", "y"]),
        "CASE WHEN (a > 1) THEN x ELSE y END"
    );
    assert_eq!(d("when", &["(a > 1)", "x"]), "CASE WHEN (a > 1) THEN x END");
    assert_eq!(d("if", &["f", "1", "2"]), "(IF(f, 1, 2))");
    assert_eq!(d("coalesce", &["a", "b"]), "coalesce(a, b)");
    assert_eq!(d("nvl", &["a", "b"]), "nvl(a, b)");
}
