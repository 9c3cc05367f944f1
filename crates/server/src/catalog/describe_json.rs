//! `DESCRIBE TABLE EXTENDED t AS JSON` (Spark's `DescribeRelationJsonCommand`): one
//! `json_metadata` string with the table's name, columns (types as Spark's JSON type objects)
//! and detailed information, keys in Spark's order.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{CATALOG_NAME, TableKind, TableMeta};
use sabot_common::spec::{DataType, DayTimeField, YearMonthField};
use sabot_common::{Result, SparkError};

use super::describe::columns_of;
use super::out::{Col, batch};
use super::tables::{self, Target};
use crate::session::Session;

/// A JSON value whose objects keep their keys in the order written (Spark's order).
enum Json {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Json>),
    Object(Vec<(&'static str, Json)>),
    /// A string map (`table_properties`): an object with its own keys.
    StrMap(BTreeMap<String, String>),
}

fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

impl Json {
    fn str(s: impl Into<String>) -> Self {
        Self::Str(s.into())
    }

    fn render(&self, out: &mut String) {
        match self {
            Self::Str(s) => out.push_str(&quoted(s)),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Int(i) => out.push_str(&i.to_string()),
            Self::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render(out);
                }
                out.push(']');
            }
            Self::Object(fields) => {
                out.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quoted(k));
                    out.push(':');
                    v.render(out);
                }
                out.push('}');
            }
            Self::StrMap(m) => {
                let fields: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{}:{}", quoted(k), quoted(v)))
                    .collect();
                out.push_str(&format!("{{{}}}", fields.join(",")));
            }
        }
    }
}

/// `DESCRIBE [TABLE] EXTENDED|FORMATTED table AS JSON`.
pub async fn describe_table_json(session: &Arc<Session>, parts: &[String]) -> Result<RecordBatch> {
    let Target::Table(meta) = tables::get(session, parts)? else {
        return Err(SparkError::unsupported(
            "DESCRIBE ... AS JSON of a temporary view",
        ));
    };
    if meta.kind == TableKind::View {
        // Spark also lists the configuration the view was created with, which Sabot does not
        // keep.
        return Err(SparkError::unsupported("DESCRIBE ... AS JSON of a view"));
    }
    let mut columns = Vec::new();
    for c in columns_of(session, parts).await? {
        let data_type = sabot_sql::parse_data_type(&c.data_type)?;
        let mut column = vec![
            ("name", Json::str(c.name)),
            ("type", type_json(&data_type)),
            ("nullable", Json::Bool(c.nullable)),
        ];
        if let Some(comment) = c.comment {
            column.push(("comment", Json::str(comment)));
        }
        columns.push(Json::Object(column));
    }
    let mut text = String::new();
    table_json(&meta, columns).render(&mut text);
    batch(vec![Col::Str("json_metadata", false, vec![Some(text)])])
}

fn table_json(meta: &TableMeta, columns: Vec<Json>) -> Json {
    let mut m = vec![
        ("table_name", Json::str(meta.name.clone())),
        ("catalog_name", Json::str(CATALOG_NAME)),
        (
            "namespace",
            Json::Array(vec![Json::str(meta.database.clone())]),
        ),
        ("schema_name", Json::str(meta.database.clone())),
        ("columns", Json::Array(columns)),
    ];
    if let Some(l) = &meta.location {
        m.push(("location", Json::str(l.clone())));
    }
    m.push(("created_time", Json::str(iso_time(meta.created_ms))));
    m.push(("last_access", Json::str("UNKNOWN")));
    m.push(("created_by", Json::str("Spark 4.3.0")));
    m.push(("type", Json::str(meta.kind.name())));
    if let Some(p) = &meta.provider {
        m.push(("provider", Json::str(p.clone())));
    }
    if let Some(c) = &meta.comment {
        m.push(("comment", Json::str(c.clone())));
    }
    if !meta.properties.is_empty() {
        m.push(("table_properties", Json::StrMap(meta.properties.clone())));
    }
    if !meta.options.is_empty() {
        m.push(("storage_properties", Json::StrMap(meta.options.clone())));
    }
    if !meta.partition_columns.is_empty() {
        m.push(("partition_provider", Json::str("Catalog")));
        let cols = meta.partition_columns.iter().cloned().map(Json::Str);
        m.push(("partition_columns", Json::Array(cols.collect())));
    }
    m.push(("collation", Json::str("UTF8_BINARY")));
    Json::Object(m)
}

/// `2026-11-27T08:02:28Z` (UTC, whole seconds).
fn iso_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = super::describe::civil_from_days(secs.div_euclid(86_400));
    let tod = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        tod / 3600,
        tod % 3600 / 60,
        tod % 60
    )
}

/// Spark's JSON object of a type (`DescribeRelationJsonCommand`'s type objects).
fn type_json(t: &DataType) -> Json {
    let name = |n: &str| ("name", Json::str(n));
    let day_time = |f: &DayTimeField| {
        Json::str(match f {
            DayTimeField::Day => "day",
            DayTimeField::Hour => "hour",
            DayTimeField::Minute => "minute",
            DayTimeField::Second => "second",
        })
    };
    let year_month = |f: &YearMonthField| {
        Json::str(match f {
            YearMonthField::Year => "year",
            YearMonthField::Month => "month",
        })
    };
    Json::Object(match t {
        DataType::String => vec![name("string"), ("collation", Json::str("UTF8_BINARY"))],
        DataType::Timestamp => vec![name("timestamp_ltz")],
        DataType::Decimal { precision, scale } => vec![
            name("decimal"),
            ("precision", Json::Int(i64::from(*precision))),
            ("scale", Json::Int(i64::from(*scale))),
        ],
        DataType::DayTimeInterval { start, end } => vec![
            name("interval"),
            ("start_unit", day_time(start)),
            ("end_unit", day_time(end)),
        ],
        DataType::YearMonthInterval { start, end } => vec![
            name("interval"),
            ("start_unit", year_month(start)),
            ("end_unit", year_month(end)),
        ],
        DataType::Array {
            element,
            contains_null,
        } => vec![
            name("array"),
            ("element_type", type_json(element)),
            ("element_nullable", Json::Bool(*contains_null)),
        ],
        DataType::Map {
            key,
            value,
            value_contains_null,
        } => vec![
            name("map"),
            ("key_type", type_json(key)),
            ("value_type", type_json(value)),
            ("value_nullable", Json::Bool(*value_contains_null)),
        ],
        DataType::Struct(fields) => {
            let fields = fields
                .iter()
                .map(|f| {
                    Json::Object(vec![
                        ("name", Json::str(f.name.clone())),
                        ("type", type_json(&f.data_type)),
                        ("nullable", Json::Bool(f.nullable)),
                    ])
                })
                .collect();
            vec![name("struct"), ("fields", Json::Array(fields))]
        }
        other => vec![name(&other.simple_string())],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_types_as_spark() {
        assert_eq!(iso_time(1_795_683_941_000), "2026-11-26T09:05:41Z");
        let mut out = String::new();
        type_json(&sabot_sql::parse_data_type("map<string,decimal(10,2)>").unwrap())
            .render(&mut out);
        assert_eq!(
            out,
            r#"{"name":"map","key_type":{"name":"string","collation":"UTF8_BINARY"},"value_type":{"name":"decimal","precision":10,"scale":2},"value_nullable":true}"#
        );
    }
}
