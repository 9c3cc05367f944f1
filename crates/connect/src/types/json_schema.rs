//! Spark's JSON type format (`DataType.json`, as PySpark sends schemas in `LocalRelation`)
//! -> spec [`DataType`]; mirrors Spark's `DataType.parseDataType`.

use sabot_common::spec::{DataType, StructField};
use sabot_common::{Result, SparkError};
use serde_json::{Map, Value};

use super::from_proto::{check_collation, day_time_field, decimal_type, year_month_field};

/// Parses a JSON schema such as
/// `{"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{}}]}`.
pub fn parse_json_schema(json: &str) -> Result<DataType> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| SparkError::invalid_plan(format!("Invalid JSON schema: {e}")))?;
    from_json(&value)
}

fn from_json(v: &Value) -> Result<DataType> {
    match v {
        Value::String(name) => name_to_type(name),
        Value::Object(obj) => match str_field(obj, "type")? {
            "struct" => {
                let fields = match obj.get("fields") {
                    Some(Value::Array(fields)) => fields,
                    _ => return Err(bad_schema("a struct type needs a 'fields' array")),
                };
                Ok(DataType::Struct(
                    fields.iter().map(field_from_json).collect::<Result<_>>()?,
                ))
            }
            "array" => Ok(DataType::Array {
                element: Box::new(from_json(required(obj, "elementType")?)?),
                contains_null: bool_field(obj, "containsNull")?,
            }),
            "map" => Ok(DataType::Map {
                key: Box::new(from_json(required(obj, "keyType")?)?),
                value: Box::new(from_json(required(obj, "valueType")?)?),
                value_contains_null: bool_field(obj, "valueContainsNull")?,
            }),
            "udt" => Err(SparkError::unsupported("user-defined types")),
            other => Err(bad_schema(&format!("unknown complex type '{other}'"))),
        },
        other => Err(bad_schema(&format!("unexpected JSON value {other}"))),
    }
}

fn field_from_json(v: &Value) -> Result<StructField> {
    let Value::Object(obj) = v else {
        return Err(bad_schema("a struct field must be a JSON object"));
    };
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(m @ Value::Object(_)) => Some(m.to_string()),
        Some(_) => return Err(bad_schema("field metadata must be a JSON object")),
    };
    Ok(StructField {
        name: str_field(obj, "name")?.to_string(),
        data_type: from_json(required(obj, "type")?)?,
        nullable: bool_field(obj, "nullable")?,
        metadata,
    })
}

/// A primitive type's JSON name (Spark's `typeName`): `integer`, `decimal(10,2)`,
/// `interval day to second`, ...
fn name_to_type(name: &str) -> Result<DataType> {
    let name = name.trim();
    let simple = match name {
        "void" | "null" => Some(DataType::Null),
        "boolean" => Some(DataType::Boolean),
        "byte" => Some(DataType::Byte),
        "short" => Some(DataType::Short),
        "integer" => Some(DataType::Integer),
        "long" => Some(DataType::Long),
        "float" => Some(DataType::Float),
        "double" => Some(DataType::Double),
        "decimal" => Some(DataType::DEFAULT_DECIMAL),
        "string" => Some(DataType::String),
        "binary" => Some(DataType::Binary),
        "date" => Some(DataType::Date),
        "timestamp" | "timestamp_ltz" => Some(DataType::Timestamp),
        "timestamp_ntz" => Some(DataType::TimestampNtz),
        "interval" | "calendarinterval" => Some(DataType::CalendarInterval),
        "variant" => Some(DataType::Variant),
        _ => None,
    };
    if let Some(t) = simple {
        return Ok(t);
    }
    if let Some(args) = parenthesized(name, "decimal") {
        let (p, s) = args
            .split_once(',')
            .ok_or_else(|| bad_schema(&format!("invalid type '{name}'")))?;
        return decimal_type(Some(int(p, name)?), Some(int(s, name)?));
    }
    if let Some(p) = parenthesized(name, "time") {
        return match int(p, name)? {
            p @ 0..=9 => Ok(DataType::Time(p as u8)),
            _ => Err(bad_schema(&format!("invalid type '{name}'"))),
        };
    }
    if let Some(n) = parenthesized(name, "char") {
        return Ok(DataType::Char(length(n, name)?));
    }
    if let Some(n) = parenthesized(name, "varchar") {
        return Ok(DataType::Varchar(length(n, name)?));
    }
    if let Some(collation) = name.strip_prefix("string collate ") {
        check_collation(collation.trim())?;
        return Ok(DataType::String);
    }
    if let Some(fields) = name.strip_prefix("interval ") {
        return interval_type(fields, name);
    }
    Err(bad_schema(&format!("unknown type '{name}'")))
}

/// `day`, `day to second`, `year to month`, ...
fn interval_type(fields: &str, name: &str) -> Result<DataType> {
    let (start, end) = match fields.split_once(" to ") {
        Some((s, e)) => (s.trim(), e.trim()),
        None => (fields.trim(), fields.trim()),
    };
    let day_time = |f: &str| {
        ["day", "hour", "minute", "second"]
            .iter()
            .position(|n| *n == f)
    };
    let year_month = |f: &str| ["year", "month"].iter().position(|n| *n == f);
    let invalid = || bad_schema(&format!("unknown type '{name}'"));
    match (
        day_time(start),
        day_time(end),
        year_month(start),
        year_month(end),
    ) {
        (Some(s), Some(e), _, _) if s <= e => Ok(DataType::DayTimeInterval {
            start: day_time_field(s as i32)?,
            end: day_time_field(e as i32)?,
        }),
        (_, _, Some(s), Some(e)) if s <= e => Ok(DataType::YearMonthInterval {
            start: year_month_field(s as i32)?,
            end: year_month_field(e as i32)?,
        }),
        _ => Err(invalid()),
    }
}

/// The text inside `name(...)`, if `s` has that form.
fn parenthesized<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    s.strip_prefix(name)?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')
}

fn int(s: &str, name: &str) -> Result<i32> {
    s.trim()
        .parse()
        .map_err(|_| bad_schema(&format!("invalid type '{name}'")))
}

fn length(s: &str, name: &str) -> Result<u32> {
    s.trim()
        .parse()
        .map_err(|_| bad_schema(&format!("invalid type '{name}'")))
}

fn required<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a Value> {
    obj.get(key)
        .ok_or_else(|| bad_schema(&format!("missing '{key}'")))
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str> {
    required(obj, key)?
        .as_str()
        .ok_or_else(|| bad_schema(&format!("'{key}' must be a string")))
}

fn bool_field(obj: &Map<String, Value>, key: &str) -> Result<bool> {
    required(obj, key)?
        .as_bool()
        .ok_or_else(|| bad_schema(&format!("'{key}' must be a boolean")))
}

fn bad_schema(what: &str) -> SparkError {
    SparkError::invalid_plan(format!("Invalid JSON schema: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::spec::{DayTimeField, YearMonthField};

    #[test]
    fn parses_nested_struct() {
        let json = r#"{"type":"struct","fields":[
            {"name":"a","type":"long","nullable":true,"metadata":{}},
            {"name":"b","type":{"type":"array","elementType":"decimal(10, 2)","containsNull":false},
             "nullable":false,"metadata":{"comment":"x","n":[1,2]}},
            {"name":"c","type":{"type":"map","keyType":"string","valueType":
                {"type":"struct","fields":[{"name":"d","type":"timestamp_ntz","nullable":true,"metadata":{}}]},
             "valueContainsNull":true},"nullable":true,"metadata":{}}]}"#;
        let t = parse_json_schema(json).unwrap();
        let expected = DataType::Struct(vec![
            StructField::new("a", DataType::Long, true),
            StructField {
                metadata: Some(r#"{"comment":"x","n":[1,2]}"#.to_string()),
                ..StructField::new(
                    "b",
                    DataType::Array {
                        element: Box::new(DataType::Decimal {
                            precision: 10,
                            scale: 2,
                        }),
                        contains_null: false,
                    },
                    false,
                )
            },
            StructField::new(
                "c",
                DataType::Map {
                    key: Box::new(DataType::String),
                    value: Box::new(DataType::Struct(vec![StructField::new(
                        "d",
                        DataType::TimestampNtz,
                        true,
                    )])),
                    value_contains_null: true,
                },
                true,
            ),
        ]);
        assert_eq!(t, expected);
    }

    #[test]
    fn parses_primitive_names() {
        let cases = [
            ("\"void\"", DataType::Null),
            ("\"integer\"", DataType::Integer),
            ("\"decimal\"", DataType::DEFAULT_DECIMAL),
            ("\"char(3)\"", DataType::Char(3)),
            ("\"varchar(5)\"", DataType::Varchar(5)),
            ("\"interval\"", DataType::CalendarInterval),
            ("\"variant\"", DataType::Variant),
            (
                "\"interval day to second\"",
                DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Second,
                },
            ),
            (
                "\"interval hour\"",
                DataType::DayTimeInterval {
                    start: DayTimeField::Hour,
                    end: DayTimeField::Hour,
                },
            ),
            (
                "\"interval year to month\"",
                DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month,
                },
            ),
            ("\"string collate UTF8_BINARY\"", DataType::String),
        ];
        for (json, expected) in cases {
            assert_eq!(parse_json_schema(json).unwrap(), expected, "{json}");
        }
    }

    #[test]
    fn rejects_bad_schemas() {
        for json in [
            "\"interval second to day\"",
            "\"int\"",
            "{\"type\":\"array\",\"elementType\":\"long\"}",
            "{\"type\":\"udt\",\"class\":\"x\"}",
            "\"string collate UNICODE_CI\"",
            "{not json",
        ] {
            assert!(parse_json_schema(json).is_err(), "{json}");
        }
    }
}
