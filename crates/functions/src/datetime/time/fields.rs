//! `hour`, `minute`, `second` and `extract(... FROM time)` of TIME values (Spark's
//! `HoursOfTime`, `MinutesOfTime`, `SecondsOfTime`, `SecondsOfTimeWithFraction`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Decimal128Array, Int32Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::check_enabled;
use super::values::{mismatch, times};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, call_strict};

/// Whether a resolved argument is a TIME value.
pub(crate) fn is_time(e: &DfExpr, ctx: &FunctionContext<'_>) -> Result<bool> {
    Ok(matches!(
        ctx.arg_type(e)?,
        ArrowType::Time64(_) | ArrowType::Time32(_)
    ))
}

/// `field` (a canonical extract field) of a TIME `source`.
pub(crate) fn field_expr(
    name: &str,
    field: &'static str,
    source: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_enabled(ctx)?;
    let ret = match field {
        "hour" | "minute" | "second" => ArrowType::Int32,
        "second_fraction" => ArrowType::Decimal128(8, 6),
        _ => {
            let t = ctx.arg_type(&source)?;
            return Err(mismatch(name, &source, 0, "DATE", &t));
        }
    };
    Ok(call_strict(
        &format!("time_{field}"),
        field,
        ret,
        false,
        kernel,
        vec![source],
    ))
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let v = times(&args[0])?;
    let secs = |n: i64| n / 1_000_000_000;
    Ok(match k.param {
        "second_fraction" => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| i128::from(n % 60_000_000_000 / 1_000)))
                .collect::<Decimal128Array>()
                .with_precision_and_scale(8, 6)?,
        ) as ArrayRef,
        "hour" => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| (secs(n) / 3600) as i32))
                .collect::<Int32Array>(),
        ),
        "minute" => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| (secs(n) / 60 % 60) as i32))
                .collect::<Int32Array>(),
        ),
        _ => Arc::new(
            v.into_iter()
                .map(|n| n.map(|n| (secs(n) % 60) as i32))
                .collect::<Int32Array>(),
        ),
    })
}
