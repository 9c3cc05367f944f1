//! `rand`/`random`, `randn`, `uniform` and `randstr` (Spark's `Rand`, `Randn`, `Uniform`,
//! `RandStr`): each call owns a `XORShiftRandom(seed + partitionIndex)` and draws once per row
//! in row order. Sabot evaluates every call site's generator as partition 0's stream, so a
//! single-partition input gives Spark's values; where DataFusion runs several partitions the
//! values are still uniform (or Gaussian) draws of the seed's stream, in another order.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, Float64Array, Int32Array, Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::xorshift::XorShiftRandom;
use crate::FunctionContext;
use crate::utils::{check_args, is_floating, is_integral};

/// What one row's draw becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// `nextDouble` in `[0, 1)`.
    Uniform01,
    /// `nextGaussian`.
    Gaussian,
    /// `min + (max - min) * nextDouble`, truncated to an integral type when both bounds are.
    Range { min: f64, max: f64, ty: ArrowType },
    /// `length` characters from `0-9a-zA-Z`.
    Chars { length: usize },
}

#[derive(Debug)]
pub(super) struct RandomUdf {
    name: &'static str,
    pub(super) seed: i64,
    pub(super) draw: Draw,
    signature: Signature,
    /// The stream, created on the first batch so that every execution starts at the seed.
    rng: Mutex<Option<XorShiftRandom>>,
}

// Two calls with the same function and seed draw the same stream (Spark gives both Spark's
// values), so they may be treated as one expression.
impl PartialEq for RandomUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.seed == other.seed && self.draw == other.draw
    }
}
impl Eq for RandomUdf {}
impl Hash for RandomUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
        self.seed.hash(state);
    }
}

const CHARS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

impl RandomUdf {
    fn result_type(&self) -> ArrowType {
        self.draw.result_type()
    }
}

impl ScalarUDFImpl for RandomUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.result_type())
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name, self.result_type(), false)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let n = args.number_rows;
        let Ok(mut guard) = self.rng.lock() else {
            return exec_err!("{}: random generator state is unavailable", self.name);
        };
        let rng = guard.get_or_insert_with(|| XorShiftRandom::new(self.seed));
        Ok(ColumnarValue::Array(self.draw.values(rng, n)))
    }
}

impl Draw {
    /// The type of the values drawn.
    pub fn result_type(&self) -> ArrowType {
        match self {
            Draw::Uniform01 | Draw::Gaussian => ArrowType::Float64,
            Draw::Range { ty, .. } => ty.clone(),
            Draw::Chars { .. } => ArrowType::Utf8,
        }
    }

    /// The next `n` rows' values of `rng`'s stream.
    pub(crate) fn values(&self, rng: &mut XorShiftRandom, n: usize) -> ArrayRef {
        match self {
            Draw::Uniform01 => Arc::new(Float64Array::from_iter_values(
                (0..n).map(|_| rng.next_double()),
            )),
            Draw::Gaussian => Arc::new(Float64Array::from_iter_values(
                (0..n).map(|_| rng.next_gaussian()),
            )),
            Draw::Range { min, max, ty } => {
                let values = (0..n).map(|_| min + (max - min) * rng.next_double());
                match ty {
                    ArrowType::Int32 => {
                        Arc::new(Int32Array::from_iter_values(values.map(|v| v as i32)))
                    }
                    ArrowType::Int64 => {
                        Arc::new(Int64Array::from_iter_values(values.map(|v| v as i64)))
                    }
                    _ => Arc::new(Float64Array::from_iter_values(values)),
                }
            }
            Draw::Chars { length } => Arc::new(StringArray::from_iter_values((0..n).map(|_| {
                (0..*length)
                    .map(|_| char::from(CHARS[(rng.next_int() % 62).unsigned_abs() as usize]))
                    .collect::<String>()
            }))),
        }
    }
}

// Bounds are compared by bits: equal specs draw equal streams.
impl Eq for Draw {}
impl std::hash::Hash for Draw {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Draw::Uniform01 => 0u8.hash(state),
            Draw::Gaussian => 1u8.hash(state),
            Draw::Range { min, max, ty } => {
                2u8.hash(state);
                min.to_bits().hash(state);
                max.to_bits().hash(state);
                ty.hash(state);
            }
            Draw::Chars { length } => {
                3u8.hash(state);
                length.hash(state);
            }
        }
    }
}

fn random_udf(name: &'static str, seed: i64, draw: Draw) -> DfExpr {
    crate::utils::udf(RandomUdf {
        name,
        seed,
        draw,
        signature: Signature::nullary(Volatility::Volatile),
        rng: Mutex::new(None),
    })
    .call(vec![])
}

/// Spark's `INPUT_SIZE_NOT_ONE`-style check that an argument is a constant: the literal's value.
fn literal_of(name: &str, what: &str, e: &DfExpr) -> Result<ScalarValue> {
    crate::utils::constant_value(e).ok_or_else(|| non_foldable(name, what))
}

fn non_foldable(name: &str, what: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        "42K09",
        format!("Cannot resolve \"{name}\" due to data type mismatch: the input `{what}` should be a foldable expression."),
    )
    .param("inputName", format!("`{what}`"))
}

/// The seed: an integral constant (NULL means 0).
fn seed_of(name: &str, e: Option<&DfExpr>) -> Result<i64> {
    let Some(e) = e else {
        return Ok(0);
    };
    match literal_of(name, "seed", e)? {
        ScalarValue::Int8(v) => Ok(v.map_or(0, i64::from)),
        ScalarValue::Int16(v) => Ok(v.map_or(0, i64::from)),
        ScalarValue::Int32(v) => Ok(v.map_or(0, i64::from)),
        ScalarValue::Int64(v) => Ok(v.unwrap_or(0)),
        ScalarValue::Null => Ok(0),
        other => Err(crate::errors::unexpected_input_type(
            name,
            format!(
                "The seed must be an integer constant, got {}",
                other.data_type()
            ),
        )),
    }
}

pub(crate) fn build_rand(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("rand", &args, 0, 1)?;
    Ok(random_udf(
        "spark_rand",
        seed_of("rand", args.first())?,
        Draw::Uniform01,
    ))
}

pub(crate) fn build_randn(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("randn", &args, 0, 1)?;
    Ok(random_udf(
        "spark_randn",
        seed_of("randn", args.first())?,
        Draw::Gaussian,
    ))
}

fn number_of(name: &str, what: &str, e: &DfExpr) -> Result<Option<f64>> {
    let v = literal_of(name, what, e)?;
    if v.is_null() {
        return Ok(None);
    }
    match v.cast_to(&ArrowType::Float64) {
        Ok(ScalarValue::Float64(f)) => Ok(f),
        _ => Err(crate::errors::unexpected_input_type(
            name,
            format!(
                "The `{what}` must be a numeric constant, got {}",
                v.data_type()
            ),
        )),
    }
}

pub(crate) fn build_uniform(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("uniform", &args, 2, 3)?;
    let (min_t, max_t) = (ctx.arg_type(&args[0])?, ctx.arg_type(&args[1])?);
    let ty = if is_integral(&min_t) && is_integral(&max_t) {
        if min_t == ArrowType::Int64 || max_t == ArrowType::Int64 {
            ArrowType::Int64
        } else {
            ArrowType::Int32
        }
    } else if (is_integral(&min_t) || is_floating(&min_t) || crate::utils::is_decimal(&min_t))
        && (is_integral(&max_t) || is_floating(&max_t) || crate::utils::is_decimal(&max_t))
    {
        ArrowType::Float64
    } else {
        return Err(crate::errors::unexpected_input_type(
            "uniform",
            "The `min` and `max` must be numeric constants",
        ));
    };
    let min = number_of("uniform", "min", &args[0])?;
    let max = number_of("uniform", "max", &args[1])?;
    let seed = seed_of("uniform", args.get(2))?;
    match (min, max) {
        (Some(min), Some(max)) => Ok(random_udf(
            "spark_uniform",
            seed,
            Draw::Range { min, max, ty },
        )),
        _ => Ok(crate::utils::null_of(&ty)),
    }
}

pub(crate) fn build_randstr(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("randstr", &args, 1, 2)?;
    let length = match literal_of("randstr", "length", &args[0])? {
        ScalarValue::Int8(Some(v)) => i64::from(v),
        ScalarValue::Int16(Some(v)) => i64::from(v),
        ScalarValue::Int32(Some(v)) => i64::from(v),
        other => {
            return Err(crate::errors::unexpected_input_type(
                "randstr",
                format!(
                    "The `length` must be an INT constant, got {}",
                    other.data_type()
                ),
            ));
        }
    };
    if length < 0 {
        return Err(SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "INVALID_PARAMETER_VALUE.LENGTH",
            "22023",
            format!(
                "The value of parameter(s) `length` in `randstr` is invalid: Expects `length` greater than or equal to 0, but got {length}."
            ),
        ));
    }
    let seed = seed_of("randstr", args.get(1))?;
    Ok(random_udf(
        "spark_randstr",
        seed,
        Draw::Chars {
            length: length as usize,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_match_spark() {
        // `rand(42)`, `randn(42)`, `randstr(8, 5)` over one partition, from Spark 4.3.0.
        let mut r = XorShiftRandom::new(42);
        assert!((r.next_double() - 0.619189370225301).abs() < 1e-15);
        let mut g = XorShiftRandom::new(42);
        assert!((g.next_gaussian() - 2.384479054241165).abs() < 1e-12);
        assert!((g.next_gaussian() - 0.1920934041293524).abs() < 1e-12);
        let mut s = XorShiftRandom::new(5);
        let word: String = (0..8)
            .map(|_| char::from(CHARS[(s.next_int() % 62).unsigned_abs() as usize]))
            .collect();
        assert_eq!(word, "R0Tmgfhb");
    }
}
