//! JSON functions (`from_json`, `to_json`, `get_json_object`, `json_tuple`, `schema_of_json`,
//! `json_array_length`, `json_object_keys`), over Sabot's own JSON reader ([`value`]).

mod array_length;
pub(crate) mod cells;
pub(crate) mod datetime;
pub(crate) mod from_json;
mod get_json_object;
pub(crate) mod json_tuple;
pub(crate) mod schema;
pub(crate) mod schema_of_json;
pub(crate) mod to_json;
pub(crate) use to_json::type_sql as to_json_type_sql;
pub(crate) mod value;
pub(crate) mod write_text;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind, display_call};

const fn entry(
    name: &'static str,
    kind: FunctionKind,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    FunctionEntry {
        name,
        kind,
        build,
        display,
    }
}

const fn scalar(
    name: &'static str,
    build: crate::BuildFn,
    display: crate::DisplayFn,
) -> FunctionEntry {
    entry(name, FunctionKind::Scalar, build, display)
}

/// `name(first)`: Spark names these calls after their first argument only (the schema and
/// options are not part of `sql`).
pub(crate) fn display_first(name: &str, args: &[String], _: bool) -> String {
    format!("{name}({})", args.first().map_or("", String::as_str))
}

/// `from_json` of a map schema is named `entries` in Spark (the map's field name), others
/// after the first argument.
fn display_from_json(name: &str, args: &[String], d: bool) -> String {
    let is_map = args.get(1).is_some_and(|s| {
        matches!(
            schema::parse_schema(s),
            Ok(sabot_common::spec::DataType::Map { .. })
        )
    });
    if is_map {
        "entries".to_string()
    } else {
        display_first(name, args, d)
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("from_json", from_json::build, display_from_json),
    scalar("get_json_object", get_json_object::build, display_call),
    scalar(
        "json_array_length",
        array_length::build_length,
        display_call,
    ),
    scalar("json_object_keys", array_length::build_keys, display_call),
    entry(
        "json_tuple",
        FunctionKind::Generator,
        json_tuple::build,
        display_call,
    ),
    scalar("schema_of_json", schema_of_json::build, display_first),
    scalar("to_json", to_json::build, display_first),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = array_length::udfs();
    v.push(get_json_object::udf());
    v
}
