//! `is_valid_utf8`, `make_valid_utf8`, `validate_utf8`, `try_validate_utf8` (Spark's
//! `IsValidUTF8`, ...). Sabot's strings are Arrow strings, always valid UTF-8, so the checks
//! pass: `is_valid_utf8` is true for a non-NULL string and the others return the string.
//! Binary arguments (which may hold invalid bytes) are not supported.

use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::from_df;
use crate::utils::{is_string, take_args};

fn string_arg(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args(name, args)?;
    let t = ctx.arg_type(&s)?;
    if !is_string(&t) {
        return Err(SparkError::unsupported(format!("{name} over {t} values")));
    }
    Ok(s)
}

pub(crate) fn build_is_valid(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let s = string_arg("is_valid_utf8", args, ctx)?;
    when(s.is_not_null(), lit(true)).end().map_err(from_df)
}

pub(crate) fn build_make_valid(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    string_arg("make_valid_utf8", args, ctx)
}

pub(crate) fn build_validate(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    string_arg("validate_utf8", args, ctx)
}

pub(crate) fn build_try_validate(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    string_arg("try_validate_utf8", args, ctx)
}
