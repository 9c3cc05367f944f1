//! `octet_length(str)` / `bit_length(str)` (Spark's `OctetLength`/`BitLength`): the bytes
//! (bits) of a string's UTF-8 encoding or of a binary, as an int. DataFusion's functions take
//! strings; a binary's bytes are its `length` (Spark's `Length` counts bytes of a binary).

use datafusion::functions::string::expr_fn::{bit_length, octet_length};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

fn is_binary(s: &DfExpr, ctx: &FunctionContext<'_>) -> Result<bool> {
    Ok(crate::utils::is_binary(&ctx.arg_type(s)?))
}

pub(crate) fn build_octet(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("octet_length", args)?;
    Ok(if is_binary(&s, ctx)? {
        super::length::LENGTH.call(vec![s])
    } else {
        octet_length(s)
    })
}

pub(crate) fn build_bit(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("bit_length", args)?;
    Ok(if is_binary(&s, ctx)? {
        super::length::LENGTH.call(vec![s]) * lit(8i32)
    } else {
        bit_length(s)
    })
}
