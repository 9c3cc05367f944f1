//! Tests of the date and time functions against Spark's documented results.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Date32Array, StringArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, col, lit};

use crate::test_util::{batch, eval, eval_one, one_row, render_all};

fn date(s: &str) -> DfExpr {
    let d = super::coerce::parse_date(s).unwrap();
    lit(ScalarValue::Date32(Some(super::civil::days_of_date(d))))
}

fn ts_utc(s: &str) -> DfExpr {
    let (t, _) = super::coerce::parse_timestamp(s).unwrap();
    lit(ScalarValue::TimestampMicrosecond(
        Some(super::civil::micros_of_naive(t)),
        Some(Arc::from("UTC")),
    ))
}

async fn one(name: &str, args: Vec<DfExpr>) -> String {
    eval_one(name, args, true).await.unwrap()
}

#[tokio::test]
async fn current_date_and_timestamp_types() {
    let (_, f) = eval(one_row(), "current_date", vec![], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Date32);
    let (_, f) = eval(one_row(), "now", vec![], false, true).await.unwrap();
    assert_eq!(
        f.data_type(),
        &ArrowType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
}

#[tokio::test]
async fn fields_of_dates_and_timestamps() {
    assert_eq!(one("year", vec![date("2024-02-29")]).await, "2024");
    assert_eq!(one("quarter", vec![date("2024-11-01")]).await, "4");
    assert_eq!(one("dayofweek", vec![date("2024-02-29")]).await, "5");
    assert_eq!(one("weekday", vec![date("2024-02-29")]).await, "3");
    assert_eq!(one("weekofyear", vec![date("2021-01-01")]).await, "53");
    assert_eq!(one("dayname", vec![date("2024-02-29")]).await, "Thu");
    assert_eq!(one("monthname", vec![date("2024-02-29")]).await, "Feb");
    assert_eq!(one("hour", vec![ts_utc("2024-02-29 23:59:58")]).await, "23");
    assert_eq!(one("second", vec![lit("2021-01-01 10:11:12")]).await, "12");
    assert_eq!(
        one(
            "extract",
            vec![lit("SECOND"), ts_utc("2024-02-29 23:59:58.123456")]
        )
        .await,
        "58.123456"
    );
}

#[tokio::test]
async fn strings_cast_like_spark() {
    let e = eval_one("year", vec![lit("not a date")], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CAST_INVALID_INPUT"));
    assert_eq!(
        eval_one("year", vec![lit("not a date")], false)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn calendar_arithmetic() {
    assert_eq!(
        one("add_months", vec![date("2024-01-31"), lit(1)]).await,
        "2024-02-29"
    );
    assert_eq!(
        one("date_sub", vec![date("2024-03-01"), lit(1)]).await,
        "2024-02-29"
    );
    assert_eq!(
        one("datediff", vec![date("2024-03-01"), date("2024-01-01")]).await,
        "60"
    );
    assert_eq!(
        one("last_day", vec![date("2023-02-10")]).await,
        "2023-02-28"
    );
    assert_eq!(
        one("next_day", vec![date("2024-01-01"), lit("MO")]).await,
        "2024-01-08"
    );
    let e = eval_one("next_day", vec![date("2024-01-01"), lit("xyz")], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("ILLEGAL_DAY_OF_WEEK"));
    assert_eq!(
        one(
            "months_between",
            vec![ts_utc("1997-02-28 10:30:00"), ts_utc("1996-10-30 00:00:00")]
        )
        .await,
        "3.94959677"
    );
}

#[tokio::test]
async fn constructors_fail_only_under_ansi() {
    assert_eq!(
        one("make_date", vec![lit(2024), lit(2), lit(29)]).await,
        "2024-02-29"
    );
    let e = eval_one("make_date", vec![lit(2023), lit(2), lit(29)], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION")
    );
    assert_eq!(
        eval_one("make_date", vec![lit(2023), lit(2), lit(29)], false)
            .await
            .unwrap(),
        "NULL"
    );
    let args = vec![lit(2019), lit(6), lit(30), lit(23), lit(59), lit(60)];
    assert_eq!(one("make_timestamp_ntz", args).await, "2019-07-01T00:00:00");
    let args = vec![lit(2019), lit(6), lit(30), lit(23), lit(59), lit(60.5)];
    let e = eval_one("make_timestamp", args.clone(), true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("INVALID_FRACTION_OF_SECOND"));
    assert_eq!(
        eval_one("try_make_timestamp", args, true).await.unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn intervals_and_timestampadd() {
    assert_eq!(
        one("make_ym_interval", vec![lit(1), lit(2)]).await,
        "1 years 2 mons"
    );
    let (a, f) = eval(one_row(), "make_dt_interval", vec![lit(2)], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&a), vec!["PT172800S"]);
    assert_eq!(f.data_type(), &ArrowType::Duration(TimeUnit::Microsecond));
    let e = eval_one("make_interval", vec![lit(i32::MAX), lit(12)], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("ARITHMETIC_OVERFLOW"));
    assert_eq!(
        one(
            "timestampadd",
            vec![lit("MONTH"), lit(1), ts_utc("2024-01-31 10:00:00")]
        )
        .await,
        "2024-02-29T10:00:00Z"
    );
    assert_eq!(
        one(
            "timestampdiff",
            vec![
                lit("MONTH"),
                ts_utc("2024-01-31 10:00:00"),
                ts_utc("2024-03-30 10:00:00")
            ]
        )
        .await,
        "1"
    );
    let e = eval_one(
        "timestampadd",
        vec![lit("EON"), lit(1), date("2024-01-01")],
        true,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INVALID_PARAMETER_VALUE.DATETIME_UNIT")
    );
}

#[tokio::test]
async fn columns_in_the_session_zone() {
    let b = batch(vec![
        (
            "ts",
            Arc::new(
                TimestampMicrosecondArray::from(vec![Some(1_704_095_999_000_000), None])
                    .with_timezone("America/Los_Angeles"),
            ) as ArrayRef,
        ),
        (
            "d",
            Arc::new(Date32Array::from(vec![Some(0), Some(-1)])) as ArrayRef,
        ),
        (
            "w",
            Arc::new(StringArray::from(vec![Some("fri"), None])) as ArrayRef,
        ),
    ]);
    // 2024-01-01 07:59:59 UTC is 2023-12-31 23:59:59 in Los Angeles.
    let (a, _) = eval(b.clone(), "dayofmonth", vec![col("ts")], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&a), vec!["31", "NULL"]);
    let (a, _) = eval(b.clone(), "hour", vec![col("ts")], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&a), vec!["23", "NULL"]);
    let (a, _) = eval(b, "next_day", vec![col("d"), col("w")], false, true)
        .await
        .unwrap();
    assert_eq!(render_all(&a), vec!["1970-01-02", "NULL"]);
}

#[tokio::test]
async fn time_type_and_partition_transforms_fail_like_spark() {
    let e = eval_one("years", vec![date("2024-01-01")], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY")
    );
}

#[tokio::test]
async fn nullability_follows_spark() {
    let b = batch(vec![(
        "d",
        Arc::new(Date32Array::from(vec![Some(0)])) as ArrayRef,
    )]);
    let (_, f) = eval(b.clone(), "year", vec![col("d")], false, true)
        .await
        .unwrap();
    assert!(!f.is_nullable());
    let (_, f) = eval(
        b.clone(),
        "next_day",
        vec![col("d"), lit("MO")],
        false,
        true,
    )
    .await
    .unwrap();
    assert!(f.is_nullable());
    let (_, f) = eval(
        b.clone(),
        "make_date",
        vec![lit(1), lit(1), lit(1)],
        false,
        true,
    )
    .await
    .unwrap();
    assert!(!f.is_nullable());
    let (_, f) = eval(b, "make_date", vec![lit(1), lit(1), lit(1)], false, false)
        .await
        .unwrap();
    assert!(f.is_nullable());
}

#[tokio::test]
async fn interval_parts() {
    let dt = lit(ScalarValue::DurationMicrosecond(Some(
        -(86_400_000_000 + 3_600_000_000 * 12),
    )));
    assert_eq!(one("extract", vec![lit("DAY"), dt.clone()]).await, "-1");
    assert_eq!(one("extract", vec![lit("HOUR"), dt]).await, "-12");
    let ym = lit(ScalarValue::IntervalYearMonth(Some(-11)));
    assert_eq!(one("extract", vec![lit("MONTH"), ym.clone()]).await, "-11");
    let e = eval_one("extract", vec![lit("HOUR"), ym], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("INVALID_EXTRACT_FIELD"));
}
