//! The Spark schema as Spark's Parquet writer stores it in the file footer
//! (`org.apache.spark.sql.parquet.row.metadata`, Spark's `DataType.json`), with the writer
//! version (`org.apache.spark.version`). Spark reads these back: the exact Spark types, and —
//! since the file says it was written by Spark 3+ — dates and timestamps before 1582 as
//! proleptic Gregorian values without a rebase error.

use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};

/// The Spark version whose files Sabot's match.
pub const SPARK_VERSION: &str = "4.3.0";

/// A JSON string literal.
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn day_time(f: DayTimeField) -> &'static str {
    match f {
        DayTimeField::Day => "day",
        DayTimeField::Hour => "hour",
        DayTimeField::Minute => "minute",
        DayTimeField::Second => "second",
    }
}

fn year_month(f: YearMonthField) -> &'static str {
    match f {
        YearMonthField::Year => "year",
        YearMonthField::Month => "month",
    }
}

fn interval(start: &str, end: &str) -> String {
    if start == end {
        format!("interval {start}")
    } else {
        format!("interval {start} to {end}")
    }
}

fn field(out: &mut String, f: &StructField) {
    out.push_str("{\"name\":");
    json_string(out, &f.name);
    out.push_str(",\"type\":");
    data_type(out, &f.data_type);
    out.push_str(&format!(",\"nullable\":{},\"metadata\":", f.nullable));
    out.push_str(f.metadata.as_deref().unwrap_or("{}"));
    out.push('}');
}

/// Appends `t` as Spark's `DataType.json` writes it.
pub fn data_type(out: &mut String, t: &DataType) {
    let atom = match t {
        DataType::Null => "void".to_string(),
        DataType::Boolean => "boolean".into(),
        DataType::Byte => "byte".into(),
        DataType::Short => "short".into(),
        DataType::Integer => "integer".into(),
        DataType::Long => "long".into(),
        DataType::Float => "float".into(),
        DataType::Double => "double".into(),
        DataType::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
        DataType::String | DataType::Char(_) | DataType::Varchar(_) => "string".into(),
        DataType::Binary => "binary".into(),
        DataType::Date => "date".into(),
        DataType::Timestamp => "timestamp".into(),
        DataType::TimestampNtz => "timestamp_ntz".into(),
        DataType::Time(p) => format!("time({p})"),
        DataType::DayTimeInterval { start, end } => interval(day_time(*start), day_time(*end)),
        DataType::YearMonthInterval { start, end } => {
            interval(year_month(*start), year_month(*end))
        }
        DataType::CalendarInterval => "interval".into(),
        DataType::Variant => "variant".into(),
        DataType::Array {
            element,
            contains_null,
        } => {
            out.push_str("{\"type\":\"array\",\"elementType\":");
            data_type(out, element);
            out.push_str(&format!(",\"containsNull\":{contains_null}}}"));
            return;
        }
        DataType::Map {
            key,
            value,
            value_contains_null,
        } => {
            out.push_str("{\"type\":\"map\",\"keyType\":");
            data_type(out, key);
            out.push_str(",\"valueType\":");
            data_type(out, value);
            out.push_str(&format!(",\"valueContainsNull\":{value_contains_null}}}"));
            return;
        }
        DataType::Struct(fields) => {
            out.push_str("{\"type\":\"struct\",\"fields\":[");
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                field(out, f);
            }
            out.push_str("]}");
            return;
        }
    };
    json_string(out, &atom);
}

/// The footer key-values of a Parquet file with this (struct) schema.
pub fn parquet_metadata(schema: &DataType) -> Vec<(String, String)> {
    let mut json = String::new();
    data_type(&mut json, schema);
    vec![
        (
            "org.apache.spark.version".to_string(),
            SPARK_VERSION.to_string(),
        ),
        (
            "org.apache.spark.sql.parquet.row.metadata".to_string(),
            json,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_json_as_spark_writes_it() {
        let t = DataType::Struct(vec![
            StructField::new("i", DataType::Integer, false),
            StructField::new(
                "a",
                DataType::Array {
                    element: Box::new(DataType::Long),
                    contains_null: true,
                },
                true,
            ),
            StructField::new(
                "m",
                DataType::Map {
                    key: Box::new(DataType::String),
                    value: Box::new(DataType::Decimal {
                        precision: 2,
                        scale: 1,
                    }),
                    value_contains_null: true,
                },
                false,
            ),
            StructField::new("q\"", DataType::TimestampNtz, true),
        ]);
        let mut s = String::new();
        data_type(&mut s, &t);
        assert_eq!(
            s,
            concat!(
                r#"{"type":"struct","fields":[{"name":"i","type":"integer","nullable":false,"metadata":{}},"#,
                r#"{"name":"a","type":{"type":"array","elementType":"long","containsNull":true},"nullable":true,"metadata":{}},"#,
                r#"{"name":"m","type":{"type":"map","keyType":"string","valueType":"decimal(2,1)","valueContainsNull":true},"nullable":false,"metadata":{}},"#,
                r#"{"name":"q\"","type":"timestamp_ntz","nullable":true,"metadata":{}}]}"#
            )
        );
    }
}
