//! Field extraction: `year`, `quarter`, `month`, `day`/`dayofmonth`, `dayofweek`, `weekday`,
//! `dayofyear`, `weekofyear`, `hour`, `minute`, `second`, `dayname`, `monthname` (Spark's
//! `GetDateField`/`GetTimeField` expressions), read from the wall-clock value in the session
//! time zone. Date fields cast their input to `DATE`, time fields to `TIMESTAMP`.

use std::sync::Arc;

use chrono::{Datelike, NaiveDateTime, Timelike};
use datafusion::arrow::array::{ArrayRef, Decimal128Array, Int32Array, StringArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::civil::local_values;
use super::coerce::{date_input, timestamp_input};
use super::kernel::{KernelCtx, call_strict};
use crate::FunctionContext;
use crate::utils::take_args;

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An integer field of a wall-clock value, by Spark's field name.
fn int_field(field: &str, t: &NaiveDateTime) -> Option<i32> {
    let v = match field {
        "year" => t.year(),
        "quarter" => t.month0() as i32 / 3 + 1,
        "month" => t.month() as i32,
        "day" => t.day() as i32,
        // Sunday = 1 ... Saturday = 7.
        "dayofweek" => t.weekday().num_days_from_sunday() as i32 + 1,
        // Monday = 0 ... Sunday = 6.
        "weekday" => t.weekday().num_days_from_monday() as i32,
        "dayofweek_iso" => t.weekday().num_days_from_monday() as i32 + 1,
        "dayofyear" => t.ordinal() as i32,
        // ISO-8601 weeks (Monday first, week 1 holds the year's first Thursday).
        "weekofyear" => t.iso_week().week() as i32,
        "yearofweek" => t.iso_week().year(),
        "hour" => t.hour() as i32,
        "minute" => t.minute() as i32,
        "second" => t.second() as i32,
        _ => return None,
    };
    Some(v)
}

pub(crate) fn field_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let values = local_values(&args[0])?;
    Ok(match k.param {
        "dayname" => Arc::new(
            values
                .iter()
                .map(|v| v.map(|t| DAY_NAMES[t.weekday().num_days_from_monday() as usize]))
                .collect::<StringArray>(),
        ),
        "monthname" => Arc::new(
            values
                .iter()
                .map(|v| v.map(|t| MONTH_NAMES[t.month0() as usize]))
                .collect::<StringArray>(),
        ),
        // `extract(SECOND ...)`: seconds with the microsecond fraction, decimal(8,6).
        "second_fraction" => Arc::new(
            values
                .iter()
                .map(|v| {
                    v.map(|t| {
                        i128::from(t.second()) * 1_000_000
                            + i128::from(t.nanosecond() % 1_000_000_000 / 1000)
                    })
                })
                .collect::<Decimal128Array>()
                .with_precision_and_scale(8, 6)?,
        ),
        f => {
            if int_field(f, &chrono::NaiveDateTime::default()).is_none() {
                return exec_err!("unknown datetime field {f}");
            }
            Arc::new(
                values
                    .iter()
                    .map(|v| v.and_then(|t| int_field(f, &t)))
                    .collect::<Int32Array>(),
            )
        }
    })
}

/// Whether a field reads the time of day (its input is cast to `TIMESTAMP`).
fn is_time_field(field: &str) -> bool {
    matches!(field, "hour" | "minute" | "second" | "second_fraction")
}

/// The expression for `field` of `source` (already a single argument of function `name`).
pub(crate) fn field_expr(
    name: &str,
    field: &'static str,
    source: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if super::time::fields::is_time(&source, ctx)? {
        return super::time::fields::field_expr(name, field, source, ctx);
    }
    let source = if is_time_field(field) {
        timestamp_input(name, 0, source, ctx)?
    } else {
        date_input(name, 0, source, ctx)?
    };
    let ret = match field {
        "dayname" | "monthname" => ArrowType::Utf8,
        "second_fraction" => ArrowType::Decimal128(8, 6),
        _ => ArrowType::Int32,
    };
    Ok(call_strict(
        field,
        field,
        ret,
        false,
        field_kernel,
        vec![source],
    ))
}

macro_rules! field_builders {
    ($($fn_name:ident => $spark:literal, $field:literal;)*) => {
        $(
            pub(crate) fn $fn_name(
                args: Vec<DfExpr>,
                _: bool,
                ctx: &FunctionContext<'_>,
            ) -> Result<DfExpr> {
                let [source] = take_args($spark, args)?;
                field_expr($spark, $field, source, ctx)
            }
        )*
    };
}

field_builders! {
    build_year => "year", "year";
    build_quarter => "quarter", "quarter";
    build_month => "month", "month";
    build_day => "day", "day";
    build_dayofmonth => "dayofmonth", "day";
    build_dayofweek => "dayofweek", "dayofweek";
    build_weekday => "weekday", "weekday";
    build_dayofyear => "dayofyear", "dayofyear";
    build_weekofyear => "weekofyear", "weekofyear";
    build_hour => "hour", "hour";
    build_minute => "minute", "minute";
    build_second => "second", "second";
    build_dayname => "dayname", "dayname";
    build_monthname => "monthname", "monthname";
}
