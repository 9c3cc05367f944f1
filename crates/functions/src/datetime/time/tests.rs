//! Tests of the TIME functions against Spark 4.3's results.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, lit};

use crate::test_util::eval_one;

fn time(nanos: i64) -> DfExpr {
    lit(ScalarValue::Time64Nanosecond(Some(nanos)))
}

async fn one(name: &str, args: Vec<DfExpr>) -> String {
    eval_one(name, args, true).await.unwrap()
}

async fn err(name: &str, args: Vec<DfExpr>) -> String {
    eval_one(name, args, true)
        .await
        .unwrap_err()
        .error_class
        .unwrap_or_default()
}

const T_143000_5: i64 = 52_200_500_000_000;

#[tokio::test]
async fn make_time_and_bounds() {
    assert_eq!(
        one("make_time", vec![lit(1), lit(2), lit(3)]).await,
        "01:02:03"
    );
    assert_eq!(
        one("make_time", vec![lit(12), lit(58), lit(59.999999)]).await,
        "12:58:59.999999"
    );
    for args in [
        vec![lit(24), lit(0), lit(0)],
        vec![lit(1), lit(60), lit(0)],
        vec![lit(1), lit(2), lit(60)],
    ] {
        assert_eq!(
            err("make_time", args).await,
            "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION"
        );
    }
}

#[tokio::test]
async fn epoch_conversions() {
    assert_eq!(
        one("time_from_seconds", vec![lit(52200.5)]).await,
        "14:30:00.500"
    );
    assert_eq!(
        one("time_from_millis", vec![lit(52_200_500i64)]).await,
        "14:30:00.500"
    );
    assert_eq!(
        one("time_to_micros", vec![time(T_143000_5)]).await,
        "52200500000"
    );
    assert_eq!(
        one("time_to_millis", vec![time(T_143000_5)]).await,
        "52200500"
    );
    assert_eq!(
        one("time_to_seconds", vec![time(T_143000_5)]).await,
        "52200.500000"
    );
    assert_eq!(
        err("time_from_micros", vec![lit(-1i64)]).await,
        "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION"
    );
}

#[tokio::test]
async fn trunc_diff_and_parse() {
    assert_eq!(
        one("time_trunc", vec![lit("hour"), time(T_143000_5)]).await,
        "14:00:00"
    );
    assert_eq!(
        one("time_diff", vec![lit("SECOND"), time(0), time(T_143000_5)]).await,
        "52200"
    );
    assert_eq!(
        err("time_trunc", vec![lit("DAY"), time(0)]).await,
        "INVALID_PARAMETER_VALUE.TIME_UNIT"
    );
    assert_eq!(
        one("to_time", vec![lit("10 PM"), lit("h a")]).await,
        "22:00:00"
    );
    assert_eq!(err("to_time", vec![lit("xx")]).await, "CANNOT_PARSE_TIME");
    assert_eq!(one("try_to_time", vec![lit("xx")]).await, "NULL");
    assert_eq!(one("hour", vec![time(T_143000_5)]).await, "14");
}

#[tokio::test]
async fn interval_arithmetic_stays_within_the_day() {
    let hour = lit(ScalarValue::DurationMicrosecond(Some(3_600_000_000)));
    assert_eq!(one("+", vec![time(0), hour.clone()]).await, "01:00:00");
    assert_eq!(err("-", vec![time(0), hour]).await, "DATETIME_OVERFLOW");
}

#[test]
fn display_names_follow_spark() {
    use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
    let t = Some(ArrowType::Time64(TimeUnit::Nanosecond));
    let i = Some(ArrowType::Duration(TimeUnit::Microsecond));
    let names = ["i".to_string(), "t".to_string()];
    assert_eq!(
        super::arith::typed_display("+", &[i, t], &names).as_deref(),
        Some("t + i")
    );
    assert_eq!(
        super::display_try_to_time("try_to_time", &["x".into()], false),
        "try_to_time(to_time(x))"
    );
    assert_eq!(
        super::display_current_time("current_time", &[], false),
        "current_time(6)"
    );
}

#[tokio::test]
async fn time_differences_are_intervals() {
    let hour = 3_600_000_000_000;
    let d = one("-", vec![time(2 * hour), time(hour)]).await;
    assert!(d.contains("3600"), "{d}");
}
