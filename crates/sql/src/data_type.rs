//! Spark type strings (`DataTypeAstBuilder`): primitive names and their synonyms, `decimal(p,s)`,
//! `array<..>`, `map<..,..>`, `struct<..>`, interval types, and DDL column lists.

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};
use sabot_common::{Result, SparkError};

use crate::error::{decimal_precision_exceeded, parse_error};
use crate::lexer::TokenKind;
use crate::parser::Parser;

/// `UNSUPPORTED_DATATYPE` for an unknown type name, as Spark's parser reports it.
fn unsupported_type(name: &str) -> SparkError {
    let type_name = format!("\"{}\"", name.to_uppercase());
    SparkError::with_class(
        ExceptionKind::Parse,
        "UNSUPPORTED_DATATYPE",
        "0A000",
        format!("Unsupported data type {type_name}."),
    )
    .param("typeName", type_name)
}

impl Parser<'_> {
    /// One data type.
    pub fn parse_data_type(&mut self) -> Result<DataType> {
        let t = self.peek().clone();
        if t.kind != TokenKind::Word {
            return Err(self.error_here());
        }
        self.next_token();
        let name = t.text.to_ascii_lowercase();
        let simple = match name.as_str() {
            "boolean" => Some(DataType::Boolean),
            "tinyint" | "byte" => Some(DataType::Byte),
            "smallint" | "short" => Some(DataType::Short),
            "int" | "integer" => Some(DataType::Integer),
            "bigint" | "long" => Some(DataType::Long),
            "float" | "real" => Some(DataType::Float),
            "double" => Some(DataType::Double),
            "date" => Some(DataType::Date),
            "timestamp" | "timestamp_ltz" => Some(DataType::Timestamp),
            "timestamp_ntz" => Some(DataType::TimestampNtz),
            "binary" => Some(DataType::Binary),
            "void" => Some(DataType::Null),
            "variant" => Some(DataType::Variant),
            _ => None,
        };
        if let Some(dt) = simple {
            return Ok(dt);
        }
        match name.as_str() {
            "string" => {
                if self.at_keyword("COLLATE") {
                    return Err(SparkError::unsupported("collated string types"));
                }
                Ok(DataType::String)
            }
            "decimal" | "dec" | "numeric" => self.parse_decimal_args(),
            "time" => self.parse_time_args(),
            "char" | "character" | "varchar" => {
                let length = self.parse_length_arg(&name)?;
                Ok(if name == "varchar" {
                    DataType::Varchar(length)
                } else {
                    DataType::Char(length)
                })
            }
            "array" => {
                self.expect_symbol("<")?;
                let element = self.parse_data_type()?;
                self.expect_closing_angle()?;
                Ok(DataType::Array {
                    element: Box::new(element),
                    contains_null: true,
                })
            }
            "map" => {
                self.expect_symbol("<")?;
                let key = self.parse_data_type()?;
                self.expect_symbol(",")?;
                let value = self.parse_data_type()?;
                self.expect_closing_angle()?;
                Ok(DataType::Map {
                    key: Box::new(key),
                    value: Box::new(value),
                    value_contains_null: true,
                })
            }
            "struct" => {
                // `struct<>` lexes as `struct` `<>`.
                if self.eat_symbol("<>") {
                    return Ok(DataType::Struct(vec![]));
                }
                self.expect_symbol("<")?;
                let mut fields = Vec::new();
                if !self.at_symbol(">") {
                    loop {
                        fields.push(self.parse_field()?);
                        if !self.eat_symbol(",") {
                            break;
                        }
                    }
                }
                self.expect_closing_angle()?;
                Ok(DataType::Struct(fields))
            }
            "interval" => self.parse_interval_type(),
            _ => Err(unsupported_type(&t.text)),
        }
    }

    /// `(p)` after `time`; `time` alone is `time(6)`.
    fn parse_time_args(&mut self) -> Result<DataType> {
        if !self.eat_symbol("(") {
            return Ok(DataType::Time(sabot_common::time_of_day::DEFAULT_PRECISION));
        }
        let precision = self.parse_small_int()?;
        self.expect_symbol(")")?;
        match u8::try_from(precision) {
            Ok(p) if p <= sabot_common::time_of_day::MAX_PRECISION => Ok(DataType::Time(p)),
            _ => Err(unsupported_type(&format!("time({precision})"))),
        }
    }

    /// `(p[, s])` after `decimal`; `decimal` alone is `decimal(10,0)`.
    fn parse_decimal_args(&mut self) -> Result<DataType> {
        if !self.eat_symbol("(") {
            return Ok(DataType::DEFAULT_DECIMAL);
        }
        let precision = self.parse_small_int()?;
        let scale = if self.eat_symbol(",") {
            self.parse_small_int()?
        } else {
            0
        };
        self.expect_symbol(")")?;
        if precision > 38 {
            return Err(decimal_precision_exceeded(precision as usize));
        }
        if scale > precision {
            return Err(parse_error(format!(
                "Decimal scale ({scale}) cannot be greater than precision ({precision})."
            )));
        }
        Ok(DataType::Decimal {
            precision: precision as u8,
            scale: scale as i8,
        })
    }

    /// `(n)` after `char`/`varchar`; the length is required.
    fn parse_length_arg(&mut self, name: &str) -> Result<u32> {
        if !self.at_symbol("(") {
            return Err(SparkError::with_class(
                ExceptionKind::Parse,
                "DATATYPE_MISSING_SIZE",
                "42K01",
                format!("DataType \"{}\" requires a length parameter, for example \"{}\"(10). Please specify the length.", name.to_uppercase(), name.to_uppercase()),
            )
            .param("type", format!("\"{}\"", name.to_uppercase())));
        }
        self.next_token();
        let n = self.parse_small_int()?;
        self.expect_symbol(")")?;
        Ok(n)
    }

    fn parse_small_int(&mut self) -> Result<u32> {
        let t = self.peek().clone();
        if t.kind == TokenKind::Number
            && let Ok(n) = t.text.parse::<u32>()
        {
            self.next_token();
            return Ok(n);
        }
        Err(self.error_here())
    }

    /// After `interval`: `year [to month]`, `day [to second]`, ...; alone: a calendar interval.
    fn parse_interval_type(&mut self) -> Result<DataType> {
        let Some(start) = self.peek_interval_field() else {
            return Ok(DataType::CalendarInterval);
        };
        self.next_token();
        let end = if self.eat_keyword("TO") {
            let end = self
                .peek_interval_field()
                .ok_or_else(|| self.error_here())?;
            self.next_token();
            end
        } else {
            start
        };
        interval_type(start, end).ok_or_else(|| {
            parse_error(format!(
                "Intervals FROM {start:?} TO {end:?} are not supported."
            ))
        })
    }

    fn peek_interval_field(&self) -> Option<IntervalField> {
        let t = self.peek();
        if t.kind != TokenKind::Word {
            return None;
        }
        IntervalField::from_name(&t.text)
    }

    /// A struct field (`name[:] type [NOT NULL] [COMMENT '...']`); the colon is optional in
    /// both struct types and DDL column lists.
    fn parse_field(&mut self) -> Result<StructField> {
        let name = self.parse_any_identifier()?;
        self.eat_symbol(":");
        let data_type = self.parse_data_type()?;
        let nullable = !self.eat_keywords(&["NOT", "NULL"]);
        let mut field = StructField::new(name, data_type, nullable);
        if self.eat_keyword("COMMENT") {
            let t = self.peek().clone();
            if t.kind != TokenKind::String {
                return Err(self.error_here());
            }
            self.next_token();
            field.metadata = Some(format!("{{\"comment\":{}}}", json_string(&t.text)));
        }
        Ok(field)
    }

    /// `a INT, b STRING NOT NULL, ...` up to the end of the input.
    fn parse_column_list(&mut self) -> Result<Vec<StructField>> {
        let mut fields = Vec::new();
        if self.at_eof() {
            return Ok(fields);
        }
        loop {
            fields.push(self.parse_field()?);
            if !self.eat_symbol(",") {
                break;
            }
        }
        Ok(fields)
    }
}

/// A field of an interval type, day-time or year-month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalField {
    YearMonth(YearMonthField),
    DayTime(DayTimeField),
}

impl IntervalField {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "YEAR" => Self::YearMonth(YearMonthField::Year),
            "MONTH" => Self::YearMonth(YearMonthField::Month),
            "DAY" => Self::DayTime(DayTimeField::Day),
            "HOUR" => Self::DayTime(DayTimeField::Hour),
            "MINUTE" => Self::DayTime(DayTimeField::Minute),
            "SECOND" => Self::DayTime(DayTimeField::Second),
            _ => return None,
        })
    }
}

/// The interval type from `start` to `end`, if that range is valid.
pub fn interval_type(start: IntervalField, end: IntervalField) -> Option<DataType> {
    match (start, end) {
        (IntervalField::YearMonth(s), IntervalField::YearMonth(e)) if s as u8 <= e as u8 => {
            Some(DataType::YearMonthInterval { start: s, end: e })
        }
        (IntervalField::DayTime(s), IntervalField::DayTime(e)) if s as u8 <= e as u8 => {
            Some(DataType::DayTimeInterval { start: s, end: e })
        }
        _ => None,
    }
}

/// A JSON string literal of `s` (for field metadata).
fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
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
    out
}

/// Parses a whole string as one data type.
pub fn parse_data_type(s: &str) -> Result<DataType> {
    let mut parser = Parser::new(s, None)?;
    let dt = parser.parse_data_type()?;
    parser.expect_end()?;
    Ok(dt)
}

/// Parses a DDL column list into a struct type, falling back to a single type string as
/// Spark's `DataType.fromDDL` does (the column-list error is reported if both fail).
pub fn parse_ddl_schema(s: &str) -> Result<DataType> {
    let as_columns = Parser::new(s, None).and_then(|mut p| {
        let fields = p.parse_column_list()?;
        p.expect_end()?;
        Ok(DataType::Struct(fields))
    });
    match as_columns {
        Ok(dt) => Ok(dt),
        Err(e) => parse_data_type(s).map_err(|_| e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array(t: DataType) -> DataType {
        DataType::Array {
            element: Box::new(t),
            contains_null: true,
        }
    }

    #[test]
    fn primitive_names_and_synonyms() {
        let cases = [
            ("boolean", DataType::Boolean),
            ("BYTE", DataType::Byte),
            ("short", DataType::Short),
            ("Integer", DataType::Integer),
            ("long", DataType::Long),
            ("real", DataType::Float),
            ("double", DataType::Double),
            ("dec", DataType::DEFAULT_DECIMAL),
            (
                "numeric(5)",
                DataType::Decimal {
                    precision: 5,
                    scale: 0,
                },
            ),
            (
                "decimal(10, 2)",
                DataType::Decimal {
                    precision: 10,
                    scale: 2,
                },
            ),
            ("char(3)", DataType::Char(3)),
            ("varchar(7)", DataType::Varchar(7)),
            ("timestamp_ltz", DataType::Timestamp),
            ("timestamp_ntz", DataType::TimestampNtz),
            ("void", DataType::Null),
            ("interval", DataType::CalendarInterval),
            (
                "interval day to second",
                DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Second,
                },
            ),
            (
                "INTERVAL YEAR",
                DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Year,
                },
            ),
        ];
        for (s, expected) in cases {
            assert_eq!(parse_data_type(s).unwrap(), expected, "{s}");
        }
    }

    #[test]
    fn nested_types() {
        assert_eq!(
            parse_data_type("array<array<int>>").unwrap(),
            array(array(DataType::Integer))
        );
        let t = parse_data_type(
            "struct<a:int, `b c` string NOT NULL COMMENT 'x\"y', d: map<string,array<bigint>>>",
        )
        .unwrap();
        let DataType::Struct(fields) = &t else {
            panic!("{t:?}")
        };
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[1].name, "b c");
        assert!(!fields[1].nullable);
        assert_eq!(fields[1].metadata.as_deref(), Some(r#"{"comment":"x\"y"}"#));
        assert_eq!(
            t.simple_string(),
            "struct<a:int,b c:string,d:map<string,array<bigint>>>"
        );
        assert_eq!(
            parse_data_type("struct<>").unwrap(),
            DataType::Struct(vec![])
        );
    }

    #[test]
    fn bad_types() {
        let e = parse_data_type("foo").unwrap_err();
        assert_eq!(e.message, "Unsupported data type \"FOO\".");
        assert_eq!(
            parse_data_type("decimal(39,0)")
                .unwrap_err()
                .error_class
                .as_deref(),
            Some("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION")
        );
        assert!(parse_data_type("decimal(2,3)").is_err());
        assert!(parse_data_type("array<int").is_err());
        assert!(parse_data_type("interval month to year").is_err());
        assert_eq!(
            parse_data_type("char").unwrap_err().error_class.as_deref(),
            Some("DATATYPE_MISSING_SIZE")
        );
        assert_eq!(
            parse_data_type("int int")
                .unwrap_err()
                .error_class
                .as_deref(),
            Some("PARSE_SYNTAX_ERROR")
        );
    }

    #[test]
    fn ddl_schemas() {
        let t = parse_ddl_schema("a INT, b STRING NOT NULL, c array<int>").unwrap();
        assert_eq!(t.simple_string(), "struct<a:int,b:string,c:array<int>>");
        let DataType::Struct(fields) = &t else {
            panic!("{t:?}")
        };
        assert!(fields[0].nullable && !fields[1].nullable);
        assert_eq!(
            parse_ddl_schema("a: int").unwrap().simple_string(),
            "struct<a:int>"
        );
        assert_eq!(parse_ddl_schema("int").unwrap(), DataType::Integer);
        assert_eq!(
            parse_ddl_schema("struct<x:int>").unwrap().simple_string(),
            "struct<x:int>"
        );
        assert_eq!(parse_ddl_schema("").unwrap(), DataType::Struct(vec![]));
        assert_eq!(parse_ddl_schema("  ").unwrap(), DataType::Struct(vec![]));
        assert!(parse_ddl_schema("a int,").is_err());
        assert!(parse_ddl_schema("a foo").is_err());
    }
}
