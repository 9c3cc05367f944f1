//! [`DataType`]: Spark's SQL types (`org.apache.spark.sql.types`), with their names as Spark
//! prints them (`simpleString`) and their Arrow representation (Spark's `ArrowUtils`).

use std::fmt;

/// Start/end field of a year-month interval (`INTERVAL YEAR TO MONTH`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YearMonthField {
    Year = 0,
    Month = 1,
}

/// Start/end field of a day-time interval (`INTERVAL DAY TO SECOND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayTimeField {
    Day = 0,
    Hour = 1,
    Minute = 2,
    Second = 3,
}

/// A field of a struct type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StructField {
    pub name: String,
    pub data_type: DataType,
    pub nullable: bool,
    /// Field metadata as Spark's JSON object text, if any.
    pub metadata: Option<String>,
}

impl StructField {
    pub fn new(name: impl Into<String>, data_type: DataType, nullable: bool) -> Self {
        Self {
            name: name.into(),
            data_type,
            nullable,
            metadata: None,
        }
    }
}

/// A Spark SQL data type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DataType {
    Null,
    Boolean,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    Decimal {
        precision: u8,
        scale: i8,
    },
    String,
    Char(u32),
    Varchar(u32),
    Binary,
    Date,
    /// `TIMESTAMP` / `TIMESTAMP_LTZ`: an instant, shown in the session time zone.
    Timestamp,
    /// `TIMESTAMP_NTZ`: a wall-clock time without a zone.
    TimestampNtz,
    /// `TIME(p)` (Spark 4.1+): a time of day, nanoseconds since midnight, `p` fractional digits.
    Time(u8),
    DayTimeInterval {
        start: DayTimeField,
        end: DayTimeField,
    },
    YearMonthInterval {
        start: YearMonthField,
        end: YearMonthField,
    },
    CalendarInterval,
    Array {
        element: Box<DataType>,
        contains_null: bool,
    },
    Map {
        key: Box<DataType>,
        value: Box<DataType>,
        value_contains_null: bool,
    },
    Struct(Vec<StructField>),
    Variant,
}

impl DataType {
    /// Spark's default decimal, `decimal(10,0)`.
    pub const DEFAULT_DECIMAL: DataType = DataType::Decimal {
        precision: 10,
        scale: 0,
    };

    /// Spark's `simpleString`, e.g. `bigint`, `decimal(10,2)`, `array<int>`, `struct<a:int>`.
    pub fn simple_string(&self) -> String {
        match self {
            Self::Null => "void".into(),
            Self::Boolean => "boolean".into(),
            Self::Byte => "tinyint".into(),
            Self::Short => "smallint".into(),
            Self::Integer => "int".into(),
            Self::Long => "bigint".into(),
            Self::Float => "float".into(),
            Self::Double => "double".into(),
            Self::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
            Self::String => "string".into(),
            Self::Char(n) => format!("char({n})"),
            Self::Varchar(n) => format!("varchar({n})"),
            Self::Binary => "binary".into(),
            Self::Date => "date".into(),
            Self::Timestamp => "timestamp".into(),
            Self::TimestampNtz => "timestamp_ntz".into(),
            Self::Time(p) => format!("time({p})"),
            Self::DayTimeInterval { start, end } => {
                interval_string(day_time_name(*start), day_time_name(*end))
            }
            Self::YearMonthInterval { start, end } => {
                interval_string(year_month_name(*start), year_month_name(*end))
            }
            Self::CalendarInterval => "interval".into(),
            Self::Array { element, .. } => format!("array<{}>", element.simple_string()),
            Self::Map { key, value, .. } => {
                format!("map<{},{}>", key.simple_string(), value.simple_string())
            }
            Self::Struct(fields) => format!(
                "struct<{}>",
                fields
                    .iter()
                    .map(|f| format!("{}:{}", f.name, f.data_type.simple_string()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Self::Variant => "variant".into(),
        }
    }

    /// Whether this is one of Spark's numeric types.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Self::Byte
                | Self::Short
                | Self::Integer
                | Self::Long
                | Self::Float
                | Self::Double
                | Self::Decimal { .. }
        )
    }
}

fn interval_string(start: &str, end: &str) -> String {
    if start == end {
        format!("interval {start}")
    } else {
        format!("interval {start} to {end}")
    }
}

fn day_time_name(f: DayTimeField) -> &'static str {
    match f {
        DayTimeField::Day => "day",
        DayTimeField::Hour => "hour",
        DayTimeField::Minute => "minute",
        DayTimeField::Second => "second",
    }
}

fn year_month_name(f: YearMonthField) -> &'static str {
    match f {
        YearMonthField::Year => "year",
        YearMonthField::Month => "month",
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.simple_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_strings() {
        let t = DataType::Struct(vec![
            StructField::new("a", DataType::Long, true),
            StructField::new(
                "b",
                DataType::Array {
                    element: Box::new(DataType::Decimal {
                        precision: 10,
                        scale: 2,
                    }),
                    contains_null: true,
                },
                false,
            ),
        ]);
        assert_eq!(t.simple_string(), "struct<a:bigint,b:array<decimal(10,2)>>");
        let i = DataType::DayTimeInterval {
            start: DayTimeField::Day,
            end: DayTimeField::Second,
        };
        assert_eq!(i.simple_string(), "interval day to second");
    }
}
