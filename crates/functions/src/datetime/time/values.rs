//! Reading and writing TIME (Time64 nanosecond) arrays and the argument checks shared by the
//! TIME functions.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Time64NanosecondArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Time64NanosecondType, TimeUnit};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, cast};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::unexpected_input_type;

/// Spark's Arrow type of `TIME(p)`.
pub(crate) const TIME: ArrowType = ArrowType::Time64(TimeUnit::Nanosecond);

/// The values of a TIME array (any Arrow time unit, as nanoseconds).
pub(crate) fn times(a: &ArrayRef) -> DfResult<Vec<Option<i64>>> {
    let a = if a.data_type() == &TIME {
        Arc::clone(a)
    } else {
        datafusion::arrow::compute::cast(a, &TIME)?
    };
    Ok(a.as_primitive::<Time64NanosecondType>().iter().collect())
}

/// A TIME array from nanoseconds.
pub(crate) fn time_array(v: Vec<Option<i64>>) -> ArrayRef {
    Arc::new(Time64NanosecondArray::from(v))
}

/// Argument `pos` of `name` as a TIME value (NULL literals become a typed NULL).
pub(crate) fn time_input(
    name: &str,
    pos: usize,
    e: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    match ctx.arg_type(&e)? {
        ArrowType::Time64(_) | ArrowType::Time32(_) => Ok(e),
        ArrowType::Null => Ok(cast(e, TIME)),
        t => Err(mismatch(name, &e, pos, "TIME", &t)),
    }
}

/// Spark's `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for argument `pos`.
pub(crate) fn mismatch(
    name: &str,
    e: &DfExpr,
    pos: usize,
    want: &str,
    t: &ArrowType,
) -> SparkError {
    let ordinal = ["first", "second", "third"]
        .get(pos)
        .copied()
        .unwrap_or("next");
    unexpected_input_type(
        name,
        format!(
            "The {ordinal} parameter requires the \"{want}\" type, however \"{}\" has the type {t}",
            e.schema_name()
        ),
    )
}

/// A string compared with a TIME value is cast to TIME (Spark's
/// `findCommonTypeForBinaryComparison`), which needs the type enabled.
pub(crate) fn string_operands(
    l: DfExpr,
    lt: &ArrowType,
    r: DfExpr,
    rt: &ArrowType,
    ctx: &FunctionContext<'_>,
) -> Result<(DfExpr, DfExpr)> {
    let is_time = |t: &ArrowType| matches!(t, ArrowType::Time64(_) | ArrowType::Time32(_));
    let to_time = |e| super::cast::string_to_time(e, 6, ctx.ansi);
    Ok(if is_time(lt) && crate::utils::is_string(rt) {
        super::check_enabled(ctx)?;
        (l, to_time(r))
    } else if is_time(rt) && crate::utils::is_string(lt) {
        super::check_enabled(ctx)?;
        (to_time(l), r)
    } else {
        (l, r)
    })
}

/// A TIME argument of a string function as Spark's string of it (the implicit cast), other
/// arguments unchanged.
pub(crate) fn time_as_string(e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(match ctx.arg_type(&e)? {
        ArrowType::Time64(_) | ArrowType::Time32(_) => super::cast::time_to_string(e),
        _ => e,
    })
}

/// A TIME argument of a datetime formatter as a `TIMESTAMP_NTZ` on 1970-01-01 (Spark formats
/// TIME values with the same patterns), other arguments unchanged.
pub(crate) fn time_as_timestamp(e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(match ctx.arg_type(&e)? {
        ArrowType::Time64(_) | ArrowType::Time32(_) => crate::datetime::kernel::call_strict(
            "time_as_ntz",
            "",
            ArrowType::Timestamp(TimeUnit::Microsecond, None),
            false,
            time_as_ntz_kernel,
            vec![e],
        ),
        _ => e,
    })
}

/// The TIME precision an argument carries in its field metadata, if not the default.
pub(crate) fn precision_of(e: &DfExpr, ctx: &FunctionContext<'_>) -> Option<String> {
    use datafusion::logical_expr::ExprSchemable;
    let (_, f) = e.to_field(ctx.schema).ok()?;
    if !matches!(f.data_type(), ArrowType::Time64(_) | ArrowType::Time32(_)) {
        return None;
    }
    f.metadata()
        .get(sabot_common::time_of_day::PRECISION_KEY)
        .cloned()
}

/// The kernel of `time_as_ntz` (named, so that the plan codec can find it).
pub(crate) fn time_as_ntz_kernel(
    args: &[ArrayRef],
    _: &crate::datetime::kernel::KernelCtx<'_>,
) -> datafusion::common::Result<ArrayRef> {
    let v = times(&args[0])?;
    Ok(
        Arc::new(datafusion::arrow::array::TimestampMicrosecondArray::from(
            v.into_iter()
                .map(|n| n.map(|n| n / 1_000))
                .collect::<Vec<_>>(),
        )) as ArrayRef,
    )
}
