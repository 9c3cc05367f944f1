//! `octet_length(str)` / `bit_length(str)` (Spark's `OctetLength`/`BitLength`): the bytes
//! (bits) of a string's UTF-8 encoding or of a binary, as an int; DataFusion's functions agree.

use datafusion::functions::string::expr_fn::{bit_length, octet_length};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_octet(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("octet_length", args)?;
    Ok(octet_length(s))
}

pub(crate) fn build_bit(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("bit_length", args)?;
    Ok(bit_length(s))
}
