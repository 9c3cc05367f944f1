//! `df.sample(...)` and `randomSplit` (Spark's `Sample`): each row's draw in `[0, 1)` is kept
//! when it falls in `[lower, upper)` (`BernoulliCellSampler`); with replacement each row is
//! repeated a Poisson-distributed number of times (`PoissonSampler`).
//!
//! Row `i` of the input (in input order) is kept when the `i`-th draw of Spark's
//! `XORShiftRandom(seed)` falls in the range, exactly as Spark samples partition 0
//! (`RDD.randomSampleWithRange`): a single-partition input gives Spark's rows. A draw is a pure
//! function of the seed and the row's position, so a sample repeats for a fixed seed and input
//! order whatever DataFusion's partitioning does, and `randomSplit`'s splits (one query each over
//! the same ordered input) are disjoint and complete. Where Spark has several partitions it
//! draws one stream per partition (`seed + partitionIndex`), which Sabot does not mirror; with
//! replacement the Poisson counts are Sabot's own.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int64Type};
use datafusion::common::{Column, ScalarValue};
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, SortExpr, Volatility, col, lit,
};
use sabot_common::{Result, SparkError};

use sabot_functions::XorShiftRandom;

use super::Resolver;
use super::expressions::Named;
use super::names::column_at;
use super::output;
use super::relations::builder_build;

/// splitmix64's finalizer: a bijective mix whose outputs for consecutive inputs are unrelated.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of row `index` for `seed`, seeded by both mixed through splitmix64.
fn row_rng(seed: i64, index: i64) -> XorShiftRandom {
    let mixed = splitmix64(splitmix64(seed as u64) ^ splitmix64(index as u64));
    XorShiftRandom::new(mixed as i64)
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

/// `__sabot_sample_draw(seed, index)`: the `index`-th draw (0-based) of `XORShiftRandom(seed)`,
/// or with a third argument `mean`, a Poisson-distributed number of copies for that row.
///
/// A pure function of its arguments; the generator states it keeps are only a cache, so that
/// consecutive batches continue a stream instead of replaying it from the seed.
#[derive(Debug)]
pub(crate) struct SampleDraw {
    signature: Signature,
    /// Generator states by (seed, index of the next draw), the most recent ones.
    streams: std::sync::Mutex<std::collections::BTreeMap<(i64, i64), XorShiftRandom>>,
}

impl PartialEq for SampleDraw {
    fn eq(&self, other: &Self) -> bool {
        self.signature == other.signature
    }
}
impl Eq for SampleDraw {}
impl std::hash::Hash for SampleDraw {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.signature.hash(state);
    }
}

/// How many stream positions the cache keeps.
const CACHED_STREAMS: usize = 256;

impl SampleDraw {
    pub(crate) const NAME: &'static str = "__sabot_sample_draw";

    fn new() -> Self {
        Self {
            signature: Signature::variadic_any(Volatility::Immutable),
            streams: std::sync::Mutex::new(std::collections::BTreeMap::new()),
        }
    }

    /// The draws for rows `indexes` (ascending within a batch in practice).
    fn uniform_draws(&self, seed: i64, indexes: &[i64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(indexes.len());
        let mut current: Option<(i64, XorShiftRandom)> = None;
        for &want in indexes {
            let (mut at, mut rng) = match current.take() {
                Some((at, rng)) if at <= want => (at, rng),
                _ => self.stream_at(seed, want),
            };
            while at < want {
                rng.next_double();
                at += 1;
            }
            out.push(rng.next_double());
            current = Some((want + 1, rng));
        }
        if let (Some((at, rng)), Ok(mut streams)) = (current, self.streams.lock()) {
            streams.insert((seed, at), rng);
            while streams.len() > CACHED_STREAMS {
                streams.pop_first();
            }
        }
        out
    }

    /// The nearest cached state at or before `index`, or the seed's first.
    fn stream_at(&self, seed: i64, index: i64) -> (i64, XorShiftRandom) {
        if let Ok(streams) = self.streams.lock()
            && let Some(((_, at), rng)) =
                streams.range((seed, i64::MIN)..=(seed, index)).next_back()
        {
            return (*at, rng.clone());
        }
        (0, XorShiftRandom::new(seed))
    }
}

impl ScalarUDFImpl for SampleDraw {
    fn name(&self) -> &str {
        Self::NAME
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, args: &[ArrowType]) -> datafusion::common::Result<ArrowType> {
        Ok(if args.len() == 3 {
            ArrowType::Int64
        } else {
            ArrowType::Float64
        })
    }
    fn invoke_with_args(
        &self,
        args: ScalarFunctionArgs,
    ) -> datafusion::common::Result<ColumnarValue> {
        let n = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let seed = arrays
            .first()
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
            .filter(|a| !a.is_empty() && a.is_valid(0))
            .map(|a| a.value(0))
            .unwrap_or(0);
        let Some(index) = arrays
            .get(1)
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
        else {
            return datafusion::common::exec_err!("{} needs a bigint row index", Self::NAME);
        };
        let array: ArrayRef = match arrays
            .get(2)
            .and_then(|a| a.as_primitive_opt::<datafusion::arrow::datatypes::Float64Type>())
        {
            Some(mean) => {
                Arc::new(Int64Array::from_iter_values((0..n).map(|i| {
                    poisson(&mut row_rng(seed, index.value(i)), mean.value(i))
                })))
            }
            None => {
                let indexes: Vec<i64> = (0..n).map(|i| index.value(i)).collect();
                Arc::new(Float64Array::from(self.uniform_draws(seed, &indexes)))
            }
        };
        Ok(ColumnarValue::Array(array))
    }
}

/// The sampling function (pure, so one instance could serve every query).
pub(crate) fn sample_draw_udf() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(SampleDraw::new()))
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
        let mut plan = input;
        if deterministic_order {
            // `randomSplit` sorts by all (orderable) columns first, so that the splits see the
            // rows in one order.
            let keys: Vec<SortExpr> = (0..schema.fields().len())
                .filter(|i| orderable(schema.field(*i).data_type()))
                .map(|i| column_at(&schema, i).sort(true, true))
                .collect();
            if !keys.is_empty() {
                plan = builder_build(LogicalPlanBuilder::from(plan).sort(keys))?;
            }
        }
        // Each row's position: `row_number() OVER ()` in input order.
        let numbered = builder_build(
            LogicalPlanBuilder::from(plan).window(vec![row_number().alias("__sample_row")]),
        )?;
        let seed_lit = DfExpr::Literal(ScalarValue::Int64(Some(seed)), None);
        let index = DfExpr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(col("__sample_row")),
            ArrowType::Int64,
        )) - lit(1i64);
        let udf = sample_draw_udf();
        let items: Vec<Named> = (0..schema.fields().len())
            .map(|i| Named::new(column_at(&schema, i), schema.field(i).name().clone()))
            .collect();
        if !with_replacement {
            let draw = udf.call(vec![seed_lit, index]);
            let keep = draw.clone().gt_eq(lit(lower)).and(draw.lt(lit(upper)));
            let filtered = builder_build(LogicalPlanBuilder::from(numbered).filter(keep))?;
            return output::project(filtered, items);
        }
        // Each row repeated `k` times: unnest an array of `k` elements next to the row.
        let copies = udf.call(vec![seed_lit, index, lit(upper - lower)]);
        let mut exprs: Vec<DfExpr> = (0..schema.fields().len())
            .map(|i| column_at(&schema, i).alias(format!("__s{i}")))
            .collect();
        exprs.push(
            datafusion::functions_nested::expr_fn::range(lit(0i64), copies, lit(1i64))
                .alias("__copies"),
        );
        let repeated = builder_build(
            LogicalPlanBuilder::from(numbered)
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

// The plan codec rebuilds the draw function (its streams are a cache).
impl sabot_functions::portable::PortableUdf for SampleDraw {
    const KEY: &'static str = "sample_draw";

    fn encode(&self, _: &mut sabot_functions::portable::Encoder) -> datafusion::common::Result<()> {
        Ok(())
    }

    fn decode(_: &mut sabot_functions::portable::Decoder) -> datafusion::common::Result<Self> {
        Ok(Self::new())
    }
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
    fn draws_follow_one_stream_in_any_batch_order() {
        let f = SampleDraw::new();
        let mut r = XorShiftRandom::new(42);
        let stream: Vec<f64> = (0..40).map(|_| r.next_double()).collect();
        // Batches out of order, as partitions may deliver them.
        assert_eq!(f.uniform_draws(42, &[20, 21, 22]), stream[20..23]);
        assert_eq!(f.uniform_draws(42, &[0, 1, 2, 3]), stream[0..4]);
        assert_eq!(f.uniform_draws(42, &[23, 24]), stream[23..25]);
        assert_eq!(f.uniform_draws(42, &[4, 39]), [stream[4], stream[39]]);
    }

    #[test]
    fn row_draws_are_uniform_and_independent_of_order() {
        let xs: Vec<f64> = (0..2000).map(|i| row_rng(7, i).next_double()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        let mean = xs.iter().sum::<f64>() / 2000.0;
        assert!((mean - 0.5).abs() < 0.03, "{mean}");
        assert_eq!(row_rng(7, 42).next_double(), xs[42]);
        let copies: i64 = (0..2000).map(|i| poisson(&mut row_rng(1, i), 0.5)).sum();
        assert!((800..1200).contains(&copies), "{copies}");
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
