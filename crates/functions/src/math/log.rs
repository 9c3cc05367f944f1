//! `ln`, `log(x)`/`log(base, x)`, `log10`, `log2` (Spark's `Logarithm` family): NULL for a
//! non-positive argument or base, where DataFusion would give `-inf`/NaN.

use datafusion::functions::math::expr_fn::{ln, log2, log10};
use datafusion::logical_expr::{Case, Expr as DfExpr, Operator, binary_expr, lit};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{check_args, null_of, take_args};

/// `f(x)`, or NULL when `x <= 0`.
fn positive_only(x: DfExpr, f: impl FnOnce(DfExpr) -> DfExpr) -> DfExpr {
    let non_positive = binary_expr(x.clone(), Operator::LtEq, lit(0.0f64));
    DfExpr::Case(Case::new(
        None,
        vec![(
            Box::new(non_positive),
            Box::new(null_of(&datafusion::arrow::datatypes::DataType::Float64)),
        )],
        Some(Box::new(f(x))),
    ))
}

pub(crate) fn build_ln(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("ln", args)?;
    Ok(positive_only(to_double(x, ctx)?, ln))
}

pub(crate) fn build_log10(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("log10", args)?;
    Ok(positive_only(to_double(x, ctx)?, log10))
}

pub(crate) fn build_log2(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("log2", args)?;
    Ok(positive_only(to_double(x, ctx)?, log2))
}

/// `log(x)` is `ln(x)`; `log(base, x)` is `ln(x) / ln(base)` (so `log(1, x)` is infinite).
pub(crate) fn build_log(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("log", &args, 1, 2)?;
    let mut it = args.into_iter();
    let (Some(first), second) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args("log", "[1, 2]", 0));
    };
    match second {
        None => Ok(positive_only(to_double(first, ctx)?, ln)),
        Some(x) => {
            let base = to_double(first, ctx)?;
            let x = to_double(x, ctx)?;
            let ln_base = positive_only(base, ln);
            Ok(positive_only(x, |x| {
                binary_expr(ln(x), Operator::Divide, ln_base)
            }))
        }
    }
}

/// `LOG(E(), x)` / `LOG(base, x)`.
pub(crate) fn display_log(_: &str, args: &[String], _: bool) -> String {
    match args {
        [x] => format!("LOG(E(), {x})"),
        _ => format!("LOG({})", args.join(", ")),
    }
}
