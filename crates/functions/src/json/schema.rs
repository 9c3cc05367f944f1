//! The constant arguments of the JSON/CSV functions: a schema given as a DDL string or as
//! Spark's JSON type format (what PySpark sends for a `StructType`; Spark's
//! `ExprUtils.evalTypeExpr` + `DataType.parseTypeWithFallback`), and an options map.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, StructField};
use sabot_common::{Result, SparkError};

use super::value::{Json, ReadOptions, parse_all};

/// The string value of a constant argument, if it is one.
pub(crate) fn literal_str(e: &DfExpr) -> Option<Option<String>> {
    match e {
        DfExpr::Literal(v, _) => match v {
            ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => {
                Some(s.clone())
            }
            ScalarValue::Null => Some(None),
            _ => None,
        },
        DfExpr::Alias(a) => literal_str(&a.expr),
        DfExpr::Cast(c) => literal_str(&c.expr),
        _ => None,
    }
}

/// `INVALID_SCHEMA.NON_STRING_LITERAL` (Spark's `QueryCompilationErrors.unexpectedSchemaTypeError`).
fn non_string_schema(shown: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_SCHEMA.NON_STRING_LITERAL",
        "42K07",
        format!("The input schema {shown} is not a valid schema string. The input expression must be string literal and not null."),
    )
    .param("inputSchema", shown)
}

/// The schema argument: a string literal holding Spark's JSON type format or DDL.
pub(crate) fn schema_arg(e: &DfExpr) -> Result<DataType> {
    let text = match literal_str(e) {
        Some(Some(s)) => s,
        _ => return Err(non_string_schema(&format!("\"{e}\""))),
    };
    parse_schema(&text)
}

/// Spark's `parseTypeWithFallback(schema, DataType.fromJson, fromDDL)`.
pub fn parse_schema(text: &str) -> Result<DataType> {
    if let Some(t) = parse_all(text, &ReadOptions::default()).and_then(|j| json_type(&j)) {
        return Ok(t);
    }
    // Spark reports the DDL parser's error as an `AnalysisException` here.
    sabot_sql::parse_ddl_schema(text).map_err(|mut e| {
        e.kind = ExceptionKind::Analysis;
        e
    })
}

/// Spark's JSON type format (`DataType.fromJson`): a type name, or an object for
/// `struct`/`array`/`map`.
fn json_type(v: &Json) -> Option<DataType> {
    match v {
        Json::Str(name) => sabot_sql::parse_data_type(name).ok(),
        Json::Object(fields) => {
            let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
            let flag = |k: &str| !matches!(get(k), Some(Json::Bool(false)));
            match get("type")? {
                Json::Str(t) if t == "struct" => {
                    let Json::Array(items) = get("fields")? else {
                        return None;
                    };
                    items
                        .iter()
                        .map(json_field)
                        .collect::<Option<Vec<_>>>()
                        .map(DataType::Struct)
                }
                Json::Str(t) if t == "array" => Some(DataType::Array {
                    element: Box::new(json_type(get("elementType")?)?),
                    contains_null: flag("containsNull"),
                }),
                Json::Str(t) if t == "map" => Some(DataType::Map {
                    key: Box::new(json_type(get("keyType")?)?),
                    value: Box::new(json_type(get("valueType")?)?),
                    value_contains_null: flag("valueContainsNull"),
                }),
                _ => None,
            }
        }
        _ => None,
    }
}

fn json_field(v: &Json) -> Option<StructField> {
    let Json::Object(fields) = v else {
        return None;
    };
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let Json::Str(name) = get("name")? else {
        return None;
    };
    Some(StructField {
        name: name.clone(),
        data_type: json_type(get("type")?)?,
        nullable: !matches!(get("nullable"), Some(Json::Bool(false))),
        metadata: None,
    })
}

/// The Arrow type of a parsed value of Spark type `t`, with every field and element nullable
/// (Spark's `DataType.asNullable`, applied by `JsonToStructs`/`CsvToStructs`).
pub(crate) fn nullable_arrow(t: &DataType, time_zone: &str) -> Result<ArrowType> {
    Ok(match t {
        DataType::Null => ArrowType::Null,
        DataType::Boolean => ArrowType::Boolean,
        DataType::Byte => ArrowType::Int8,
        DataType::Short => ArrowType::Int16,
        DataType::Integer => ArrowType::Int32,
        DataType::Long => ArrowType::Int64,
        DataType::Float => ArrowType::Float32,
        DataType::Double => ArrowType::Float64,
        DataType::Decimal { precision, scale } => ArrowType::Decimal128(*precision, *scale),
        DataType::String | DataType::Char(_) | DataType::Varchar(_) => ArrowType::Utf8,
        DataType::Binary => ArrowType::Binary,
        DataType::Date => ArrowType::Date32,
        DataType::Timestamp => {
            ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(time_zone)))
        }
        DataType::TimestampNtz => ArrowType::Timestamp(TimeUnit::Microsecond, None),
        DataType::Variant => crate::variant::arrow_type(),
        DataType::Array { element, .. } => ArrowType::List(Arc::new(Field::new(
            "element",
            nullable_arrow(element, time_zone)?,
            true,
        ))),
        DataType::Map { key, value, .. } => {
            let entries = Fields::from(vec![
                Field::new("key", nullable_arrow(key, time_zone)?, false),
                Field::new("value", nullable_arrow(value, time_zone)?, true),
            ]);
            ArrowType::Map(
                Arc::new(Field::new("entries", ArrowType::Struct(entries), false)),
                false,
            )
        }
        DataType::Struct(fields) => ArrowType::Struct(
            fields
                .iter()
                .map(|f| {
                    Ok(Field::new(
                        f.name.clone(),
                        nullable_arrow(&f.data_type, time_zone)?,
                        true,
                    ))
                })
                .collect::<Result<Fields>>()?,
        ),
        other => {
            return Err(SparkError::unsupported(format!(
                "parsing values of type {other:?} from JSON or CSV"
            )));
        }
    })
}

/// The options map argument (`map('k', 'v', ...)`, what PySpark sends for `options=`), keys
/// lower-cased as Spark's `CaseInsensitiveMap` compares them.
pub(crate) fn options_arg(e: Option<&DfExpr>) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let Some(e) = e else {
        return Ok(out);
    };
    let bad = || {
        SparkError::with_class(
            ExceptionKind::Analysis,
            "INVALID_OPTIONS.NON_MAP_FUNCTION",
            "42K06",
            "Invalid options: Must use the `map()` function for options.",
        )
    };
    let DfExpr::ScalarFunction(f) = e else {
        return Err(bad());
    };
    // `map(k1, v1, ...)` as the collection functions build it: keys and values alternate.
    if f.name() == crate::collection::CREATE_MAP_NAME {
        for kv in f.args.chunks(2) {
            let [k, v] = kv else {
                return Err(bad());
            };
            let k = literal_str(k).ok_or_else(non_string_option)?;
            let v = literal_str(v).ok_or_else(non_string_option)?;
            if let (Some(k), Some(v)) = (k, v) {
                out.insert(k.to_ascii_lowercase(), v);
            }
        }
        return Ok(out);
    }
    if f.name() != "map" || f.args.len() != 2 {
        return Err(bad());
    }
    let items = |a: &DfExpr| -> Result<Vec<Option<String>>> {
        match a {
            DfExpr::ScalarFunction(m) if m.name() == "make_array" => m
                .args
                .iter()
                .map(|x| literal_str(x).ok_or_else(non_string_option))
                .collect(),
            _ => Err(bad()),
        }
    };
    let keys = items(&f.args[0])?;
    let values = items(&f.args[1])?;
    for (k, v) in keys.into_iter().zip(values) {
        if let (Some(k), Some(v)) = (k, v) {
            out.insert(k.to_ascii_lowercase(), v);
        }
    }
    Ok(out)
}

/// `INVALID_OPTIONS.NON_STRING_TYPE`.
fn non_string_option() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_OPTIONS.NON_STRING_TYPE",
        "42K06",
        "Invalid options: A type of keys and values in `map()` must be string, but got \"MAP\".",
    )
}

/// A boolean option (`"true"`/`"false"`, case-insensitive), with its default.
pub(crate) fn flag(opts: &HashMap<String, String>, key: &str, default: bool) -> bool {
    opts.get(&key.to_ascii_lowercase())
        .map_or(default, |v| v.eq_ignore_ascii_case("true"))
}

/// The Jackson reader features the options set (Spark's `JSONOptions.buildJsonFactory`).
pub fn read_options(opts: &HashMap<String, String>) -> ReadOptions {
    let d = ReadOptions::default();
    ReadOptions {
        allow_comments: flag(opts, "allowComments", d.allow_comments),
        allow_unquoted_field_names: flag(
            opts,
            "allowUnquotedFieldNames",
            d.allow_unquoted_field_names,
        ),
        allow_single_quotes: flag(opts, "allowSingleQuotes", d.allow_single_quotes),
        allow_numeric_leading_zeros: flag(
            opts,
            "allowNumericLeadingZeros",
            d.allow_numeric_leading_zeros,
        ),
        allow_non_numeric_numbers: flag(
            opts,
            "allowNonNumericNumbers",
            d.allow_non_numeric_numbers,
        ),
        allow_backslash_escaping_any: flag(
            opts,
            "allowBackslashEscapingAnyCharacter",
            d.allow_backslash_escaping_any,
        ),
        allow_unquoted_control_chars: flag(
            opts,
            "allowUnquotedControlChars",
            d.allow_unquoted_control_chars,
        ),
    }
}
