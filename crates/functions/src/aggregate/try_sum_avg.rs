//! `try_sum` and `try_avg` (Spark's `TrySum`, `TryAverage`): `sum`/`avg` that give NULL
//! instead of an overflow error (whatever `spark.sql.ansi.enabled` says). Types as `sum`
//! (bigint, double, `decimal(p + 10, s)`) and `avg` (double, `decimal(p + 4, s + 4)`); like
//! `avg`, `try_avg` sums non-decimal input as a double.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, is_floating, is_integral, is_string, take_args};

/// The exact sum and count of the non-NULL inputs; `Overflow` past the long range or the
/// result's decimal digits.
enum Total {
    Empty,
    Int(i64, i64),
    Float(f64, i64),
    Decimal(i128, i64),
    Overflow,
}

fn total(rows: &Rows, decimal_digits: u8) -> Total {
    let bound = 10i128
        .checked_pow(u32::from(decimal_digits))
        .unwrap_or(i128::MAX);
    let mut t = Total::Empty;
    for r in rows {
        t = match (t, r.first()) {
            (Total::Overflow, _) => return Total::Overflow,
            (t, None) => t,
            (Total::Empty, Some(ScalarValue::Int64(Some(v)))) => Total::Int(*v, 1),
            (Total::Int(s, n), Some(ScalarValue::Int64(Some(v)))) => match s.checked_add(*v) {
                Some(s) => Total::Int(s, n + 1),
                None => return Total::Overflow,
            },
            (Total::Empty, Some(ScalarValue::Float64(Some(v)))) => Total::Float(*v, 1),
            (Total::Float(s, n), Some(ScalarValue::Float64(Some(v)))) => Total::Float(s + v, n + 1),
            (Total::Empty, Some(ScalarValue::Decimal128(Some(v), _, _))) => Total::Decimal(*v, 1),
            (Total::Decimal(s, n), Some(ScalarValue::Decimal128(Some(v), _, _))) => {
                match s.checked_add(*v).filter(|s| s.abs() < bound) {
                    Some(s) => Total::Decimal(s, n + 1),
                    None => return Total::Overflow,
                }
            }
            (t, _) => t,
        };
    }
    t
}

fn decimal_digits(ret: &ArrowType) -> u8 {
    match ret {
        ArrowType::Decimal128(p, _) => *p,
        _ => 38,
    }
}

pub(crate) fn finish_sum(ret: &ArrowType, rows: &Rows) -> DfResult<ScalarValue> {
    Ok(match (total(rows, decimal_digits(ret)), ret) {
        (Total::Int(s, _), _) => ScalarValue::Int64(Some(s)),
        (Total::Float(s, _), _) => ScalarValue::Float64(Some(s)),
        (Total::Decimal(s, _), ArrowType::Decimal128(p, sc)) => {
            ScalarValue::Decimal128(Some(s), *p, *sc)
        }
        _ => ScalarValue::try_from(ret)?,
    })
}

/// `sum / n` rounded half-up, for the 4 extra decimal places of `avg`.
fn divide_half_up(sum: i128, n: i128) -> Option<i128> {
    let scaled = sum.checked_mul(10_000)?;
    let q = scaled / n;
    let r = scaled % n;
    Some(if 2 * r.abs() >= n {
        q + scaled.signum()
    } else {
        q
    })
}

pub(crate) fn finish_avg(ret: &ArrowType, rows: &Rows) -> DfResult<ScalarValue> {
    // The sum of avg is a `decimal(p + 10, s)`: p + 4 + 6.
    let digits = decimal_digits(ret).saturating_add(6).min(38);
    Ok(match (total(rows, digits), ret) {
        (Total::Int(s, n), _) => ScalarValue::Float64(Some(s as f64 / n as f64)),
        (Total::Float(s, n), _) => ScalarValue::Float64(Some(s / n as f64)),
        (Total::Decimal(s, n), ArrowType::Decimal128(p, sc)) => {
            let bound = 10i128.checked_pow(u32::from(*p)).unwrap_or(i128::MAX);
            match divide_half_up(s, i128::from(n)).filter(|v| v.abs() < bound) {
                Some(v) => ScalarValue::Decimal128(Some(v), *p, *sc),
                None => ScalarValue::try_from(ret)?,
            }
        }
        _ => ScalarValue::try_from(ret)?,
    })
}

/// The input as Spark sums it, and the result types of `try_sum` and `try_avg`.
fn input(
    name: &str,
    x: DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<(DfExpr, ArrowType, ArrowType)> {
    let t = ctx.arg_type(&x)?;
    if is_integral(&t) {
        Ok((
            cast_to(x, &t, &ArrowType::Int64),
            ArrowType::Int64,
            ArrowType::Float64,
        ))
    } else if is_floating(&t) || is_string(&t) || t == ArrowType::Null {
        Ok((
            cast_to(x, &t, &ArrowType::Float64),
            ArrowType::Float64,
            ArrowType::Float64,
        ))
    } else if let ArrowType::Decimal128(p, s) = t {
        let sum = ArrowType::Decimal128((p + 10).min(38), s);
        let avg = ArrowType::Decimal128((p + 4).min(38), (s + 4).min(38));
        Ok((x, sum, avg))
    } else {
        Err(unexpected_input_type(
            name,
            format!("`{name}` requires a numeric input, got {t}"),
        ))
    }
}

pub(crate) fn build_try_sum(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("try_sum", args)?;
    let (x, sum, _) = input("try_sum", x, ctx)?;
    with_distinct(call(Kind::TrySum, vec![], sum, true, vec![x]), distinct)
}

pub(crate) fn build_try_avg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("try_avg", args)?;
    let (x, _, avg) = input("try_avg", x, ctx)?;
    // Spark's `Average` sums integral input as a double: only decimals can overflow.
    let x = if avg == ArrowType::Float64 {
        cast_to(x, &ArrowType::Int64, &ArrowType::Float64)
    } else {
        x
    };
    with_distinct(call(Kind::TryAvg, vec![], avg, true, vec![x]), distinct)
}
