//! `df.sample(...)` and `randomSplit` (Spark's `Sample`): each row draws from Spark's
//! `XORShiftRandom` seeded as `PartitionwiseSampledRDD` seeds partition 0, and is kept when the
//! draw falls in `[lower, upper)` (`BernoulliCellSampler`); with replacement each row is
//! repeated a Poisson-distributed number of times.
//!
//! The draws are taken in row order from one generator per execution (the input is merged into
//! one partition first), so a sample is repeatable for a fixed seed and input order, and the
//! splits of `randomSplit` are disjoint. The rows chosen are not the ones Spark chooses: Spark
//! 4.3 does not draw one value per row in order for `sample` (checked against its output).

use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, BooleanArray, Int64Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Column;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, Partitioning,
    ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, SortExpr, Volatility, col, lit,
};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::Named;
use super::names::column_at;
use super::output;
use super::relations::builder_build;

/// Spark's `XORShiftRandom` (a Java `Random` whose `next(bits)` is an xorshift).
#[derive(Debug, Clone)]
pub(crate) struct XorShiftRandom {
    seed: i64,
}

impl XorShiftRandom {
    pub fn new(seed: i64) -> Self {
        Self {
            seed: hash_seed(seed),
        }
    }

    fn next(&mut self, bits: u32) -> i32 {
        let mut s = self.seed;
        s ^= s << 21;
        s ^= ((s as u64) >> 35) as i64;
        s ^= s << 4;
        self.seed = s;
        (s & ((1i64 << bits) - 1)) as i32
    }

    /// `java.util.Random.nextDouble`.
    pub fn next_double(&mut self) -> f64 {
        let hi = i64::from(self.next(26));
        let lo = i64::from(self.next(27));
        ((hi << 27) + lo) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// `XORShiftRandom.hashSeed`: MurmurHash3 (Scala's `bytesHash`) of the seed's big-endian bytes.
fn hash_seed(seed: i64) -> i64 {
    let bytes = seed.to_be_bytes();
    let low = bytes_hash(&bytes, 0x3c07_4a61);
    let high = bytes_hash(&bytes, low);
    (i64::from(high) << 32) | (i64::from(low) & 0xFFFF_FFFF)
}

fn mix_last(h: i32, k: i32) -> i32 {
    let k = k.wrapping_mul(0xcc9e_2d51_u32 as i32).rotate_left(15);
    h ^ k.wrapping_mul(0x1b87_3593)
}

fn mix(h: i32, k: i32) -> i32 {
    mix_last(h, k)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64_u32 as i32)
}

/// Scala's `MurmurHash3.bytesHash` (little-endian 4-byte blocks).
fn bytes_hash(data: &[u8], seed: i32) -> i32 {
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        h = mix(h, i32::from_le_bytes([c[0], c[1], c[2], c[3]]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut k = 0i32;
        for (i, b) in rest.iter().enumerate() {
            k ^= i32::from(*b) << (8 * i);
        }
        h = mix_last(h, k);
    }
    let mut h = h ^ data.len() as i32;
    h ^= ((h as u32) >> 16) as i32;
    h = h.wrapping_mul(0x85eb_ca6b_u32 as i32);
    h ^= ((h as u32) >> 13) as i32;
    h = h.wrapping_mul(0xc2b2_ae35_u32 as i32);
    h ^= ((h as u32) >> 16) as i32;
    h
}

/// What a row draws: kept or not (Bernoulli), or how many copies (Poisson).
#[derive(Debug)]
enum Draw {
    Bernoulli { lower: f64, upper: f64 },
    Poisson { mean: f64 },
}

/// A volatile, argument-less function returning each row's draw. It holds the generator, so a
/// new one is made for every resolution (every execution starts from the seed again).
#[derive(Debug)]
struct SampleDraw {
    draw: Draw,
    rng: Mutex<XorShiftRandom>,
    signature: Signature,
}

impl PartialEq for SampleDraw {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl Eq for SampleDraw {}
impl std::hash::Hash for SampleDraw {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self as *const Self as usize).hash(state);
    }
}

impl ScalarUDFImpl for SampleDraw {
    fn name(&self) -> &str {
        "__sabot_sample_draw"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> datafusion::common::Result<ArrowType> {
        Ok(match self.draw {
            Draw::Bernoulli { .. } => ArrowType::Boolean,
            Draw::Poisson { .. } => ArrowType::Int64,
        })
    }
    fn invoke_with_args(
        &self,
        args: ScalarFunctionArgs,
    ) -> datafusion::common::Result<ColumnarValue> {
        let mut rng = self
            .rng
            .lock()
            .map_err(|_| datafusion::common::DataFusionError::Internal("sampler lock".into()))?;
        let n = args.number_rows;
        let array: ArrayRef = match self.draw {
            Draw::Bernoulli { lower, upper } => {
                Arc::new(BooleanArray::from_iter((0..n).map(|_| {
                    let x = rng.next_double();
                    Some(x >= lower && x < upper)
                })))
            }
            Draw::Poisson { mean } => Arc::new(Int64Array::from_iter_values(
                (0..n).map(|_| poisson(&mut rng, mean)),
            )),
        };
        Ok(ColumnarValue::Array(array))
    }
}

/// A Poisson draw (Knuth's method; large means split into chunks so `exp` does not underflow).
fn poisson(rng: &mut XorShiftRandom, mean: f64) -> i64 {
    let mut remaining = mean;
    let mut count = 0i64;
    while remaining > 0.0 {
        let step = remaining.min(500.0);
        remaining -= step;
        let limit = (-step).exp();
        let mut p = 1.0;
        loop {
            p *= rng.next_double();
            if p <= limit {
                break;
            }
            count += 1;
        }
    }
    count
}

impl Resolver<'_> {
    pub(super) fn sample(
        &self,
        input: LogicalPlan,
        lower: f64,
        upper: f64,
        with_replacement: bool,
        seed: i64,
        deterministic_order: bool,
    ) -> Result<LogicalPlan> {
        // Spark's `Sample` checks (`Dataset.sample` / `randomSplit`).
        if with_replacement {
            if upper - lower < 0.0 || lower < 0.0 {
                return Err(SparkError::illegal_argument(format!(
                    "requirement failed: Sampling fraction ({}) must be nonnegative with replacement",
                    upper - lower
                )));
            }
        } else if !(lower >= 0.0 && upper <= 1.0 + 1e-6 && lower <= upper) {
            return Err(SparkError::illegal_argument(format!(
                "requirement failed: Sampling fraction ({}) must be on interval [0, 1] without replacement",
                upper - lower
            )));
        }
        let schema = Arc::clone(input.schema());
        let mut plan = builder_build(
            LogicalPlanBuilder::from(input).repartition(Partitioning::RoundRobinBatch(1)),
        )?;
        if deterministic_order {
            // `randomSplit` sorts each partition by all (orderable) columns first, so that the
            // splits see the rows in one order.
            let keys: Vec<SortExpr> = (0..schema.fields().len())
                .filter(|i| orderable(schema.field(*i).data_type()))
                .map(|i| column_at(&schema, i).sort(true, true))
                .collect();
            if !keys.is_empty() {
                plan = builder_build(LogicalPlanBuilder::from(plan).sort(keys))?;
            }
        }
        let draw = if with_replacement {
            Draw::Poisson {
                mean: upper - lower,
            }
        } else {
            Draw::Bernoulli { lower, upper }
        };
        let udf = Arc::new(ScalarUDF::new_from_impl(SampleDraw {
            draw,
            rng: Mutex::new(XorShiftRandom::new(seed)),
            signature: Signature::nullary(Volatility::Volatile),
        }));
        let drawn = udf.call(vec![]);
        let items: Vec<Named> = (0..schema.fields().len())
            .map(|i| Named::new(column_at(&schema, i), schema.field(i).name().clone()))
            .collect();
        if !with_replacement {
            let filtered = builder_build(LogicalPlanBuilder::from(plan).filter(drawn))?;
            return output::project(filtered, items);
        }
        // Each row repeated `k` times: unnest an array of `k` elements next to the row.
        let mut exprs: Vec<DfExpr> = (0..schema.fields().len())
            .map(|i| column_at(&schema, i).alias(format!("__s{i}")))
            .collect();
        exprs.push(
            datafusion::functions_nested::expr_fn::range(lit(0i64), drawn, lit(1i64))
                .alias("__copies"),
        );
        let repeated = builder_build(
            LogicalPlanBuilder::from(plan)
                .project(exprs)
                .and_then(|b| b.unnest_column(Column::from_name("__copies"))),
        )?;
        let items = (0..schema.fields().len())
            .map(|i| Named::new(col(format!("__s{i}")), schema.field(i).name().clone()))
            .collect();
        output::project(repeated, items)
    }
}

fn orderable(t: &ArrowType) -> bool {
    !matches!(t, ArrowType::Map(_, _))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_spark_xorshift_random() {
        // `new org.apache.spark.util.random.XORShiftRandom(42).nextDouble()` x3, from Spark 4.3.
        let mut r = XorShiftRandom::new(42);
        assert_eq!(r.next_double(), 0.619189370225301);
        assert_eq!(r.next_double(), 0.5096018842446481);
        assert_eq!(r.next_double(), 0.8325259388871524);
    }

    #[test]
    fn draws_are_uniform_and_repeatable() {
        let mut a = XorShiftRandom::new(42);
        let mut b = XorShiftRandom::new(42);
        let xs: Vec<f64> = (0..1000).map(|_| a.next_double()).collect();
        let ys: Vec<f64> = (0..1000).map(|_| b.next_double()).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / 1000.0;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }
}
