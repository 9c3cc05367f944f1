//! `trim`, `ltrim`, `rtrim` (Spark's `StringTrim*`): spaces by default; the two-argument
//! function form is `trim(trimStr, str)`, printed `TRIM(BOTH trimStr FROM str)`.

use datafusion::functions::string::expr_fn::{btrim, ltrim, rtrim};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

fn build(name: &str, f: fn(Vec<DfExpr>) -> DfExpr, args: Vec<DfExpr>) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut args = args;
    // Spark's two-argument form takes the characters first; DataFusion takes them second.
    args.reverse();
    Ok(f(args))
}

pub(crate) fn build_trim(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("trim", btrim, args)
}

pub(crate) fn build_ltrim(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("ltrim", ltrim, args)
}

pub(crate) fn build_rtrim(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("rtrim", rtrim, args)
}

/// `trim(s)` or `TRIM(BOTH|LEADING|TRAILING chars FROM s)`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    let side = match name.to_ascii_lowercase().as_str() {
        "ltrim" => "LEADING",
        "rtrim" => "TRAILING",
        _ => "BOTH",
    };
    match args {
        [chars, s] => format!("TRIM({side} {chars} FROM {s})"),
        _ => crate::display_call(name, args, d),
    }
}
