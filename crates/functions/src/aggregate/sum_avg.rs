//! `sum` (bigint for integral input, double for floating, `decimal(p + 10, s)`) and
//! `avg`/`mean` (double, `decimal(p + 4, s + 4)`), as Spark's `Sum` and `Average`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions_aggregate::expr_fn::{avg, sum};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, is_decimal, is_floating, is_integral, is_string, take_args};

/// The input as the type Spark aggregates it in.
fn numeric_input(name: &str, x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&x)?;
    if is_integral(&t) {
        Ok(cast_to(x, &t, &ArrowType::Int64))
    } else if is_floating(&t) || is_string(&t) || t == ArrowType::Null {
        Ok(cast_to(x, &t, &ArrowType::Float64))
    } else if is_decimal(&t) {
        Ok(x)
    } else {
        Err(unexpected_input_type(
            name,
            format!("`{name}` requires a numeric input, got {t}"),
        ))
    }
}

pub(crate) fn build_sum(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("sum", args)?;
    with_distinct(sum(numeric_input("sum", x, ctx)?), distinct)
}

pub(crate) fn build_avg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("avg", args)?;
    let x = numeric_input("avg", x, ctx)?;
    let t = ctx.arg_type(&x)?;
    // Integral input averages as a double.
    if t == ArrowType::Int64 {
        return with_distinct(avg(cast_to(x, &t, &ArrowType::Float64)), distinct);
    }
    // Spark's decimal average (`Average`: `sum / count` cast to `decimal(p + 4, s + 4)`)
    // rounds half up where DataFusion's truncates. Averaging at one more digit of scale and
    // rounding that digit away gives Spark's value: half-up rounding depends only on the first
    // dropped digit, which the truncated average still has.
    if let ArrowType::Decimal128(p, s) = t
        && p <= 33
        && s <= 33
    {
        let wider = ArrowType::Decimal128(p + 1, s + 1);
        let result = ArrowType::Decimal128(p + 4, s + 4);
        let call = with_distinct(avg(cast_to(x, &t, &wider)), distinct)?;
        return Ok(datafusion::logical_expr::cast(call, result));
    }
    with_distinct(avg(x), distinct)
}
