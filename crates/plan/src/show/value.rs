//! One Arrow value as Spark's `ToPrettyString` renders it (the cast to string `show()` uses).

use std::any::type_name;

use datafusion::arrow::array::timezone::Tz;
use datafusion::arrow::array::{
    Array, ArrowPrimitiveType, BinaryArray, BinaryViewArray, BooleanArray, FixedSizeBinaryArray,
    FixedSizeListArray, GenericListArray, LargeBinaryArray, LargeStringArray, MapArray,
    OffsetSizeTrait, PrimitiveArray, StringArray, StringViewArray, StructArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Date64Type, Decimal32Type, Decimal64Type, Decimal128Type,
    Decimal256Type, DurationMicrosecondType, DurationMillisecondType, DurationNanosecondType,
    DurationSecondType, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    IntervalDayTimeType, IntervalMonthDayNanoType, IntervalUnit, IntervalYearMonthType, TimeUnit,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use sabot_common::spec::{DayTimeField, YearMonthField};
use sabot_common::{Result, SparkError};

use super::datetime::{
    format_calendar_interval, format_date, format_day_time_interval, format_timestamp,
    format_timestamp_ntz, format_year_month_interval, parse_time_zone,
};
use crate::types::{arrow_to_spark, spark_to_arrow};
use sabot_common::numbers::{java_double_string, java_float_string, plain_decimal};

/// What Spark prints for a null (`ToPrettyString.nullString`).
const NULL: &str = "NULL";

/// The value at `row` as Spark's `ToPrettyString` renders it: `NULL`, Java-style floats, plain
/// decimals, `[01 02 FF]` binaries, timestamps in `time_zone`, `[1, NULL]` arrays,
/// `{a -> 1}` maps, `{1, x}` structs, ANSI interval literals.
pub fn format_value(array: &dyn Array, row: usize, time_zone: &str) -> Result<String> {
    let tz = parse_time_zone(time_zone)?;
    let mut out = String::new();
    write_value(&mut out, array, row, &tz, time_zone)?;
    Ok(out)
}

fn downcast<T: 'static>(array: &dyn Array) -> Result<&T> {
    array.as_any().downcast_ref::<T>().ok_or_else(|| {
        SparkError::internal(format!(
            "expected {} for Arrow type {}",
            type_name::<T>(),
            array.data_type()
        ))
    })
}

fn primitive<T: ArrowPrimitiveType>(array: &dyn Array, row: usize) -> Result<T::Native> {
    Ok(downcast::<PrimitiveArray<T>>(array)?.value(row))
}

fn is_null(array: &dyn Array, row: usize) -> bool {
    // A NullArray has no validity buffer; its values are all (logically) null.
    matches!(array.data_type(), ArrowType::Null) || array.is_null(row)
}

/// Appends the value at `row`; `zone` is the unparsed session zone for fallback casts.
pub(super) fn write_value(
    out: &mut String,
    array: &dyn Array,
    row: usize,
    tz: &Tz,
    zone: &str,
) -> Result<()> {
    if row >= array.len() {
        return Err(SparkError::internal(format!(
            "row {row} is out of bounds of an array of {} values",
            array.len()
        )));
    }
    if is_null(array, row) {
        out.push_str(NULL);
        return Ok(());
    }
    let text = match array.data_type() {
        t if sabot_functions::variant::is_variant(t) => {
            let s = sabot_functions::variant::string_at(array, row, zone)
                .map_err(crate::error::from_datafusion)?;
            out.push_str(s.as_deref().unwrap_or(NULL));
            return Ok(());
        }
        ArrowType::Boolean => downcast::<BooleanArray>(array)?.value(row).to_string(),
        ArrowType::Int8 => primitive::<Int8Type>(array, row)?.to_string(),
        ArrowType::Int16 => primitive::<Int16Type>(array, row)?.to_string(),
        ArrowType::Int32 => primitive::<Int32Type>(array, row)?.to_string(),
        ArrowType::Int64 => primitive::<Int64Type>(array, row)?.to_string(),
        ArrowType::UInt8 => primitive::<UInt8Type>(array, row)?.to_string(),
        ArrowType::UInt16 => primitive::<UInt16Type>(array, row)?.to_string(),
        ArrowType::UInt32 => primitive::<UInt32Type>(array, row)?.to_string(),
        ArrowType::UInt64 => primitive::<UInt64Type>(array, row)?.to_string(),
        ArrowType::Float32 => java_float_string(primitive::<Float32Type>(array, row)?),
        ArrowType::Float64 => java_double_string(primitive::<Float64Type>(array, row)?),
        ArrowType::Decimal32(_, s) => {
            plain_decimal(&primitive::<Decimal32Type>(array, row)?.to_string(), *s)
        }
        ArrowType::Decimal64(_, s) => {
            plain_decimal(&primitive::<Decimal64Type>(array, row)?.to_string(), *s)
        }
        ArrowType::Decimal128(_, s) => {
            plain_decimal(&primitive::<Decimal128Type>(array, row)?.to_string(), *s)
        }
        ArrowType::Decimal256(_, s) => {
            plain_decimal(&primitive::<Decimal256Type>(array, row)?.to_string(), *s)
        }
        ArrowType::Utf8 => downcast::<StringArray>(array)?.value(row).to_string(),
        ArrowType::LargeUtf8 => downcast::<LargeStringArray>(array)?.value(row).to_string(),
        ArrowType::Utf8View => downcast::<StringViewArray>(array)?.value(row).to_string(),
        ArrowType::Binary => hex(downcast::<BinaryArray>(array)?.value(row)),
        ArrowType::LargeBinary => hex(downcast::<LargeBinaryArray>(array)?.value(row)),
        ArrowType::BinaryView => hex(downcast::<BinaryViewArray>(array)?.value(row)),
        ArrowType::FixedSizeBinary(_) => hex(downcast::<FixedSizeBinaryArray>(array)?.value(row)),
        ArrowType::Date32 => format_date(i64::from(primitive::<Date32Type>(array, row)?))?,
        ArrowType::Time64(TimeUnit::Nanosecond) => {
            sabot_common::time_of_day::format_time(primitive::<
                datafusion::arrow::datatypes::Time64NanosecondType,
            >(array, row)?)
        }
        ArrowType::Date64 => {
            format_date(primitive::<Date64Type>(array, row)?.div_euclid(86_400_000))?
        }
        ArrowType::Timestamp(unit, zone_of_type) => {
            let micros = timestamp_micros(array, row, *unit)?;
            // Spark shows a `timestamp` in the session zone whatever zone the data carries.
            if zone_of_type.is_some() {
                format_timestamp(micros, tz)?
            } else {
                format_timestamp_ntz(micros)?
            }
        }
        ArrowType::Duration(unit) => format_day_time_interval(
            duration_micros(array, row, *unit)?,
            DayTimeField::Day,
            DayTimeField::Second,
        ),
        ArrowType::Interval(IntervalUnit::YearMonth) => format_year_month_interval(
            primitive::<IntervalYearMonthType>(array, row)?,
            YearMonthField::Year,
            YearMonthField::Month,
        ),
        ArrowType::Interval(IntervalUnit::DayTime) => {
            let v = primitive::<IntervalDayTimeType>(array, row)?;
            format_calendar_interval(0, v.days, i64::from(v.milliseconds) * 1000)
        }
        ArrowType::Interval(IntervalUnit::MonthDayNano) => {
            let v = primitive::<IntervalMonthDayNanoType>(array, row)?;
            format_calendar_interval(v.months, v.days, v.nanoseconds.div_euclid(1000))
        }
        ArrowType::List(_) => {
            return write_list(
                out,
                downcast::<GenericListArray<i32>>(array)?,
                row,
                tz,
                zone,
            );
        }
        ArrowType::LargeList(_) => {
            return write_list(
                out,
                downcast::<GenericListArray<i64>>(array)?,
                row,
                tz,
                zone,
            );
        }
        ArrowType::FixedSizeList(_, _) => {
            let list = downcast::<FixedSizeListArray>(array)?;
            return write_sequence(out, list.value(row).as_ref(), tz, zone);
        }
        ArrowType::Map(_, _) => return write_map(out, downcast::<MapArray>(array)?, row, tz, zone),
        ArrowType::Struct(_) => {
            return write_struct(out, downcast::<StructArray>(array)?, row, tz, zone);
        }
        // Dictionaries, run-end encoded arrays, list views, half floats...: cast the one value
        // to the Arrow type Spark uses for it.
        other => {
            let target = spark_to_arrow(&arrow_to_spark(other)?, zone)?;
            if &target == other {
                return Err(SparkError::unsupported(format!(
                    "showing values of the Arrow type {other}"
                )));
            }
            let one = cast(&array.slice(row, 1), &target).map_err(|e| {
                SparkError::internal(format!("cannot cast {other} to {target}: {e}"))
            })?;
            return write_value(out, one.as_ref(), 0, tz, zone);
        }
    };
    out.push_str(&text);
    Ok(())
}

fn timestamp_micros(array: &dyn Array, row: usize, unit: TimeUnit) -> Result<i64> {
    Ok(match unit {
        TimeUnit::Second => primitive::<TimestampSecondType>(array, row)?.saturating_mul(1_000_000),
        TimeUnit::Millisecond => {
            primitive::<TimestampMillisecondType>(array, row)?.saturating_mul(1000)
        }
        TimeUnit::Microsecond => primitive::<TimestampMicrosecondType>(array, row)?,
        TimeUnit::Nanosecond => primitive::<TimestampNanosecondType>(array, row)?.div_euclid(1000),
    })
}

fn duration_micros(array: &dyn Array, row: usize, unit: TimeUnit) -> Result<i64> {
    Ok(match unit {
        TimeUnit::Second => primitive::<DurationSecondType>(array, row)?.saturating_mul(1_000_000),
        TimeUnit::Millisecond => {
            primitive::<DurationMillisecondType>(array, row)?.saturating_mul(1000)
        }
        TimeUnit::Microsecond => primitive::<DurationMicrosecondType>(array, row)?,
        TimeUnit::Nanosecond => primitive::<DurationNanosecondType>(array, row)?.div_euclid(1000),
    })
}

/// Binary in Spark's `HEX_DISCRETE` output style: `[01 02 FF]`.
fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("[{}]", parts.join(" "))
}

fn write_list<O: OffsetSizeTrait>(
    out: &mut String,
    list: &GenericListArray<O>,
    row: usize,
    tz: &Tz,
    zone: &str,
) -> Result<()> {
    write_sequence(out, list.value(row).as_ref(), tz, zone)
}

/// `[e1, e2, NULL]`.
fn write_sequence(out: &mut String, values: &dyn Array, tz: &Tz, zone: &str) -> Result<()> {
    out.push('[');
    for i in 0..values.len() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, values, i, tz, zone)?;
    }
    out.push(']');
    Ok(())
}

/// `{k1 -> v1, k2 -> NULL}`.
fn write_map(out: &mut String, map: &MapArray, row: usize, tz: &Tz, zone: &str) -> Result<()> {
    let offsets = map.value_offsets();
    let (start, end) = (offsets[row] as usize, offsets[row + 1] as usize);
    let (keys, values) = (map.keys(), map.values());
    out.push('{');
    for i in start..end {
        if i > start {
            out.push_str(", ");
        }
        write_value(out, keys.as_ref(), i, tz, zone)?;
        out.push_str(" -> ");
        write_value(out, values.as_ref(), i, tz, zone)?;
    }
    out.push('}');
    Ok(())
}

/// `{f1, f2, NULL}` (field values only, as Spark's `ToPrettyString`).
fn write_struct(out: &mut String, st: &StructArray, row: usize, tz: &Tz, zone: &str) -> Result<()> {
    out.push('{');
    for (i, column) in st.columns().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, column.as_ref(), row, tz, zone)?;
    }
    out.push('}');
    Ok(())
}
