//! End-to-end tests of the formatting, parsing and zone functions over a session (UTC).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::logical_expr::{col, lit};

use crate::test_util::{batch, eval, eval_one, render_all};

#[tokio::test]
async fn parse_and_format_round_trip() {
    let b = batch(vec![(
        "s",
        Arc::new(StringArray::from(vec![
            Some("2024-03-05 14:07"),
            None,
            Some("x"),
        ])) as ArrayRef,
    )]);
    let (a, f) = eval(
        b.clone(),
        "try_to_timestamp",
        vec![col("s"), lit("yyyy-MM-dd HH:mm")],
        false,
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        f.data_type(),
        &ArrowType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    assert!(f.is_nullable());
    assert_eq!(render_all(&a)[1..], ["NULL", "NULL"]);
    let shown = eval_one(
        "date_format",
        vec![
            lit("2024-03-05 14:07:09"),
            lit("EEE, d MMM yyyy h:mm a XXX"),
        ],
        true,
    )
    .await
    .unwrap();
    assert_eq!(shown, "Tue, 5 Mar 2024 2:07 PM Z");
}

#[tokio::test]
async fn ansi_errors_and_nulls() {
    let e = eval_one("to_timestamp", vec![lit("x"), lit("yyyy")], true)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CANNOT_PARSE_TIMESTAMP"));
    let v = eval_one("to_timestamp", vec![lit("x"), lit("yyyy")], false)
        .await
        .unwrap();
    assert_eq!(v, "NULL");
    let e = eval_one("to_date", vec![lit("x")], true).await.unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("CAST_INVALID_INPUT"));
    let e = eval_one("date_format", vec![lit("2024-01-01"), lit("YYYY")], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION")
    );
}

#[tokio::test]
async fn epoch_zone_and_number_functions() {
    assert_eq!(
        eval_one(
            "unix_timestamp",
            vec![lit("2016-04-08"), lit("yyyy-MM-dd")],
            true
        )
        .await
        .unwrap(),
        "1460073600"
    );
    assert_eq!(
        eval_one("from_unixtime", vec![lit(0i64)], true)
            .await
            .unwrap(),
        "1970-01-01 00:00:00"
    );
    assert_eq!(
        eval_one(
            "from_utc_timestamp",
            vec![lit("2017-07-14 02:40:00"), lit("Asia/Seoul")],
            true
        )
        .await
        .unwrap(),
        "2017-07-14T11:40:00Z"
    );
    assert_eq!(
        eval_one("to_char", vec![lit(-12454.8f64), lit("99G999D9S")], true)
            .await
            .unwrap(),
        "12,454.8-"
    );
    assert_eq!(
        eval_one("to_number", vec![lit("<12>"), lit("99PR")], true)
            .await
            .unwrap(),
        "-12"
    );
    let e = eval_one("to_number", vec![lit("454"), lit("99")], true)
        .await
        .unwrap_err();
    assert_eq!(
        e.error_class.as_deref(),
        Some("INVALID_FORMAT.MISMATCH_INPUT")
    );
    assert_eq!(
        eval_one(
            "date_trunc",
            vec![lit("HOUR"), lit("2015-03-05T09:32:05")],
            true
        )
        .await
        .unwrap(),
        "2015-03-05T09:00:00Z"
    );
}
