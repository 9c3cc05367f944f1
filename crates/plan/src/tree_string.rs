//! `printSchema()` text: Spark's `StructType.treeString(maxDepth)`.

use sabot_common::spec::DataType;

use crate::show::escape_meta_characters;

/// Spark's `StructType.treeString(level)`: `root` and one line per field, nested types indented.
/// A `level` of `None` or `<= 0` prints every level. A non-struct type prints as `root` only
/// (Spark's schemas are always structs).
pub fn tree_string(schema: &DataType, level: Option<i32>) -> String {
    let mut out = String::from("root\n");
    let depth = match level {
        Some(l) if l > 0 => l,
        _ => i32::MAX,
    };
    if let DataType::Struct(fields) = schema {
        for f in fields {
            // Mirrors `StructField.buildFormattedString`.
            field_line(
                &mut out,
                " |",
                &escape_meta_characters(&f.name),
                &f.data_type,
                &format!(" (nullable = {})", f.nullable),
                depth,
            );
        }
    }
    out
}

/// One `prefix-- name: typeName suffix` line and the children of its type.
fn field_line(
    out: &mut String,
    prefix: &str,
    name: &str,
    data_type: &DataType,
    suffix: &str,
    depth: i32,
) {
    if depth <= 0 {
        return;
    }
    out.push_str(&format!(
        "{prefix}-- {name}: {}{suffix}\n",
        type_name(data_type)
    ));
    children(out, &format!("{prefix}    |"), data_type, depth - 1);
}

/// Mirrors `DataType.buildFormattedString`: only arrays, maps and structs have children.
fn children(out: &mut String, prefix: &str, data_type: &DataType, depth: i32) {
    match data_type {
        DataType::Array {
            element,
            contains_null,
        } => field_line(
            out,
            prefix,
            "element",
            element,
            &format!(" (containsNull = {contains_null})"),
            depth,
        ),
        DataType::Map {
            key,
            value,
            value_contains_null,
        } => {
            field_line(out, prefix, "key", key, "", depth);
            field_line(
                out,
                prefix,
                "value",
                value,
                &format!(" (valueContainsNull = {value_contains_null})"),
                depth,
            );
        }
        DataType::Struct(fields) => {
            for f in fields {
                field_line(
                    out,
                    prefix,
                    &escape_meta_characters(&f.name),
                    &f.data_type,
                    &format!(" (nullable = {})", f.nullable),
                    depth,
                );
            }
        }
        _ => {}
    }
}

/// Spark's `DataType.typeName` (the class name without `Type`, lower case; a few types override
/// it), which `treeString` prints instead of `simpleString`.
pub fn type_name(t: &DataType) -> String {
    match t {
        DataType::Null => "void".into(),
        DataType::Byte => "byte".into(),
        DataType::Short => "short".into(),
        DataType::Integer => "integer".into(),
        DataType::Long => "long".into(),
        DataType::CalendarInterval => "interval".into(),
        DataType::Array { .. } => "array".into(),
        DataType::Map { .. } => "map".into(),
        DataType::Struct(_) => "struct".into(),
        // The rest print their simple string: boolean, float, double, decimal(p,s), string,
        // char(n), varchar(n), binary, date, timestamp, timestamp_ntz, interval day to second,
        // interval year to month, variant.
        other => other.simple_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::spec::{DayTimeField, StructField, YearMonthField};

    fn nested() -> DataType {
        DataType::Struct(vec![
            StructField::new("id", DataType::Long, false),
            StructField::new("i", DataType::Integer, false),
            StructField::new(
                "s",
                DataType::Struct(vec![
                    StructField::new("a", DataType::Integer, false),
                    StructField::new(
                        "b",
                        DataType::Array {
                            element: Box::new(DataType::Struct(vec![StructField::new(
                                "c",
                                DataType::String,
                                false,
                            )])),
                            contains_null: false,
                        },
                        false,
                    ),
                    StructField::new(
                        "m",
                        DataType::Map {
                            key: Box::new(DataType::String),
                            value: Box::new(DataType::Array {
                                element: Box::new(DataType::Integer),
                                contains_null: false,
                            }),
                            value_contains_null: false,
                        },
                        false,
                    ),
                ]),
                false,
            ),
            StructField::new(
                "d",
                DataType::Decimal {
                    precision: 10,
                    scale: 2,
                },
                true,
            ),
            StructField::new("n", DataType::Null, true),
            StructField::new("t", DataType::Timestamp, false),
            StructField::new("tn", DataType::TimestampNtz, false),
            StructField::new("dt", DataType::Date, false),
            StructField::new("bin", DataType::Binary, false),
            StructField::new("b", DataType::Boolean, false),
            StructField::new("f", DataType::Float, false),
            StructField::new("db", DataType::Double, false),
            StructField::new("by", DataType::Byte, false),
            StructField::new("sh", DataType::Short, false),
            StructField::new(
                "idt",
                DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Day,
                },
                false,
            ),
            StructField::new(
                "iym",
                DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month,
                },
                false,
            ),
            StructField::new("ci", DataType::CalendarInterval, false),
            StructField::new(
                "m2",
                DataType::Map {
                    key: Box::new(DataType::Integer),
                    value: Box::new(DataType::Struct(vec![StructField::new(
                        "z",
                        DataType::Integer,
                        false,
                    )])),
                    value_contains_null: false,
                },
                false,
            ),
        ])
    }

    /// Output of Spark 4.3 `schema.treeString` for the same schema.
    #[test]
    fn matches_spark_tree_string() {
        let expected = "root
 |-- id: long (nullable = false)
 |-- i: integer (nullable = false)
 |-- s: struct (nullable = false)
 |    |-- a: integer (nullable = false)
 |    |-- b: array (nullable = false)
 |    |    |-- element: struct (containsNull = false)
 |    |    |    |-- c: string (nullable = false)
 |    |-- m: map (nullable = false)
 |    |    |-- key: string
 |    |    |-- value: array (valueContainsNull = false)
 |    |    |    |-- element: integer (containsNull = false)
 |-- d: decimal(10,2) (nullable = true)
 |-- n: void (nullable = true)
 |-- t: timestamp (nullable = false)
 |-- tn: timestamp_ntz (nullable = false)
 |-- dt: date (nullable = false)
 |-- bin: binary (nullable = false)
 |-- b: boolean (nullable = false)
 |-- f: float (nullable = false)
 |-- db: double (nullable = false)
 |-- by: byte (nullable = false)
 |-- sh: short (nullable = false)
 |-- idt: interval day (nullable = false)
 |-- iym: interval year to month (nullable = false)
 |-- ci: interval (nullable = false)
 |-- m2: map (nullable = false)
 |    |-- key: integer
 |    |-- value: struct (valueContainsNull = false)
 |    |    |-- z: integer (nullable = false)
";
        assert_eq!(tree_string(&nested(), None), expected);
        // Spark: a level <= 0 means every level.
        assert_eq!(tree_string(&nested(), Some(0)), expected);
    }

    /// Spark 4.3 `treeString(2)` and `treeString(1)`.
    #[test]
    fn limits_depth_like_spark() {
        let schema = DataType::Struct(vec![
            StructField::new(
                "s",
                DataType::Struct(vec![
                    StructField::new("a", DataType::Integer, false),
                    StructField::new(
                        "b",
                        DataType::Array {
                            element: Box::new(DataType::Struct(vec![StructField::new(
                                "c",
                                DataType::String,
                                false,
                            )])),
                            contains_null: false,
                        },
                        false,
                    ),
                ]),
                false,
            ),
            StructField::new(
                "aa",
                DataType::Array {
                    element: Box::new(DataType::Array {
                        element: Box::new(DataType::Integer),
                        contains_null: false,
                    }),
                    contains_null: false,
                },
                false,
            ),
        ]);
        assert_eq!(
            tree_string(&schema, Some(2)),
            "root
 |-- s: struct (nullable = false)
 |    |-- a: integer (nullable = false)
 |    |-- b: array (nullable = false)
 |-- aa: array (nullable = false)
 |    |-- element: array (containsNull = false)
"
        );
        assert_eq!(
            tree_string(&schema, Some(1)),
            "root\n |-- s: struct (nullable = false)\n |-- aa: array (nullable = false)\n"
        );
    }

    #[test]
    fn escapes_field_names() {
        let schema = DataType::Struct(vec![StructField::new("a\tb", DataType::Integer, false)]);
        assert_eq!(
            tree_string(&schema, None),
            "root\n |-- a\\tb: integer (nullable = false)\n"
        );
        assert_eq!(tree_string(&DataType::Struct(vec![]), None), "root\n");
    }
}
