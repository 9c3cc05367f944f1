//! Trigonometric and hyperbolic functions on doubles (Spark's `UnaryMathExpression`s `SIN`,
//! `COS`, `TAN`, `COT`, `CSC`, `SEC`, `ASIN`, `ACOS`, `ATAN`, `SINH`, `COSH`, `TANH`, `ASINH`,
//! `ACOSH`, `ATANH` and `ATAN2`). Out-of-domain inputs give NaN, as `java.lang.Math` does.

use std::sync::{Arc, LazyLock};

use datafusion::functions::math::expr_fn;
use datafusion::logical_expr::{Case, Expr as DfExpr, Operator, ScalarUDF, binary_expr, lit};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::take_args;

/// One double argument through `f`.
fn unary(
    name: &str,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    f: impl FnOnce(DfExpr) -> DfExpr,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    Ok(f(to_double(x, ctx)?))
}

/// `1 / f(x)`: Spark's `Csc` and `Sec` divide in doubles (so `csc(0)` is `Infinity`).
fn reciprocal(f: fn(DfExpr) -> DfExpr) -> impl FnOnce(DfExpr) -> DfExpr {
    move |x| binary_expr(lit(1.0f64), Operator::Divide, f(x))
}

macro_rules! unary_builders {
    ($($build:ident => $name:literal, $f:expr;)*) => {$(
        pub(crate) fn $build(
            args: Vec<DfExpr>,
            _: bool,
            ctx: &FunctionContext<'_>,
        ) -> Result<DfExpr> {
            unary($name, args, ctx, $f)
        }
    )*};
}

unary_builders! {
    build_sin => "sin", expr_fn::sin;
    build_cos => "cos", expr_fn::cos;
    build_tan => "tan", expr_fn::tan;
    build_cot => "cot", expr_fn::cot;
    build_csc => "csc", reciprocal(expr_fn::sin);
    build_sec => "sec", reciprocal(expr_fn::cos);
    build_asin => "asin", expr_fn::asin;
    build_acos => "acos", expr_fn::acos;
    build_atan => "atan", expr_fn::atan;
    build_sinh => "sinh", expr_fn::sinh;
    build_cosh => "cosh", expr_fn::cosh;
    build_tanh => "tanh", expr_fn::tanh;
    build_asinh => "asinh", expr_fn::asinh;
    build_acosh => "acosh", expr_fn::acosh;
    build_atanh => "atanh", expr_fn::atanh;
}

/// `-0.0` as `0.0`: Spark's `Atan2` computes `atan2(y + 0.0, x + 0.0)`, so `atan2(-0.0, -1)`
/// is `pi`, not `-pi`.
fn positive_zero(x: DfExpr) -> DfExpr {
    let is_neg_zero = binary_expr(x.clone(), Operator::Eq, lit(-0.0f64));
    DfExpr::Case(Case::new(
        None,
        vec![(Box::new(is_neg_zero), Box::new(lit(0.0f64)))],
        Some(Box::new(x)),
    ))
}

/// DataFusion's `atan2`, NULL only for a NULL argument.
pub(crate) static ATAN2: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    crate::utils::Renamed::strict("spark_atan2", datafusion::functions::math::atan2())
});

/// `atan2(y, x)`.
pub(crate) fn build_atan2(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [y, x] = take_args("atan2", args)?;
    Ok(ATAN2.call(vec![
        positive_zero(to_double(y, ctx)?),
        positive_zero(to_double(x, ctx)?),
    ]))
}
