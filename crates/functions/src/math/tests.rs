//! Tests of the math functions against Spark's documented results.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, lit};

use crate::lookup;
use crate::test_util::{eval, eval_one, one_row, render_all};

fn dec(v: i128, p: u8, s: i8) -> DfExpr {
    lit(ScalarValue::Decimal128(Some(v), p, s))
}

#[tokio::test]
async fn round_is_half_up_and_bround_half_even() {
    assert_eq!(
        eval_one("round", vec![lit(2.5f64)], true).await.unwrap(),
        "3.0"
    );
    assert_eq!(
        eval_one("round", vec![lit(-2.5f64)], true).await.unwrap(),
        "-3.0"
    );
    assert_eq!(
        eval_one("round", vec![lit(2.675f64), lit(2)], true)
            .await
            .unwrap(),
        "2.68"
    );
    assert_eq!(
        eval_one("bround", vec![lit(2.5f64)], true).await.unwrap(),
        "2.0"
    );
    assert_eq!(
        eval_one("round", vec![lit(125i32), lit(-1)], true)
            .await
            .unwrap(),
        "130"
    );
    let (out, f) = eval(
        one_row(),
        "round",
        vec![dec(125, 3, 2), lit(1)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(3, 1));
    assert_eq!(render_all(&out), ["1.3"]);
    let (out, f) = eval(
        one_row(),
        "bround",
        vec![dec(125, 3, 2), lit(1)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(3, 1));
    assert_eq!(render_all(&out), ["1.2"]);
    let e = eval_one("round", vec![lit(i32::MAX), lit(-1)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "Overflow. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."
    );
    assert_eq!(
        eval_one("round", vec![lit(i32::MAX), lit(-1)], false)
            .await
            .unwrap(),
        "-2147483646"
    );
}

#[tokio::test]
async fn ceil_floor_return_bigint() {
    let (out, f) = eval(one_row(), "ceil", vec![lit(-1.5f64)], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int64);
    assert_eq!(render_all(&out), ["-1"]);
    assert_eq!(
        eval_one("floor", vec![lit(-1.5f64)], true).await.unwrap(),
        "-2"
    );
    let (_, f) = eval(one_row(), "floor", vec![dec(125, 5, 2)], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Decimal128(4, 0));
}

#[tokio::test]
async fn logs_are_null_outside_their_domain() {
    assert_eq!(eval_one("ln", vec![lit(0)], true).await.unwrap(), "NULL");
    assert_eq!(
        eval_one("log10", vec![lit(-1)], true).await.unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("log", vec![lit(2), lit(8)], true).await.unwrap(),
        "3.0"
    );
    assert_eq!(
        eval_one("log", vec![lit(1), lit(8)], true).await.unwrap(),
        "inf"
    );
    assert_eq!(
        eval_one("log", vec![lit(-2), lit(8)], true).await.unwrap(),
        "NULL"
    );
    assert_eq!(eval_one("log2", vec![lit(8)], true).await.unwrap(), "3.0");
    assert_eq!(eval_one("sqrt", vec![lit(-1)], true).await.unwrap(), "NaN");
    assert_eq!(
        eval_one("pow", vec![lit(0), lit(-1)], true).await.unwrap(),
        "inf"
    );
    assert_eq!(eval_one("sign", vec![lit(-3)], true).await.unwrap(), "-1.0");
}

#[tokio::test]
async fn abs_overflows_like_spark() {
    assert_eq!(eval_one("abs", vec![lit(-5i32)], true).await.unwrap(), "5");
    assert_eq!(
        eval_one("abs", vec![lit(i32::MIN)], false).await.unwrap(),
        "-2147483648"
    );
    let e = eval_one("abs", vec![lit(i32::MIN)], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("ARITHMETIC_OVERFLOW"));
    assert_eq!(
        eval_one("abs", vec![lit(-1.5f64)], true).await.unwrap(),
        "1.5"
    );
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(d("round", &["d"]), "round(d, 0)");
    assert_eq!(d("bround", &["d", "1"]), "bround(d, 1)");
    assert_eq!(d("ceil", &["d"]), "CEIL(d)");
    assert_eq!(d("ceiling", &["d"]), "ceiling(d)");
    assert_eq!(d("log", &["d"]), "LOG(E(), d)");
    assert_eq!(d("log", &["2", "d"]), "LOG(2, d)");
    assert_eq!(d("power", &["d", "2"]), "POWER(d, 2)");
    assert_eq!(d("pow", &["d", "2"]), "pow(d, 2)");
    assert_eq!(d("pi", &[]), "PI()");
    assert_eq!(d("ln", &["d"]), "ln(d)");
    assert_eq!(d("signum", &["d"]), "SIGNUM(d)");
}

#[tokio::test]
async fn sqrt_of_columns() {
    use datafusion::arrow::array::{ArrayRef, Float64Array};
    use std::sync::Arc;
    let b = crate::test_util::batch(vec![(
        "x",
        Arc::new(Float64Array::from(vec![
            Some(4.0),
            Some(-4.0),
            Some(-0.0),
            None,
        ])) as ArrayRef,
    )]);
    let (out, _) = eval(b, "sqrt", vec![datafusion::prelude::col("x")], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&out), ["2.0", "NaN", "-0.0", "NULL"]);
}

#[tokio::test]
async fn trig_and_hyperbolic_follow_java_math() {
    assert_eq!(eval_one("sin", vec![lit(0i32)], true).await.unwrap(), "0.0");
    assert_eq!(
        eval_one("acos", vec![lit(2.0f64)], true).await.unwrap(),
        "NaN"
    );
    assert_eq!(
        eval_one("csc", vec![lit(0.0f64)], true).await.unwrap(),
        "inf"
    );
    assert_eq!(
        eval_one("sec", vec![lit(0.0f64)], true).await.unwrap(),
        "1.0"
    );
    assert_eq!(
        eval_one("atan2", vec![lit(1i32), lit(1i64)], true)
            .await
            .unwrap(),
        "0.7853981633974483"
    );
    assert_eq!(
        eval_one("hypot", vec![lit(3i32), lit(4.0f64)], true)
            .await
            .unwrap(),
        "5.0"
    );
    assert_eq!(
        eval_one("cbrt", vec![lit(27i64)], true).await.unwrap(),
        "3.0"
    );
    assert_eq!(
        eval_one("degrees", vec![lit(1i32)], true).await.unwrap(),
        "57.29577951308232"
    );
    let (_, f) = eval(one_row(), "radians", vec![lit(1i32)], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Float64);
}

#[tokio::test]
async fn shifts_keep_int_or_bigint_and_mask_the_amount() {
    assert_eq!(
        eval_one("shiftleft", vec![lit(1i32), lit(33i32)], true)
            .await
            .unwrap(),
        "2"
    );
    assert_eq!(
        eval_one("shiftrightunsigned", vec![lit(-1i32), lit(28i32)], true)
            .await
            .unwrap(),
        "15"
    );
    assert_eq!(
        eval_one("shiftright", vec![lit(-8i64), lit(1i32)], true)
            .await
            .unwrap(),
        "-4"
    );
    let (_, f) = eval(
        one_row(),
        "shiftleft",
        vec![lit(1i8), lit(7i32)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int32);
    assert!(
        eval_one("shiftleft", vec![lit(1.0f64), lit(1i32)], true)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn bit_count_counts_the_long_value() {
    assert_eq!(
        eval_one("bit_count", vec![lit(-1i32)], true).await.unwrap(),
        "64"
    );
    assert_eq!(
        eval_one("bit_count", vec![lit(true)], true).await.unwrap(),
        "1"
    );
    assert!(
        eval_one("bit_count", vec![lit(1.5f64)], true)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn pmod_is_non_negative_for_positive_divisors() {
    assert_eq!(
        eval_one("pmod", vec![lit(-7i32), lit(3i32)], true)
            .await
            .unwrap(),
        "2"
    );
    assert_eq!(
        eval_one("pmod", vec![lit(-7.5f64), lit(2.0f64)], true)
            .await
            .unwrap(),
        "0.5"
    );
    assert_eq!(
        eval_one("pmod", vec![lit(7i32), lit(0i32)], false)
            .await
            .unwrap(),
        "NULL"
    );
    let e = eval_one("pmod", vec![lit(7i32), lit(0i32)], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("REMAINDER_BY_ZERO"));
}

#[tokio::test]
async fn nanvl_factorial_rint() {
    assert_eq!(
        eval_one("nanvl", vec![lit(f64::NAN), lit(1i32)], true)
            .await
            .unwrap(),
        "1.0"
    );
    assert_eq!(
        eval_one("factorial", vec![lit(5i32)], true).await.unwrap(),
        "120"
    );
    assert_eq!(
        eval_one("factorial", vec![lit(21i32)], true).await.unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("rint", vec![lit(2.5f64)], true).await.unwrap(),
        "2.0"
    );
    assert_eq!(
        eval_one("rint", vec![lit(3i32)], true).await.unwrap(),
        "3.0"
    );
}

#[tokio::test]
async fn try_arithmetic_is_null_on_overflow_even_under_ansi() {
    let cases: [(&str, DfExpr, DfExpr, &str); 8] = [
        ("try_add", lit(i32::MAX), lit(1i32), "NULL"),
        ("try_add", lit(i32::MAX), lit(-1i32), "2147483646"),
        ("try_subtract", lit(i64::MIN), lit(1i64), "NULL"),
        ("try_multiply", lit(i64::MIN), lit(-1i64), "NULL"),
        ("try_multiply", lit(-1i64), lit(i64::MIN), "NULL"),
        (
            "try_multiply",
            lit(3_000_000_000i64),
            lit(3i32),
            "9000000000",
        ),
        ("try_divide", lit(1i32), lit(0i32), "NULL"),
        ("try_mod", lit(1i32), lit(0i32), "NULL"),
    ];
    for (name, a, b, want) in cases {
        assert_eq!(
            eval_one(name, vec![a, b], true).await.unwrap(),
            want,
            "{name}"
        );
    }
    let (_, f) = eval(one_row(), "try_add", vec![lit(1i8), lit(1i8)], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int8);
}

#[tokio::test]
async fn hex_unhex_bin() {
    assert_eq!(
        eval_one("hex", vec![lit(-1i32)], true).await.unwrap(),
        "FFFFFFFFFFFFFFFF"
    );
    assert_eq!(
        eval_one("hex", vec![lit("Spark")], true).await.unwrap(),
        "537061726B"
    );
    assert_eq!(eval_one("bin", vec![lit(5i8)], true).await.unwrap(), "101");
    assert_eq!(
        eval_one("unhex", vec![lit("GG")], true).await.unwrap(),
        "NULL"
    );
    assert!(eval_one("hex", vec![lit(1.5f64)], true).await.is_err());
}

#[tokio::test]
async fn bit_get_reads_one_bit_and_checks_the_position() {
    assert_eq!(
        eval_one("bit_get", vec![lit(11i32), lit(3i32)], true)
            .await
            .unwrap(),
        "1"
    );
    assert_eq!(
        eval_one("getbit", vec![lit(-1i64), lit(63i32)], true)
            .await
            .unwrap(),
        "1"
    );
    let e = eval_one("bit_get", vec![lit(11i32), lit(32i32)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE")
    );
    let (_, f) = eval(
        one_row(),
        "bit_get",
        vec![lit(1i64), lit(0i32)],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int8);
}

#[tokio::test]
async fn binary_math_is_nullable_only_with_a_nullable_argument() {
    for name in ["atan2", "hypot"] {
        let (_, f) = eval(one_row(), name, vec![lit(1.0f64), lit(2i32)], false, true)
            .await
            .unwrap();
        assert!(!f.is_nullable(), "{name}");
    }
    let (_, f) = eval(one_row(), "hex", vec![lit(1i32)], false, true)
        .await
        .unwrap();
    assert!(!f.is_nullable());
}

#[test]
fn bitwise_aggregates_are_aggregates() {
    for name in ["bit_and", "bit_or", "bit_xor"] {
        assert_eq!(
            lookup(name).map(|e| e.kind),
            Some(crate::FunctionKind::Aggregate),
            "{name}"
        );
    }
    assert_eq!(
        lookup("bit_count").map(|e| e.kind),
        Some(crate::FunctionKind::Scalar)
    );
}
