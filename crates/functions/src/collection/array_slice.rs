//! `slice(array, start, length)` (Spark's `Slice`) and `flatten(array)` (Spark's `Flatten`:
//! NULL when any inner array is NULL).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::coerce::array_element;
use super::errors::invalid_parameter;
use super::rowwise::{elems, int_arg, make_list, null, ret_element, ret_first, row_udf};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, take_args};

static SLICE: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_slice", Some(3), ret_first, slice));
static FLATTEN: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_flatten", Some(1), ret_element, flatten));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&SLICE), Arc::clone(&FLATTEN)]
}

fn slice(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(xs), Some(start), Some(length)) =
        (elems(&args[0])?, int_arg(&args[1])?, int_arg(&args[2])?)
    else {
        return null(ret);
    };
    if start == 0 {
        return Err(invalid_parameter(
            "START",
            "`start`",
            "`slice`",
            "Expects a positive or a negative value for `start`, but got 0",
        ));
    }
    if length < 0 {
        return Err(invalid_parameter(
            "LENGTH",
            "`length`",
            "`slice`",
            &format!("Expects `length` greater than or equal to 0, but got {length}"),
        ));
    }
    let len = xs.len() as i64;
    let from = if start > 0 { start - 1 } else { len + start };
    if from < 0 || from >= len {
        return make_list(&[], ret);
    }
    let to = (from + length).min(len);
    make_list(&xs[from as usize..to as usize], ret)
}

fn flatten(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let Some(outer) = elems(&args[0])? else {
        return null(ret);
    };
    let mut out = Vec::new();
    for inner in &outer {
        match elems(inner)? {
            Some(mut xs) => out.append(&mut xs),
            None => return null(ret),
        }
    }
    make_list(&out, ret)
}

pub(crate) fn build_slice(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [a, start, length] = take_args("slice", args)?;
    array_element(ctx, "slice", &a)?;
    let (st, lt) = (ctx.arg_type(&start)?, ctx.arg_type(&length)?);
    Ok(SLICE.call(vec![
        a,
        cast_to(start, &st, &ArrowType::Int32),
        cast_to(length, &lt, &ArrowType::Int32),
    ]))
}

pub(crate) fn build_flatten(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [a] = take_args("flatten", args)?;
    let inner = array_element(ctx, "flatten", &a)?;
    if !matches!(inner, ArrowType::List(_) | ArrowType::LargeList(_)) {
        return Err(unexpected_input_type(
            "flatten",
            format!("the argument {a} requires the \"ARRAY<ARRAY>\" type"),
        ));
    }
    Ok(FLATTEN.call(vec![a]))
}
