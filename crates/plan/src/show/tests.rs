//! `show()` output checked against real Spark 4.3: every expected string below was printed by
//! `df._jdf.showString(numRows, truncate, vertical)` for the same data, with the session time
//! zone `America/Los_Angeles`.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal128Array,
    DurationMicrosecondArray, Float32Array, Float64Array, Int8Array, Int16Array, Int32Array,
    Int32Builder, Int64Array, IntervalMonthDayNanoArray, IntervalYearMonthArray, ListArray,
    MapBuilder, NullArray, RecordBatch, StringArray, StringBuilder, StringViewArray, StructArray,
    TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Field, Int32Type, IntervalMonthDayNano, Schema,
};

use chrono::Datelike;

use super::*;

const LA: &str = "America/Los_Angeles";

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(columns).unwrap()
}

fn show(b: &RecordBatch, num_rows: usize, truncate: usize, vertical: bool) -> String {
    show_string(std::slice::from_ref(b), num_rows, truncate, vertical, LA).unwrap()
}

fn ids(n: i64) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(0..n))
}

#[test]
fn right_aligned_with_truncation() {
    let b = batch(vec![
        ("id", ids(3)),
        ("i", Arc::new(Int32Array::from(vec![0, 1, 2]))),
        (
            "s",
            Arc::new(StringArray::from(vec![
                "x".to_string(),
                format!("x{}", "ab".repeat(8)),
                format!("x{}", "ab".repeat(16)),
            ])),
        ),
    ]);
    assert_eq!(
        show(&b, 20, 20, false),
        "+---+---+--------------------+
| id|  i|                   s|
+---+---+--------------------+
|  0|  0|                   x|
|  1|  1|   xabababababababab|
|  2|  2|xabababababababab...|
+---+---+--------------------+
"
    );
}

#[test]
fn footer_when_more_rows_exist() {
    let b = batch(vec![("id", ids(4))]);
    assert_eq!(
        show(&b, 3, 20, false),
        "+---+\n| id|\n+---+\n|  0|\n|  1|\n|  2|\n+---+\nonly showing top 3 rows"
    );
    let b = batch(vec![("id", ids(2))]);
    assert_eq!(
        show(&b, 1, 20, false),
        "+---+\n| id|\n+---+\n|  0|\n+---+\nonly showing top 1 row"
    );
    // Rows split over batches count together.
    let parts = [batch(vec![("id", ids(2))]), batch(vec![("id", ids(2))])];
    assert_eq!(
        show_string(&parts, 3, 20, false, LA).unwrap(),
        "+---+\n| id|\n+---+\n|  0|\n|  1|\n|  0|\n+---+\nonly showing top 3 rows"
    );
}

#[test]
fn empty_results() {
    let schema = Schema::new(vec![Field::new("id", ArrowType::Int64, false)]);
    assert_eq!(
        show_string_with_schema(&schema, &[], 20, 20, false, LA).unwrap(),
        "+---+\n| id|\n+---+\n+---+\n"
    );
    assert_eq!(
        show_string_with_schema(&schema, &[], 20, 20, true, LA).unwrap(),
        "(0 rows)"
    );
    let empty = RecordBatch::new_empty(Arc::new(schema));
    assert_eq!(show(&empty, 20, 20, false), "+---+\n| id|\n+---+\n+---+\n");
}

fn hello(n: i64) -> RecordBatch {
    batch(vec![
        ("id", ids(n)),
        (
            "s",
            Arc::new(StringArray::from(vec![
                "hello world long string";
                n as usize
            ])),
        ),
    ])
}

#[test]
fn left_aligned_without_truncation() {
    assert_eq!(
        show(&hello(3), 20, 0, false),
        "+---+-----------------------+
|id |s                      |
+---+-----------------------+
|0  |hello world long string|
|1  |hello world long string|
|2  |hello world long string|
+---+-----------------------+
"
    );
}

#[test]
fn short_truncation() {
    assert_eq!(
        show(&hello(3), 20, 3, false),
        "+---+---+\n| id|  s|\n+---+---+\n|  0|hel|\n|  1|hel|\n|  2|hel|\n+---+---+\n"
    );
    assert_eq!(
        show(&hello(3), 20, 5, false),
        "+---+-----+\n| id|    s|\n+---+-----+\n|  0|he...|\n|  1|he...|\n|  2|he...|\n+---+-----+\n"
    );
}

#[test]
fn vertical() {
    let mut b = hello(3);
    b = batch(vec![
        ("id", Arc::clone(b.column(0))),
        ("s", Arc::clone(b.column(1))),
        ("n", Arc::new(NullArray::new(3))),
    ]);
    assert_eq!(
        show(&b, 2, 20, true),
        "-RECORD 0-------------------
 id  | 0                    \n s   | hello world long ... \n n   | NULL                 \n-RECORD 1-------------------
 id  | 1                    \n s   | hello world long ... \n n   | NULL                 \nonly showing top 2 rows"
    );
    let b = batch(vec![
        ("id", ids(1)),
        (
            "a",
            Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
                Some(vec![Some(1), Some(2)]),
            ])),
        ),
    ]);
    assert_eq!(
        show(&b, 20, 20, true),
        "-RECORD 0-----\n id  | 0      \n a   | [1, 2] \n"
    );
}

#[test]
fn nulls_and_floating_point() {
    let doubles = [
        1.0,
        1e10,
        1e-5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e7,
        9999999.0,
        0.001,
        0.0001,
        123.456,
        -0.0,
    ];
    let names = ["c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"];
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        ("a", Arc::new(Int32Array::from(vec![None]))),
        ("b", Arc::new(StringArray::from(vec![None::<&str>]))),
    ];
    for (n, v) in names.iter().zip(doubles) {
        columns.push((n, Arc::new(Float64Array::from(vec![v]))));
    }
    for (n, v) in [
        ("o", 0.1f32),
        ("p", 1e10),
        ("q", 3.4028235e38),
        ("r", 1.4e-45),
    ] {
        columns.push((n, Arc::new(Float32Array::from(vec![v]))));
    }
    for (n, v) in [("u", 1.7976931348623157e308), ("v", 0.3), ("w", 100.0)] {
        columns.push((n, Arc::new(Float64Array::from(vec![v]))));
    }
    assert_eq!(
        show(&batch(columns), 20, 20, false),
        "+----+----+---+------+------+---+--------+---------+-----+---------+-----+------+-------+----+---+------+------------+-------+--------------------+---+-----+
|   a|   b|  c|     d|     e|  f|       g|        h|    i|        j|    k|     l|      m|   n|  o|     p|           q|      r|                   u|  v|    w|
+----+----+---+------+------+---+--------+---------+-----+---------+-----+------+-------+----+---+------+------------+-------+--------------------+---+-----+
|NULL|NULL|1.0|1.0E10|1.0E-5|NaN|Infinity|-Infinity|1.0E7|9999999.0|0.001|1.0E-4|123.456|-0.0|0.1|1.0E10|3.4028235E38|1.4E-45|1.797693134862315...|0.3|100.0|
+----+----+---+------+------+---+--------+---------+-----+---------+-----+------+-------+----+---+------+------------+-------+--------------------+---+-----+
"
    );
}

fn micros(s: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
        .unwrap()
        .and_utc()
        .timestamp_micros()
}

/// A `timestamp` given as Los Angeles wall-clock time.
fn la_timestamp(s: &str, offset_hours: i64) -> i64 {
    micros(s) - offset_hours * 3_600_000_000
}

#[test]
fn decimals_booleans_dates_timestamps() {
    let ts = |v: i64| -> ArrayRef {
        Arc::new(TimestampMicrosecondArray::from(vec![v]).with_timezone("UTC"))
    };
    let b = batch(vec![
        (
            "a",
            Arc::new(
                Decimal128Array::from(vec![150])
                    .with_precision_and_scale(10, 2)
                    .unwrap(),
            ),
        ),
        (
            "b",
            Arc::new(
                Decimal128Array::from(vec![-10])
                    .with_precision_and_scale(5, 3)
                    .unwrap(),
            ),
        ),
        ("t", Arc::new(BooleanArray::from(vec![true]))),
        ("f", Arc::new(BooleanArray::from(vec![false]))),
        ("dt", Arc::new(Date32Array::from(vec![19724]))),
        // PST is UTC-8 in January (Los Angeles has used PST since 1883).
        ("ts", ts(la_timestamp("2024-01-02 03:04:05", -8))),
        ("ts2", ts(la_timestamp("2024-01-02 03:04:05.5", -8))),
        ("ts3", ts(la_timestamp("2024-01-02 03:04:05.123456", -8))),
        (
            "ntz",
            Arc::new(TimestampMicrosecondArray::from(vec![micros(
                "2024-01-02 03:04:05.120",
            )])),
        ),
        ("old", ts(la_timestamp("1900-01-01 00:00:00", -8))),
        ("d1", Arc::new(Date32Array::from(vec![-719162]))),
    ]);
    assert_eq!(
        show(&b, 20, 0, false),
        "+----+------+----+-----+----------+-------------------+---------------------+--------------------------+----------------------+-------------------+----------+
|a   |b     |t   |f    |dt        |ts                 |ts2                  |ts3                       |ntz                   |old                |d1        |
+----+------+----+-----+----------+-------------------+---------------------+--------------------------+----------------------+-------------------+----------+
|1.50|-0.010|true|false|2024-01-02|2024-01-02 03:04:05|2024-01-02 03:04:05.5|2024-01-02 03:04:05.123456|2024-01-02 03:04:05.12|1900-01-01 00:00:00|0001-01-01|
+----+------+----+-----+----------+-------------------+---------------------+--------------------------+----------------------+-------------------+----------+
"
    );
}

#[test]
fn extreme_dates_and_timestamps() {
    let b = batch(vec![
        (
            "a",
            Arc::new(
                TimestampMicrosecondArray::from(vec![
                    // Before 1883 Los Angeles used local mean time, UTC-7:52:58.
                    micros("-0001-01-01 00:00:00") + (7 * 3600 + 52 * 60 + 58) * 1_000_000,
                ])
                .with_timezone("UTC"),
            ),
        ),
        (
            "b",
            Arc::new(
                TimestampMicrosecondArray::from(vec![la_timestamp(
                    "9999-12-31 23:59:59.999999",
                    -8,
                )])
                .with_timezone("UTC"),
            ),
        ),
        (
            "c",
            Arc::new(Date32Array::from(vec![
                chrono::NaiveDate::from_ymd_opt(-44, 3, 15)
                    .unwrap()
                    .num_days_from_ce()
                    - 719_163,
            ])),
        ),
        (
            "d",
            Arc::new(TimestampMicrosecondArray::from(vec![micros(
                "+12345-01-01 00:00:00",
            )])),
        ),
    ]);
    assert_eq!(
        show(&b, 20, 0, false),
        "+--------------------+--------------------------+-----------+---------------------+
|a                   |b                         |c          |d                    |
+--------------------+--------------------------+-----------+---------------------+
|-0001-01-01 00:00:00|9999-12-31 23:59:59.999999|-0044-03-15|+12345-01-01 00:00:00|
+--------------------+--------------------------+-----------+---------------------+
"
    );
}

fn string_map(entries: &[(&str, Option<i32>)]) -> ArrayRef {
    let mut m = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
    for (k, v) in entries {
        m.keys().append_value(k);
        m.values().append_option(*v);
    }
    m.append(true).unwrap();
    Arc::new(m.finish())
}

#[test]
fn binary_and_nested_values() {
    let st = StructArray::from(vec![
        (
            Arc::new(Field::new("a", ArrowType::Int32, false)),
            Arc::new(Int32Array::from(vec![1])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("b", ArrowType::Utf8, false)),
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        ),
    ]);
    let inner = StructArray::from(vec![(
        Arc::new(Field::new("c", ArrowType::Int32, false)),
        Arc::new(Int32Array::from(vec![1])) as ArrayRef,
    )]);
    let inner_list = ListArray::new(
        Arc::new(Field::new("element", inner.data_type().clone(), false)),
        datafusion::arrow::buffer::OffsetBuffer::from_lengths([1]),
        Arc::new(inner),
        None,
    );
    let st2 = StructArray::from(vec![
        (
            Arc::new(Field::new("a", ArrowType::Null, true)),
            Arc::new(NullArray::new(1)) as ArrayRef,
        ),
        (
            Arc::new(Field::new("b", inner_list.data_type().clone(), false)),
            Arc::new(inner_list) as ArrayRef,
        ),
    ]);
    let nested = ListArray::new(
        Arc::new(Field::new(
            "element",
            ArrowType::List(Arc::new(Field::new_list_field(ArrowType::Int32, true))),
            true,
        )),
        datafusion::arrow::buffer::OffsetBuffer::from_lengths([2]),
        Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1)]),
            None,
        ])),
        None,
    );
    let b = batch(vec![
        ("b", Arc::new(BinaryArray::from(vec![&[1u8, 2, 255][..]]))),
        ("e", Arc::new(BinaryArray::from(vec![&[][..]]))),
        (
            "a",
            Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
                Some(vec![Some(1), Some(2), None]),
            ])),
        ),
        ("m", string_map(&[("a", Some(1)), ("b", Some(2))])),
        ("mn", string_map(&[("a", None)])),
        ("st", Arc::new(st)),
        ("st2", Arc::new(st2)),
        (
            "ea",
            Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
                Some(Vec::<Option<i32>>::new()),
            ])),
        ),
        ("aa", Arc::new(nested)),
        (
            "sa",
            Arc::new(ListArray::new(
                Arc::new(Field::new("element", ArrowType::Utf8View, true)),
                datafusion::arrow::buffer::OffsetBuffer::from_lengths([2]),
                Arc::new(StringViewArray::from(vec![Some("a"), None])),
                None,
            )),
        ),
    ]);
    assert_eq!(
        show(&b, 20, 0, false),
        "+----------+---+------------+----------------+-----------+------+-------------+---+-----------+---------+
|b         |e  |a           |m               |mn         |st    |st2          |ea |aa         |sa       |
+----------+---+------------+----------------+-----------+------+-------------+---+-----------+---------+
|[01 02 FF]|[] |[1, 2, NULL]|{a -> 1, b -> 2}|{a -> NULL}|{1, x}|{NULL, [{1}]}|[] |[[1], NULL]|[a, NULL]|
+----------+---+------------+----------------+-----------+------+-------------+---+-----------+---------+
"
    );
}

#[test]
fn intervals() {
    let us = |d: i64, h: i64, m: i64, s: i64, f: i64| {
        ((d * 24 + h) * 60 + m) * 60_000_000 + s * 1_000_000 + f
    };
    let b = batch(vec![
        (
            "a",
            Arc::new(DurationMicrosecondArray::from(vec![us(1, 2, 3, 4, 0)])),
        ),
        (
            "b",
            Arc::new(DurationMicrosecondArray::from(vec![-us(
                1, 2, 3, 4, 500_000,
            )])),
        ),
        ("d", Arc::new(IntervalYearMonthArray::from(vec![14]))),
        (
            "g",
            Arc::new(IntervalMonthDayNanoArray::from(vec![
                IntervalMonthDayNano::new(14, 3, us(0, 4, 5, 6, 500_000) * 1000),
            ])),
        ),
        (
            "h",
            Arc::new(IntervalMonthDayNanoArray::from(vec![
                IntervalMonthDayNano::new(0, 0, 0),
            ])),
        ),
    ]);
    assert_eq!(
        show(&b, 20, 0, false),
        "+-----------------------------------+--------------------------------------+----------------------------+-----------------------------------------------------+---------+
|a                                  |b                                     |d                           |g                                                    |h        |
+-----------------------------------+--------------------------------------+----------------------------+-----------------------------------------------------+---------+
|INTERVAL '1 02:03:04' DAY TO SECOND|INTERVAL '-1 02:03:04.5' DAY TO SECOND|INTERVAL '1-2' YEAR TO MONTH|1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds|0 seconds|
+-----------------------------------+--------------------------------------+----------------------------+-----------------------------------------------------+---------+
"
    );
}

#[test]
fn wide_characters_and_escapes() {
    let b = batch(vec![
        ("j", Arc::new(StringArray::from(vec!["日本語テキスト"; 2]))),
        ("a", Arc::new(StringArray::from(vec!["abc"; 2]))),
        ("e", Arc::new(StringArray::from(vec!["a\tb\nc"; 2]))),
    ]);
    assert_eq!(
        show(&b, 20, 20, false),
        "+--------------+---+-------+
|             j|  a|      e|
+--------------+---+-------+
|日本語テキスト|abc|a\\tb\\nc|
|日本語テキスト|abc|a\\tb\\nc|
+--------------+---+-------+
"
    );
    let b = batch(vec![
        ("j", Arc::new(StringArray::from(vec!["日本語"; 2]))),
        ("a", Arc::new(StringArray::from(vec!["abc"; 2]))),
    ]);
    assert_eq!(
        show(&b, 20, 20, true),
        "-RECORD 0-----\n j   | 日本語 \n a   | abc    \n-RECORD 1-----\n j   | 日本語 \n a   | abc    \n"
    );
    let b = batch(vec![
        ("a\tb", Arc::new(Int32Array::from(vec![1]))),
        ("日本", Arc::new(StringArray::from(vec!["x"]))),
    ]);
    assert_eq!(
        show(&b, 20, 20, false),
        "+----+----+\n|a\\tb|日本|\n+----+----+\n|   1|   x|\n+----+----+\n"
    );
}

#[test]
fn small_integers_and_nested_datetimes() {
    let b = batch(vec![
        ("a", Arc::new(Int8Array::from(vec![1]))),
        ("b", Arc::new(Int16Array::from(vec![2]))),
        ("c", Arc::new(Int32Array::from(vec![-5]))),
        ("d", Arc::new(Int64Array::from(vec![12345678901]))),
    ]);
    assert_eq!(
        show(&b, 20, 20, false),
        "+---+---+---+-----------+\n|  a|  b|  c|          d|\n+---+---+---+-----------+\n|  1|  2| -5|12345678901|\n+---+---+---+-----------+\n"
    );

    let doubles = ListArray::new(
        Arc::new(Field::new("element", ArrowType::Float64, true)),
        datafusion::arrow::buffer::OffsetBuffer::from_lengths([3]),
        Arc::new(Float64Array::from(vec![Some(1.5), None, Some(1e20)])),
        None,
    );
    let inner = StructArray::from(vec![
        (
            Arc::new(Field::new(
                "x",
                ArrowType::Timestamp(
                    datafusion::arrow::datatypes::TimeUnit::Microsecond,
                    Some("UTC".into()),
                ),
                false,
            )),
            Arc::new(
                TimestampMicrosecondArray::from(vec![la_timestamp("2024-01-01 00:00:00", -8)])
                    .with_timezone("UTC"),
            ) as ArrayRef,
        ),
        (
            Arc::new(Field::new("y", ArrowType::Date32, false)),
            Arc::new(Date32Array::from(vec![18294])) as ArrayRef,
        ),
    ]);
    let entries = StructArray::from(vec![
        (
            Arc::new(Field::new("key", ArrowType::Int32, false)),
            Arc::new(Int32Array::from(vec![1])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("value", inner.data_type().clone(), false)),
            Arc::new(inner) as ArrayRef,
        ),
    ]);
    let map = datafusion::arrow::array::MapArray::new(
        Arc::new(Field::new("entries", entries.data_type().clone(), false)),
        datafusion::arrow::buffer::OffsetBuffer::from_lengths([1]),
        entries,
        None,
        false,
    );
    let b = batch(vec![("m", Arc::new(map)), ("ad", Arc::new(doubles))]);
    assert_eq!(
        show(&b, 20, 0, false),
        "+----------------------------------------+-------------------+
|m                                       |ad                 |
+----------------------------------------+-------------------+
|{1 -> {2024-01-01 00:00:00, 2020-02-02}}|[1.5, NULL, 1.0E20]|
+----------------------------------------+-------------------+
"
    );
}

#[test]
fn format_value_handles_other_arrow_types() {
    use datafusion::arrow::array::{DictionaryArray, LargeStringArray, UInt64Array};
    let dict: DictionaryArray<Int32Type> = vec!["a", "b", "a"].into_iter().collect();
    assert_eq!(format_value(&dict, 2, LA).unwrap(), "a");
    let large = LargeStringArray::from(vec!["big"]);
    assert_eq!(format_value(&large, 0, LA).unwrap(), "big");
    let u = UInt64Array::from(vec![u64::MAX]);
    assert_eq!(format_value(&u, 0, LA).unwrap(), "18446744073709551615");
    let nulls = Int32Array::from(vec![None, Some(3)]);
    assert_eq!(format_value(&nulls, 0, LA).unwrap(), "NULL");
    assert_eq!(format_value(&nulls, 1, LA).unwrap(), "3");
    assert!(format_value(&nulls, 2, LA).is_err());
    assert!(format_value(&nulls, 1, "No/Such_Zone").is_err());
}
