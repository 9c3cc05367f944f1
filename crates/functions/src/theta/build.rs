//! Builders and column names of the theta functions: argument checks as Spark's
//! `ThetaSketchAgg`/`ThetaUnion`/... `inputTypes` (keys of the accepted types, BINARY sketches,
//! a constant INT `lgNomEntries`), and the default `lgNomEntries` Spark shows in the name
//! (`theta_sketch_agg(col, 12)`).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::aggregates::{ThetaAgg, ThetaUdaf};
use super::keys::key_arg;
use super::scalars::{ThetaFn, ThetaUdf};
use super::sketch_io::{DEFAULT_LG, lg_arg};
use crate::aggregate::with_distinct;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, check_args};
use crate::{FunctionContext, display_call};

/// A BINARY sketch argument (NULL is cast to it).
pub(crate) fn sketch_arg(
    function: &str,
    position: &str,
    e: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    match t {
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView | ArrowType::Null => {
            Ok(cast_to(e, &t, &ArrowType::Binary))
        }
        _ => Err(unexpected_input_type(
            function,
            format!(
                "The {position} parameter requires the \"BINARY\" type, however the argument has the type {t}"
            ),
        )),
    }
}

/// The first argument (after `check_args`).
fn first(function: &str, args: Vec<DfExpr>) -> Result<DfExpr> {
    args.into_iter()
        .next()
        .ok_or_else(|| crate::errors::wrong_num_args(function, "1", 0))
}

fn lg_of(
    function: &str,
    args: &[DfExpr],
    i: usize,
    ctx: &FunctionContext<'_>,
) -> Result<Option<i32>> {
    let t = args.get(i).map(|e| ctx.arg_type(e)).transpose()?;
    lg_arg(function, args.get(i), t.as_ref())
}

pub(crate) fn sketch_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    const F: &str = "theta_sketch_agg";
    check_args(F, &args, 1, 2)?;
    let lg = lg_of(F, &args, 1, ctx)?;
    let key = first(F, args)?;
    let t = ctx.arg_type(&key)?;
    let key = key_arg(F, key, &t, false)?;
    with_distinct(
        ThetaUdaf::udaf(ThetaAgg::Sketch(lg), &t).call(vec![key]),
        distinct,
    )
}

pub(crate) fn union_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    const F: &str = "theta_union_agg";
    check_args(F, &args, 1, 2)?;
    let lg = lg_of(F, &args, 1, ctx)?;
    let s = sketch_arg(F, "first", first(F, args)?, ctx)?;
    with_distinct(
        ThetaUdaf::udaf(ThetaAgg::Union(lg), &ArrowType::Binary).call(vec![s]),
        distinct,
    )
}

pub(crate) fn intersection_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    const F: &str = "theta_intersection_agg";
    let [s] = crate::utils::take_args(F, args)?;
    let s = sketch_arg(F, "first", s, ctx)?;
    with_distinct(
        ThetaUdaf::udaf(ThetaAgg::Intersection, &ArrowType::Binary).call(vec![s]),
        distinct,
    )
}

pub(crate) fn estimate(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    const F: &str = "theta_sketch_estimate";
    let [s] = crate::utils::take_args(F, args)?;
    Ok(ThetaUdf::udf(ThetaFn::Estimate).call(vec![sketch_arg(F, "first", s, ctx)?]))
}

pub(crate) fn union(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    const F: &str = "theta_union";
    check_args(F, &args, 2, 3)?;
    let lg = lg_of(F, &args, 2, ctx)?;
    binary_op(F, ThetaFn::Union(lg), args, ctx)
}

pub(crate) fn intersection(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    const F: &str = "theta_intersection";
    check_args(F, &args, 2, 2)?;
    binary_op(F, ThetaFn::Intersection, args, ctx)
}

pub(crate) fn difference(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    const F: &str = "theta_difference";
    check_args(F, &args, 2, 2)?;
    binary_op(F, ThetaFn::Difference, args, ctx)
}

fn binary_op(
    function: &str,
    f: ThetaFn,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let mut it = args.into_iter();
    let (Some(a), Some(b)) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args(function, "2", 0));
    };
    let a = sketch_arg(function, "first", a, ctx)?;
    let b = sketch_arg(function, "second", b, ctx)?;
    Ok(ThetaUdf::udf(f).call(vec![a, b]))
}

/// `name(args..., 12)`: Spark shows the default `lgNomEntries` after `arity` arguments.
pub(crate) fn display_with_lg(name: &str, args: &[String], distinct: bool, arity: usize) -> String {
    let mut a = args.to_vec();
    if a.len() == arity {
        a.push(DEFAULT_LG.to_string());
    }
    display_call(name, &a, distinct)
}
