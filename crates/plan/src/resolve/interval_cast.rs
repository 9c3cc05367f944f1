//! Casts to ANSI intervals (Spark's `Cast.castToDayTimeInterval`/`castToYearMonthInterval`):
//! an integral or decimal number counts the target's end unit (`CAST(7 AS INTERVAL HOUR)` is 7
//! hours; decimals round half up to a microsecond or a month), overflowing in either mode; an
//! interval of the same family keeps the target's units only (`IntervalUtils`'
//! `durationToMicros(.., endField)`: `1 02:03:04` as `INTERVAL HOUR` is 26 hours).
//!
//! Casts from intervals to numbers and strings need the source's fields, which Sabot's Arrow
//! types do not carry; they stay unsupported.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, DurationMicrosecondArray, IntervalYearMonthArray,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Decimal128Type, Int64Type, IntervalUnit, TimeUnit,
};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::Result;
use sabot_common::spec::{DataType, DayTimeField, YearMonthField};

use super::casts::{CastFailure, overflow_error, spark_sql_of, sql_value};
use super::type_sql::type_sql;

/// The cast of `e` (of Arrow type `from`) to the interval type `to`, when Sabot computes it;
/// `None` for other pairs (checked and refused by the general cast).
pub(crate) fn interval_cast(
    e: DfExpr,
    from: &ArrowType,
    to: &DataType,
    target: &ArrowType,
    failure: CastFailure,
) -> Result<Option<DfExpr>> {
    let (unit, months) = match to {
        DataType::DayTimeInterval { end, .. } => (day_time_micros(end), false),
        DataType::YearMonthInterval { end, .. } => (
            match end {
                YearMonthField::Year => 12,
                YearMonthField::Month => 1,
            },
            true,
        ),
        _ => return Ok(None),
    };
    let supported = match from {
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Int64 => true,
        ArrowType::Decimal128(..) => true,
        ArrowType::Duration(TimeUnit::Microsecond) => !months,
        ArrowType::Interval(IntervalUnit::YearMonth) => months,
        _ => false,
    };
    if !supported {
        return Ok(None);
    }
    if matches!(
        to,
        DataType::DayTimeInterval {
            end: DayTimeField::Second,
            ..
        }
    ) && matches!(from, ArrowType::Duration(_))
    {
        // Ending in seconds keeps every microsecond.
        return Ok(Some(e));
    }
    let f = SparkIntervalCast {
        target: target.clone(),
        unit,
        null_on_overflow: failure == CastFailure::Null,
        source_sql: spark_sql_of(from),
        target_sql: type_sql(to),
        signature: Signature::any(1, Volatility::Immutable),
    };
    Ok(Some(ScalarUDF::new_from_impl(f).call(vec![e])))
}

/// Microseconds in one of a day-time interval's end unit.
fn day_time_micros(end: &DayTimeField) -> i64 {
    match end {
        DayTimeField::Day => 86_400_000_000,
        DayTimeField::Hour => 3_600_000_000,
        DayTimeField::Minute => 60_000_000,
        DayTimeField::Second => 1_000_000,
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SparkIntervalCast {
    /// `Duration(µs)` (day-time) or `Interval(YearMonth)`.
    target: ArrowType,
    /// Microseconds (day-time) or months (year-month) in the target's end unit.
    unit: i64,
    /// `try_cast`: NULL instead of `CAST_OVERFLOW`.
    null_on_overflow: bool,
    source_sql: String,
    target_sql: String,
    signature: Signature,
}

impl SparkIntervalCast {
    fn months(&self) -> bool {
        matches!(self.target, ArrowType::Interval(IntervalUnit::YearMonth))
    }

    /// The target's value of one input value, `None` when it overflows.
    fn convert(&self, input: &ArrayRef) -> DfResult<Vec<Option<Result<i64, String>>>> {
        let limit = if self.months() {
            i64::from(i32::MAX)
        } else {
            i64::MAX
        };
        let fits = |v: i128| (-(limit as i128) - 1..=limit as i128).contains(&v);
        let unit = i128::from(self.unit);
        Ok(match input.data_type() {
            ArrowType::Decimal128(_, scale) => {
                let scale = u32::try_from(*scale).unwrap_or(0);
                let div = 10i128.pow(scale);
                input
                    .as_primitive::<Decimal128Type>()
                    .iter()
                    .map(|v| {
                        v.map(|v| {
                            // Round half up (away from zero) to a whole unit of the target.
                            let product = v.checked_mul(unit);
                            let value = product.map(|p| {
                                let (q, r) = (p / div, p % div);
                                if r.abs() * 2 >= div {
                                    q + p.signum()
                                } else {
                                    q
                                }
                            });
                            match value {
                                Some(m) if fits(m) => Ok(m as i64),
                                _ => Err(decimal_text(v, scale)),
                            }
                        })
                    })
                    .collect()
            }
            ArrowType::Duration(_) => input
                .as_primitive::<datafusion::arrow::datatypes::DurationMicrosecondType>()
                .iter()
                .map(|v| v.map(|v| Ok(v / self.unit * self.unit)))
                .collect(),
            ArrowType::Interval(IntervalUnit::YearMonth) => input
                .as_primitive::<datafusion::arrow::datatypes::IntervalYearMonthType>()
                .iter()
                .map(|v| v.map(|v| Ok(i64::from(v) / self.unit * self.unit)))
                .collect(),
            from => {
                let wide = cast(input, &ArrowType::Int64)?;
                wide.as_primitive::<Int64Type>()
                    .iter()
                    .map(|v| {
                        v.map(|v| {
                            let m = i128::from(v) * unit;
                            if fits(m) {
                                Ok(m as i64)
                            } else {
                                Err(sql_value(&v.to_string(), from))
                            }
                        })
                    })
                    .collect()
            }
        })
    }

    fn cast_array(&self, input: &ArrayRef) -> DfResult<ArrayRef> {
        let mut values = Vec::with_capacity(input.len());
        for v in self.convert(input)? {
            values.push(match v {
                None => None,
                Some(Ok(v)) => Some(v),
                Some(Err(_)) if self.null_on_overflow => None,
                Some(Err(shown)) => {
                    return Err(overflow_error(shown, &self.source_sql, &self.target_sql));
                }
            });
        }
        Ok(if self.months() {
            Arc::new(
                values
                    .into_iter()
                    .map(|v| v.map(|v| v as i32))
                    .collect::<IntervalYearMonthArray>(),
            )
        } else {
            Arc::new(values.into_iter().collect::<DurationMicrosecondArray>())
        })
    }
}

/// A decimal's unscaled value as Spark prints it in an error (`1.5BD`).
fn decimal_text(v: i128, scale: u32) -> String {
    let digits = v.unsigned_abs().to_string();
    let sign = if v < 0 { "-" } else { "" };
    let s = scale as usize;
    let text = if s == 0 {
        digits
    } else if digits.len() > s {
        format!(
            "{}.{}",
            &digits[..digits.len() - s],
            &digits[digits.len() - s..]
        )
    } else {
        format!("0.{}{digits}", "0".repeat(s - digits.len()))
    };
    format!("{sign}{text}BD")
}

impl ScalarUDFImpl for SparkIntervalCast {
    fn name(&self) -> &str {
        "spark_interval_cast"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.target.clone())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        super::casts::unary_cast("spark_interval_cast", &args, |a| self.cast_array(a))
    }
}

// The plan codec rebuilds the cast from its target, unit, mode and the names its errors use.
impl sabot_functions::portable::PortableUdf for SparkIntervalCast {
    const KEY: &'static str = "spark_interval_cast";

    fn encode(&self, e: &mut sabot_functions::portable::Encoder) -> DfResult<()> {
        e.data_type(&self.target)?
            .int(self.unit)
            .bool(self.null_on_overflow)
            .str(&self.source_sql)
            .str(&self.target_sql);
        Ok(())
    }

    fn decode(d: &mut sabot_functions::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            target: d.data_type()?,
            unit: d.int()?,
            null_on_overflow: d.bool()?,
            source_sql: d.str()?,
            target_sql: d.str()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: ArrayRef, target: ArrowType, unit: i64) -> Vec<Option<Result<i64, String>>> {
        let f = SparkIntervalCast {
            target,
            unit,
            null_on_overflow: false,
            source_sql: String::new(),
            target_sql: String::new(),
            signature: Signature::any(1, Volatility::Immutable),
        };
        f.convert(&input).unwrap()
    }

    #[test]
    fn numbers_count_the_end_unit() {
        let duration = ArrowType::Duration(TimeUnit::Microsecond);
        let ints: ArrayRef = Arc::new(datafusion::arrow::array::Int32Array::from(vec![
            -7,
            106_751_992,
        ]));
        let out = run(ints, duration.clone(), 86_400_000_000);
        assert_eq!(out[0], Some(Ok(-7 * 86_400_000_000)));
        assert!(matches!(out[1], Some(Err(_))));
        // 1.0000005 seconds rounds half up to 1.000001; -1.0000005 to -1.000001.
        let decimals: ArrayRef = Arc::new(
            datafusion::arrow::array::Decimal128Array::from(vec![10_000_005, -10_000_005])
                .with_precision_and_scale(8, 7)
                .unwrap(),
        );
        let out = run(decimals, duration, 1_000_000);
        assert_eq!(out, vec![Some(Ok(1_000_001)), Some(Ok(-1_000_001))]);
        assert_eq!(decimal_text(-15, 1), "-1.5BD");
    }
}
