//! Tests of the operators against Spark's documented results.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int8Array, Int32Array, Int64Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, cast, lit};
use datafusion::prelude::col;

use crate::lookup;
use crate::test_util::{batch, eval, eval_one, render_all};

fn dec(v: i128, p: u8, s: i8) -> DfExpr {
    lit(ScalarValue::Decimal128(Some(v), p, s))
}

#[tokio::test]
async fn int_add_wraps_without_ansi_and_fails_with_it() {
    let b = batch(vec![(
        "a",
        Arc::new(Int32Array::from(vec![Some(1), None, Some(i32::MAX)])) as ArrayRef,
    )]);
    let (out, field) = eval(b.clone(), "+", vec![col("a"), lit(1i32)], false, false)
        .await
        .unwrap();
    assert_eq!(render_all(&out), ["2", "NULL", "-2147483648"]);
    assert_eq!(field.data_type(), &ArrowType::Int32);
    let err = eval(b, "+", vec![col("a"), lit(1i32)], false, true)
        .await
        .unwrap_err();
    assert_eq!(err.error_class.as_deref(), Some("ARITHMETIC_OVERFLOW"));
    assert_eq!(err.sql_state.as_deref(), Some("22003"));
    assert!(
        err.message.starts_with("overflow. Use 'try_add'"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn long_and_small_overflow_errors() {
    let e = eval_one("*", vec![lit(i64::MAX), lit(2i64)], true)
        .await
        .unwrap_err();
    assert!(e.message.contains("try_multiply"));
    let b = batch(vec![(
        "y",
        Arc::new(Int8Array::from(vec![127i8])) as ArrayRef,
    )]);
    let e = eval(b, "+", vec![col("y"), col("y")], false, true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("BINARY_ARITHMETIC_OVERFLOW"));
    assert!(
        e.message.starts_with("127S + 127S caused overflow"),
        "{}",
        e.message
    );
    assert_eq!(
        eval_one("-", vec![lit(i32::MIN), lit(1i32)], false)
            .await
            .unwrap(),
        "2147483647"
    );
}

#[tokio::test]
async fn mixed_integral_types_widen() {
    let b = batch(vec![
        ("a", Arc::new(Int32Array::from(vec![1])) as ArrayRef),
        ("b", Arc::new(Int64Array::from(vec![2i64])) as ArrayRef),
        ("y", Arc::new(Int8Array::from(vec![3i8])) as ArrayRef),
    ]);
    let (_, f) = eval(b.clone(), "+", vec![col("a"), col("b")], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int64);
    assert!(!f.is_nullable());
    let (_, f) = eval(b.clone(), "*", vec![col("y"), col("y")], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int8);
    let (out, f) = eval(b, "+", vec![col("a"), lit(1.5f64)], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Float64);
    assert_eq!(render_all(&out), ["2.5"]);
}

#[tokio::test]
async fn divide_is_double_and_guards_zero() {
    let b = batch(vec![(
        "a",
        Arc::new(Int32Array::from(vec![Some(5), Some(0), None])) as ArrayRef,
    )]);
    let (out, f) = eval(b.clone(), "/", vec![lit(5i32), col("a")], false, false)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Float64);
    assert_eq!(render_all(&out), ["1.0", "NULL", "NULL"]);
    let e = eval(b.clone(), "/", vec![lit(5i32), col("a")], false, true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("DIVIDE_BY_ZERO"));
    let e = eval(b.clone(), "%", vec![lit(5i32), col("a")], false, true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("REMAINDER_BY_ZERO"));
    let e = eval_one("/", vec![lit(1.5f64), lit(-0.0f64)], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("DIVIDE_BY_ZERO"));
    assert_eq!(
        eval_one("/", vec![lit(1.5f64), lit(0.0f64)], false)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn div_and_remainder_follow_java() {
    assert_eq!(
        eval_one("div", vec![lit(-7i32), lit(2i32)], true)
            .await
            .unwrap(),
        "-3"
    );
    assert_eq!(
        eval_one("%", vec![lit(-7i32), lit(3i32)], true)
            .await
            .unwrap(),
        "-1"
    );
    assert_eq!(
        eval_one("%", vec![lit(7i32), lit(-3i32)], true)
            .await
            .unwrap(),
        "1"
    );
    assert_eq!(
        eval_one("%", vec![lit(-7.5f64), lit(2i32)], true)
            .await
            .unwrap(),
        "-1.5"
    );
    assert_eq!(
        eval_one("%", vec![lit(i32::MIN), lit(-1i32)], true)
            .await
            .unwrap(),
        "0"
    );
    // int div -1 is computed in bigint, so it does not overflow.
    assert_eq!(
        eval_one("div", vec![lit(i32::MIN), lit(-1i32)], true)
            .await
            .unwrap(),
        "2147483648"
    );
    let e = eval_one("div", vec![lit(i64::MIN), lit(-1i64)], true)
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("Overflow in integral divide"),
        "{}",
        e.message
    );
    assert_eq!(
        eval_one("div", vec![lit(i64::MIN), lit(-1i64)], false)
            .await
            .unwrap(),
        "-9223372036854775808"
    );
    assert_eq!(
        eval_one("div", vec![lit(1i32), lit(0i32)], false)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("div", vec![dec(500, 3, 2), lit(2i32)], true)
            .await
            .unwrap(),
        "2"
    );
    assert_eq!(
        eval_one("div", vec![dec(-199, 3, 2), dec(100, 3, 2)], true)
            .await
            .unwrap(),
        "-1"
    );
}

#[tokio::test]
async fn negation_overflow() {
    let e = eval_one("negative", vec![lit(i32::MIN)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "overflow. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."
    );
    assert_eq!(
        eval_one("-", vec![lit(i32::MIN)], false).await.unwrap(),
        "-2147483648"
    );
    assert_eq!(
        eval_one("negative", vec![lit(2.5f64)], true).await.unwrap(),
        "-2.5"
    );
    assert_eq!(
        eval_one("positive", vec![lit(3i8)], true).await.unwrap(),
        "3"
    );
}

#[tokio::test]
async fn decimal_arithmetic_has_spark_types() {
    let m = || dec(125, 5, 2);
    let (out, f) = eval(
        crate::test_util::one_row(),
        "+",
        vec![lit(1i32), m()],
        false,
        true,
    )
    .await
    .unwrap();
    // An integer literal widens to just its digits (decimal(1,0)), as in Spark's
    // `DecimalPrecision`: decimal(1,0) + decimal(5,2) = decimal(6,2).
    assert_eq!(f.data_type(), &ArrowType::Decimal128(6, 2));
    assert_eq!(render_all(&out), ["2.25"]);
    let (out, f) = eval(
        crate::test_util::one_row(),
        "*",
        vec![m(), m()],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(11, 4));
    assert_eq!(render_all(&out), ["1.5625"]);
    let (out, f) = eval(
        crate::test_util::one_row(),
        "/",
        vec![m(), dec(300, 5, 2)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(13, 8));
    assert_eq!(render_all(&out), ["0.41666667"]);
    let big = |v| dec(v, 38, 10);
    let (out, f) = eval(
        crate::test_util::one_row(),
        "/",
        vec![big(10_000_000_000), big(30_000_000_000)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(38, 6));
    assert_eq!(render_all(&out), ["0.333333"]);
    let (out, f) = eval(
        crate::test_util::one_row(),
        "%",
        vec![m(), lit(1i32)],
        false,
        true,
    )
    .await
    .unwrap();
    // decimal(5,2) % decimal(1,0) (the literal 1) = decimal(min(3,1)+2, 2).
    assert_eq!(f.data_type(), &ArrowType::Decimal128(3, 2));
    assert_eq!(render_all(&out), ["0.25"]);
    // 10^38 - 1 + 1 does not fit decimal(38,0): NULL without ANSI, an error with it.
    let max = dec(10i128.pow(38) - 1, 38, 0);
    assert_eq!(
        eval_one("+", vec![max.clone(), lit(1i32)], false)
            .await
            .unwrap(),
        "NULL"
    );
    assert!(eval_one("+", vec![max, lit(1i32)], true).await.is_err());
}

#[tokio::test]
async fn comparisons_and_logic() {
    let null_i = || cast(lit(ScalarValue::Null), ArrowType::Int32);
    assert_eq!(
        eval_one("<=>", vec![null_i(), null_i()], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("==", vec![null_i(), lit(1i32)], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("!=", vec![lit(2i32), lit(1i32)], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("<", vec![lit(1i32), lit(2i64)], true)
            .await
            .unwrap(),
        "true"
    );
    let null_b = || cast(lit(ScalarValue::Null), ArrowType::Boolean);
    assert_eq!(
        eval_one("and", vec![lit(false), null_b()], true)
            .await
            .unwrap(),
        "false"
    );
    assert_eq!(
        eval_one("or", vec![lit(true), null_b()], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(eval_one("not", vec![null_b()], true).await.unwrap(), "NULL");
}

#[tokio::test]
async fn bitwise_ops() {
    assert_eq!(
        eval_one("&", vec![lit(6i32), lit(3i32)], true)
            .await
            .unwrap(),
        "2"
    );
    assert_eq!(
        eval_one("|", vec![lit(6i32), lit(3i64)], true)
            .await
            .unwrap(),
        "7"
    );
    assert_eq!(
        eval_one("^", vec![lit(6i32), lit(3i32)], true)
            .await
            .unwrap(),
        "5"
    );
    assert_eq!(eval_one("~", vec![lit(0i32)], true).await.unwrap(), "-1");
    let (_, f) = eval(
        crate::test_util::one_row(),
        "&",
        vec![lit(1i8), lit(3i8)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int8);
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(d("+", &["a", "b"]), "(a + b)");
    assert_eq!(d("-", &["a"]), "(- a)");
    assert_eq!(d("==", &["a", "b"]), "(a = b)");
    assert_eq!(d("!=", &["a", "b"]), "(NOT (a = b))");
    assert_eq!(d("<=>", &["a", "1"]), "(a <=> 1)");
    assert_eq!(d("and", &["a", "b"]), "(a AND b)");
    assert_eq!(d("or", &["a", "b"]), "(a OR b)");
    assert_eq!(d("not", &["f"]), "(NOT f)");
    assert_eq!(d("div", &["a", "b"]), "(a div b)");
    assert_eq!(d("%", &["a", "b"]), "(a % b)");
    assert_eq!(d("~", &["a"]), "~a");
    assert_eq!(d("negative", &["a"]), "negative(a)");
    assert_eq!(d("positive", &["a"]), "(+ a)");
}

#[tokio::test]
async fn date_plus_day_interval_stays_a_date() {
    // Spark: DATE'2000-08-23' + INTERVAL 14 DAYS = DATE'2000-09-06' (a date, not a timestamp).
    let days = |n: i64| {
        DfExpr::Literal(
            ScalarValue::DurationMicrosecond(Some(n * 86_400_000_000)),
            Some(super::day_interval_metadata()),
        )
    };
    let date = || lit(ScalarValue::Date32(Some(11_192))); // 2000-08-23
    let (out, field) = eval(
        crate::test_util::one_row(),
        "+",
        vec![date(), days(14)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(field.data_type(), &ArrowType::Date32);
    assert_eq!(render_all(&out), ["2000-09-06"]);
    assert_eq!(
        eval_one("+", vec![days(3), date()], true).await.unwrap(),
        "2000-08-26"
    );
    assert_eq!(
        eval_one("-", vec![date(), days(30)], true).await.unwrap(),
        "2000-07-24"
    );
    // Without the DAY qualifier (e.g. `INTERVAL '36' HOUR`) it is not date arithmetic.
    let hours = lit(ScalarValue::DurationMicrosecond(Some(36 * 3_600_000_000)));
    assert!(eval_one("-", vec![date(), hours], true).await.is_err());
}
