//! Spec literals -> DataFusion scalars of the Arrow type Spark uses for the literal's type, and
//! Spark's names for them (`toPrettySQL`: numbers and strings as their value, others as
//! `Literal.sql`, e.g. `DATE '2024-01-02'`).

use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDateTime};
use datafusion::arrow::array::timezone::Tz;
use datafusion::arrow::array::{Array, ArrayRef, MapArray, StructArray, new_empty_array};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalMonthDayNano};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::spec::{DataType, DayTimeField, Literal, YearMonthField};
use sabot_common::time_of_day;
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use crate::error::from_datafusion;
use crate::types::spark_to_arrow;

/// A literal as a DataFusion expression named as Spark names it.
pub(crate) fn resolve_literal(lit: &Literal, tz: &str) -> Result<Named> {
    // A `TIME(p)` literal carries a non-default precision as field metadata.
    let metadata = match lit {
        Literal::Time { precision, .. } if *precision != time_of_day::DEFAULT_PRECISION => {
            Some(sabot_functions::time_cast::precision_metadata(*precision))
        }
        Literal::DayTimeInterval {
            data_type:
                DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Day,
                },
            ..
        } => Some(sabot_functions::day_interval_metadata()),
        _ => None,
    };
    let expr = DfExpr::Literal(to_scalar(lit, tz)?, metadata);
    Ok(Named::new(expr, literal_name(lit, tz)?))
}

/// The scalar value of a literal, typed as Spark's Arrow mapping of the literal's type.
pub(crate) fn to_scalar(lit: &Literal, tz: &str) -> Result<ScalarValue> {
    let target = spark_to_arrow(&lit.data_type(), tz)?;
    let natural = match lit {
        Literal::Null(_) => return ScalarValue::try_from(&target).map_err(from_datafusion),
        Literal::Boolean(v) => ScalarValue::Boolean(Some(*v)),
        Literal::Byte(v) => ScalarValue::Int8(Some(*v)),
        Literal::Short(v) => ScalarValue::Int16(Some(*v)),
        Literal::Integer(v) => ScalarValue::Int32(Some(*v)),
        Literal::Long(v) => ScalarValue::Int64(Some(*v)),
        Literal::Float(v) => ScalarValue::Float32(Some(*v)),
        Literal::Double(v) => ScalarValue::Float64(Some(*v)),
        Literal::Decimal {
            value,
            precision,
            scale,
        } => ScalarValue::Decimal128(Some(*value), *precision, *scale),
        Literal::String(v) => ScalarValue::Utf8(Some(v.clone())),
        Literal::Binary(v) => ScalarValue::Binary(Some(v.clone())),
        Literal::Date(v) => ScalarValue::Date32(Some(*v)),
        Literal::Timestamp(v) => ScalarValue::TimestampMicrosecond(Some(*v), Some(Arc::from(tz))),
        Literal::TimestampNtz(v) => ScalarValue::TimestampMicrosecond(Some(*v), None),
        Literal::Time { nanos, .. } => ScalarValue::Time64Nanosecond(Some(*nanos)),
        Literal::DayTimeInterval { micros, .. } => ScalarValue::DurationMicrosecond(Some(*micros)),
        Literal::YearMonthInterval { months, .. } => ScalarValue::IntervalYearMonth(Some(*months)),
        Literal::CalendarInterval {
            months,
            days,
            micros,
        } => ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(
            *months,
            *days,
            micros.saturating_mul(1000),
        ))),
        Literal::Array { values, .. } => {
            let ArrowType::List(field) = &target else {
                return Err(SparkError::internal(format!(
                    "array literal of type {target}"
                )));
            };
            let values = values
                .iter()
                .map(|v| to_scalar(v, tz))
                .collect::<Result<Vec<_>>>()?;
            ScalarValue::List(ScalarValue::new_list(
                &values,
                field.data_type(),
                field.is_nullable(),
            ))
        }
        Literal::Struct { values, .. } => {
            let ArrowType::Struct(fields) = &target else {
                return Err(SparkError::internal(format!(
                    "struct literal of type {target}"
                )));
            };
            if fields.len() != values.len() {
                return Err(SparkError::invalid_plan(format!(
                    "a struct literal with {} values for {} fields",
                    values.len(),
                    fields.len()
                )));
            }
            let arrays = values
                .iter()
                .zip(fields.iter())
                .map(|(v, f)| {
                    to_scalar(v, tz)?
                        .cast_to(f.data_type())
                        .and_then(|s| s.to_array())
                        .map_err(from_datafusion)
                })
                .collect::<Result<Vec<ArrayRef>>>()?;
            let array = StructArray::try_new(fields.clone(), arrays, None)
                .map_err(|e| SparkError::internal(e.to_string()))?;
            ScalarValue::Struct(Arc::new(array))
        }
        Literal::Map { keys, values, .. } => map_scalar(keys, values, &target, tz)?,
    };
    if natural.data_type() == target {
        Ok(natural)
    } else {
        natural.cast_to(&target).map_err(from_datafusion)
    }
}

fn map_scalar(
    keys: &[Literal],
    values: &[Literal],
    target: &ArrowType,
    tz: &str,
) -> Result<ScalarValue> {
    let ArrowType::Map(entries_field, sorted) = target else {
        return Err(SparkError::internal(format!(
            "map literal of type {target}"
        )));
    };
    let ArrowType::Struct(entry_fields) = entries_field.data_type() else {
        return Err(SparkError::internal(format!(
            "map literal of type {target}"
        )));
    };
    if keys.len() != values.len() || entry_fields.len() != 2 {
        return Err(SparkError::invalid_plan(
            "a map literal with unequal keys and values",
        ));
    }
    let column = |lits: &[Literal], t: &ArrowType| -> Result<ArrayRef> {
        if lits.is_empty() {
            return Ok(new_empty_array(t));
        }
        let scalars = lits
            .iter()
            .map(|l| to_scalar(l, tz)?.cast_to(t).map_err(from_datafusion))
            .collect::<Result<Vec<_>>>()?;
        ScalarValue::iter_to_array(scalars).map_err(from_datafusion)
    };
    let key_array = column(keys, entry_fields[0].data_type())?;
    let value_array = column(values, entry_fields[1].data_type())?;
    let entries = StructArray::try_new(entry_fields.clone(), vec![key_array, value_array], None)
        .map_err(|e| SparkError::internal(e.to_string()))?;
    let len = i32::try_from(entries.len()).map_err(|e| SparkError::internal(e.to_string()))?;
    let map = MapArray::try_new(
        Arc::clone(entries_field),
        OffsetBuffer::new(vec![0, len].into()),
        entries,
        None,
        *sorted,
    )
    .map_err(|e| SparkError::internal(e.to_string()))?;
    Ok(ScalarValue::Map(Arc::new(map)))
}

/// Spark's column name for a literal (`usePrettyExpression`: numbers and strings print their
/// value, `NULL` for nulls, everything else as `Literal.sql`).
pub(crate) fn literal_name(lit: &Literal, tz: &str) -> Result<String> {
    Ok(match lit {
        Literal::String(s) => s.clone(),
        other => literal_sql(other, tz)?,
    })
}

/// Spark's `Literal.sql`.
fn literal_sql(lit: &Literal, tz: &str) -> Result<String> {
    Ok(match lit {
        Literal::Null(_) => "NULL".into(),
        Literal::Boolean(v) => v.to_string(),
        Literal::Byte(v) => v.to_string(),
        Literal::Short(v) => v.to_string(),
        Literal::Integer(v) => v.to_string(),
        Literal::Long(v) => v.to_string(),
        Literal::Float(v) => java_float(*v),
        Literal::Double(v) => java_double(*v),
        Literal::Decimal { value, scale, .. } => decimal_string(*value, *scale),
        Literal::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Literal::Binary(b) => format!(
            "X'{}'",
            b.iter().map(|x| format!("{x:02X}")).collect::<String>()
        ),
        Literal::Date(d) => format!("DATE '{}'", date_string(*d)?),
        Literal::Timestamp(v) => format!("TIMESTAMP '{}'", timestamp_string(*v, Some(tz))?),
        Literal::TimestampNtz(v) => format!("TIMESTAMP_NTZ '{}'", timestamp_string(*v, None)?),
        Literal::Time { nanos, .. } => format!("TIME '{}'", time_of_day::format_time(*nanos)),
        Literal::YearMonthInterval { months, data_type } => year_month_sql(*months, data_type),
        Literal::DayTimeInterval { micros, data_type } => day_time_sql(*micros, data_type),
        Literal::CalendarInterval {
            months,
            days,
            micros,
        } => format!("INTERVAL '{months} months {days} days {micros} microseconds'"),
        Literal::Array { values, .. } => format!("ARRAY({})", sql_list(values, tz)?),
        Literal::Map { keys, values, .. } => {
            let mut parts = Vec::with_capacity(keys.len() * 2);
            for (k, v) in keys.iter().zip(values) {
                parts.push(literal_sql(k, tz)?);
                parts.push(literal_sql(v, tz)?);
            }
            format!("MAP({})", parts.join(", "))
        }
        Literal::Struct { data_type, values } => {
            let DataType::Struct(fields) = data_type else {
                return Err(SparkError::invalid_plan(
                    "a struct literal of a non-struct type",
                ));
            };
            let mut parts = Vec::with_capacity(values.len() * 2);
            for (f, v) in fields.iter().zip(values) {
                parts.push(format!("'{}'", f.name));
                parts.push(literal_sql(v, tz)?);
            }
            format!("NAMED_STRUCT({})", parts.join(", "))
        }
    })
}

fn sql_list(values: &[Literal], tz: &str) -> Result<String> {
    Ok(values
        .iter()
        .map(|v| literal_sql(v, tz))
        .collect::<Result<Vec<_>>>()?
        .join(", "))
}

fn year_month_sql(months: i32, t: &DataType) -> String {
    let (sign, abs) = if months < 0 {
        ("-", -(months as i64))
    } else {
        ("", months as i64)
    };
    match t {
        DataType::YearMonthInterval {
            start: YearMonthField::Year,
            end: YearMonthField::Year,
        } => format!("INTERVAL '{sign}{}' YEAR", abs / 12),
        DataType::YearMonthInterval {
            start: YearMonthField::Month,
            end: YearMonthField::Month,
        } => format!("INTERVAL '{sign}{abs}' MONTH"),
        _ => format!("INTERVAL '{sign}{}-{}' YEAR TO MONTH", abs / 12, abs % 12),
    }
}

fn day_time_sql(micros: i64, t: &DataType) -> String {
    let (start, end) = match t {
        DataType::DayTimeInterval { start, end } => (*start, *end),
        _ => (DayTimeField::Day, DayTimeField::Second),
    };
    let sign = if micros < 0 { "-" } else { "" };
    let abs = micros.unsigned_abs();
    let (day, hour, minute) = (abs / 86_400_000_000, abs / 3_600_000_000, abs / 60_000_000);
    let second = seconds_string(abs % 60_000_000);
    let name = |f: DayTimeField| match f {
        DayTimeField::Day => "DAY",
        DayTimeField::Hour => "HOUR",
        DayTimeField::Minute => "MINUTE",
        DayTimeField::Second => "SECOND",
    };
    let value = match (start, end) {
        (DayTimeField::Day, DayTimeField::Day) => format!("{day}"),
        // Spark's `IntervalUtils.toDayTimeIntervalString` pads every leading field but DAY.
        (DayTimeField::Hour, DayTimeField::Hour) => format!("{hour:02}"),
        (DayTimeField::Minute, DayTimeField::Minute) => format!("{minute:02}"),
        (DayTimeField::Second, DayTimeField::Second) => seconds_string(abs),
        (DayTimeField::Day, DayTimeField::Hour) => format!("{day} {:02}", hour % 24),
        (DayTimeField::Day, DayTimeField::Minute) => {
            format!("{day} {:02}:{:02}", hour % 24, minute % 60)
        }
        (DayTimeField::Day, _) => format!("{day} {:02}:{:02}:{second}", hour % 24, minute % 60),
        (DayTimeField::Hour, DayTimeField::Minute) => format!("{hour:02}:{:02}", minute % 60),
        (DayTimeField::Hour, _) => format!("{hour:02}:{:02}:{second}", minute % 60),
        (_, _) => format!("{minute:02}:{second}"),
    };
    if start == end {
        format!("INTERVAL '{sign}{value}' {}", name(start))
    } else {
        format!("INTERVAL '{sign}{value}' {} TO {}", name(start), name(end))
    }
}

/// Seconds with Spark's 6-digit fraction for interval strings (`04.500000`).
fn seconds_string(micros: u64) -> String {
    let (s, f) = (micros / 1_000_000, micros % 1_000_000);
    if f == 0 {
        format!("{s:02}")
    } else {
        format!("{s:02}.{f:06}")
    }
}

/// A decimal's unscaled value and scale as Java's `BigDecimal.toPlainString`.
pub(crate) fn decimal_string(value: i128, scale: i8) -> String {
    if scale <= 0 {
        let mut s = value.to_string();
        if value != 0 {
            s.push_str(&"0".repeat(scale.unsigned_abs() as usize));
        }
        return s;
    }
    let sign = if value < 0 { "-" } else { "" };
    let digits = value.unsigned_abs().to_string();
    let scale = scale as usize;
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// Days since the epoch as `yyyy-MM-dd`.
pub(crate) fn date_string(days: i32) -> Result<String> {
    let date = DateTime::from_timestamp(i64::from(days) * 86_400, 0)
        .ok_or_else(|| SparkError::internal(format!("date out of range: {days}")))?;
    Ok(date.format("%Y-%m-%d").to_string())
}

/// Microseconds since the epoch as Spark prints a timestamp: `yyyy-MM-dd HH:mm:ss[.fraction]`
/// with trailing fraction zeros removed, in `tz` (or as wall-clock time when `None`).
pub(crate) fn timestamp_string(micros: i64, tz: Option<&str>) -> Result<String> {
    // chrono's years end at ±262143, Spark's microseconds reach year 294247: such an instant is
    // formatted 40000 years (100 Gregorian cycles, the same calendar) nearer the epoch.
    const SHIFT_MICROS: i64 = 100 * 146_097 * 86_400 * 1_000_000;
    const SHIFT_YEARS: i32 = 40_000;
    let (micros, years) = match DateTime::from_timestamp_micros(micros) {
        Some(_) => (micros, 0),
        None if micros > 0 => (micros - SHIFT_MICROS, SHIFT_YEARS),
        None => (micros + SHIFT_MICROS, -SHIFT_YEARS),
    };
    let utc = DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| SparkError::internal(format!("timestamp out of range: {micros}")))?;
    let local: NaiveDateTime = match tz {
        Some(tz) => {
            let tz: Tz = tz.parse().map_err(|e| {
                SparkError::illegal_argument(format!("invalid time zone {tz}: {e}"))
            })?;
            utc.with_timezone(&tz).naive_local()
        }
        None => utc.naive_utc(),
    };
    if years == 0 {
        return Ok(naive_string(&local));
    }
    // The shifted year's digits replaced by the real year's (Spark prints `+` past 9999).
    let text = naive_string(&local);
    let rest = text.trim_start_matches(['+', '-']);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let year = local.year() + years;
    let year = if year > 9999 {
        format!("+{year}")
    } else if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    };
    Ok(format!("{year}{rest}"))
}

/// `yyyy-MM-dd HH:mm:ss[.fraction]` with trailing fraction zeros removed.
pub(crate) fn naive_string(t: &NaiveDateTime) -> String {
    let base = t.format("%Y-%m-%d %H:%M:%S").to_string();
    let nanos = t.and_utc().timestamp_subsec_nanos();
    if nanos == 0 {
        return base;
    }
    let frac = format!("{nanos:09}");
    format!("{base}.{}", frac.trim_end_matches('0'))
}

/// Java's `Double.toString`: shortest digits, scientific notation outside `[1e-3, 1e7)`.
pub(crate) fn java_double(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let abs = v.abs();
    if abs == 0.0 || (1e-3..1e7).contains(&abs) {
        with_point(format!("{v}"))
    } else {
        java_scientific(format!("{v:e}"))
    }
}

/// Java's `Float.toString`.
pub(crate) fn java_float(v: f32) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let abs = v.abs();
    if abs == 0.0 || (1e-3..1e7).contains(&abs) {
        with_point(format!("{v}"))
    } else {
        java_scientific(format!("{v:e}"))
    }
}

fn with_point(s: String) -> String {
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// `1.5e-5` -> `1.5E-5`, `1e20` -> `1.0E20`.
fn java_scientific(s: String) -> String {
    match s.split_once('e') {
        Some((mantissa, exp)) => format!("{}E{exp}", with_point(mantissa.to_string())),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_beyond_chronos_years() {
        // As Spark 4.3 prints `CAST(CAST(9223372036854775807L AS TIMESTAMP) AS STRING)` (UTC).
        let utc = Some("UTC");
        assert_eq!(
            timestamp_string(i64::MAX, utc).unwrap(),
            "+294247-01-10 04:00:54.775807"
        );
        assert_eq!(
            timestamp_string(i64::MIN, utc).unwrap(),
            "-290308-12-21 19:59:05.224192"
        );
        assert_eq!(
            timestamp_string(1_000_000, utc).unwrap(),
            "1970-01-01 00:00:01"
        );
    }

    #[test]
    fn java_number_strings() {
        assert_eq!(java_double(1.5), "1.5");
        assert_eq!(java_double(100.0), "100.0");
        assert_eq!(java_double(1e10), "1.0E10");
        assert_eq!(java_double(1e-5), "1.0E-5");
        assert_eq!(java_double(1e7), "1.0E7");
        assert_eq!(java_double(12345678.9), "1.23456789E7");
        assert_eq!(java_double(-0.5), "-0.5");
        assert_eq!(java_float(1.0), "1.0");
        assert_eq!(decimal_string(150, 2), "1.50");
        assert_eq!(decimal_string(-5, 3), "-0.005");
    }

    #[test]
    fn temporal_strings() {
        assert_eq!(date_string(19724).ok().as_deref(), Some("2024-01-02"));
        // 2024-01-02 03:04:05.12 UTC
        let micros = 1_704_164_645_120_000;
        assert_eq!(
            timestamp_string(micros, Some("UTC")).ok().as_deref(),
            Some("2024-01-02 03:04:05.12")
        );
        assert_eq!(
            timestamp_string(micros, Some("America/Los_Angeles"))
                .ok()
                .as_deref(),
            Some("2024-01-01 19:04:05.12")
        );
    }
}
