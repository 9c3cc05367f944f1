//! `sort_array(array[, asc])` (Spark's `SortArray`: NULLs first ascending, last descending)
//! and `array_sort(array)` (Spark's `ArraySort` with its default comparator: ascending, NULLs
//! last). `array_sort` with a comparator lambda is resolved with the higher-order functions.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::coerce::array_element;
use super::rowwise::{compare, elems, make_list, null, ret_first, row_udf};
use crate::FunctionContext;
use crate::utils::{cast_to, check_args, take_args};

static SORT_ARRAY: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_sort_array", Some(2), ret_first, sort_array));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&SORT_ARRAY)]
}

/// Sorts non-NULL values ascending (or descending) and puts NULLs first (or last).
fn sorted(xs: Vec<ScalarValue>, asc: bool, nulls_first: bool) -> Vec<ScalarValue> {
    let (mut nulls, mut vals): (Vec<_>, Vec<_>) = xs.into_iter().partition(ScalarValue::is_null);
    vals.sort_by(|a, b| if asc { compare(a, b) } else { compare(b, a) });
    if nulls_first {
        nulls.append(&mut vals);
        nulls
    } else {
        vals.append(&mut nulls);
        vals
    }
}

/// Args: array, ascending, NULLs first.
fn sort_array(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(xs) = elems(&args[0])? else {
        return null(ret);
    };
    let asc = !matches!(args[1], ScalarValue::Boolean(Some(false)));
    make_list(&sorted(xs, asc, asc), ret)
}

pub(crate) fn build_sort_array(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("sort_array", &args, 1, 2)?;
    let mut it = args.into_iter();
    let (Some(a), asc) = (it.next(), it.next()) else {
        return Err(crate::errors::wrong_num_args("sort_array", "[1, 2]", 0));
    };
    array_element(ctx, "sort_array", &a)?;
    let asc = match asc {
        Some(e) => {
            let t = ctx.arg_type(&e)?;
            cast_to(e, &t, &ArrowType::Boolean)
        }
        None => lit(true),
    };
    Ok(SORT_ARRAY.call(vec![a, asc]))
}

/// `sort_array(a)` shows its default `asc` argument.
pub(crate) fn display_sort_array(name: &str, args: &[String], _: bool) -> String {
    match args {
        [a] => format!("{name}({a}, true)"),
        _ => format!("{name}({})", args.join(", ")),
    }
}

static ARRAY_SORT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_array_sort", Some(1), ret_first, array_sort));

pub(crate) fn array_sort_udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&ARRAY_SORT)]
}

fn array_sort(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    match elems(&args[0])? {
        Some(xs) => make_list(&sorted(xs, true, false), ret),
        None => null(ret),
    }
}

pub(crate) fn build_array_sort(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a] = take_args("array_sort", args)?;
    array_element(ctx, "array_sort", &a)?;
    Ok(ARRAY_SORT.call(vec![a]))
}

/// Spark shows `array_sort(a)` with its default comparator (`ArraySort.defaultComparator`).
pub(crate) fn display_array_sort(name: &str, args: &[String], _: bool) -> String {
    const V: &str = "namedlambdavariable()";
    let body = format!(
        "(IF((({V} IS NULL) AND ({V} IS NULL)), 0, (IF(({V} IS NULL), 1, (IF(({V} IS NULL), -1, (IF(({V} < {V}), -1, (IF(({V} > {V}), 1, 0))))))))))"
    );
    format!(
        "{name}({}, lambdafunction({body}, {V}, {V}))",
        args.join(", ")
    )
}
