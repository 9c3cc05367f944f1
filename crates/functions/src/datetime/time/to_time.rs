//! `to_time(str[, format])` and `try_to_time` (Spark's `ToTime`, `TryToTimeExpressionBuilder`):
//! without a format the text follows the cast syntax (`[T]h:m[:s[.f]]`), with one it is parsed
//! by the datetime pattern; failures raise `CANNOT_PARSE_TIME`, or give NULL for `try_to_time`.

use chrono::Timelike;
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::compute::cast as cast_array;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::time_of_day::parse_time;
use sabot_common::{Result, SparkError};

use super::check_enabled;
use super::errors::cannot_parse_time;
use super::values::{TIME, mismatch, time_array};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, make};
use crate::datetime::parse::parse;
use crate::datetime::pattern::{Pattern, compile};
use crate::errors::to_df;
use crate::utils::{check_args, is_string};

/// The format Spark names when text without a format does not parse.
const DEFAULT_FORMAT: &str = "HH:mm:ss.SSSSSS";

pub(crate) fn build_to_time(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("to_time", args, ctx, false)
}

pub(crate) fn build_try_to_time(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("try_to_time", args, ctx, true)
}

/// Spark names `try_to_time(x)` after its replacement: `try_to_time(to_time(x))`.
pub(crate) fn display_try_to_time(_: &str, args: &[String], _: bool) -> String {
    format!("try_to_time(to_time({}))", args.join(", "))
}

fn build(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>, try_: bool) -> Result<DfExpr> {
    check_enabled(ctx)?;
    check_args(name, &args, 1, 2)?;
    let args = args
        .into_iter()
        .enumerate()
        .map(|(i, e)| match ctx.arg_type(&e)? {
            ArrowType::Null => Ok(cast(e, ArrowType::Utf8)),
            t if is_string(&t) => Ok(e),
            t => Err(mismatch(name, &e, i, "STRING", &t)),
        })
        .collect::<Result<Vec<_>>>()?;
    // The kernel reports errors; `try_to_time` turns them into NULLs.
    Ok(make(name, "", TIME, !try_, !try_, kernel, args))
}

fn strings(a: &ArrayRef) -> DfResult<Vec<Option<String>>> {
    let a = cast_array(a, &ArrowType::Utf8)?;
    let a = a
        .as_any()
        .downcast_ref::<datafusion::arrow::array::StringArray>()
        .ok_or_else(|| to_df(SparkError::internal("to_time: not a string array")))?;
    Ok(a.iter().map(|v| v.map(str::to_string)).collect())
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let text = strings(&args[0])?;
    let formats = match args.get(1) {
        Some(f) => Some(strings(f)?),
        None => None,
    };
    let mut compiled: Option<(String, Pattern)> = None;
    let mut out = Vec::with_capacity(text.len());
    for (i, t) in text.iter().enumerate() {
        let format = formats.as_ref().map(|f| f[i].as_deref());
        let parsed = match (t, format) {
            (None, _) | (_, Some(None)) => Ok(None),
            (Some(t), None) => parse_time(t)
                .map(|p| Some(p.nanos))
                .ok_or_else(|| cannot_parse_time(t, DEFAULT_FORMAT)),
            (Some(t), Some(Some(f))) => {
                if compiled.as_ref().is_none_or(|(c, _)| c != f) {
                    compiled = compile(f, true).ok().map(|p| (f.to_string(), p));
                }
                match &compiled {
                    Some((_, p)) => parse(p, t)
                        .map(|r| {
                            let time = r.local.time();
                            Some(
                                i64::from(time.num_seconds_from_midnight()) * 1_000_000_000
                                    + i64::from(time.nanosecond()),
                            )
                        })
                        .map_err(|_| cannot_parse_time(t, f)),
                    None => Err(cannot_parse_time(t, f)),
                }
            }
        };
        match parsed {
            Ok(v) => out.push(v),
            Err(e) if k.ansi => return Err(to_df(e)),
            Err(_) => out.push(None),
        }
    }
    Ok(time_array(out))
}
