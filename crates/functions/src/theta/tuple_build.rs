//! Builders and column names of the tuple functions: keys as the theta functions take them,
//! a numeric summary (cast to DOUBLE or INT), BINARY sketches, and constant `lgNomEntries` and
//! `mode` checked at analysis as Spark's tuple expressions do (`DATATYPE_MISMATCH.*`), shown
//! with their defaults in the column name (`tuple_sketch_agg_double(k, v, 12, sum)`).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::build::sketch_arg;
use super::keys::key_arg;
use super::sketch_io::{DEFAULT_LG, LgNom};
use super::tuple_aggs::{Kind, TupleAgg, TupleUdaf};
use super::tuple_scalars::{TupleFn, TupleUdf};
use super::tuple_summary::Mode;
use crate::aggregate::params::{constant, non_foldable};
use crate::aggregate::with_distinct;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, check_args, is_decimal, is_floating, is_integral};
use crate::{FunctionContext, display_call};

/// `DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT` wrapping Spark's tuple error (whose own
/// `SQLSTATE: ...` suffix is left out of the text, which must end with the outer one).
fn check_failure(function: &str, class: &str, state: &str, msg: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
        "42K09",
        format!("Cannot resolve \"{function}\" due to data type mismatch: [{class}] {msg}"),
    )
    .param("sqlExpr", format!("\"{function}\""))
    .param("msg", format!("[{class}] {msg} SQLSTATE: {state}"))
    .param("hint", "")
}

/// `DATATYPE_MISMATCH.UNEXPECTED_NULL`.
fn unexpected_null(function: &str, what: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_NULL",
        "42K09",
        format!(
            "Cannot resolve \"{function}\" due to data type mismatch: The {what} must not be null."
        ),
    )
    .param("sqlExpr", format!("\"{function}\""))
    .param("exprName", what)
}

fn lg_param(function: &str, e: Option<&DfExpr>) -> Result<LgNom> {
    let Some(e) = e else {
        return Ok(LgNom(DEFAULT_LG));
    };
    let v =
        constant(e).ok_or_else(|| non_foldable(function, "lgNomEntries", "INT", &e.to_string()))?;
    if v.is_null() {
        return Err(unexpected_null(function, "lgNomEntries"));
    }
    let lg = match v.cast_to(&ArrowType::Int64) {
        Ok(ScalarValue::Int64(Some(lg))) if v.data_type().is_integer() => lg,
        _ => {
            return Err(unexpected_input_type(
                function,
                format!(
                    "The lgNomEntries requires the \"INT\" type, got {}",
                    v.data_type()
                ),
            ));
        }
    };
    let lg = i32::try_from(lg).unwrap_or(i32::MAX);
    LgNom::checked(function, Some(lg)).map_err(|_| {
        check_failure(
            function,
            "SKETCH_INVALID_LG_NOM_ENTRIES",
            "22003",
            format!(
                "Invalid call to `{function}`; the `lgNomEntries` value must be between 4 and 26, inclusive: {lg}."
            ),
        )
    })
}

fn mode_param(function: &str, e: Option<&DfExpr>) -> Result<Mode> {
    let Some(e) = e else {
        return Ok(Mode::Sum);
    };
    let v = constant(e).ok_or_else(|| non_foldable(function, "mode", "STRING", &e.to_string()))?;
    if v.is_null() {
        return Err(unexpected_null(function, "mode"));
    }
    let s = match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => s,
        other => {
            return Err(unexpected_input_type(
                function,
                format!(
                    "The mode requires the \"STRING\" type, got {}",
                    other.data_type()
                ),
            ));
        }
    };
    Mode::parse(&s).ok_or_else(|| {
        check_failure(
            function,
            "TUPLE_INVALID_SKETCH_MODE",
            "22023",
            format!(
                "Invalid call to `{function}`: mode '{s}' is not supported. Valid modes are: sum, min, max, alwaysone."
            ),
        )
    })
}

/// The summary argument, cast to the sketch's summary type.
fn summary_arg(function: &str, kind: Kind, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    if !(is_integral(&t) || is_floating(&t) || is_decimal(&t) || t == ArrowType::Null) {
        let want = if kind == Kind::Double {
            "DOUBLE"
        } else {
            "INT"
        };
        return Err(unexpected_input_type(
            function,
            format!(
                "The second parameter requires the \"{want}\" type, however the summary has the type {t}"
            ),
        ));
    }
    let to = match kind {
        Kind::Double => ArrowType::Float64,
        Kind::Integer => ArrowType::Int32,
    };
    Ok(cast_to(e, &t, &to))
}

/// `REQUIRED_PARAMETER_NOT_FOUND`: Spark's tuple expression builders take named parameters
/// (`FunctionSignature`), so a missing argument names the parameter.
fn required(function: &str, args: &[DfExpr], params: &[&str]) -> Result<()> {
    match params.get(args.len()) {
        Some(p) if args.len() < params.len() - 2 => Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "REQUIRED_PARAMETER_NOT_FOUND",
            "4274K",
            format!(
                "Cannot invoke routine `{function}` because the parameter named `{p}` is required, but the routine call did not supply a value. Please update the routine call to supply an argument value (either positionally at index {} or by name) and retry the query again.",
                args.len()
            ),
        )
        .param("routineName", format!("`{function}`"))
        .param("parameterName", format!("`{p}`"))
        .param("index", args.len().to_string())),
        _ => Ok(()),
    }
}

fn name(base: &str, kind: Kind) -> String {
    format!("{base}_{}", kind.suffix())
}

fn sketch_agg(
    kind: Kind,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let f = name("tuple_sketch_agg", kind);
    required(&f, &args, &["key", "summary", "lgNomEntries", "mode"])?;
    check_args(&f, &args, 2, 4)?;
    let lg = lg_param(&f, args.get(2))?;
    let mode = mode_param(&f, args.get(3))?;
    let mut it = args.into_iter();
    let (Some(key), Some(summary)) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args(&f, "[2, 3, 4]", 0));
    };
    let t = ctx.arg_type(&key)?;
    let key = key_arg(&f, key, &t, true)?;
    let summary = summary_arg(&f, kind, summary, ctx)?;
    with_distinct(
        TupleUdaf::udaf(TupleAgg::Sketch(lg, mode), kind, &t).call(vec![key, summary]),
        distinct,
    )
}

fn union_agg(
    kind: Kind,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let f = name("tuple_union_agg", kind);
    check_args(&f, &args, 1, 3)?;
    let lg = lg_param(&f, args.get(1))?;
    let mode = mode_param(&f, args.get(2))?;
    let s = first_sketch(&f, args, ctx)?;
    with_distinct(
        TupleUdaf::udaf(TupleAgg::Union(lg, mode), kind, &ArrowType::Binary).call(vec![s]),
        distinct,
    )
}

fn intersection_agg(
    kind: Kind,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let f = name("tuple_intersection_agg", kind);
    check_args(&f, &args, 1, 2)?;
    let mode = mode_param(&f, args.get(1))?;
    let s = first_sketch(&f, args, ctx)?;
    with_distinct(
        TupleUdaf::udaf(TupleAgg::Intersection(mode), kind, &ArrowType::Binary).call(vec![s]),
        distinct,
    )
}

fn first_sketch(f: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let s = args
        .into_iter()
        .next()
        .ok_or_else(|| crate::errors::wrong_num_args(f, "1", 0))?;
    sketch_arg(f, "first", s, ctx)
}

/// A scalar: `arity` sketches, then the parameters `build_fn` reads.
fn scalar_fn(
    kind: Kind,
    base: &str,
    (min, max): (usize, usize),
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
    build_fn: impl FnOnce(&str, &[DfExpr]) -> Result<TupleFn>,
) -> Result<DfExpr> {
    let f = name(base, kind);
    check_args(&f, &args, min, max)?;
    let op = build_fn(&f, &args)?;
    let positions = ["first", "second"];
    let sketches = args
        .into_iter()
        .take(op.arity())
        .zip(positions)
        .map(|(a, p)| sketch_arg(&f, p, a, ctx))
        .collect::<Result<Vec<_>>>()?;
    Ok(TupleUdf::udf(op, kind).call(sketches))
}

macro_rules! builders {
    ($($double:ident, $integer:ident => $inner:ident;)*) => {$(
        pub(crate) fn $double(args: Vec<DfExpr>, distinct: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
            $inner(Kind::Double, args, distinct, ctx)
        }
        pub(crate) fn $integer(args: Vec<DfExpr>, distinct: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
            $inner(Kind::Integer, args, distinct, ctx)
        }
    )*};
}

builders! {
    sketch_agg_double, sketch_agg_integer => sketch_agg;
    union_agg_double, union_agg_integer => union_agg;
    intersection_agg_double, intersection_agg_integer => intersection_agg;
    estimate_double, estimate_integer => estimate;
    theta_double, theta_integer => theta;
    summary_double, summary_integer => summary;
    union_double, union_integer => union;
    intersection_double, intersection_integer => intersection;
    difference_double, difference_integer => difference;
    union_theta_double, union_theta_integer => union_theta;
    intersection_theta_double, intersection_theta_integer => intersection_theta;
    difference_theta_double, difference_theta_integer => difference_theta;
}

fn estimate(kind: Kind, args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_sketch_estimate", (1, 1), args, ctx, |_, _| {
        Ok(TupleFn::Estimate)
    })
}

fn theta(kind: Kind, args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_sketch_theta", (1, 1), args, ctx, |_, _| {
        Ok(TupleFn::Theta)
    })
}

fn summary(kind: Kind, args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_sketch_summary", (1, 2), args, ctx, |f, a| {
        Ok(TupleFn::Summary(mode_param(f, a.get(1))?))
    })
}

fn union(kind: Kind, args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    required(
        &name("tuple_union", kind),
        &args,
        &["tupleSketch1", "tupleSketch2", "lgNomEntries", "mode"],
    )?;
    scalar_fn(kind, "tuple_union", (2, 4), args, ctx, |f, a| {
        Ok(TupleFn::Union(
            lg_param(f, a.get(2))?,
            mode_param(f, a.get(3))?,
        ))
    })
}

fn intersection(
    kind: Kind,
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_intersection", (2, 3), args, ctx, |f, a| {
        Ok(TupleFn::Intersection(mode_param(f, a.get(2))?))
    })
}

fn difference(kind: Kind, args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_difference", (2, 2), args, ctx, |_, _| {
        Ok(TupleFn::Difference)
    })
}

fn union_theta(
    kind: Kind,
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    required(
        &name("tuple_union_theta", kind),
        &args,
        &["tupleSketch", "thetaSketch", "lgNomEntries", "mode"],
    )?;
    scalar_fn(kind, "tuple_union_theta", (2, 4), args, ctx, |f, a| {
        Ok(TupleFn::UnionTheta(
            lg_param(f, a.get(2))?,
            mode_param(f, a.get(3))?,
        ))
    })
}

fn intersection_theta(
    kind: Kind,
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    scalar_fn(
        kind,
        "tuple_intersection_theta",
        (2, 3),
        args,
        ctx,
        |f, a| Ok(TupleFn::IntersectionTheta(mode_param(f, a.get(2))?)),
    )
}

fn difference_theta(
    kind: Kind,
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    scalar_fn(kind, "tuple_difference_theta", (2, 2), args, ctx, |_, _| {
        Ok(TupleFn::DifferenceTheta)
    })
}

/// `name(args...)` with Spark's shown defaults: `lgNomEntries` 12 from position `lg_at` (if
/// the function has one) and mode `sum` at position `mode_at`.
pub(crate) fn display_defaults(
    name: &str,
    args: &[String],
    distinct: bool,
    lg_at: Option<usize>,
    mode_at: usize,
) -> String {
    let mut a = args.to_vec();
    if let Some(i) = lg_at
        && a.len() == i
    {
        a.push(DEFAULT_LG.to_string());
    }
    if a.len() == mode_at {
        a.push("sum".to_string());
    }
    display_call(name, &a, distinct)
}
