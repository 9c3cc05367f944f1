//! `element_at(array|map, key)` and `try_element_at` (Spark's `ElementAt`): 1-based array
//! index, negative from the end; index 0 always fails; out of bounds is NULL, or
//! `INVALID_ARRAY_INDEX_IN_ELEMENT_AT` under ANSI for `element_at`. A missing map key is NULL.
//! Also `get(array, index)` (0-based, NULL out of bounds).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::array_item::array_item;
use super::coerce::{array_element, int_argument};
use super::errors::{element_at_out_of_bounds, index_of_zero};
use super::rowwise::{element_type, elems, entries, int_arg, map_types, null, row_udf, same};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, take_args};

static LENIENT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_element_at", Some(2), ret, lenient));
static ANSI: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_element_at_ansi", Some(2), ret, ansi));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&LENIENT), Arc::clone(&ANSI)]
}

fn ret(types: &[ArrowType]) -> DfResult<ArrowType> {
    match types.first() {
        Some(t @ ArrowType::Map(_, _)) => Ok(map_types(t)?.1),
        Some(t) => element_type(t),
        None => datafusion::common::exec_err!("element_at expects arguments"),
    }
}

fn lenient(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    element_at(args, ret, false)
}

fn ansi(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    element_at(args, ret, true)
}

fn element_at(args: &[ScalarValue], ret: &ArrowType, fail: bool) -> DfResult<ScalarValue> {
    if let ScalarValue::Map(_) = &args[0] {
        let Some(pairs) = entries(&args[0])? else {
            return null(ret);
        };
        if args[1].is_null() {
            return null(ret);
        }
        return match pairs.into_iter().find(|(k, _)| same(k, &args[1])) {
            Some((_, v)) => Ok(v),
            None => null(ret),
        };
    }
    let (Some(xs), Some(i)) = (elems(&args[0])?, int_arg(&args[1])?) else {
        return null(ret);
    };
    if i == 0 {
        return Err(index_of_zero());
    }
    let len = xs.len() as i64;
    if i.abs() > len {
        if fail {
            return Err(element_at_out_of_bounds(i, xs.len()));
        }
        return null(ret);
    }
    let at = if i > 0 { i - 1 } else { len + i };
    Ok(xs[at as usize].clone())
}

fn build(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>, fail: bool) -> Result<DfExpr> {
    let [a, k] = take_args(name, args)?;
    let kt = ctx.arg_type(&k)?;
    let k = match ctx.arg_type(&a)? {
        t @ ArrowType::Map(_, _) => {
            let (key, _) = map_types(&t).map_err(crate::errors::from_df)?;
            cast_to(k, &kt, &key)
        }
        _ => {
            array_element(ctx, name, &a).map_err(|_| {
                unexpected_input_type(
                    name,
                    "the first argument requires the \"ARRAY\" or \"MAP\" type",
                )
            })?;
            int_argument(ctx, name, k, "second")?
        }
    };
    let udf = if fail { &ANSI } else { &LENIENT };
    Ok(udf.call(vec![a, k]))
}

pub(crate) fn build_element_at(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("element_at", args, ctx, ctx.ansi)
}

pub(crate) fn build_try_element_at(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("try_element_at", args, ctx, false)
}

/// `get(array, index)`: Spark's `GetArrayItem` that never fails.
pub(crate) fn build_get(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, i] = take_args("get", args)?;
    array_element(ctx, "get", &a)?;
    let it = ctx.arg_type(&i)?;
    Ok(array_item(a, cast_to(i, &it, &ArrowType::Int32), false))
}
