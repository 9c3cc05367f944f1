//! `try_add`, `try_subtract`, `try_multiply`, `try_divide`, `try_mod` (Spark's `TryAdd`, ...,
//! i.e. the operators in `EvalMode.TRY`): the operator's result and type, but NULL where ANSI
//! mode would raise (integral overflow, a zero divisor, decimal overflow).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Case, Expr as DfExpr, Operator, binary_expr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::operators::int_kernel::{IntOp, int_udf};
use crate::operators::{arithmetic, divide, remainder};
use crate::utils::{cast_to, is_integral, null_of, take_args, wider_integral};

/// The same context with ANSI off: overflowing decimals and zero divisors give NULL.
fn legacy<'a>(ctx: &FunctionContext<'a>) -> FunctionContext<'a> {
    FunctionContext {
        schema: ctx.schema,
        ansi: false,
        time_zone: ctx.time_zone,
        user: ctx.user,
        time_type: ctx.time_type,
        now_micros: ctx.now_micros,
    }
}

fn int_lit(t: &ArrowType, v: i64) -> DfExpr {
    match ScalarValue::Int64(Some(v)).cast_to(t) {
        Ok(s) => lit(s),
        Err(_) => null_of(t),
    }
}

fn min_of(t: &ArrowType) -> DfExpr {
    let v = match t {
        ArrowType::Int8 => i64::from(i8::MIN),
        ArrowType::Int16 => i64::from(i16::MIN),
        ArrowType::Int32 => i64::from(i32::MIN),
        _ => i64::MIN,
    };
    int_lit(t, v)
}

fn op(l: DfExpr, o: Operator, r: DfExpr) -> DfExpr {
    binary_expr(l, o, r)
}

/// `CASE WHEN overflow THEN NULL ELSE r END`.
fn null_if(overflow: DfExpr, r: DfExpr, t: &ArrowType) -> DfExpr {
    DfExpr::Case(Case::new(
        None,
        vec![(Box::new(overflow), Box::new(null_of(t)))],
        Some(Box::new(r)),
    ))
}

/// The wrapped integral result and whether it overflowed (Hacker's Delight sign tests; for
/// `*`, the wrapped product divided back, plus `MIN * -1`).
fn integral(o: IntOp, a: DfExpr, b: DfExpr, t: &ArrowType) -> DfExpr {
    let r = int_udf(o, false).call(vec![a.clone(), b.clone()]);
    let zero = int_lit(t, 0);
    let overflow = match o {
        IntOp::Add => op(
            op(
                op(a, Operator::BitwiseXor, r.clone()),
                Operator::BitwiseAnd,
                op(b, Operator::BitwiseXor, r.clone()),
            ),
            Operator::Lt,
            zero,
        ),
        IntOp::Sub => op(
            op(
                op(a.clone(), Operator::BitwiseXor, b),
                Operator::BitwiseAnd,
                op(a, Operator::BitwiseXor, r.clone()),
            ),
            Operator::Lt,
            zero,
        ),
        _ => {
            let back = int_udf(IntOp::Div, false).call(vec![r.clone(), b.clone()]);
            op(
                op(
                    op(b.clone(), Operator::NotEq, zero),
                    Operator::And,
                    op(back, Operator::NotEq, a.clone()),
                ),
                Operator::Or,
                op(
                    op(a, Operator::Eq, min_of(t)),
                    Operator::And,
                    op(b, Operator::Eq, int_lit(t, -1)),
                ),
            )
        }
    };
    null_if(overflow, r, t)
}

fn build_checked(
    name: &str,
    o: IntOp,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args(name, args)?;
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if is_integral(&lt) && is_integral(&rt) {
        let t = wider_integral(&lt, &rt);
        return Ok(integral(o, cast_to(l, &lt, &t), cast_to(r, &rt, &t), &t));
    }
    let legacy = legacy(ctx);
    match o {
        IntOp::Add => arithmetic::build_plus(vec![l, r], false, &legacy),
        IntOp::Sub => arithmetic::build_minus(vec![l, r], false, &legacy),
        _ => arithmetic::build_multiply(vec![l, r], false, &legacy),
    }
}

pub(crate) fn build_add(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build_checked("try_add", IntOp::Add, args, ctx)
}

pub(crate) fn build_subtract(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_checked("try_subtract", IntOp::Sub, args, ctx)
}

pub(crate) fn build_multiply(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_checked("try_multiply", IntOp::Mul, args, ctx)
}

pub(crate) fn build_divide(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args("try_divide", args)?;
    divide::build_divide(vec![l, r], false, &legacy(ctx))
}

pub(crate) fn build_mod(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [l, r] = take_args("try_mod", args)?;
    remainder::build_remainder(vec![l, r], false, &legacy(ctx))
}
