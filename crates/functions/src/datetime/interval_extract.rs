//! `extract(field FROM interval)` for year-month, day-time and calendar intervals (Spark's
//! `ExtractIntervalPart`): YEAR and DAY are `int`, MONTH/HOUR/MINUTE are `tinyint` and SECOND
//! is `decimal(8,6)`; each part keeps the interval's sign (Java's `/` and `%`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, Decimal128Array, Int8Array, Int32Array};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, DurationMicrosecondType, IntervalMonthDayNano, IntervalMonthDayNanoType,
    IntervalUnit, IntervalYearMonthType, TimeUnit,
};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::Expr as DfExpr;

use super::kernel::{KernelCtx, call_strict};

const MICROS_PER_DAY: i64 = 86_400_000_000;
const MICROS_PER_HOUR: i64 = 3_600_000_000;
const MICROS_PER_MINUTE: i64 = 60_000_000;

/// The canonical part for an interval type and a field name, or None if it does not apply.
pub(crate) fn part(t: &ArrowType, field: &str) -> Option<&'static str> {
    let f = match field.to_ascii_uppercase().as_str() {
        "YEAR" | "Y" | "YEARS" | "YR" | "YRS" => "year",
        "MONTH" | "MON" | "MONS" | "MONTHS" => "month",
        "DAY" | "D" | "DAYS" => "day",
        "HOUR" | "H" | "HOURS" | "HR" | "HRS" => "hour",
        "MINUTE" | "M" | "MIN" | "MINS" | "MINUTES" => "minute",
        "SECOND" | "S" | "SEC" | "SECONDS" | "SECS" => "second",
        _ => return None,
    };
    match t {
        ArrowType::Interval(IntervalUnit::YearMonth) if matches!(f, "year" | "month") => Some(f),
        ArrowType::Duration(TimeUnit::Microsecond)
            if matches!(f, "day" | "hour" | "minute" | "second") =>
        {
            Some(f)
        }
        ArrowType::Interval(IntervalUnit::MonthDayNano) => Some(f),
        _ => None,
    }
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let a = &args[0];
    Ok(match (a.data_type(), k.param) {
        (ArrowType::Interval(IntervalUnit::YearMonth), "year") => Arc::new(
            a.as_primitive::<IntervalYearMonthType>()
                .iter()
                .map(|v| v.map(|m| m / 12))
                .collect::<Int32Array>(),
        ),
        (ArrowType::Interval(IntervalUnit::YearMonth), _) => Arc::new(
            a.as_primitive::<IntervalYearMonthType>()
                .iter()
                .map(|v| v.map(|m| (m % 12) as i8))
                .collect::<Int8Array>(),
        ),
        (ArrowType::Duration(_), p) => {
            let v = a.as_primitive::<DurationMicrosecondType>();
            match p {
                "day" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|m| (m / MICROS_PER_DAY) as i32))
                        .collect::<Int32Array>(),
                ),
                "hour" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|m| (m % MICROS_PER_DAY / MICROS_PER_HOUR) as i8))
                        .collect::<Int8Array>(),
                ),
                "minute" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|m| (m % MICROS_PER_HOUR / MICROS_PER_MINUTE) as i8))
                        .collect::<Int8Array>(),
                ),
                _ => Arc::new(
                    v.iter()
                        .map(|x| x.map(|m| i128::from(m % MICROS_PER_MINUTE)))
                        .collect::<Decimal128Array>()
                        .with_precision_and_scale(8, 6)?,
                ),
            }
        }
        (ArrowType::Interval(IntervalUnit::MonthDayNano), p) => {
            let v = a.as_primitive::<IntervalMonthDayNanoType>();
            let micros = |x: IntervalMonthDayNano| x.nanoseconds / 1000;
            match p {
                "year" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|x| x.months / 12))
                        .collect::<Int32Array>(),
                ),
                "month" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|x| (x.months % 12) as i8))
                        .collect::<Int8Array>(),
                ),
                // Whole days of the time part count as days (Spark's `IntervalUtils.getDays`).
                "day" => Arc::new(
                    v.iter()
                        .map(|x| {
                            x.and_then(|x| {
                                x.days
                                    .checked_add(i32::try_from(micros(x) / MICROS_PER_DAY).ok()?)
                            })
                        })
                        .collect::<Int32Array>(),
                ),
                "hour" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|x| (micros(x) % MICROS_PER_DAY / MICROS_PER_HOUR) as i8))
                        .collect::<Int8Array>(),
                ),
                "minute" => Arc::new(
                    v.iter()
                        .map(|x| x.map(|x| (micros(x) % MICROS_PER_HOUR / MICROS_PER_MINUTE) as i8))
                        .collect::<Int8Array>(),
                ),
                _ => Arc::new(
                    v.iter()
                        .map(|x| x.map(|x| i128::from(micros(x) % MICROS_PER_MINUTE)))
                        .collect::<Decimal128Array>()
                        .with_precision_and_scale(8, 6)?,
                ),
            }
        }
        (t, p) => return exec_err!("cannot extract {p} from {t}"),
    })
}

/// The extraction of `part` from an interval-typed `source`.
pub(crate) fn extract(part: &'static str, source: DfExpr) -> DfExpr {
    let ret = match part {
        "year" | "day" => ArrowType::Int32,
        "second" => ArrowType::Decimal128(8, 6),
        _ => ArrowType::Int8,
    };
    call_strict("extract_interval", part, ret, false, kernel, vec![source])
}
