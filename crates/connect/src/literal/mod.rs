//! Connect `Expression.Literal` -> spec [`Literal`]; mirrors Spark's
//! `LiteralValueProtoConverter`.
//!
//! The literal's type comes from, in order: its own `data_type` (Spark 4.1+ clients set it on
//! the root literal), the type its parent literal declares for it (array element, map key or
//! value, struct field), the deprecated per-kind type fields (`element_type`, `key_type`,
//! `struct_type`, which PySpark 3.5 and 4.x still send), and finally the value itself.

mod decimal;
mod to_proto;

pub use to_proto::literal_to_proto;

use sabot_common::spec::{DataType, DayTimeField, Literal, StructField, YearMonthField};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::Literal as ProtoLiteral;
use spark_connect_proto::connect::expression::literal::{self, LiteralType, specialized_array};

use crate::types::data_type_from_proto;

/// Converts a Connect literal.
pub fn literal_from_proto(lit: &ProtoLiteral) -> Result<Literal> {
    convert(lit, None)
}

fn convert(lit: &ProtoLiteral, parent_type: Option<&DataType>) -> Result<Literal> {
    let own_type = lit
        .data_type
        .as_ref()
        .map(data_type_from_proto)
        .transpose()?;
    let declared = own_type.as_ref().or(parent_type);
    let Some(kind) = &lit.literal_type else {
        return Err(SparkError::invalid_plan("Literal without a value"));
    };
    Ok(match kind {
        LiteralType::Null(t) => Literal::Null(match (&t.kind, declared) {
            (Some(_), _) => data_type_from_proto(t)?,
            (None, Some(d)) => d.clone(),
            (None, None) => DataType::Null,
        }),
        LiteralType::Binary(b) => Literal::Binary(b.clone()),
        LiteralType::Boolean(b) => Literal::Boolean(*b),
        LiteralType::Byte(v) => Literal::Byte(narrow(*v, "byte")?),
        LiteralType::Short(v) => Literal::Short(narrow(*v, "short")?),
        LiteralType::Integer(v) => Literal::Integer(*v),
        LiteralType::Long(v) => Literal::Long(*v),
        LiteralType::Float(v) => Literal::Float(*v),
        LiteralType::Double(v) => Literal::Double(*v),
        LiteralType::Decimal(d) => decimal::decimal_literal(d, declared)?,
        LiteralType::String(s) => Literal::String(s.clone()),
        LiteralType::Date(d) => Literal::Date(*d),
        LiteralType::Timestamp(t) => Literal::Timestamp(*t),
        LiteralType::TimestampNtz(t) => Literal::TimestampNtz(*t),
        LiteralType::CalendarInterval(c) => Literal::CalendarInterval {
            months: c.months,
            days: c.days,
            micros: c.microseconds,
        },
        // The value does not say which fields the interval has: Spark's defaults apply.
        LiteralType::YearMonthInterval(months) => Literal::YearMonthInterval {
            months: *months,
            data_type: match declared {
                Some(t @ DataType::YearMonthInterval { .. }) => t.clone(),
                _ => DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month,
                },
            },
        },
        LiteralType::DayTimeInterval(micros) => Literal::DayTimeInterval {
            micros: *micros,
            data_type: match declared {
                Some(t @ DataType::DayTimeInterval { .. }) => t.clone(),
                _ => DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Second,
                },
            },
        },
        LiteralType::Array(a) => array_literal(a, declared)?,
        LiteralType::Map(m) => map_literal(m, declared)?,
        LiteralType::Struct(s) => struct_literal(s, declared)?,
        LiteralType::SpecializedArray(a) => specialized_array_literal(a)?,
        LiteralType::Time(t) => time_literal(t)?,
        LiteralType::TimestampNtzNanos(_) | LiteralType::TimestampLtzNanos(_) => {
            return Err(SparkError::unsupported("nanosecond timestamp literals"));
        }
    })
}

fn narrow<T: TryFrom<i32>>(v: i32, what: &str) -> Result<T> {
    T::try_from(v).map_err(|_| SparkError::invalid_plan(format!("Invalid {what} literal: {v}")))
}

/// The type of a nested value: declared, else from a deprecated field, else inferred from the
/// first value (Spark's `getInferredDataType`).
fn nested_type(
    declared: Option<DataType>,
    deprecated: Option<&spark_connect_proto::connect::DataType>,
    first: Option<&ProtoLiteral>,
    what: &str,
) -> Result<DataType> {
    if let Some(t) = declared {
        return Ok(t);
    }
    if let Some(t) = deprecated {
        return data_type_from_proto(t);
    }
    match first {
        Some(v) => Ok(convert(v, None)?.data_type()),
        None => Err(SparkError::invalid_plan(format!(
            "Data type information is missing in the {what} literal"
        ))),
    }
}

#[allow(deprecated)] // `element_type` is how PySpark 3.5 and 4.x still send the type.
fn array_literal(a: &literal::Array, declared: Option<&DataType>) -> Result<Literal> {
    let declared = match declared {
        Some(DataType::Array { element, .. }) => Some((**element).clone()),
        _ => None,
    };
    let element_type = nested_type(
        declared,
        a.element_type.as_ref(),
        a.elements.first(),
        "array",
    )?;
    let values = a
        .elements
        .iter()
        .map(|e| convert(e, Some(&element_type)))
        .collect::<Result<_>>()?;
    Ok(Literal::Array {
        element_type,
        values,
    })
}

#[allow(deprecated)] // `key_type` / `value_type`: see `array_literal`.
fn map_literal(m: &literal::Map, declared: Option<&DataType>) -> Result<Literal> {
    if m.keys.len() != m.values.len() {
        return Err(SparkError::invalid_plan(format!(
            "Map literal has {} keys but {} values",
            m.keys.len(),
            m.values.len()
        )));
    }
    let (key, value) = match declared {
        Some(DataType::Map { key, value, .. }) => (Some((**key).clone()), Some((**value).clone())),
        _ => (None, None),
    };
    let key_type = nested_type(key, m.key_type.as_ref(), m.keys.first(), "map")?;
    let value_type = nested_type(value, m.value_type.as_ref(), m.values.first(), "map")?;
    let keys = m
        .keys
        .iter()
        .map(|k| convert(k, Some(&key_type)))
        .collect::<Result<_>>()?;
    let values = m
        .values
        .iter()
        .map(|v| convert(v, Some(&value_type)))
        .collect::<Result<_>>()?;
    Ok(Literal::Map {
        key_type,
        value_type,
        keys,
        values,
    })
}

#[allow(deprecated)] // `struct_type`: see `array_literal`.
fn struct_literal(s: &literal::Struct, declared: Option<&DataType>) -> Result<Literal> {
    let fields: Vec<StructField> = match (declared, &s.struct_type) {
        (Some(DataType::Struct(fields)), _) => fields.clone(),
        (_, Some(t)) => match data_type_from_proto(t)? {
            DataType::Struct(fields) => fields,
            other => {
                return Err(SparkError::invalid_plan(format!(
                    "Struct literal with non-struct type {other}"
                )));
            }
        },
        _ => {
            return Err(SparkError::invalid_plan(
                "Data type information is missing in the struct literal",
            ));
        }
    };
    if fields.len() != s.elements.len() {
        return Err(SparkError::invalid_plan(format!(
            "Struct literal has {} fields but {} values",
            fields.len(),
            s.elements.len()
        )));
    }
    let values = s
        .elements
        .iter()
        .zip(&fields)
        .map(|(e, f)| convert(e, Some(&f.data_type)))
        .collect::<Result<_>>()?;
    Ok(Literal::Struct {
        data_type: DataType::Struct(fields),
        values,
    })
}

/// Packed arrays of primitives (no NULLs).
fn specialized_array_literal(a: &literal::SpecializedArray) -> Result<Literal> {
    use specialized_array::ValueType;
    let Some(values) = &a.value_type else {
        return Err(SparkError::invalid_plan(
            "Specialized array literal without values",
        ));
    };
    let (element_type, values) = match values {
        ValueType::Bools(v) => (DataType::Boolean, map(&v.values, |b| Literal::Boolean(*b))),
        ValueType::Ints(v) => (DataType::Integer, map(&v.values, |i| Literal::Integer(*i))),
        ValueType::Longs(v) => (DataType::Long, map(&v.values, |i| Literal::Long(*i))),
        ValueType::Floats(v) => (DataType::Float, map(&v.values, |f| Literal::Float(*f))),
        ValueType::Doubles(v) => (DataType::Double, map(&v.values, |f| Literal::Double(*f))),
        ValueType::Strings(v) => (
            DataType::String,
            map(&v.values, |s| Literal::String(s.clone())),
        ),
    };
    Ok(Literal::Array {
        element_type,
        values,
    })
}

fn map<T>(values: &[T], f: impl Fn(&T) -> Literal) -> Vec<Literal> {
    values.iter().map(f).collect()
}

#[cfg(test)]
mod tests;

/// A `TIME(p)` literal (`lit(datetime.time(...))` from a 4.x client): nanoseconds since midnight.
fn time_literal(t: &literal::Time) -> Result<Literal> {
    let precision = match t.precision {
        None => 6,
        Some(p @ 0..=9) => p as u8,
        Some(p) => {
            return Err(SparkError::invalid_plan(format!(
                "Invalid TIME precision: {p}"
            )));
        }
    };
    if !(0..86_400_000_000_000).contains(&t.nano) {
        return Err(SparkError::invalid_plan(format!(
            "Invalid TIME literal: {} nanoseconds",
            t.nano
        )));
    }
    Ok(Literal::Time {
        nanos: t.nano,
        precision,
    })
}
