//! Day-time interval arithmetic (Spark's `SubtractDates`, `SubtractTimestamps`,
//! `DatetimeSub`/`Add` of two day-time intervals, `MultiplyDTInterval`, `DivideDTInterval` and
//! `IntegralDivide` of intervals): intervals are microseconds, checked for overflow in either
//! mode (Spark uses `Math.*Exact`), fractional factors and divisors round half up.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, AsArray, DurationMicrosecondArray, Int64Array, PrimitiveArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, DataType as ArrowType, Decimal128Type, Field, FieldRef, Float64Type,
    Int64Type, TimeUnit,
};
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility, cast as cast_expr,
};
use sabot_common::{Result, SparkError};

use super::datetime_arith::is_day_interval;
use super::numeric::ArithOp;
use crate::FunctionContext;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// What one interval operation computes from its two (already converted) inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    /// interval ± interval, timestamp - timestamp (as microseconds).
    Add,
    Sub,
    /// date - date (as days): an `INTERVAL DAY`.
    SubDays,
    /// interval × number, interval ÷ number (integral, double or decimal).
    Mul,
    Div,
    /// interval `div` interval: a BIGINT.
    IntDiv,
}

impl Op {
    fn key(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Sub => "sub",
            Op::SubDays => "sub_days",
            Op::Mul => "mul",
            Op::Div => "div",
            Op::IntDiv => "int_div",
        }
    }

    fn from_key(k: &str) -> DfResult<Self> {
        Ok(match k {
            "add" => Op::Add,
            "sub" => Op::Sub,
            "sub_days" => Op::SubDays,
            "mul" => Op::Mul,
            "div" => Op::Div,
            "int_div" => Op::IntDiv,
            other => {
                return Err(DataFusionError::Internal(format!(
                    "unknown interval operation {other}"
                )));
            }
        })
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct IntervalArith {
    op: Op,
    /// The result is an `INTERVAL DAY` (marked with the day-interval metadata).
    day: bool,
    signature: Signature,
}

impl IntervalArith {
    fn new(op: Op, day: bool) -> Self {
        Self {
            op,
            day,
            signature: Signature::any(2, Volatility::Immutable),
        }
    }

    fn call(op: Op, day: bool, l: DfExpr, r: DfExpr) -> DfExpr {
        crate::utils::udf(Self::new(op, day)).call(vec![l, r])
    }
}

fn is_duration(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Duration(_))
}

/// `l op r` when it is day-time interval arithmetic or a difference of dates/timestamps;
/// `None` otherwise.
pub(crate) fn interval_arith(
    op: ArithOp,
    l: &DfExpr,
    r: &DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    use ArrowType as A;
    let (lt, rt) = (ctx.arg_type(l)?, ctx.arg_type(r)?);
    let micros = |e: &DfExpr| cast_expr(e.clone(), A::Int64);
    let number = |e: &DfExpr, t: &ArrowType| -> DfExpr {
        // Spark reads a string factor or divisor as a double.
        if crate::utils::is_string(t) || *t == A::Null {
            cast_expr(e.clone(), A::Float64)
        } else {
            e.clone()
        }
    };
    let numeric_or_text =
        |t: &ArrowType| crate::utils::is_numeric(t) || crate::utils::is_string(t) || *t == A::Null;
    if let Some(e) = with_null(op, l, &lt, r, &rt, ctx)? {
        return Ok(Some(e));
    }
    Ok(Some(match op {
        ArithOp::Add | ArithOp::Sub if is_duration(&lt) && is_duration(&rt) => {
            let day = is_day_interval(l, ctx)? && is_day_interval(r, ctx)?;
            let o = if op == ArithOp::Add { Op::Add } else { Op::Sub };
            IntervalArith::call(o, day, micros(l), micros(r))
        }
        ArithOp::Sub if lt == A::Date32 && rt == A::Date32 => IntervalArith::call(
            Op::SubDays,
            true,
            cast_expr(l.clone(), A::Int64),
            cast_expr(r.clone(), A::Int64),
        ),
        ArithOp::Sub if is_datetime(&lt) && is_datetime(&rt) => {
            let (a, b) = instants(l, &lt, r, &rt, ctx)?;
            IntervalArith::call(Op::Sub, false, a, b)
        }
        ArithOp::Mul if is_duration(&lt) && numeric_or_text(&rt) => {
            IntervalArith::call(Op::Mul, false, micros(l), number(r, &rt))
        }
        ArithOp::Mul if is_duration(&rt) && numeric_or_text(&lt) => {
            IntervalArith::call(Op::Mul, false, micros(r), number(l, &lt))
        }
        ArithOp::Div if is_duration(&lt) && numeric_or_text(&rt) => {
            IntervalArith::call(Op::Div, false, micros(l), number(r, &rt))
        }
        _ => return Ok(None),
    }))
}

/// A typed NULL for datetime or interval arithmetic with an untyped NULL operand, of the type
/// Spark gives it: `date - NULL` is an `INTERVAL DAY` (NULL read as a date), `ts - NULL` an
/// interval, `interval ± NULL` the interval's type, `date/ts + NULL` a timestamp (NULL read as
/// an interval; NTZ stays NTZ).
fn with_null(
    op: ArithOp,
    l: &DfExpr,
    lt: &ArrowType,
    r: &DfExpr,
    rt: &ArrowType,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    use ArrowType as A;
    let (other, other_t, other_left) = match (lt, rt) {
        (A::Null, A::Null) => return Ok(None),
        (A::Null, t) => (r, t, false),
        (t, A::Null) => (l, t, true),
        _ => return Ok(None),
    };
    let duration = A::Duration(TimeUnit::Microsecond);
    let day_meta = || Some(super::day_interval_metadata());
    let typed = |t: ArrowType, meta| -> Result<DfExpr> {
        Ok(match meta {
            // The day-interval mark rides on the literal (see `day_interval_metadata`).
            Some(meta) => DfExpr::Literal(
                ScalarValue::try_from(&t)
                    .map_err(|e| SparkError::internal(format!("no NULL of {t}: {e}")))?,
                Some(meta),
            ),
            None => crate::utils::null_of(&t),
        })
    };
    let ltz = A::Timestamp(TimeUnit::Microsecond, Some(ctx.time_zone.into()));
    Ok(Some(match (op, other_t) {
        (ArithOp::Add | ArithOp::Sub, t) if is_duration(t) => typed(
            duration,
            if is_day_interval(other, ctx)? {
                day_meta()
            } else {
                None
            },
        )?,
        (ArithOp::Sub, A::Date32) => typed(duration, day_meta())?,
        (ArithOp::Sub, A::Timestamp(..)) => typed(duration, None)?,
        (ArithOp::Add, A::Date32) => typed(ltz, None)?,
        (ArithOp::Add, t @ A::Timestamp(_, None)) => typed(t.clone(), None)?,
        (ArithOp::Add, A::Timestamp(..)) => typed(ltz, None)?,
        (ArithOp::Mul, t) if is_duration(t) => typed(duration, None)?,
        (ArithOp::Div, t) if is_duration(t) && other_left => typed(duration, None)?,
        _ => return Ok(None),
    }))
}

/// `l div r` of two day-time intervals: a BIGINT.
pub(crate) fn interval_int_div(
    l: &DfExpr,
    r: &DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    let (lt, rt) = (ctx.arg_type(l)?, ctx.arg_type(r)?);
    let null_or_duration = |t: &ArrowType| is_duration(t) || *t == ArrowType::Null;
    if (is_duration(&lt) || is_duration(&rt))
        && null_or_duration(&lt)
        && null_or_duration(&rt)
        && (lt == ArrowType::Null || rt == ArrowType::Null)
    {
        return Ok(Some(crate::utils::null_of(&ArrowType::Int64)));
    }
    if !(is_duration(&lt) && is_duration(&rt)) {
        return Ok(None);
    }
    let micros = |e: &DfExpr| cast_expr(e.clone(), ArrowType::Int64);
    Ok(Some(IntervalArith::call(
        Op::IntDiv,
        false,
        micros(l),
        micros(r),
    )))
}

fn is_datetime(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Date32 | ArrowType::Timestamp(TimeUnit::Microsecond, _)
    )
}

/// Both sides of a datetime difference as microseconds on one time line: wall-clock time when
/// neither side has a zone (dates and TIMESTAMP_NTZ), else instants (dates and NTZ values read
/// in the session zone, as Spark casts them to TIMESTAMP).
fn instants(
    l: &DfExpr,
    lt: &ArrowType,
    r: &DfExpr,
    rt: &ArrowType,
    ctx: &FunctionContext<'_>,
) -> Result<(DfExpr, DfExpr)> {
    let zoned = matches!(lt, ArrowType::Timestamp(_, Some(_)))
        || matches!(rt, ArrowType::Timestamp(_, Some(_)));
    let one = |e: &DfExpr, t: &ArrowType| -> Result<DfExpr> {
        let local_micros = |e: DfExpr| cast_expr(e, ArrowType::Int64);
        Ok(match t {
            ArrowType::Date32 if !zoned => cast_expr(
                cast_expr(e.clone(), ArrowType::Int64)
                    * datafusion::logical_expr::lit(MICROS_PER_DAY),
                ArrowType::Int64,
            ),
            ArrowType::Timestamp(_, None) if !zoned => local_micros(e.clone()),
            ArrowType::Timestamp(_, Some(_)) => local_micros(e.clone()),
            other => {
                let target =
                    ArrowType::Timestamp(TimeUnit::Microsecond, Some(ctx.time_zone.into()));
                let converted = crate::datetime::tz_cast::zoned_cast(e.clone(), other, &target)
                    .ok_or_else(|| {
                        SparkError::internal(format!("no conversion of {other} to a timestamp"))
                    })?;
                local_micros(converted)
            }
        })
    };
    Ok((one(l, lt)?, one(r, rt)?))
}

/// Spark's `Math.*Exact` failure: an `ArithmeticException` without an error class.
fn overflow() -> DataFusionError {
    DataFusionError::External(Box::new(SparkError::new(
        sabot_common::error::ExceptionKind::Arithmetic,
        "long overflow",
    )))
}

/// `INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION`: interval `+`/`-` (`IntervalUtils`).
fn interval_overflow(try_fn: &str) -> DataFusionError {
    DataFusionError::External(Box::new(
        SparkError::with_class(
            sabot_common::error::ExceptionKind::Arithmetic,
            "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION",
            "22015",
            format!(
                "Integer overflow while operating with intervals. Use `{try_fn}` to tolerate overflow and return NULL instead."
            ),
        )
        .param("functionName", format!("`{try_fn}`")),
    ))
}

fn divided_by_zero() -> DataFusionError {
    DataFusionError::External(Box::new(SparkError::with_class(
        sabot_common::error::ExceptionKind::Arithmetic,
        "INTERVAL_DIVIDED_BY_ZERO",
        "22012",
        "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.",
    )))
}

/// `v` rounded half up (away from zero) to a long, or an overflow.
fn round_long(v: f64) -> DfResult<i64> {
    let r = v.round();
    if !r.is_finite() || r < i64::MIN as f64 || r >= i64::MAX as f64 {
        return Err(overflow());
    }
    Ok(r as i64)
}

/// `n / d` rounded half up (away from zero), in 128 bits.
fn div_half_up(n: i128, d: i128) -> i128 {
    let (q, rem) = (n / d, n % d);
    if rem.abs() * 2 >= d.abs() {
        q + (n.signum() * d.signum())
    } else {
        q
    }
}

fn to_long(v: i128) -> DfResult<i64> {
    i64::try_from(v).map_err(|_| overflow())
}

/// `f` over the non-NULL pairs of `a` and `b` (NULL where either is).
fn zip_values<T: ArrowPrimitiveType>(
    a: &Int64Array,
    b: &PrimitiveArray<T>,
    mut f: impl FnMut(i64, T::Native) -> DfResult<i64>,
) -> DfResult<Vec<Option<i64>>> {
    a.iter()
        .zip(b.iter())
        .map(|pair| match pair {
            (Some(x), Some(y)) => f(x, y).map(Some),
            _ => Ok(None),
        })
        .collect()
}

impl IntervalArith {
    fn compute(&self, l: &ArrayRef, r: &ArrayRef) -> DfResult<ArrayRef> {
        let a = cast(l, &ArrowType::Int64)?;
        let a = a.as_primitive::<Int64Type>();
        let divide = self.op == Op::Div;
        let out = match (self.op, r.data_type()) {
            (Op::Add | Op::Sub | Op::SubDays | Op::IntDiv, _) => {
                let b = cast(r, &ArrowType::Int64)?;
                zip_values(a, b.as_primitive::<Int64Type>(), |x, y| match self.op {
                    Op::Add => x.checked_add(y).ok_or_else(|| interval_overflow("try_add")),
                    Op::Sub => x
                        .checked_sub(y)
                        .ok_or_else(|| interval_overflow("try_subtract")),
                    Op::SubDays => x
                        .checked_sub(y)
                        .and_then(|d| d.checked_mul(MICROS_PER_DAY))
                        .ok_or_else(overflow),
                    _ if y == 0 => Err(divided_by_zero()),
                    _ => x.checked_div(y).ok_or_else(overflow),
                })?
            }
            (_, ArrowType::Decimal128(_, scale)) => {
                let pow = 10i128.pow(u32::try_from(*scale).unwrap_or(0));
                zip_values(a, r.as_primitive::<Decimal128Type>(), |x, y| {
                    let x = i128::from(x);
                    to_long(if !divide {
                        div_half_up(x.checked_mul(y).ok_or_else(overflow)?, pow)
                    } else if y == 0 {
                        return Err(divided_by_zero());
                    } else {
                        div_half_up(x.checked_mul(pow).ok_or_else(overflow)?, y)
                    })
                })?
            }
            (_, ArrowType::Float32 | ArrowType::Float64) => {
                let b = cast(r, &ArrowType::Float64)?;
                zip_values(a, b.as_primitive::<Float64Type>(), |x, y| {
                    if divide && y == 0.0 {
                        return Err(divided_by_zero());
                    }
                    let x = x as f64;
                    round_long(if divide { x / y } else { x * y })
                })?
            }
            _ => {
                let b = cast(r, &ArrowType::Int64)?;
                zip_values(a, b.as_primitive::<Int64Type>(), |x, y| {
                    let (x, y) = (i128::from(x), i128::from(y));
                    if divide && y == 0 {
                        return Err(divided_by_zero());
                    }
                    to_long(if divide { div_half_up(x, y) } else { x * y })
                })?
            }
        };
        Ok(if self.op == Op::IntDiv {
            Arc::new(out.into_iter().collect::<Int64Array>())
        } else {
            Arc::new(out.into_iter().collect::<DurationMicrosecondArray>())
        })
    }

    fn result_type(&self) -> ArrowType {
        if self.op == Op::IntDiv {
            ArrowType::Int64
        } else {
            ArrowType::Duration(TimeUnit::Microsecond)
        }
    }
}

impl ScalarUDFImpl for IntervalArith {
    fn name(&self) -> &str {
        "spark_interval_arith"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.result_type())
    }

    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        let field = Field::new(self.name(), self.result_type(), true);
        Ok(Arc::new(if self.day {
            field.with_metadata(std::collections::HashMap::from([(
                sabot_common::time_of_day::DAY_INTERVAL_KEY.to_string(),
                "true".to_string(),
            )]))
        } else {
            field
        }))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let [l, r] = args.args.as_slice() else {
            return Err(DataFusionError::Internal(
                "spark_interval_arith takes two arguments".into(),
            ));
        };
        let rows = args.number_rows;
        let scalar = matches!((l, r), (ColumnarValue::Scalar(_), ColumnarValue::Scalar(_)));
        let out = self.compute(&l.to_array(rows)?, &r.to_array(rows)?)?;
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

// The plan codec rebuilds the operation from its kind and result type.
impl crate::portable::PortableUdf for IntervalArith {
    const KEY: &'static str = "interval_arith";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(self.op.key()).bool(self.day);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let op = Op::from_key(&d.str()?)?;
        Ok(Self::new(op, d.bool()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(op: Op, l: ArrayRef, r: ArrayRef) -> DfResult<Vec<Option<i64>>> {
        let out = IntervalArith::new(op, false).compute(&l, &r)?;
        let out = cast(&out, &ArrowType::Int64)?;
        Ok(out.as_primitive::<Int64Type>().iter().collect())
    }

    #[test]
    fn as_spark_rounds_and_overflows() {
        let day: ArrayRef = Arc::new(Int64Array::from(vec![MICROS_PER_DAY]));
        // A day / 7 is 12342.857142857 s: half up to 12342857143 µs.
        let seven: ArrayRef = Arc::new(Int64Array::from(vec![7]));
        assert_eq!(
            run(Op::Div, Arc::clone(&day), seven).unwrap(),
            vec![Some(12_342_857_143)]
        );
        let half: ArrayRef = Arc::new(datafusion::arrow::array::Float64Array::from(vec![2.5]));
        assert_eq!(
            run(Op::Mul, Arc::clone(&day), half).unwrap(),
            vec![Some(MICROS_PER_DAY * 5 / 2)]
        );
        let zero: ArrayRef = Arc::new(Int64Array::from(vec![0]));
        assert!(run(Op::Div, Arc::clone(&day), zero).is_err());
        let max: ArrayRef = Arc::new(Int64Array::from(vec![i64::MAX]));
        assert!(run(Op::Add, max, day).is_err());
        assert_eq!(div_half_up(-15, 10), -2);
        assert_eq!(div_half_up(14, 10), 1);
    }
}
