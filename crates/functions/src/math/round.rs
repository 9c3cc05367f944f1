//! `round(x[, scale])` (HALF_UP) and `bround(x[, scale])` (HALF_EVEN): Spark's `Round` and
//! `BRound`; also the rounding of `ceil(x, scale)`/`floor(x, scale)` (Spark's `RoundCeil`,
//! `RoundFloor`, which share `RoundBase`). Doubles are rounded as Spark does, through their shortest decimal form
//! (`BigDecimal(Double.toString(d))`), so `round(2.675, 2)` is `2.68`; decimals get Spark's
//! result type; integral rounding that overflows wraps, or fails under ANSI.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Decimal128Array, Float32Array, Float64Array, PrimitiveArray,
};
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, DataType as ArrowType, Decimal128Type, Field, FieldRef, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, lit,
};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::{arithmetic_overflow, to_df, unexpected_input_type};
use crate::utils::{check_args, is_decimal, is_floating, is_integral, null_of, udf};

/// Java's `BigDecimal.RoundingMode`s that Spark's rounding functions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Mode {
    HalfUp,
    HalfEven,
    Ceiling,
    Floor,
}

const MODES: [Mode; 4] = [Mode::HalfUp, Mode::HalfEven, Mode::Ceiling, Mode::Floor];

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SparkRound {
    mode: Mode,
    ansi: bool,
    signature: Signature,
}

/// One UDF per mode and ANSI setting, at index `mode * 2 + ansi`.
static UDFS: LazyLock<Vec<Arc<ScalarUDF>>> = LazyLock::new(|| {
    MODES
        .iter()
        .flat_map(|&mode| {
            [false, true].map(|ansi| {
                udf(SparkRound {
                    mode,
                    ansi,
                    signature: Signature::any(2, Volatility::Immutable),
                })
            })
        })
        .collect()
});

/// The rounding UDF for `mode` called on `x` at a constant `scale`.
pub(crate) fn call(mode: Mode, ansi: bool, x: DfExpr, scale: i32) -> Result<DfExpr> {
    let i = MODES.iter().position(|m| *m == mode).unwrap_or(0) * 2 + usize::from(ansi);
    let f = UDFS
        .get(i)
        .ok_or_else(|| SparkError::internal("no rounding function for this mode"))?;
    Ok(f.call(vec![x, lit(scale)]))
}

pub(crate) fn all_udfs() -> Vec<Arc<ScalarUDF>> {
    UDFS.iter().map(Arc::clone).collect()
}

pub(crate) fn build_round(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build("round", Mode::HalfUp, args, ctx)
}

pub(crate) fn build_bround(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("bround", Mode::HalfEven, args, ctx)
}

/// `round(x, 0)`: Spark prints the default scale.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    match args {
        [x] => crate::display_call(name, &[x.clone(), "0".into()], d),
        _ => crate::display_call(name, args, d),
    }
}

fn build(name: &str, mode: Mode, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    // The scale must be a constant int (Spark: `NON_FOLDABLE_INPUT` otherwise).
    let scale = match it.next() {
        None => Some(0),
        Some(DfExpr::Literal(v, _)) => match v {
            ScalarValue::Int8(s) => s.map(i32::from),
            ScalarValue::Int16(s) => s.map(i32::from),
            ScalarValue::Int32(s) => s,
            ScalarValue::Int64(s) => s.and_then(|s| i32::try_from(s).ok()),
            ScalarValue::Null => None,
            other => {
                return Err(unexpected_input_type(
                    name,
                    format!("the scale of `{name}` must be an int literal, got {other}"),
                ));
            }
        },
        Some(other) => {
            return Err(unexpected_input_type(
                name,
                format!(
                    "the input `scale` should be a foldable \"INT\" expression; however, got \"{other}\""
                ),
            ));
        }
    };
    let t = ctx.arg_type(&x)?;
    if !(is_integral(&t) || is_floating(&t) || is_decimal(&t)) {
        return Err(unexpected_input_type(
            name,
            format!("`{name}` requires a numeric input, got {t}"),
        ));
    }
    let Some(scale) = scale else {
        return Ok(null_of(&result_type(&t, 0)));
    };
    call(mode, ctx.ansi, x, scale)
}

/// Spark's `RoundBase.dataType`.
pub(crate) fn result_type(t: &ArrowType, scale: i32) -> ArrowType {
    match t {
        ArrowType::Decimal128(p, s) => {
            let (p, s) = (i32::from(*p), i32::from(*s));
            let int_digits = p - s + 1;
            let (np, ns) = if scale < 0 {
                (int_digits.max(-scale + 1), 0)
            } else {
                let ns = s.min(scale);
                (int_digits + ns, ns)
            };
            ArrowType::Decimal128(
                u8::try_from(np.clamp(1, 38)).unwrap_or(38),
                i8::try_from(ns.clamp(0, 38)).unwrap_or(0),
            )
        }
        other => other.clone(),
    }
}

impl ScalarUDFImpl for SparkRound {
    fn name(&self) -> &str {
        match (self.mode, self.ansi) {
            (Mode::HalfUp, false) => "spark_round",
            (Mode::HalfUp, true) => "spark_round_ansi",
            (Mode::HalfEven, false) => "spark_bround",
            (Mode::HalfEven, true) => "spark_bround_ansi",
            (Mode::Ceiling, false) => "spark_round_ceil",
            (Mode::Ceiling, true) => "spark_round_ceil_ansi",
            (Mode::Floor, false) => "spark_round_floor",
            (Mode::Floor, true) => "spark_round_floor_ansi",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        match arg_types.first() {
            Some(t) if !is_decimal(t) => Ok(t.clone()),
            _ => exec_err!("{}: the decimal result type needs the scale", self.name()),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let (Some(x), Some(Some(ScalarValue::Int32(Some(scale))))) =
            (args.arg_fields.first(), args.scalar_arguments.get(1))
        else {
            return exec_err!("{} expects a value and a constant int scale", self.name());
        };
        let t = result_type(x.data_type(), *scale);
        // Decimal rounding can overflow the result precision, which gives NULL.
        let nullable = x.is_nullable() || is_decimal(&t);
        Ok(Arc::new(Field::new(self.name(), t, nullable)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scale = match args.args.get(1) {
            Some(ColumnarValue::Scalar(ScalarValue::Int32(Some(s)))) => *s,
            _ => return exec_err!("{} expects a constant int scale", self.name()),
        };
        let Some(x) = args.args.first() else {
            return exec_err!("{} expects a value", self.name());
        };
        let (array, scalar) = match x {
            ColumnarValue::Array(a) => (Arc::clone(a), false),
            ColumnarValue::Scalar(s) => (s.to_array()?, true),
        };
        let (mode, ansi) = (self.mode, self.ansi);
        let out: ArrayRef = match array.data_type() {
            ArrowType::Float64 => Arc::new(
                array
                    .as_primitive::<Float64Type>()
                    .iter()
                    .map(|v| v.map(|v| round_f64(v, scale, mode)))
                    .collect::<Float64Array>(),
            ),
            ArrowType::Float32 => Arc::new(
                array
                    .as_primitive::<Float32Type>()
                    .iter()
                    .map(|v| v.map(|v| round_f32(v, scale, mode)))
                    .collect::<Float32Array>(),
            ),
            ArrowType::Int8 => round_ints::<Int8Type>(&array, scale, mode, ansi)?,
            ArrowType::Int16 => round_ints::<Int16Type>(&array, scale, mode, ansi)?,
            ArrowType::Int32 => round_ints::<Int32Type>(&array, scale, mode, ansi)?,
            ArrowType::Int64 => round_ints::<Int64Type>(&array, scale, mode, ansi)?,
            ArrowType::Decimal128(_, s) => {
                let s = *s;
                let ArrowType::Decimal128(np, ns) = args.return_field.data_type().clone() else {
                    return exec_err!("{}: unexpected return type", self.name());
                };
                let a = array.as_primitive::<Decimal128Type>();
                let out: Decimal128Array = a
                    .iter()
                    .map(|v| v.and_then(|v| round_decimal(v, s, scale, ns, np, mode)))
                    .collect();
                Arc::new(out.with_precision_and_scale(np, ns)?)
            }
            other => return exec_err!("{} got unsupported input {other}", self.name()),
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// Rounds the magnitude `digits` of a value (negative when `negative`) so that its last `drop`
/// digits become zero, returning the rounded quotient (`digits / 10^drop`).
fn round_digits(digits: u128, drop: u32, mode: Mode, negative: bool) -> u128 {
    if drop == 0 {
        return digits;
    }
    // Doubled remainder against the divisor, so that "exactly half" needs no division. Past
    // 10^38 the divisor exceeds every magnitude: the quotient is 0 and the remainder is below
    // half.
    let (q, twice_rem, pow) = match 10u128.checked_pow(drop) {
        Some(pow) => (digits / pow, (digits % pow) * 2, pow),
        None => (0, digits.saturating_mul(2), u128::MAX),
    };
    let up = match mode {
        Mode::HalfUp => twice_rem >= pow,
        Mode::HalfEven => twice_rem > pow || (twice_rem == pow && q % 2 == 1),
        Mode::Ceiling => twice_rem > 0 && !negative,
        Mode::Floor => twice_rem > 0 && negative,
    };
    if up { q + 1 } else { q }
}

/// Rounds a double through its shortest decimal representation (Java's `Double.toString`).
pub(crate) fn round_f64(v: f64, scale: i32, mode: Mode) -> f64 {
    if !v.is_finite() {
        return v;
    }
    round_decimal_text(&format!("{v:e}"), scale, mode).unwrap_or(v)
}

fn round_f32(v: f32, scale: i32, mode: Mode) -> f32 {
    if !v.is_finite() {
        return v;
    }
    round_decimal_text(&format!("{v:e}"), scale, mode)
        .map(|r| r as f32)
        .unwrap_or(v)
}

/// Rounds `d.ddde±x` text at `scale` fractional digits.
fn round_decimal_text(text: &str, scale: i32, mode: Mode) -> Option<f64> {
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_text = format!("{int_part}{frac_part}");
    let digits: u128 = digits_text.parse().ok()?;
    // value = digits * 10^(exp - frac_len)
    let frac_len = i32::try_from(frac_part.len()).ok()?;
    let unit_exp = exp - frac_len;
    let drop = -scale - unit_exp;
    if drop <= 0 {
        return None;
    }
    let q = round_digits(digits, u32::try_from(drop).ok()?, mode, neg);
    let sign = if neg { "-" } else { "" };
    format!("{sign}{q}e{}", -scale).parse().ok()
}

fn round_ints<T: ArrowPrimitiveType>(
    array: &ArrayRef,
    scale: i32,
    mode: Mode,
    ansi: bool,
) -> DfResult<ArrayRef>
where
    T::Native: Into<i64> + TryFrom<i64>,
{
    let a = array.as_primitive::<T>();
    if scale >= 0 {
        return Ok(Arc::new(a.clone()));
    }
    let drop = scale.unsigned_abs();
    let out: PrimitiveArray<T> = a
        .iter()
        .map(|v| {
            let Some(v) = v else { return Ok(None) };
            let v: i64 = v.into();
            let mag = round_digits(u128::from(v.unsigned_abs()), drop, mode, v < 0);
            let pow = 10i128.checked_pow(drop).unwrap_or(0);
            let rounded = i128::try_from(mag).unwrap_or(i128::MAX).saturating_mul(pow);
            let rounded = if v < 0 { -rounded } else { rounded };
            match i64::try_from(rounded)
                .ok()
                .and_then(|r| T::Native::try_from(r).ok())
            {
                Some(r) => Ok(Some(r)),
                None if ansi => Err(to_df(arithmetic_overflow("Overflow", None))),
                // Java's narrowing conversion keeps the low bits.
                None => Ok(T::Native::try_from(wrap_to_width::<T>(rounded)).ok()),
            }
        })
        .collect::<DfResult<_>>()?;
    Ok(Arc::new(out))
}

fn wrap_to_width<T: ArrowPrimitiveType>(v: i128) -> i64 {
    match T::DATA_TYPE {
        ArrowType::Int8 => i64::from(v as i8),
        ArrowType::Int16 => i64::from(v as i16),
        ArrowType::Int32 => i64::from(v as i32),
        _ => v as i64,
    }
}

/// Rounds an unscaled decimal at `from_scale` to `scale` digits, expressed at `to_scale`
/// (`None` if it does not fit `to_precision`).
fn round_decimal(
    v: i128,
    from_scale: i8,
    scale: i32,
    to_scale: i8,
    to_precision: u8,
    mode: Mode,
) -> Option<i128> {
    let drop = i32::from(from_scale) - scale;
    let mag = v.unsigned_abs();
    let value = if drop > 0 {
        let q = round_digits(mag, u32::try_from(drop).ok()?, mode, v < 0);
        // q is at scale `scale`; express it at `to_scale`.
        let shift = i32::from(to_scale) - scale;
        let q = i128::try_from(q).ok()?;
        if shift >= 0 {
            q.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?
        } else {
            q / 10i128.checked_pow(u32::try_from(-shift).ok()?)?
        }
    } else {
        let shift = i32::from(to_scale) - i32::from(from_scale);
        let m = i128::try_from(mag).ok()?;
        if shift >= 0 {
            m.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?
        } else {
            m / 10i128.checked_pow(u32::try_from(-shift).ok()?)?
        }
    };
    let value = if v < 0 { -value } else { value };
    let limit = 10i128.checked_pow(u32::from(to_precision))?;
    (value.abs() < limit).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_round_like_java_big_decimal() {
        assert_eq!(round_f64(2.675, 2, Mode::HalfUp), 2.68);
        assert_eq!(round_f64(-2.5, 0, Mode::HalfUp), -3.0);
        assert_eq!(round_f64(2.5, 0, Mode::HalfEven), 2.0);
        assert_eq!(round_f64(3.5, 0, Mode::HalfEven), 4.0);
        assert_eq!(round_f64(0.125, 2, Mode::HalfUp), 0.13);
        assert_eq!(round_f64(125.0, -1, Mode::HalfUp), 130.0);
        assert_eq!(round_f64(1.0e-20, 2, Mode::HalfUp), 0.0);
        assert_eq!(round_f64(1.5e300, 2, Mode::HalfUp), 1.5e300);
    }

    #[test]
    fn ceiling_and_floor_round_toward_their_infinity() {
        // 3.14159 at 2 digits -> 3.15 (CEILING) / 3.14 (FLOOR); -3.14159 at 1 -> -3.1 / -3.2.
        assert_eq!(round_decimal(314159, 5, 2, 2, 4, Mode::Ceiling), Some(315));
        assert_eq!(round_decimal(314159, 5, 2, 2, 4, Mode::Floor), Some(314));
        assert_eq!(round_decimal(-314159, 5, 1, 1, 3, Mode::Ceiling), Some(-31));
        assert_eq!(round_decimal(-314159, 5, 1, 1, 3, Mode::Floor), Some(-32));
        // Exact values stay; 12345 at -2 -> 12400; 9.9 at -3 -> 0 (FLOOR), 1000 (CEILING).
        assert_eq!(round_decimal(150, 2, 1, 1, 3, Mode::Ceiling), Some(15));
        assert_eq!(
            round_decimal(12345, 0, -2, 0, 11, Mode::Ceiling),
            Some(12400)
        );
        assert_eq!(round_decimal(99, 1, -3, 0, 4, Mode::Floor), Some(0));
        assert_eq!(round_decimal(99, 1, -3, 0, 4, Mode::Ceiling), Some(1000));
        // Far below the last kept digit: only the direction matters.
        assert_eq!(round_digits(1, 40, Mode::Ceiling, false), 1);
        assert_eq!(round_digits(1, 40, Mode::Floor, false), 0);
        assert_eq!(round_digits(1, 40, Mode::HalfUp, false), 0);
    }

    #[test]
    fn decimals_round_half_up_or_even() {
        // 1.25 (scale 2) at 1 digit -> 1.3 (HALF_UP) / 1.2 (HALF_EVEN), decimal(3,1).
        assert_eq!(round_decimal(125, 2, 1, 1, 3, Mode::HalfUp), Some(13));
        assert_eq!(round_decimal(125, 2, 1, 1, 3, Mode::HalfEven), Some(12));
        assert_eq!(round_decimal(-125, 2, 1, 1, 3, Mode::HalfUp), Some(-13));
        // 123.456 at -1 -> 120, decimal(4,0).
        assert_eq!(round_decimal(123456, 3, -1, 0, 4, Mode::HalfUp), Some(120));
        assert_eq!(
            result_type(&ArrowType::Decimal128(6, 3), -1),
            ArrowType::Decimal128(4, 0)
        );
        assert_eq!(
            result_type(&ArrowType::Decimal128(3, 2), 1),
            ArrowType::Decimal128(3, 1)
        );
    }
}
