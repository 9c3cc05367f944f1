//! `input_file_name()`, `input_file_block_start()`, `input_file_block_length()` (Spark's
//! `InputFileName`, `InputFileBlockStart`, `InputFileBlockLength`): the file a row was read
//! from. These are Spark's answers for rows that do not come from a file ("" and -1); over
//! file scans the resolver replaces the calls (`sabot_plan`'s `resolve::read::metadata`).

use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn build_name(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [] = take_args("input_file_name", args)?;
    Ok(lit(""))
}

pub(crate) fn build_block_start(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("input_file_block_start", args)?;
    Ok(lit(-1i64))
}

pub(crate) fn build_block_length(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("input_file_block_length", args)?;
    Ok(lit(-1i64))
}
