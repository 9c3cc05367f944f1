//! Functions that look into an array: `array_contains`, `array_position`, `arrays_overlap`
//! (with Spark's three-valued NULL logic), `array_max`, `array_min`, `array_join` (Spark's
//! `ArrayContains`, `ArrayPosition`, `ArraysOverlap`, `ArrayMax`, `ArrayMin`, `ArrayJoin`).

use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::coerce::{array_and_element, array_as, array_element, two_arrays};
use super::rowwise::{
    compare, elems, null, ret_bool, ret_element, ret_long, ret_string, row_udf, same,
};
use crate::FunctionContext;
use crate::utils::{cast_to, check_args, take_args};

static CONTAINS: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_contains", Some(2), ret_bool, contains));
static POSITION: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_position", Some(2), ret_long, position));
static OVERLAP: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_arrays_overlap", Some(2), ret_bool, overlap));
static MAX: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_max", Some(1), ret_element, max));
static MIN: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_min", Some(1), ret_element, min));
static JOIN: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_join", None, ret_string, join));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [&CONTAINS, &POSITION, &OVERLAP, &MAX, &MIN, &JOIN]
        .map(|u| Arc::clone(u))
        .to_vec()
}

fn contains(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    let Some(xs) = elems(&args[0])? else {
        return Ok(ScalarValue::Boolean(None));
    };
    if args[1].is_null() {
        return Ok(ScalarValue::Boolean(None));
    }
    if xs.iter().any(|x| !x.is_null() && same(x, &args[1])) {
        return Ok(ScalarValue::Boolean(Some(true)));
    }
    let unknown = xs.iter().any(ScalarValue::is_null);
    Ok(ScalarValue::Boolean((!unknown).then_some(false)))
}

fn position(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    let Some(xs) = elems(&args[0])? else {
        return Ok(ScalarValue::Int64(None));
    };
    if args[1].is_null() {
        return Ok(ScalarValue::Int64(None));
    }
    let at = xs
        .iter()
        .position(|x| !x.is_null() && same(x, &args[1]))
        .map_or(0, |i| i as i64 + 1);
    Ok(ScalarValue::Int64(Some(at)))
}

fn overlap(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(a), Some(b)) = (elems(&args[0])?, elems(&args[1])?) else {
        return Ok(ScalarValue::Boolean(None));
    };
    let found = a
        .iter()
        .filter(|x| !x.is_null())
        .any(|x| b.iter().any(|y| !y.is_null() && same(x, y)));
    if found {
        return Ok(ScalarValue::Boolean(Some(true)));
    }
    let unknown = !a.is_empty()
        && !b.is_empty()
        && (a.iter().any(ScalarValue::is_null) || b.iter().any(ScalarValue::is_null));
    Ok(ScalarValue::Boolean((!unknown).then_some(false)))
}

fn extreme(args: &[ScalarValue], ret: &ArrowType, want: Ordering) -> DfResult<ScalarValue> {
    let Some(xs) = elems(&args[0])? else {
        return null(ret);
    };
    let best = xs
        .into_iter()
        .filter(|x| !x.is_null())
        .reduce(|best, x| if compare(&x, &best) == want { x } else { best });
    match best {
        Some(v) => Ok(v),
        None => null(ret),
    }
}

fn max(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    extreme(args, ret, Ordering::Greater)
}

fn min(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    extreme(args, ret, Ordering::Less)
}

fn text(v: &ScalarValue) -> Option<String> {
    match v {
        ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => s.clone(),
        _ => None,
    }
}

fn join(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(xs), Some(delim)) = (elems(&args[0])?, text(&args[1])) else {
        return Ok(ScalarValue::Utf8(None));
    };
    let replacement = match args.get(2) {
        Some(r) => match text(r) {
            Some(r) => Some(r),
            None => return Ok(ScalarValue::Utf8(None)),
        },
        None => None,
    };
    let parts: Vec<String> = xs
        .iter()
        .filter_map(|x| text(x).or_else(|| replacement.clone()))
        .collect();
    Ok(ScalarValue::Utf8(Some(parts.join(&delim))))
}

pub(crate) fn build_contains(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, e] = take_args("array_contains", args)?;
    let (a, e) = array_and_element(ctx, "array_contains", a, e)?;
    Ok(CONTAINS.call(vec![a, e]))
}

pub(crate) fn build_position(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, e] = take_args("array_position", args)?;
    let (a, e) = array_and_element(ctx, "array_position", a, e)?;
    Ok(POSITION.call(vec![a, e]))
}

pub(crate) fn build_overlap(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, b] = take_args("arrays_overlap", args)?;
    let (a, b) = two_arrays(ctx, "arrays_overlap", a, b)?;
    Ok(OVERLAP.call(vec![a, b]))
}

pub(crate) fn build_max(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a] = take_args("array_max", args)?;
    array_element(ctx, "array_max", &a)?;
    Ok(MAX.call(vec![a]))
}

pub(crate) fn build_min(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a] = take_args("array_min", args)?;
    array_element(ctx, "array_min", &a)?;
    Ok(MIN.call(vec![a]))
}

/// `array_join(array, delimiter[, nullReplacement])`: elements are cast to strings first.
pub(crate) fn build_join(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("array_join", &args, 2, 3)?;
    let mut it = args.into_iter();
    let mut out = Vec::with_capacity(3);
    if let Some(a) = it.next() {
        array_element(ctx, "array_join", &a)?;
        out.push(array_as(ctx, a, &ArrowType::Utf8)?);
    }
    for s in it {
        let t = ctx.arg_type(&s)?;
        out.push(cast_to(s, &t, &ArrowType::Utf8));
    }
    Ok(JOIN.call(out))
}
