//! `product(x)` (Spark's `Product`, reachable from the DataFrame API only): the product of
//! the non-NULL values as a double, NULL when there are none.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::kinds::{Kind, doubles};
use super::params::as_double;
use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

pub(crate) fn finish(rows: &Rows) -> DfResult<ScalarValue> {
    Ok(ScalarValue::Float64(
        doubles(rows, 0).fold(None, |p: Option<f64>, x| Some(p.unwrap_or(1.0) * x)),
    ))
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("product", args)?;
    let t = ctx.arg_type(&x)?;
    let x = as_double(x, &t, ctx.ansi);
    with_distinct(
        call(Kind::Product, vec![], ArrowType::Float64, true, vec![x]),
        distinct,
    )
}
