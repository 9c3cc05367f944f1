//! Interval constructors: `make_dt_interval`, `make_ym_interval`, `make_interval` and
//! `try_make_interval` (Spark's `MakeDTInterval`, `MakeYMInterval`, `MakeInterval` over
//! `IntervalUtils`): exact arithmetic; an overflow is `ARITHMETIC_OVERFLOW` (NULL for
//! `make_interval` without ANSI and for `try_make_interval`). Omitted trailing arguments are
//! Spark's zero defaults, which also appear in the column name.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, AsArray, DurationMicrosecondArray, IntervalMonthDayNanoArray, IntervalYearMonthArray,
};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Decimal128Type, Int32Type, IntervalMonthDayNano, IntervalUnit, TimeUnit,
};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, cast, lit};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::coerce::implicit;
use super::kernel::{KernelCtx, call, call_strict};
use crate::FunctionContext;
use crate::errors::{arithmetic_overflow, to_df, unexpected_input_type};
use crate::utils::{check_args, is_decimal, is_floating, is_integral, is_string};

const MICROS_PER_HOUR: i64 = 3_600_000_000;
const MICROS_PER_MINUTE: i64 = 60_000_000;
const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Argument `i` of every row: the `INT` fields, then seconds as unscaled micros.
struct Rows {
    ints: Vec<Vec<Option<i32>>>,
    secs: Option<Vec<Option<i128>>>,
}

impl Rows {
    fn new(args: &[ArrayRef], with_secs: bool) -> Self {
        let n = if with_secs {
            args.len() - 1
        } else {
            args.len()
        };
        let ints = args[..n]
            .iter()
            .map(|a| a.as_primitive::<Int32Type>().iter().collect())
            .collect();
        let secs = with_secs.then(|| args[n].as_primitive::<Decimal128Type>().iter().collect());
        Self { ints, secs }
    }

    fn len(&self) -> usize {
        self.ints.first().map_or(0, Vec::len)
    }

    /// The row's values as i64s (seconds last), or None if any is NULL.
    fn row(&self, i: usize) -> Option<Vec<i64>> {
        let mut v = Vec::with_capacity(self.ints.len() + 1);
        for c in &self.ints {
            v.push(i64::from(c[i]?));
        }
        if let Some(s) = &self.secs {
            v.push(i64::try_from(s[i]?).ok()?);
        }
        Some(v)
    }
}

/// Spark's `INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION` (`MakeDTInterval`/`MakeYMInterval`).
fn interval_overflow() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION",
        "22015",
        "Integer overflow while operating with intervals.",
    )
}

pub(crate) fn dt_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let rows = Rows::new(args, true);
    let out = (0..rows.len())
        .map(|i| {
            let Some(v) = rows.row(i) else {
                return Ok(None);
            };
            let total = v[0]
                .checked_mul(MICROS_PER_DAY)
                .and_then(|d| d.checked_add(v[1].checked_mul(MICROS_PER_HOUR)?))
                .and_then(|d| d.checked_add(v[2].checked_mul(MICROS_PER_MINUTE)?))
                .and_then(|d| d.checked_add(v[3]));
            total.map(Some).ok_or_else(|| to_df(interval_overflow()))
        })
        .collect::<DfResult<DurationMicrosecondArray>>()?;
    Ok(Arc::new(out))
}

pub(crate) fn ym_kernel(args: &[ArrayRef], _: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let rows = Rows::new(args, false);
    let out = (0..rows.len())
        .map(|i| {
            let Some(v) = rows.row(i) else {
                return Ok(None);
            };
            let total = v[0] * 12 + v[1];
            i32::try_from(total)
                .map(Some)
                .map_err(|_| to_df(interval_overflow()))
        })
        .collect::<DfResult<IntervalYearMonthArray>>()?;
    Ok(Arc::new(out))
}

/// `IntervalUtils.makeInterval`: months, days and microseconds, each with exact arithmetic.
fn calendar(v: &[i64]) -> Option<IntervalMonthDayNano> {
    let months = i32::try_from(v[0].checked_mul(12)?)
        .ok()?
        .checked_add(i32::try_from(v[1]).ok()?)?;
    let days = i32::try_from(v[2].checked_mul(7)?)
        .ok()?
        .checked_add(i32::try_from(v[3]).ok()?)?;
    let micros = v[6]
        .checked_add(v[4].checked_mul(MICROS_PER_HOUR)?)?
        .checked_add(v[5].checked_mul(MICROS_PER_MINUTE)?)?;
    Some(IntervalMonthDayNano::new(
        months,
        days,
        micros.checked_mul(1000)?,
    ))
}

pub(crate) fn calendar_kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let rows = Rows::new(args, true);
    let out = (0..rows.len())
        .map(|i| {
            let Some(v) = rows.row(i) else {
                return Ok(None);
            };
            match calendar(&v) {
                Some(c) => Ok(Some(c)),
                None if k.ansi => Err(to_df(arithmetic_overflow(
                    "integer overflow",
                    Some("try_make_interval"),
                ))),
                None => Ok(None),
            }
        })
        .collect::<DfResult<IntervalMonthDayNanoArray>>()?;
    Ok(Arc::new(out))
}

/// Pads with zero literals and casts: `n_int` `INT` fields, then (if `secs`) `decimal(18,6)`.
fn coerce(
    name: &str,
    args: Vec<DfExpr>,
    n_int: usize,
    secs: bool,
    ctx: &FunctionContext<'_>,
) -> Result<Vec<DfExpr>> {
    let total = n_int + usize::from(secs);
    check_args(name, &args, 0, total)?;
    let mut out = Vec::with_capacity(total);
    let mut it = args.into_iter();
    for i in 0..total {
        let is_secs = secs && i == n_int;
        let a = match it.next() {
            Some(a) => a,
            None if is_secs => lit(ScalarValue::Decimal128(Some(0), 18, 6)),
            None => lit(0i32),
        };
        let t = ctx.arg_type(&a)?;
        let ok = if is_secs {
            is_integral(&t) || is_floating(&t) || is_decimal(&t) || t == ArrowType::Null
        } else {
            is_integral(&t) || t == ArrowType::Null
        } || is_string(&t);
        if !ok {
            return Err(unexpected_input_type(
                name,
                format!("Parameter {} has the unexpected type {t}", i + 1),
            ));
        }
        let target = if is_secs {
            ArrowType::Decimal128(18, 6)
        } else {
            ArrowType::Int32
        };
        out.push(if t == target {
            a
        } else if is_string(&t) {
            implicit(a, target, ctx.ansi)
        } else {
            cast(a, target)
        });
    }
    Ok(out)
}

pub(crate) fn build_make_dt_interval(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let args = coerce("make_dt_interval", args, 3, true, ctx)?;
    let ret = ArrowType::Duration(TimeUnit::Microsecond);
    Ok(call_strict(
        "make_dt_interval",
        "",
        ret,
        false,
        dt_kernel,
        args,
    ))
}

pub(crate) fn build_make_ym_interval(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let args = coerce("make_ym_interval", args, 2, false, ctx)?;
    let ret = ArrowType::Interval(IntervalUnit::YearMonth);
    Ok(call_strict(
        "make_ym_interval",
        "",
        ret,
        false,
        ym_kernel,
        args,
    ))
}

fn build_calendar(
    name: &str,
    try_: bool,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let args = coerce(name, args, 6, true, ctx)?;
    let ret = ArrowType::Interval(IntervalUnit::MonthDayNano);
    Ok(call(
        "make_interval",
        "",
        ret,
        ctx.ansi && !try_,
        calendar_kernel,
        args,
    ))
}

pub(crate) fn build_make_interval(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_calendar("make_interval", false, args, ctx)
}

pub(crate) fn build_try_make_interval(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_calendar("try_make_interval", true, args, ctx)
}

/// The column name with Spark's defaults for omitted arguments.
fn display_padded(name: &str, args: &[String], defaults: &[&str]) -> String {
    let mut a = args.to_vec();
    for d in defaults.iter().skip(args.len()) {
        a.push((*d).to_string());
    }
    crate::display_call(name, &a, false)
}

pub(crate) fn display_dt(name: &str, args: &[String], _: bool) -> String {
    display_padded(name, args, &["0", "0", "0", "0.000000"])
}

pub(crate) fn display_ym(name: &str, args: &[String], _: bool) -> String {
    display_padded(name, args, &["0", "0"])
}

pub(crate) fn display_calendar(name: &str, args: &[String], _: bool) -> String {
    display_padded(name, args, &["0", "0", "0", "0", "0", "0", "0.000000"])
}
