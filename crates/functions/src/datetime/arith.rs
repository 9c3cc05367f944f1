//! Calendar arithmetic on dates: `add_months`, `date_add`/`dateadd`, `date_sub`,
//! `datediff`/`date_diff`, `last_day` and `next_day` (Spark's `AddMonths`, `DateAdd`,
//! `DateSub`, `DateDiff`, `LastDay`, `NextDay`). Timestamps and strings are cast to `DATE`
//! first (in the session time zone).

use std::sync::Arc;

use chrono::{Datelike, Duration};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Date32Array, Int32Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::civil::{add_months, date_of_days, days_of_date, last_day_of_month, local_values};
use super::coerce::{date_input, implicit};
use super::kernel::{KernelCtx, call, call_strict};
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::{is_string, take_args};

/// The `DATE` (days) of each value of a date or timestamp column.
pub(crate) fn day_values(a: &ArrayRef) -> DfResult<Vec<Option<i32>>> {
    Ok(local_values(a)?
        .into_iter()
        .map(|v| v.map(|t| days_of_date(t.date())))
        .collect())
}

/// An `INT` argument (Spark accepts `tinyint`, `smallint`, `int`), as Int32.
fn int_arg(name: &str, pos: usize, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    match ctx.arg_type(&e)? {
        ArrowType::Int32 => Ok(e),
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Null => Ok(cast(e, ArrowType::Int32)),
        t if is_string(&t) => Ok(implicit(e, ArrowType::Int32, ctx.ansi)),
        t => Err(unexpected_input_type(
            name,
            format!(
                "Parameter {} requires the (\"INT\" or \"SMALLINT\" or \"TINYINT\") type, however the argument has the type {t}",
                pos + 1
            ),
        )),
    }
}

fn ints(a: &ArrayRef) -> Vec<Option<i32>> {
    a.as_primitive::<Int32Type>().iter().collect()
}

pub(crate) fn add_days_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let sign = if k.param == "sub" { -1 } else { 1 };
    let out: Date32Array = day_values(&args[0])?
        .into_iter()
        .zip(ints(&args[1]))
        // Spark adds the `int`s without an overflow check (`DateAdd`/`DateSub`).
        .map(|(d, n)| Some(d?.wrapping_add(n?.wrapping_mul(sign))))
        .collect();
    Ok(Arc::new(out))
}

/// A result outside the date range is `ARITHMETIC_OVERFLOW` whatever the ANSI mode (Spark's
/// `DateTimeUtils.dateAddMonths` uses exact arithmetic).
pub(crate) fn add_months_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let out = day_values(&args[0])?
        .into_iter()
        .zip(ints(&args[1]))
        .map(|(d, n)| {
            let (Some(d), Some(n)) = (d, n) else {
                return Ok(None);
            };
            date_of_days(d)
                .and_then(|date| add_months(date, n))
                .map(|r| Some(days_of_date(r)))
                .ok_or_else(|| to_df(crate::errors::arithmetic_overflow("overflow", None)))
        })
        .collect::<DfResult<Date32Array>>()?;
    Ok(Arc::new(out))
}

pub(crate) fn datediff_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let out: Int32Array = day_values(&args[0])?
        .into_iter()
        .zip(day_values(&args[1])?)
        .map(|(e, s)| e?.checked_sub(s?))
        .collect();
    Ok(Arc::new(out))
}

pub(crate) fn last_day_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let out: Date32Array = local_values(&args[0])?
        .into_iter()
        .map(|v| {
            let d = v?.date();
            Some(days_of_date(last_day_of_month(d.year(), d.month())?))
        })
        .collect();
    Ok(Arc::new(out))
}

/// Spark's `DateTimeUtils.getDayOfWeekFromString`: Monday = 0 ... Sunday = 6.
fn day_of_week(s: &str) -> Option<u32> {
    Some(match s.trim().to_ascii_uppercase().as_str() {
        "MO" | "MON" | "MONDAY" => 0,
        "TU" | "TUE" | "TUESDAY" => 1,
        "WE" | "WED" | "WEDNESDAY" => 2,
        "TH" | "THU" | "THURSDAY" => 3,
        "FR" | "FRI" | "FRIDAY" => 4,
        "SA" | "SAT" | "SATURDAY" => 5,
        "SU" | "SUN" | "SUNDAY" => 6,
        _ => return None,
    })
}

fn illegal_day_of_week(s: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "ILLEGAL_DAY_OF_WEEK",
        "22009",
        format!("Illegal input for day of week: {s}."),
    )
    .param("string", s)
}

pub(crate) fn next_day_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let days = day_values(&args[0])?;
    let names = args[1].as_string::<i32>();
    let out = days
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            if names.is_null(i) {
                return Ok(None);
            }
            let Some(d) = d else { return Ok(None) };
            let name = names.value(i);
            let Some(target) = day_of_week(name) else {
                return if k.ansi {
                    Err(to_df(illegal_day_of_week(name)))
                } else {
                    Ok(None)
                };
            };
            let Some(date) = date_of_days(d) else {
                return Ok(None);
            };
            let current = date.weekday().num_days_from_monday();
            let ahead = (target + 7 - current - 1) % 7 + 1;
            Ok(date
                .checked_add_signed(Duration::days(i64::from(ahead)))
                .map(days_of_date))
        })
        .collect::<DfResult<Date32Array>>()?;
    Ok(Arc::new(out))
}

pub(crate) fn build_add_months(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [d, n] = take_args("add_months", args)?;
    let d = date_input("add_months", 0, d, ctx)?;
    let n = int_arg("add_months", 1, n, ctx)?;
    Ok(call_strict(
        "add_months",
        "",
        ArrowType::Date32,
        false,
        add_months_kernel,
        vec![d, n],
    ))
}

fn build_add_days(
    name: &str,
    sub: bool,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [d, n] = take_args(name, args)?;
    let d = date_input(name, 0, d, ctx)?;
    let n = int_arg(name, 1, n, ctx)?;
    let param = if sub { "sub" } else { "add" };
    Ok(call_strict(
        "date_add_days",
        param,
        ArrowType::Date32,
        false,
        add_days_kernel,
        vec![d, n],
    ))
}

pub(crate) fn build_date_add(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_add_days("date_add", false, args, ctx)
}

pub(crate) fn build_date_sub(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_add_days("date_sub", true, args, ctx)
}

/// `dateadd(unit, n, ts)` is `timestampadd`; `dateadd(d, n)` is shown as `date_add`.
pub(crate) fn build_dateadd(
    args: Vec<DfExpr>,
    d: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if args.len() == 3 {
        return super::tsadd::build_timestampadd(args, d, ctx);
    }
    build_add_days("dateadd", false, args, ctx)
}

pub(crate) fn display_dateadd(_: &str, args: &[String], d: bool) -> String {
    let name = if args.len() == 3 {
        "timestampadd"
    } else {
        "date_add"
    };
    crate::display_call(name, args, d)
}

/// `datediff(unit, a, b)` / `date_diff(unit, a, b)` are `timestampdiff`.
pub(crate) fn display_datediff(name: &str, args: &[String], d: bool) -> String {
    let name = if args.len() == 3 {
        "timestampdiff"
    } else {
        name
    };
    crate::display_call(name, args, d)
}

fn build_diff(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.len() == 3 {
        return super::tsadd::build_timestampdiff(args, false, ctx);
    }
    let [e, s] = take_args(name, args)?;
    let e = date_input(name, 0, e, ctx)?;
    let s = date_input(name, 1, s, ctx)?;
    Ok(call_strict(
        "datediff",
        "",
        ArrowType::Int32,
        false,
        datediff_kernel,
        vec![e, s],
    ))
}

pub(crate) fn build_datediff(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_diff("datediff", args, ctx)
}

pub(crate) fn build_date_diff(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_diff("date_diff", args, ctx)
}

pub(crate) fn build_last_day(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [d] = take_args("last_day", args)?;
    let d = date_input("last_day", 0, d, ctx)?;
    Ok(call_strict(
        "last_day",
        "",
        ArrowType::Date32,
        false,
        last_day_kernel,
        vec![d],
    ))
}

pub(crate) fn build_next_day(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [d, w] = take_args("next_day", args)?;
    let d = date_input("next_day", 0, d, ctx)?;
    let w = match ctx.arg_type(&w)? {
        ArrowType::Utf8 => w,
        t if is_string(&t) || t == ArrowType::Null => cast(w, ArrowType::Utf8),
        t => {
            return Err(unexpected_input_type(
                "next_day",
                format!(
                    "The second parameter requires the \"STRING\" type, however the argument has the type {t}"
                ),
            ));
        }
    };
    Ok(call(
        "next_day",
        "",
        ArrowType::Date32,
        ctx.ansi,
        next_day_kernel,
        vec![d, w],
    ))
}

#[cfg(test)]
mod tests {
    use super::day_of_week;

    #[test]
    fn day_names_parse_like_spark() {
        assert_eq!(day_of_week("Mon"), Some(0));
        assert_eq!(day_of_week("friday"), Some(4));
        assert_eq!(day_of_week("SU"), Some(6));
        assert_eq!(day_of_week("xyz"), None);
    }
}
