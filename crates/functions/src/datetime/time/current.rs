//! `current_time([precision])` (Spark's `CurrentTime`): the time of day in the session time
//! zone when the query is analysed, truncated to `precision` (0 to 6, default 6) digits.
//! Spark allows it even while `spark.sql.timeType.enabled` is off.

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::{Result, SparkError};

use super::cast::timestamp_to_time;
use crate::FunctionContext;
use crate::utils::{check_args, constant_value};

pub(crate) fn build_current_time(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("current_time", &args, 0, 1)?;
    let precision = match args.first() {
        None => 6,
        Some(e) => precision(e)?,
    };
    // The query's instant, the same for every call in a query (as `current_timestamp()`).
    let instant = lit(ScalarValue::TimestampMicrosecond(
        Some(ctx.now_micros),
        Some(Arc::from(ctx.time_zone)),
    ));
    let e = timestamp_to_time(instant, Some(ctx.time_zone), precision);
    Ok(super::cast::with_precision(e, precision))
}

/// A foldable integer between 0 and 6.
fn precision(e: &DfExpr) -> Result<u8> {
    let v = match constant_value(e) {
        Some(ScalarValue::Int8(Some(v))) => i64::from(v),
        Some(ScalarValue::Int16(Some(v))) => i64::from(v),
        Some(ScalarValue::Int32(Some(v))) => i64::from(v),
        Some(ScalarValue::Int64(Some(v))) => v,
        _ => {
            return Err(crate::errors::unexpected_input_type(
                "current_time",
                "The precision must be a foldable integer",
            ));
        }
    };
    if !(0..=6).contains(&v) {
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
            "42K09",
            format!(
                "Cannot resolve \"current_time({v})\" due to data type mismatch: The `precision` must be between [0, 6] (current value = {v})."
            ),
        ));
    }
    Ok(v as u8)
}

/// Spark names the call with its precision: `current_time()` is `current_time(6)`.
pub(crate) fn display_current_time(name: &str, args: &[String], _: bool) -> String {
    match args.first() {
        Some(p) => format!("{name}({p})"),
        None => format!("{name}(6)"),
    }
}
