//! Set-like array functions: `array_distinct`, `array_union`, `array_intersect`,
//! `array_except` (Spark's `ArrayDistinct`, `ArrayUnion`, `ArrayIntersect`, `ArrayExcept`):
//! elements keep their first-occurrence order, NULL counts as one value and NaN equals NaN.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::coerce::{array_element, two_arrays};
use super::rowwise::{elems, make_list, null, ret_first, row_udf, same};
use crate::FunctionContext;
use crate::utils::take_args;

static DISTINCT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_distinct", Some(1), ret_first, distinct));
static UNION: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_union", Some(2), ret_first, union));
static INTERSECT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_intersect", Some(2), ret_first, intersect));
static EXCEPT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_except", Some(2), ret_first, except));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [&DISTINCT, &UNION, &INTERSECT, &EXCEPT]
        .map(|u| Arc::clone(u))
        .to_vec()
}

/// Equality of set elements: NULL equals NULL here.
fn eq(a: &ScalarValue, b: &ScalarValue) -> bool {
    match (a.is_null(), b.is_null()) {
        (true, true) => true,
        (false, false) => same(a, b),
        _ => false,
    }
}

fn contains(xs: &[ScalarValue], x: &ScalarValue) -> bool {
    xs.iter().any(|y| eq(x, y))
}

/// The distinct elements of `items` that pass `keep`, in order.
fn dedup(
    items: impl Iterator<Item = ScalarValue>,
    keep: impl Fn(&ScalarValue) -> bool,
) -> Vec<ScalarValue> {
    let mut out: Vec<ScalarValue> = Vec::new();
    for x in items {
        if keep(&x) && !contains(&out, &x) {
            out.push(x);
        }
    }
    out
}

fn distinct(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match elems(&args[0])? {
        Some(xs) => make_list(&dedup(xs.into_iter(), |_| true), ret),
        None => null(ret),
    }
}

fn pair(
    args: &[ScalarValue],
    ret: &ArrowType,
    f: fn(Vec<ScalarValue>, Vec<ScalarValue>) -> Vec<ScalarValue>,
) -> DfResult<ScalarValue> {
    match (elems(&args[0])?, elems(&args[1])?) {
        (Some(a), Some(b)) => make_list(&f(a, b), ret),
        _ => null(ret),
    }
}

fn union(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    pair(args, ret, |a, b| dedup(a.into_iter().chain(b), |_| true))
}

fn intersect(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    pair(args, ret, |a, b| dedup(a.into_iter(), |x| contains(&b, x)))
}

fn except(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    pair(args, ret, |a, b| dedup(a.into_iter(), |x| !contains(&b, x)))
}

pub(crate) fn build_distinct(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a] = take_args("array_distinct", args)?;
    array_element(ctx, "array_distinct", &a)?;
    Ok(DISTINCT.call(vec![a]))
}

fn build_pair(
    name: &str,
    udf: &ScalarUDF,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, b] = take_args(name, args)?;
    let (a, b) = two_arrays(ctx, name, a, b)?;
    Ok(udf.call(vec![a, b]))
}

pub(crate) fn build_union(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build_pair("array_union", &UNION, args, ctx)
}

pub(crate) fn build_intersect(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_pair("array_intersect", &INTERSECT, args, ctx)
}

pub(crate) fn build_except(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build_pair("array_except", &EXCEPT, args, ctx)
}
