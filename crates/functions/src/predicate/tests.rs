//! Tests of the predicates against Spark's documented results.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, cast, lit};

use crate::lookup;
use crate::test_util::eval_one;

fn null_of(t: ArrowType) -> DfExpr {
    cast(lit(ScalarValue::Null), t)
}

#[tokio::test]
async fn null_and_nan_checks() {
    assert_eq!(
        eval_one("isnull", vec![null_of(ArrowType::Int32)], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("isnotnull", vec![lit(1)], true).await.unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("isnan", vec![lit(f64::NAN)], true).await.unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("isnan", vec![null_of(ArrowType::Float64)], true)
            .await
            .unwrap(),
        "false"
    );
    assert_eq!(
        eval_one("isnan", vec![lit(1i32)], true).await.unwrap(),
        "false"
    );
}

#[tokio::test]
async fn in_and_between_use_sql_null_logic() {
    let n = || null_of(ArrowType::Int32);
    assert_eq!(
        eval_one("in", vec![lit(1), lit(1), n()], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("in", vec![lit(2), lit(1), n()], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("between", vec![lit(2), lit(1), lit(3)], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("between", vec![lit(3), lit(1), n()], true)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn pattern_matching() {
    assert_eq!(
        eval_one("like", vec![lit("abc"), lit("a_c")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("like", vec![lit("a%c"), lit("a\\%c")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("like", vec![lit("abc"), lit("a\\%c")], true)
            .await
            .unwrap(),
        "false"
    );
    assert_eq!(
        eval_one("ilike", vec![lit("ABC"), lit("a%")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("rlike", vec![lit("abc"), lit("b")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("rlike", vec![lit("abc"), lit("^b")], true)
            .await
            .unwrap(),
        "false"
    );
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(d("isnull", &["a"]), "(a IS NULL)");
    assert_eq!(d("isnotnull", &["a"]), "(a IS NOT NULL)");
    assert_eq!(d("in", &["a", "1", "2"]), "(a IN (1, 2))");
    assert_eq!(d("between", &["a", "1", "2"]), "between(a, 1, 2)");
    assert_eq!(d("like", &["s", "H%"]), "s LIKE H%");
    assert_eq!(d("ilike", &["s", "h%"]), "ilike(s, h%)");
    assert_eq!(d("rlike", &["s", "H"]), "RLIKE(s, H)");
    assert_eq!(d("regexp_like", &["s", "H"]), "REGEXP_LIKE(s, H)");
    assert_eq!(d("isnan", &["d"]), "isnan(d)");
}

#[tokio::test]
async fn rlike_uses_java_regex_rules() {
    assert_eq!(
        eval_one("rlike", vec![lit("٣"), lit(r"\d")], true)
            .await
            .unwrap(),
        "false"
    );
    assert!(
        eval_one("rlike", vec![lit("ab"), lit("a(?=b)")], true)
            .await
            .is_err()
    );
}

#[test]
fn internal_sql_forms_display_as_spark() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(d("__likeany", &["b", "x%"]), "likeany(b)");
    assert_eq!(
        d("__notlikeall", &["lower(b)", "x"]),
        "notlikeall(lower(b))"
    );
    assert_eq!(
        d(
            "__tuple_in",
            &["2", "a", "b", "a", "b", "col1", "col2", "1", "x"]
        ),
        "(named_struct(a, a, b, b) IN (named_struct(col1, 1, col2, x)))"
    );
    assert!(!crate::names().contains(&"__likeany"));
}
