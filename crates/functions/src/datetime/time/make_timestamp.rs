//! The `(date, time[, timezone])` forms of `make_timestamp`, `make_timestamp_ltz`,
//! `make_timestamp_ntz` and their `try_` variants with a TIME value (Spark 4.1's
//! `MakeTimestampFromDateTime`): the wall-clock `date time` (nanoseconds dropped), read in the
//! given zone or the session zone for a `TIMESTAMP`, as written for a `TIMESTAMP_NTZ`.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray, TimestampMicrosecondArray};
use datafusion::arrow::compute::cast as cast_array;
use datafusion::arrow::datatypes::{DataType as ArrowType, Date32Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::{Result, SparkError};

use super::values::times;
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, make};
use crate::datetime::zone::{Zone, micros_to_naive, naive_to_micros};
use crate::errors::to_df;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// `ret` is `TIMESTAMP_NTZ` or the session's `TIMESTAMP`; `args` are date, time[, zone].
pub(crate) fn build(args: &[DfExpr], ret: ArrowType, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let mut call_args = vec![cast(args[0].clone(), ArrowType::Date32), args[1].clone()];
    if let Some(z) = args.get(2) {
        call_args.push(cast(z.clone(), ArrowType::Utf8));
    }
    let ntz = matches!(ret, ArrowType::Timestamp(_, None));
    let zone = if ntz { "" } else { ctx.time_zone };
    Ok(make(
        "make_timestamp_time",
        zone,
        ret,
        true,
        false,
        kernel,
        call_args,
    ))
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let dates = args[0].as_primitive::<Date32Type>();
    let t = times(&args[1])?;
    let zones = match args.get(2) {
        Some(z) => {
            let z = cast_array(z, &ArrowType::Utf8)?;
            let z = z
                .as_any()
                .downcast_ref::<StringArray>()
                .ok_or_else(|| to_df(SparkError::internal("make_timestamp: zone array")))?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect::<Vec<_>>();
            Some(z)
        }
        None => None,
    };
    let session = if k.param.is_empty() {
        None
    } else {
        Some(Zone::of(k.param).map_err(to_df)?)
    };
    let mut out = Vec::with_capacity(t.len());
    for (i, time) in t.into_iter().enumerate() {
        let (Some(time), false) = (time, dates.is_null(i)) else {
            out.push(None);
            continue;
        };
        let local = i64::from(dates.value(i)) * MICROS_PER_DAY + time / 1_000;
        let zone = match &zones {
            Some(z) => match &z[i] {
                Some(id) => Some(Zone::of(id).map_err(to_df)?),
                None => {
                    out.push(None);
                    continue;
                }
            },
            None => session,
        };
        out.push(match zone {
            Some(z) => micros_to_naive(local).and_then(|l| naive_to_micros(&z.utc_of(&l))),
            None => Some(local),
        });
    }
    let out = TimestampMicrosecondArray::from(out);
    let out = match k.ret {
        ArrowType::Timestamp(_, Some(tz)) => out.with_timezone(std::sync::Arc::clone(tz)),
        _ => out,
    };
    Ok(std::sync::Arc::new(out))
}
