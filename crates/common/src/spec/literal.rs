//! [`Literal`]: a constant of a Spark type, as the client or the SQL text wrote it.

use super::DataType;

/// A typed constant. Temporal values use Spark's internal encodings (days since the epoch,
/// microseconds since the epoch in UTC, months, microseconds).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `NULL` of a type (`void` when untyped).
    Null(DataType),
    Boolean(bool),
    Byte(i8),
    Short(i16),
    Integer(i32),
    Long(i64),
    Float(f32),
    Double(f64),
    Decimal {
        value: i128,
        precision: u8,
        scale: i8,
    },
    String(String),
    Binary(Vec<u8>),
    Date(i32),
    Timestamp(i64),
    TimestampNtz(i64),
    /// A `TIME(p)` value: nanoseconds since midnight.
    Time {
        nanos: i64,
        precision: u8,
    },
    DayTimeInterval {
        micros: i64,
        data_type: DataType,
    },
    YearMonthInterval {
        months: i32,
        data_type: DataType,
    },
    CalendarInterval {
        months: i32,
        days: i32,
        micros: i64,
    },
    Array {
        element_type: DataType,
        values: Vec<Literal>,
    },
    Map {
        key_type: DataType,
        value_type: DataType,
        keys: Vec<Literal>,
        values: Vec<Literal>,
    },
    Struct {
        data_type: DataType,
        values: Vec<Literal>,
    },
}

impl Literal {
    /// The literal's Spark type.
    pub fn data_type(&self) -> DataType {
        match self {
            Self::Null(t) => t.clone(),
            Self::Boolean(_) => DataType::Boolean,
            Self::Byte(_) => DataType::Byte,
            Self::Short(_) => DataType::Short,
            Self::Integer(_) => DataType::Integer,
            Self::Long(_) => DataType::Long,
            Self::Float(_) => DataType::Float,
            Self::Double(_) => DataType::Double,
            Self::Decimal {
                precision, scale, ..
            } => DataType::Decimal {
                precision: *precision,
                scale: *scale,
            },
            Self::String(_) => DataType::String,
            Self::Binary(_) => DataType::Binary,
            Self::Date(_) => DataType::Date,
            Self::Timestamp(_) => DataType::Timestamp,
            Self::TimestampNtz(_) => DataType::TimestampNtz,
            Self::Time { precision, .. } => DataType::Time(*precision),
            Self::DayTimeInterval { data_type, .. } | Self::YearMonthInterval { data_type, .. } => {
                data_type.clone()
            }
            Self::CalendarInterval { .. } => DataType::CalendarInterval,
            Self::Array {
                element_type,
                values,
            } => DataType::Array {
                element: Box::new(element_type.clone()),
                contains_null: values.iter().any(|v| matches!(v, Literal::Null(_))),
            },
            Self::Map {
                key_type,
                value_type,
                values,
                ..
            } => DataType::Map {
                key: Box::new(key_type.clone()),
                value: Box::new(value_type.clone()),
                value_contains_null: values.iter().any(|v| matches!(v, Literal::Null(_))),
            },
            Self::Struct { data_type, .. } => data_type.clone(),
        }
    }
}
