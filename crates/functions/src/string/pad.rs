//! `lpad`/`rpad(str, len[, pad])` (Spark's `StringLPad`/`StringRPad`): pads with `pad`
//! (default a space) or truncates to `len` characters.

use datafusion::functions::unicode::expr_fn::{lpad, rpad};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

fn build(name: &str, f: fn(Vec<DfExpr>) -> DfExpr, args: Vec<DfExpr>) -> Result<DfExpr> {
    check_args(name, &args, 2, 3)?;
    let mut args = args;
    if args.len() == 2 {
        args.push(lit(" "));
    }
    Ok(f(args))
}

pub(crate) fn build_lpad(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("lpad", lpad, args)
}

pub(crate) fn build_rpad(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    build("rpad", rpad, args)
}

/// Spark prints the default pad: `lpad(s, 3,  )`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    match args {
        [s, n] => crate::display_call(name, &[s.clone(), n.clone(), " ".into()], d),
        _ => crate::display_call(name, args, d),
    }
}
