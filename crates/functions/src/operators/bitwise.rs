//! Bitwise `&`, `|`, `^` and `~` on integral types (Spark's `BitwiseAnd`, `BitwiseOr`,
//! `BitwiseXor`, `BitwiseNot`); the result has the wider operand type.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, Operator, ScalarUDF, binary_expr};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, is_integral, take_args, wider_integral};

pub(crate) static BITWISE_NOT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_bitwise_not",
        datafusion_spark::function::bitwise::bitwise_not(),
    )
});

fn bitwise(
    name: &str,
    op: Operator,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args(name, args)?;
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if !is_integral(&lt) || !is_integral(&rt) {
        // Spark's `BinaryOperator.checkInputDataTypes`: operands of different types, or of one
        // type that is not integral.
        return Err(if lt == rt {
            super::type_mismatch::binary_op_wrong_type(name, &lt)
        } else {
            super::type_mismatch::binary_op_diff_types(name, &lt, &rt)
        });
    }
    let t = wider_integral(&lt, &rt);
    Ok(binary_expr(cast_to(l, &lt, &t), op, cast_to(r, &rt, &t)))
}

pub(crate) fn build_and(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    bitwise("&", Operator::BitwiseAnd, args, ctx)
}

pub(crate) fn build_or(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    bitwise("|", Operator::BitwiseOr, args, ctx)
}

pub(crate) fn build_xor(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    bitwise("^", Operator::BitwiseXor, args, ctx)
}

pub(crate) fn build_not(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("~", args)?;
    let t = ctx.arg_type(&x)?;
    if !is_integral(&t) {
        return Err(SparkError::unsupported(format!("`~` on {t}")));
    }
    Ok(BITWISE_NOT.call(vec![x]))
}
