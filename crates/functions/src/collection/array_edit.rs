//! Functions that add or drop elements: `array_append`, `array_prepend`, `array_compact`,
//! `array_insert`, `array_remove`, `array_repeat`, `array_size` (Spark's `ArrayAppend`,
//! `ArrayPrepend`, `ArrayCompact`, `ArrayInsert`, `ArrayRemove`, `ArrayRepeat`, `ArraySize`).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::coerce::{array_and_element, array_element, int_argument};
use super::errors::index_of_zero;
use super::rowwise::{
    elems, int_arg, make_list, null, ret_first, ret_int, ret_list_of_first, row_udf, same,
};
use crate::FunctionContext;
use crate::utils::take_args;

static APPEND: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_append", Some(2), ret_first, append));
static PREPEND: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_prepend", Some(2), ret_first, prepend));
static COMPACT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_compact", Some(1), ret_first, compact));
static INSERT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_insert", Some(3), ret_first, insert));
static REMOVE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_remove", Some(2), ret_first, remove));
static REPEAT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_repeat", Some(2), ret_list_of_first, repeat));
static SIZE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_size", Some(1), ret_int, size));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [
        &APPEND, &PREPEND, &COMPACT, &INSERT, &REMOVE, &REPEAT, &SIZE,
    ]
    .map(|u| Arc::clone(u))
    .to_vec()
}

fn append(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match elems(&args[0])? {
        Some(mut xs) => {
            xs.push(args[1].clone());
            make_list(&xs, ret)
        }
        None => null(ret),
    }
}

fn prepend(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match elems(&args[0])? {
        Some(mut xs) => {
            xs.insert(0, args[1].clone());
            make_list(&xs, ret)
        }
        None => null(ret),
    }
}

fn compact(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match elems(&args[0])? {
        Some(xs) => {
            let kept: Vec<_> = xs.into_iter().filter(|x| !x.is_null()).collect();
            make_list(&kept, ret)
        }
        None => null(ret),
    }
}

/// Mirrors Spark 3.4+'s `ArrayInsert`: 1-based positions, `-1` appends, positions past either
/// end pad the array with NULLs.
fn insert(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(xs), Some(pos)) = (elems(&args[0])?, int_arg(&args[1])?) else {
        return null(ret);
    };
    let value = args[2].clone();
    let len = xs.len() as i64;
    let gap = |n: i64| std::iter::repeat_n(ScalarValue::Null, n.max(0) as usize);
    let out: Vec<ScalarValue> = if pos == 0 {
        return Err(index_of_zero());
    } else if pos > 0 {
        let at = pos - 1;
        if at <= len {
            let mut v = xs;
            v.insert(at as usize, value);
            v
        } else {
            xs.into_iter()
                .chain(gap(at - len))
                .chain(std::iter::once(value))
                .collect()
        }
    } else if -pos <= len {
        let mut v = xs;
        v.insert((len + pos + 1) as usize, value);
        v
    } else {
        std::iter::once(value)
            .chain(gap(-pos - len - 1))
            .chain(xs)
            .collect()
    };
    make_list(&out, ret)
}

fn remove(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(xs) = elems(&args[0])? else {
        return null(ret);
    };
    if args[1].is_null() {
        return null(ret);
    }
    let kept: Vec<_> = xs
        .into_iter()
        .filter(|x| x.is_null() || !same(x, &args[1]))
        .collect();
    make_list(&kept, ret)
}

fn repeat(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(n) = int_arg(&args[1])? else {
        return null(ret);
    };
    let items = vec![args[0].clone(); n.max(0) as usize];
    make_list(&items, ret)
}

fn size(args: &[ScalarValue], _: &ArrowType) -> DfResult<ScalarValue> {
    Ok(ScalarValue::Int32(
        elems(&args[0])?.map(|xs| xs.len() as i32),
    ))
}

pub(crate) fn build_append(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, e] = take_args("array_append", args)?;
    let (a, e) = array_and_element(ctx, "array_append", a, e)?;
    Ok(APPEND.call(vec![a, e]))
}

pub(crate) fn build_prepend(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, e] = take_args("array_prepend", args)?;
    let (a, e) = array_and_element(ctx, "array_prepend", a, e)?;
    Ok(PREPEND.call(vec![a, e]))
}

pub(crate) fn build_compact(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a] = take_args("array_compact", args)?;
    array_element(ctx, "array_compact", &a)?;
    Ok(COMPACT.call(vec![a]))
}

pub(crate) fn build_insert(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, pos, e] = take_args("array_insert", args)?;
    let (a, e) = array_and_element(ctx, "array_insert", a, e)?;
    let pos = int_argument(ctx, "array_insert", pos, "second")?;
    Ok(INSERT.call(vec![a, pos, e]))
}

pub(crate) fn build_remove(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a, e] = take_args("array_remove", args)?;
    let (a, e) = array_and_element(ctx, "array_remove", a, e)?;
    Ok(REMOVE.call(vec![a, e]))
}

pub(crate) fn build_repeat(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [e, n] = take_args("array_repeat", args)?;
    let n = int_argument(ctx, "array_repeat", n, "second")?;
    Ok(REPEAT.call(vec![e, n]))
}

pub(crate) fn build_size(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a] = take_args("array_size", args)?;
    array_element(ctx, "array_size", &a)?;
    Ok(SIZE.call(vec![a]))
}
