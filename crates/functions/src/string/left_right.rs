//! `left(str, len)` / `right(str, len)` (Spark's `Left`/`Right`, runtime-replaced by
//! `Substring`): `left` is `substring(str, 1, len)`; `right` is "" for `len <= 0` and
//! `substring(str, -len)` otherwise.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::Result;

use super::substring::SUBSTRING;
use crate::FunctionContext;
use crate::errors::from_df;
use crate::utils::{null_of, take_args};

pub(crate) fn build_left(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, n] = take_args("left", args)?;
    Ok(SUBSTRING.call(vec![s, lit(1), n]))
}

pub(crate) fn build_right(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, n] = take_args("right", args)?;
    let tail = SUBSTRING.call(vec![
        s.clone(),
        DfExpr::Negative(Box::new(n.clone())),
        lit(i32::MAX),
    ]);
    when(s.is_null(), null_of(&ArrowType::Utf8))
        .when(n.lt_eq(lit(0)), lit(""))
        .otherwise(tail)
        .map_err(from_df)
}
