//! Connect `DataType` message -> spec [`DataType`]; mirrors Spark's `DataTypeProtoConverter`.

use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::{self, data_type::Kind};

/// Converts a Connect data type to a Spark type.
pub fn data_type_from_proto(t: &connect::DataType) -> Result<DataType> {
    let Some(kind) = &t.kind else {
        return Err(SparkError::invalid_plan("Data type without a kind"));
    };
    Ok(match kind {
        Kind::Null(_) => DataType::Null,
        Kind::Binary(_) => DataType::Binary,
        Kind::Boolean(_) => DataType::Boolean,
        Kind::Byte(_) => DataType::Byte,
        Kind::Short(_) => DataType::Short,
        Kind::Integer(_) => DataType::Integer,
        Kind::Long(_) => DataType::Long,
        Kind::Float(_) => DataType::Float,
        Kind::Double(_) => DataType::Double,
        Kind::Decimal(d) => decimal_type(d.precision, d.scale)?,
        Kind::String(s) => {
            check_collation(&s.collation)?;
            DataType::String
        }
        Kind::Char(c) => DataType::Char(length(c.length, "char")?),
        Kind::VarChar(c) => DataType::Varchar(length(c.length, "varchar")?),
        Kind::Date(_) => DataType::Date,
        Kind::Timestamp(_) => DataType::Timestamp,
        Kind::TimestampNtz(_) => DataType::TimestampNtz,
        Kind::CalendarInterval(_) => DataType::CalendarInterval,
        Kind::YearMonthInterval(i) => {
            let (start, end) = interval_fields(i.start_field, i.end_field, (0, 1), "year-month")?;
            DataType::YearMonthInterval {
                start: year_month_field(start)?,
                end: year_month_field(end)?,
            }
        }
        Kind::DayTimeInterval(i) => {
            let (start, end) = interval_fields(i.start_field, i.end_field, (0, 3), "day-time")?;
            DataType::DayTimeInterval {
                start: day_time_field(start)?,
                end: day_time_field(end)?,
            }
        }
        Kind::Array(a) => DataType::Array {
            element: Box::new(required_type(a.element_type.as_deref(), "array element")?),
            contains_null: a.contains_null,
        },
        Kind::Map(m) => DataType::Map {
            key: Box::new(required_type(m.key_type.as_deref(), "map key")?),
            value: Box::new(required_type(m.value_type.as_deref(), "map value")?),
            value_contains_null: m.value_contains_null,
        },
        Kind::Struct(s) => DataType::Struct(
            s.fields
                .iter()
                .map(|f| {
                    Ok(StructField {
                        name: f.name.clone(),
                        data_type: required_type(f.data_type.as_ref(), "struct field")?,
                        nullable: f.nullable,
                        metadata: f.metadata.clone().filter(|m| !is_empty_metadata(m)),
                    })
                })
                .collect::<Result<_>>()?,
        ),
        Kind::Variant(_) => DataType::Variant,
        Kind::Unparsed(u) => sabot_sql::parse_data_type(&u.data_type_string)?,
        Kind::Udt(_) => return Err(SparkError::unsupported("user-defined types")),
        Kind::Geometry(_) => return Err(SparkError::unsupported("the GEOMETRY type")),
        Kind::Geography(_) => return Err(SparkError::unsupported("the GEOGRAPHY type")),
        Kind::Time(t) => DataType::Time(time_precision(t.precision)?),
        Kind::TimestampNtzNanos(_) | Kind::TimestampLtzNanos(_) => {
            return Err(SparkError::unsupported("nanosecond timestamp types"));
        }
    })
}

/// `{}` is how Spark writes "no metadata"; the spec keeps `None` for it.
pub(crate) fn is_empty_metadata(m: &str) -> bool {
    let m = m.trim();
    m.is_empty() || m.chars().filter(|c| !c.is_whitespace()).eq("{}".chars())
}

fn required_type(t: Option<&connect::DataType>, what: &str) -> Result<DataType> {
    match t {
        Some(t) => data_type_from_proto(t),
        None => Err(SparkError::invalid_plan(format!("Missing {what} type"))),
    }
}

/// Precision and scale default like Spark's `DecimalType.USER_DEFAULT` (`decimal(10,0)`).
pub(crate) fn decimal_type(precision: Option<i32>, scale: Option<i32>) -> Result<DataType> {
    let precision = precision.unwrap_or(10);
    let scale = scale.unwrap_or(0);
    if !(1..=38).contains(&precision) || scale < 0 || scale > precision {
        return Err(SparkError::invalid_plan(format!(
            "Invalid decimal type: decimal({precision},{scale})"
        )));
    }
    // Both fit: 1..=38 and 0..=precision.
    Ok(DataType::Decimal {
        precision: precision as u8,
        scale: scale as i8,
    })
}

/// Only the default binary collation is supported; Spark sends it as `UTF8_BINARY` or leaves
/// the field empty.
pub(crate) fn check_collation(collation: &str) -> Result<()> {
    if collation.is_empty() || collation.eq_ignore_ascii_case("UTF8_BINARY") {
        Ok(())
    } else {
        Err(SparkError::unsupported(format!("collation '{collation}'")))
    }
}

fn length(n: i32, what: &str) -> Result<u32> {
    u32::try_from(n).map_err(|_| SparkError::invalid_plan(format!("Invalid {what} length: {n}")))
}

/// Spark's `YearMonthIntervalType(start)` means `start` to `start`; with neither field the
/// default (`YEAR TO MONTH` / `DAY TO SECOND`) applies.
fn interval_fields(
    start: Option<i32>,
    end: Option<i32>,
    default: (i32, i32),
    what: &str,
) -> Result<(i32, i32)> {
    match (start, end) {
        (Some(s), Some(e)) if s <= e => Ok((s, e)),
        (Some(s), None) => Ok((s, s)),
        (None, None) => Ok(default),
        _ => Err(SparkError::invalid_plan(format!(
            "Invalid {what} interval type fields: {start:?} to {end:?}"
        ))),
    }
}

pub(crate) fn year_month_field(f: i32) -> Result<YearMonthField> {
    match f {
        0 => Ok(YearMonthField::Year),
        1 => Ok(YearMonthField::Month),
        _ => Err(SparkError::invalid_plan(format!(
            "Invalid year-month interval field: {f}"
        ))),
    }
}

pub(crate) fn day_time_field(f: i32) -> Result<DayTimeField> {
    match f {
        0 => Ok(DayTimeField::Day),
        1 => Ok(DayTimeField::Hour),
        2 => Ok(DayTimeField::Minute),
        3 => Ok(DayTimeField::Second),
        _ => Err(SparkError::invalid_plan(format!(
            "Invalid day-time interval field: {f}"
        ))),
    }
}

/// `TIME(p)` with Spark's default precision 6; Spark accepts 0 to 9 fractional digits.
fn time_precision(p: Option<i32>) -> Result<u8> {
    match p {
        None => Ok(6),
        Some(p @ 0..=9) => Ok(p as u8),
        Some(p) => Err(SparkError::unsupported(format!("TIME({p})"))),
    }
}
