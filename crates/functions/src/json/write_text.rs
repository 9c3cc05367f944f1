//! What the text writers (`to_json`, `to_csv`, `to_xml`) share: their datetime options
//! (`timeZone`, `timestampFormat`, `timestampNTZFormat`, `dateFormat`, with Spark's defaults)
//! and an atomic value's text (numbers as Java prints them, dates and timestamps in those
//! formats).

use std::collections::HashMap;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use sabot_common::Result;
use sabot_common::numbers::{java_double_string, java_float_string, plain_decimal};

use super::datetime::{chrono_format, format_date, format_timestamp};

/// A writer's datetime options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct WriteFormats {
    time_zone: String,
    timestamp_format: String,
    timestamp_ntz_format: String,
    date_format: String,
}

impl WriteFormats {
    /// The zone timestamps are written in.
    pub(crate) fn time_zone(&self) -> &str {
        &self.time_zone
    }

    /// From the writer's (lower-cased) options; the session zone unless `timeZone` is set.
    pub(crate) fn new(opts: &HashMap<String, String>, session_zone: &str) -> Result<Self> {
        let fmt = |k: &str, d: &str| chrono_format(opts.get(k).map_or(d, String::as_str));
        Ok(Self {
            time_zone: opts
                .get("timezone")
                .cloned()
                .unwrap_or_else(|| session_zone.to_string()),
            timestamp_format: fmt("timestampformat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")?,
            timestamp_ntz_format: fmt("timestampntzformat", "yyyy-MM-dd'T'HH:mm:ss.SSS")?,
            date_format: fmt("dateformat", "yyyy-MM-dd")?,
        })
    }

    /// Days since the epoch in `dateFormat`.
    pub(crate) fn date(&self, days: i32) -> String {
        format_date(days, &self.date_format)
    }

    /// Microseconds since the epoch: a `TIMESTAMP` (`zoned`) in `timestampFormat` and the
    /// writer's zone, a `TIMESTAMP_NTZ` in `timestampNTZFormat`.
    pub(crate) fn timestamp(&self, micros: i64, zoned: bool) -> String {
        if zoned {
            format_timestamp(micros, &self.timestamp_format, Some(&self.time_zone))
        } else {
            format_timestamp(micros, &self.timestamp_ntz_format, None)
        }
    }

    /// The text of row `i` of `a` when it is a non-NULL atomic value (booleans, numbers,
    /// strings, dates, microsecond timestamps); `None` for NULLs and other types.
    pub(crate) fn atom(&self, a: &ArrayRef, i: usize) -> Option<String> {
        if a.data_type() == &ArrowType::Null || a.is_null(i) {
            return None;
        }
        Some(match a.data_type() {
            ArrowType::Boolean => a.as_boolean().value(i).to_string(),
            ArrowType::Int8 => a.as_primitive::<Int8Type>().value(i).to_string(),
            ArrowType::Int16 => a.as_primitive::<Int16Type>().value(i).to_string(),
            ArrowType::Int32 => a.as_primitive::<Int32Type>().value(i).to_string(),
            ArrowType::Int64 => a.as_primitive::<Int64Type>().value(i).to_string(),
            ArrowType::Float32 => java_float_string(a.as_primitive::<Float32Type>().value(i)),
            ArrowType::Float64 => java_double_string(a.as_primitive::<Float64Type>().value(i)),
            ArrowType::Decimal128(_, s) => {
                plain_decimal(&a.as_primitive::<Decimal128Type>().value(i).to_string(), *s)
            }
            ArrowType::Utf8 => a.as_string::<i32>().value(i).to_string(),
            ArrowType::LargeUtf8 => a.as_string::<i64>().value(i).to_string(),
            ArrowType::Utf8View => a.as_string_view().value(i).to_string(),
            ArrowType::Date32 => self.date(a.as_primitive::<Date32Type>().value(i)),
            ArrowType::Timestamp(TimeUnit::Microsecond, tz) => self.timestamp(
                a.as_primitive::<TimestampMicrosecondType>().value(i),
                tz.is_some(),
            ),
            _ => return None,
        })
    }
}
