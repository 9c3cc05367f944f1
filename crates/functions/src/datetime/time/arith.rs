//! `time ± day-time interval` (Spark's `TimeAddInterval`): a TIME value moved by the interval;
//! a result outside the day raises `DATETIME_OVERFLOW`. Spark names it without parentheses:
//! `t + INTERVAL '01' HOUR`.

use datafusion::arrow::array::{ArrayRef, AsArray, DurationMicrosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, DurationMicrosecondType, TimeUnit};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::error::ExceptionKind;
use sabot_common::time_of_day::{NANOS_PER_DAY, format_time};
use sabot_common::{Result, SparkError};

use super::check_enabled;
use super::values::{TIME, time_array, times};
use crate::FunctionContext;
use crate::datetime::kernel::{KernelCtx, call_strict};
use crate::errors::to_df;

fn is_time(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Time64(_) | ArrowType::Time32(_))
}

/// `l + r` / `l - r` when one side is a TIME and the other a day-time interval.
pub(crate) fn time_interval(
    subtract: bool,
    l: &DfExpr,
    r: &DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    let (lt, rt) = (ctx.arg_type(l)?, ctx.arg_type(r)?);
    if subtract && is_time(&lt) && is_time(&rt) {
        check_enabled(ctx)?;
        return Ok(Some(difference(l.clone(), r.clone())));
    }
    let (time, interval) = match (&lt, &rt) {
        (t, ArrowType::Duration(_)) if is_time(t) => (l, r),
        (ArrowType::Duration(_), t) if is_time(t) && !subtract => (r, l),
        _ => return Ok(None),
    };
    check_enabled(ctx)?;
    let interval = cast(interval.clone(), ArrowType::Duration(TimeUnit::Microsecond));
    let param = if subtract { "-" } else { "+" };
    Ok(Some(call_strict(
        "time_add_interval",
        param,
        TIME,
        true,
        kernel,
        vec![time.clone(), interval],
    )))
}

pub(crate) fn kernel(args: &[ArrayRef], k: &KernelCtx<'_>) -> DfResult<ArrayRef> {
    let t = times(&args[0])?;
    let d = args[1].as_primitive::<DurationMicrosecondType>();
    let sign: i128 = if k.param == "-" { -1 } else { 1 };
    let out = t
        .into_iter()
        .zip(d.iter())
        .map(|(t, d)| match (t, d) {
            (Some(t), Some(d)) => {
                let n = i128::from(t) + sign * i128::from(d) * 1_000;
                if (0..i128::from(NANOS_PER_DAY)).contains(&n) {
                    Ok(Some(n as i64))
                } else {
                    Err(to_df(overflow(t, sign * i128::from(d))))
                }
            }
            _ => Ok(None),
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(time_array(out))
}

/// `time - time` (Spark's `SubtractTimes`): an `INTERVAL HOUR TO SECOND` in microseconds.
fn difference(l: DfExpr, r: DfExpr) -> DfExpr {
    let e = call_strict(
        "time_difference",
        "",
        ArrowType::Duration(TimeUnit::Microsecond),
        false,
        difference_kernel,
        vec![l, r],
    );
    let name = e.schema_name().to_string();
    let metadata = std::collections::HashMap::from([(
        sabot_common::time_of_day::HOUR_TO_SECOND_KEY.to_string(),
        "true".to_string(),
    )]);
    e.alias_with_metadata(name, Some(metadata.into()))
}

/// Spark's `DATETIME_OVERFLOW` for a time moved out of its day.
fn overflow(t: i64, micros: i128) -> SparkError {
    let operation = format!(
        "add {micros} microseconds to the time value TIME '{}'",
        format_time(t)
    );
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "DATETIME_OVERFLOW",
        "22008",
        format!("Datetime operation overflow: {operation}."),
    )
    .param("operation", operation)
}

/// Spark's name of `time ± interval`: no parentheses.
pub(crate) fn typed_display(
    name: &str,
    types: &[Option<ArrowType>],
    names: &[String],
) -> Option<String> {
    if !matches!(name, "+" | "-") || names.len() != 2 {
        return None;
    }
    let (Some(Some(a)), Some(Some(b))) = (types.first(), types.get(1)) else {
        return None;
    };
    if is_time(a) && (matches!(b, ArrowType::Duration(_)) || (is_time(b) && name == "-")) {
        return Some(format!("{} {name} {}", names[0], names[1]));
    }
    // `interval + time` is named with the time first, as Spark rewrites it.
    (is_time(b) && matches!(a, ArrowType::Duration(_)) && name == "+")
        .then(|| format!("{} + {}", names[1], names[0]))
}

/// The kernel of `time_difference` (named, so that the plan codec can find it).
pub(crate) fn difference_kernel(
    args: &[ArrayRef],
    _: &crate::datetime::kernel::KernelCtx<'_>,
) -> datafusion::common::Result<ArrayRef> {
    let (a, b) = (times(&args[0])?, times(&args[1])?);
    let out: DurationMicrosecondArray = a
        .into_iter()
        .zip(b)
        .map(|(a, b)| Some((a? - b?) / 1_000))
        .collect();
    Ok(std::sync::Arc::new(out) as ArrayRef)
}
