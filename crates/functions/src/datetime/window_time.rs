//! `window_time(window)` (Spark's `WindowTime`): the last microsecond of a time window, i.e.
//! the struct's `end` minus one microsecond, with the window's timestamp type.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit, TimestampMicrosecondType};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::kernel::{KernelCtx, call_strict};
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::take_args;

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let s = args[0].as_struct();
    let Some(end) = s.column_by_name("end") else {
        return exec_err!("window_time needs a window struct");
    };
    let ends = end.as_primitive::<TimestampMicrosecondType>();
    let out: TimestampMicrosecondArray = (0..s.len())
        .map(|i| {
            if s.is_null(i) || ends.is_null(i) {
                None
            } else {
                ends.value(i).checked_sub(1)
            }
        })
        .collect();
    let tz = match k.ret {
        ArrowType::Timestamp(_, tz) => tz.clone(),
        _ => None,
    };
    Ok(Arc::new(out.with_timezone_opt(tz)))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [w] = take_args("window_time", args)?;
    let t = ctx.arg_type(&w)?;
    let end = match &t {
        ArrowType::Struct(fields) => fields
            .iter()
            .find(|f| f.name() == "end")
            .map(|f| f.data_type().clone()),
        _ => None,
    };
    match end {
        Some(ret @ ArrowType::Timestamp(TimeUnit::Microsecond, _)) => {
            Ok(call_strict("window_time", "", ret, false, kernel, vec![w]))
        }
        _ => Err(unexpected_input_type(
            "window_time",
            format!(
                "The first parameter requires a time window struct, however the argument has the type {t}"
            ),
        )),
    }
}
