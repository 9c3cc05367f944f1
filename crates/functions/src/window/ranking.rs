//! `row_number`, `rank`, `dense_rank`, `percent_rank`, `cume_dist` and `ntile(n)` (Spark's
//! `RowNumber`, `Rank`, `DenseRank`, `PercentRank`, `CumeDist`, `NTile`). Spark returns `int`
//! where DataFusion returns `bigint unsigned`, so those are cast; `rank`-like functions print
//! upper case (`RANK()`), as Spark's `RankLike.sql` does.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::functions_window::cume_dist::cume_dist_udwf;
use datafusion::functions_window::ntile::ntile_udwf;
use datafusion::functions_window::rank::{dense_rank_udwf, percent_rank_udwf, rank_udwf};
use datafusion::functions_window::row_number::row_number_udwf;
use datafusion::logical_expr::{Expr as DfExpr, WindowUDF, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};
use std::sync::Arc;

use crate::FunctionContext;
use crate::utils::take_args;

fn no_args(name: &str, udwf: Arc<WindowUDF>, args: Vec<DfExpr>, to_int: bool) -> Result<DfExpr> {
    let [] = take_args(name, args)?;
    let call = udwf.call(vec![]);
    Ok(if to_int {
        cast(call, ArrowType::Int32)
    } else {
        call
    })
}

pub(crate) fn build_row_number(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    no_args("row_number", row_number_udwf(), args, true)
}

pub(crate) fn build_rank(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    no_args("rank", rank_udwf(), args, true)
}

pub(crate) fn build_dense_rank(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    no_args("dense_rank", dense_rank_udwf(), args, true)
}

pub(crate) fn build_percent_rank(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    no_args("percent_rank", percent_rank_udwf(), args, false)
}

pub(crate) fn build_cume_dist(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    no_args("cume_dist", cume_dist_udwf(), args, false)
}

/// `ntile(n)`: `n` must be a positive int literal (Spark's `NTile.checkInputDataTypes`).
pub(crate) fn build_ntile(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [n] = take_args("ntile", args)?;
    let value = match &n {
        DfExpr::Literal(ScalarValue::Int32(Some(v)), _) => i64::from(*v),
        DfExpr::Literal(ScalarValue::Int64(Some(v)), _) => *v,
        DfExpr::Literal(ScalarValue::Int16(Some(v)), _) => i64::from(*v),
        DfExpr::Literal(ScalarValue::Int8(Some(v)), _) => i64::from(*v),
        other => return Err(non_foldable("ntile", "buckets", "INT", &other.to_string())),
    };
    if value <= 0 || value > i64::from(i32::MAX) {
        return Err(value_out_of_range(
            &format!("ntile({value})"),
            "buckets",
            "(0, 2147483647]",
            &value.to_string(),
        ));
    }
    Ok(cast(
        ntile_udwf().call(vec![DfExpr::Literal(ScalarValue::Int64(Some(value)), None)]),
        ArrowType::Int32,
    ))
}

/// `DATATYPE_MISMATCH.NON_FOLDABLE_INPUT`: an argument that must be a constant.
pub(crate) fn non_foldable(function: &str, input: &str, ty: &str, got: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        "42K09",
        format!(
            "Cannot resolve \"{function}\" due to data type mismatch: the input `{input}` should be a foldable \"{ty}\" expression; however, got \"{got}\"."
        ),
    )
    .param("inputName", format!("`{input}`"))
    .param("inputType", format!("\"{ty}\""))
    .param("inputExpr", format!("\"{got}\""))
}

/// `DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE` for a window function's literal argument.
pub(crate) fn value_out_of_range(sql: &str, what: &str, range: &str, current: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        "42K09",
        format!(
            "Cannot resolve \"{sql}\" due to data type mismatch: The {what} must be between {range} (current value = {current})."
        ),
    )
    .param("exprName", what)
    .param("valueRange", range)
    .param("currentValue", current)
    .param("sqlExpr", format!("\"{sql}\""))
}

/// Spark's names: `RANK()`, `DENSE_RANK()`, `PERCENT_RANK()` (upper case), `row_number()`,
/// `cume_dist()`, `ntile(3)`.
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    match name {
        "rank" | "dense_rank" | "percent_rank" => format!("{}()", name.to_ascii_uppercase()),
        _ => format!("{name}({})", args.join(", ")),
    }
}
