//! `approx_count_distinct(x[, rsd])` (Spark's `HyperLogLogPlusPlus` and
//! `HyperLogLogPlusPlusHelper`): values hashed with Spark's `XxHash64Function` (seed 42),
//! `2^p` registers for `p = ceil(2 * log2(1.106 / rsd))`, estimated by linear counting below
//! the HLL++ threshold of `p` (or `2.5 * 2^p`) and by the raw HyperLogLog estimate above
//! `5 * 2^p` (always for `p > 18`). Between
//! the two Spark subtracts an empirical bias table that Sabot does not have: such groups
//! raise an error instead of a different count.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};
use twox_hash::XxHash64;

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::params::constant;
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::check_args;

const SEED: u64 = 42;

/// Linear counting is used while its estimate is at most this, per `p - 4` (from the HLL++
/// paper, as Spark's `THRESHOLDS`).
const THRESHOLDS: [f64; 15] = [
    10.0, 20.0, 40.0, 80.0, 220.0, 400.0, 900.0, 1800.0, 3100.0, 6500.0, 15500.0, 20000.0, 50000.0,
    120000.0, 350000.0,
];

/// Spark's `XxHash64Function.hash(value, type, 42)` of a non-NULL value.
pub(crate) fn spark_xxhash64(v: &ScalarValue) -> Option<u64> {
    let int = |i: i32| XxHash64::oneshot(SEED, &i.to_le_bytes());
    let long = |l: i64| XxHash64::oneshot(SEED, &l.to_le_bytes());
    Some(match v {
        ScalarValue::Boolean(Some(b)) => int(i32::from(*b)),
        ScalarValue::Int8(Some(i)) => int(i32::from(*i)),
        ScalarValue::Int16(Some(i)) => int(i32::from(*i)),
        ScalarValue::Int32(Some(i)) | ScalarValue::Date32(Some(i)) => int(*i),
        ScalarValue::Int64(Some(i))
        | ScalarValue::TimestampMicrosecond(Some(i), _)
        | ScalarValue::Date64(Some(i)) => long(*i),
        ScalarValue::Float32(Some(f)) => {
            // Java's floatToIntBits: -0.0 is hashed as 0.0 and every NaN alike.
            let bits = if *f == 0.0 {
                0
            } else if f.is_nan() {
                0x7fc0_0000
            } else {
                f.to_bits() as i32
            };
            int(bits)
        }
        ScalarValue::Float64(Some(d)) => {
            let bits = if *d == 0.0 {
                0
            } else if d.is_nan() {
                0x7ff8_0000_0000_0000
            } else {
                d.to_bits() as i64
            };
            long(bits)
        }
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => XxHash64::oneshot(SEED, s.as_bytes()),
        ScalarValue::Binary(Some(b))
        | ScalarValue::LargeBinary(Some(b))
        | ScalarValue::BinaryView(Some(b)) => XxHash64::oneshot(SEED, b),
        ScalarValue::Decimal128(Some(u), p, _) if *p <= 18 => long(*u as i64),
        ScalarValue::Decimal128(Some(u), _, _) => {
            XxHash64::oneshot(SEED, &java_big_integer_bytes(*u))
        }
        _ => return None,
    })
}

/// `BigInteger.toByteArray`: minimal big-endian two's complement.
fn java_big_integer_bytes(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < 15 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    bytes[start..].to_vec()
}

fn hashable(t: &ArrowType) -> bool {
    matches!(
        t,
        ArrowType::Null
            | ArrowType::Boolean
            | ArrowType::Int8
            | ArrowType::Int16
            | ArrowType::Int32
            | ArrowType::Int64
            | ArrowType::Float32
            | ArrowType::Float64
            | ArrowType::Utf8
            | ArrowType::LargeUtf8
            | ArrowType::Utf8View
            | ArrowType::Binary
            | ArrowType::LargeBinary
            | ArrowType::BinaryView
            | ArrowType::Date32
            | ArrowType::Timestamp(_, _)
            | ArrowType::Decimal128(_, _)
    )
}

/// The register index and value of a hash for `p` index bits.
fn register(hash: u64, p: u32) -> (usize, u8) {
    let idx = (hash >> (64 - p)) as usize;
    let w = (hash << p) | (1u64 << (p - 1));
    (idx, (w.leading_zeros() + 1) as u8)
}

fn estimate(registers: &[u8], p: u32) -> Result<i64> {
    let m = registers.len() as f64;
    let mut z_inverse = 0.0;
    let mut zeros = 0.0;
    for r in registers {
        z_inverse += 1.0 / (1u64 << r) as f64;
        if *r == 0 {
            zeros += 1.0;
        }
    }
    let alpha_mm = match p {
        4 => 0.673 * m * m,
        5 => 0.697 * m * m,
        6 => 0.709 * m * m,
        _ => (0.7213 / (1.0 + 1.079 / m)) * m * m,
    };
    let e = alpha_mm / z_inverse;
    if zeros > 0.0 {
        let h = m * (m / zeros).ln();
        // HLL++ thresholds exist up to p = 18; `2.5 * m` is the original HLL bound.
        let below_threshold = THRESHOLDS.get(p as usize - 4).is_some_and(|t| h <= *t);
        if below_threshold || e <= 2.5 * m {
            return Ok(h.round() as i64);
        }
    }
    if p < 19 && e < 5.0 * m {
        return Err(SparkError::unsupported(format!(
            "approx_count_distinct in the range where Spark applies its HLL++ bias correction (estimate {e:.0} with {} registers)",
            registers.len()
        )));
    }
    Ok(e.round() as i64)
}

pub(crate) fn finish(params: &[ScalarValue], rows: &Rows) -> DfResult<ScalarValue> {
    let p = match params.first() {
        Some(ScalarValue::Int64(Some(p))) => *p as u32,
        _ => 9,
    };
    let mut registers = vec![0u8; 1 << p];
    for r in rows {
        if let Some(h) = r.first().and_then(spark_xxhash64) {
            let (i, v) = register(h, p);
            registers[i] = registers[i].max(v);
        }
    }
    Ok(ScalarValue::Int64(Some(
        estimate(&registers, p).map_err(to_df)?,
    )))
}

/// `FAILED_FUNCTION_CALL` (Spark wraps the helper's `IllegalArgumentException` this way).
fn failed_call() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "FAILED_FUNCTION_CALL",
        "38000",
        "Failed preparing of the function `approx_count_distinct` for call. Please, double check function's arguments.",
    )
    .param("funcName", "`approx_count_distinct`")
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("approx_count_distinct", &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let rsd = match it.next() {
        None => 0.05,
        Some(r) => match constant(&r).map(|v| v.cast_to(&ArrowType::Float64)) {
            Some(Ok(ScalarValue::Float64(Some(r)))) => r,
            _ => return Err(failed_call()),
        },
    };
    let p = (2.0 * (1.106 / rsd).ln() / 2f64.ln()).ceil();
    if p < 4.0 || p.is_nan() {
        return Err(failed_call());
    }
    if p > 24.0 {
        return Err(SparkError::unsupported(
            "approx_count_distinct with a relative standard deviation below 0.0003",
        ));
    }
    let t = ctx.arg_type(&x)?;
    if !hashable(&t) {
        return Err(unexpected_input_type(
            "approx_count_distinct",
            format!("`approx_count_distinct` of {t} is not supported"),
        ));
    }
    // DISTINCT does not change a distinct count.
    let _ = distinct;
    with_distinct(
        call(
            Kind::ApproxCountDistinct,
            vec![ScalarValue::Int64(Some(p as i64))],
            ArrowType::Int64,
            false,
            vec![x],
        ),
        false,
    )
}

/// `approx_count_distinct(x)`: Spark does not show `rsd`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    crate::display_call(name, &args[..args.len().min(1)], distinct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integer_bytes_are_minimal() {
        assert_eq!(java_big_integer_bytes(0), vec![0]);
        assert_eq!(java_big_integer_bytes(255), vec![0, 255]);
        assert_eq!(java_big_integer_bytes(-1), vec![255]);
        assert_eq!(java_big_integer_bytes(-129), vec![255, 127]);
    }
}
