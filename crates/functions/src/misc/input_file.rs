//! `input_file_name()`, `input_file_block_start()`, `input_file_block_length()` (Spark's
//! `InputFileName`, `InputFileBlockStart`, `InputFileBlockLength`): the file a row was read
//! from. Sabot has no file scans yet, and Spark answers "" and -1 for rows that do not come
//! from a file, so these are those constants until file sources land (issue 6).

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
