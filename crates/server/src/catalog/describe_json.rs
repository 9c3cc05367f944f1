//! `DESCRIBE TABLE EXTENDED t AS JSON` (Spark's `DescribeRelationJsonCommand`): one
//! `json_metadata` string with the table's name, columns (types as Spark's JSON type objects)
//! and detailed information, keys in Spark's order.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use sabot_catalog::{CATALOG_NAME, TableKind, TableMeta};
use sabot_common::Result;
use sabot_common::spec::{DataType, DayTimeField, YearMonthField};
use sabot_functions::{Json, json_text};

use super::describe::{columns_of, view_query_columns};
use super::out::{Col, batch};
use super::tables::{self, Target};
use super::view_info::{self, TempViewInfo};
use crate::session::Session;

fn str(s: impl Into<String>) -> Json {
    Json::Str(s.into())
}

fn object(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// A string map (`table_properties`) as an object with its own keys.
fn string_map(m: &BTreeMap<String, String>) -> Json {
    Json::Object(m.iter().map(|(k, v)| (k.clone(), str(v.clone()))).collect())
}

/// `DESCRIBE [TABLE] EXTENDED|FORMATTED table AS JSON`.
pub async fn describe_table_json(session: &Arc<Session>, parts: &[String]) -> Result<RecordBatch> {
    let target = tables::get(session, parts)?;
    let mut columns = Vec::new();
    for c in columns_of(session, parts).await? {
        let data_type = sabot_sql::parse_data_type(&c.data_type)?;
        let mut column = vec![
            ("name", str(c.name)),
            ("type", type_json(&data_type)),
            ("nullable", Json::Bool(c.nullable)),
        ];
        if let Some(comment) = c.comment {
            column.push(("comment", str(comment)));
        }
        columns.push(object(column));
    }
    let doc = match target {
        Target::Table(meta) => table_json(&meta, columns),
        Target::TempView(name) => {
            temp_view_json(&view_info::get(session, &name, false)?, &name, columns)
        }
        Target::GlobalTemp(name) => {
            temp_view_json(&view_info::get(session, &name, true)?, &name, columns)
        }
    };
    batch(vec![Col::Str(
        "json_metadata",
        false,
        vec![Some(json_text(&doc))],
    )])
}

/// A temporary view (Spark's `CatalogTable` of one: in the `system.session` namespace, global
/// ones too).
fn temp_view_json(info: &TempViewInfo, name: &str, columns: Vec<Json>) -> Json {
    let mut m = vec![
        ("table_name", str(name)),
        ("catalog_name", str("system")),
        ("namespace", Json::Array(vec![str("session")])),
        ("schema_name", str("session")),
        ("columns", Json::Array(columns)),
        ("created_time", str(iso_time(info.created_ms))),
        ("last_access", str("UNKNOWN")),
    ];
    // Spark records its version only for views made by SQL (`CreateViewCommand`); a
    // DataFrame's view has an empty one.
    match &info.sql {
        Some(sql) => {
            m.push(("created_by", str("Spark 4.3.0")));
            m.push(("type", str("VIEW")));
            m.push(("view_text", str(sql.text.clone())));
            m.push(("view_schema_mode", str("BINDING")));
            m.push((
                "view_catalog_and_namespace",
                str(format!("{CATALOG_NAME}.{}", sql.database)),
            ));
            let names = sql.query_columns.iter().cloned().map(Json::Str).collect();
            m.push(("view_query_output_columns", Json::Array(names)));
        }
        None => {
            m.push(("created_by", str("Spark ")));
            m.push(("type", str("VIEW")));
            m.push(("view_schema_mode", str("BINDING")));
        }
    }
    m.push(("collation", str("UTF8_BINARY")));
    object(m)
}

fn table_json(meta: &TableMeta, columns: Vec<Json>) -> Json {
    let mut m = vec![
        ("table_name", str(meta.name.clone())),
        ("catalog_name", str(CATALOG_NAME)),
        ("namespace", Json::Array(vec![str(meta.database.clone())])),
        ("schema_name", str(meta.database.clone())),
        ("columns", Json::Array(columns)),
    ];
    if let Some(l) = &meta.location {
        m.push(("location", str(l.clone())));
    }
    m.push(("created_time", str(iso_time(meta.created_ms))));
    m.push(("last_access", str("UNKNOWN")));
    m.push(("created_by", str("Spark 4.3.0")));
    m.push(("type", str(meta.kind.name())));
    if let Some(p) = &meta.provider {
        m.push(("provider", str(p.clone())));
    }
    if let Some(c) = &meta.comment {
        m.push(("comment", str(c.clone())));
    }
    if meta.kind == TableKind::View {
        let text = meta.view_text.clone().unwrap_or_default();
        m.push(("view_text", str(text.clone())));
        m.push(("view_original_text", str(text)));
        m.push(("view_schema_mode", str("COMPENSATION")));
        m.push((
            "view_catalog_and_namespace",
            str(format!("{CATALOG_NAME}.{}", meta.database)),
        ));
        let names = view_query_columns(meta).into_iter().map(Json::Str);
        m.push(("view_query_output_columns", Json::Array(names.collect())));
    }
    if !meta.properties.is_empty() {
        m.push(("table_properties", string_map(&meta.properties)));
    }
    if meta.kind == TableKind::View {
        m.push((
            "view_creation_spark_configuration",
            string_map(&meta.view_sql_configs),
        ));
    }
    if !meta.options.is_empty() {
        m.push(("storage_properties", string_map(&meta.options)));
    }
    if !meta.partition_columns.is_empty() {
        m.push(("partition_provider", str("Catalog")));
        let cols = meta.partition_columns.iter().cloned().map(Json::Str);
        m.push(("partition_columns", Json::Array(cols.collect())));
    }
    m.push(("collation", str("UTF8_BINARY")));
    object(m)
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
    let name = |n: &str| ("name", str(n));
    let day_time = |f: &DayTimeField| {
        str(match f {
            DayTimeField::Day => "day",
            DayTimeField::Hour => "hour",
            DayTimeField::Minute => "minute",
            DayTimeField::Second => "second",
        })
    };
    let year_month = |f: &YearMonthField| {
        str(match f {
            YearMonthField::Year => "year",
            YearMonthField::Month => "month",
        })
    };
    object(match t {
        DataType::String => vec![name("string"), ("collation", str("UTF8_BINARY"))],
        DataType::Timestamp => vec![name("timestamp_ltz")],
        DataType::Decimal { precision, scale } => vec![
            name("decimal"),
            ("precision", Json::Int(precision.to_string())),
            ("scale", Json::Int(scale.to_string())),
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
                    object(vec![
                        ("name", str(f.name.clone())),
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
        let t = sabot_sql::parse_data_type("map<string,decimal(10,2)>").unwrap();
        assert_eq!(
            json_text(&type_json(&t)),
            r#"{"name":"map","key_type":{"name":"string","collation":"UTF8_BINARY"},"value_type":{"name":"decimal","precision":10,"scale":2},"value_nullable":true}"#
        );
    }
}
