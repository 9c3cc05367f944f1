//! Per-partition evaluation of the functions whose Spark result depends on the partition a
//! row is in (Spark's `Nondeterministic.initialize(partitionIndex)`): `spark_partition_id`,
//! `monotonically_increasing_id`, `rand`/`randn`/`uniform`/`randstr`, `uuid` and `shuffle`.
//!
//! A UDF cannot see its partition, so the plan layer replaces these calls (recognized by
//! [`partition_fn_of`]) by columns of a node that knows each row's Spark partition and position
//! and evaluates a [`PartitionFnState`] per partition.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int32Array, Int64Array, StringArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::Expr as DfExpr;

use super::partition_id::PartitionId;
use super::random::{Draw, RandomUdf};
use super::row_ids::{RowId, Uuid, next_uuid};
use super::xorshift::XorShiftRandom;
use crate::collection::{MersenneTwister, shuffle_rows, shuffle_seed_of_call};

/// A partition-dependent function with its constant parameters (what a plan codec stores).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PartitionFn {
    /// `spark_partition_id()`.
    PartitionId,
    /// `monotonically_increasing_id()`: `partitionIndex << 33 | position`.
    MonotonicId,
    /// `rand`, `randn`, `uniform`, `randstr`: `XORShiftRandom(seed + partitionIndex)`.
    Random { seed: i64, draw: Draw },
    /// `uuid(seed)`: `RandomUUIDGenerator(seed + partitionIndex)` (a Mersenne Twister).
    Uuid { seed: i64 },
    /// `shuffle(array, seed)`: `MersenneTwister(seed + partitionIndex)`; one argument.
    Shuffle { seed: i64 },
}

impl PartitionFn {
    /// A short name for plan display.
    pub fn label(&self) -> String {
        match self {
            PartitionFn::PartitionId => "spark_partition_id".to_string(),
            PartitionFn::MonotonicId => "monotonically_increasing_id".to_string(),
            PartitionFn::Random { seed, draw } => format!("random({draw:?}, {seed})"),
            PartitionFn::Uuid { seed } => format!("uuid({seed})"),
            PartitionFn::Shuffle { seed } => format!("shuffle({seed})"),
        }
    }

    /// A fresh state for Spark partition `partition`.
    pub fn state(&self, partition: usize) -> PartitionFnState {
        let index = partition as i64;
        let generator = match self {
            PartitionFn::Random { seed, .. } => {
                Generator::XorShift(XorShiftRandom::new(seed.wrapping_add(index)))
            }
            PartitionFn::Uuid { seed } | PartitionFn::Shuffle { seed } => {
                Generator::Mersenne(Box::new(MersenneTwister::new(seed.wrapping_add(index))))
            }
            PartitionFn::PartitionId | PartitionFn::MonotonicId => Generator::None,
        };
        PartitionFnState {
            function: self.clone(),
            partition: index,
            position: 0,
            generator,
        }
    }
}

/// The partition-dependent function `e` calls, and its arguments (only `shuffle` has one).
pub fn partition_fn_of(e: &DfExpr) -> Option<(PartitionFn, Vec<DfExpr>)> {
    let DfExpr::ScalarFunction(call) = e else {
        return None;
    };
    let inner = call.func.inner();
    if inner.downcast_ref::<PartitionId>().is_some() {
        return Some((PartitionFn::PartitionId, vec![]));
    }
    if inner.downcast_ref::<RowId>().is_some() {
        return Some((PartitionFn::MonotonicId, vec![]));
    }
    if let Some(r) = inner.downcast_ref::<RandomUdf>() {
        let (seed, draw) = (r.seed, r.draw.clone());
        return Some((PartitionFn::Random { seed, draw }, vec![]));
    }
    if let Some(u) = inner.downcast_ref::<Uuid>() {
        return Some((PartitionFn::Uuid { seed: u.seed }, vec![]));
    }
    let seed = shuffle_seed_of_call(e)?;
    Some((
        PartitionFn::Shuffle { seed },
        call.args.first().cloned().into_iter().collect(),
    ))
}

#[derive(Debug)]
enum Generator {
    None,
    XorShift(XorShiftRandom),
    Mersenne(Box<MersenneTwister>),
}

/// One function's state within one Spark partition: values for the partition's next rows.
#[derive(Debug)]
pub struct PartitionFnState {
    function: PartitionFn,
    partition: i64,
    /// Rows of the partition evaluated so far.
    position: i64,
    generator: Generator,
}

impl PartitionFnState {
    /// The values of the partition's next `rows` rows; `args` are the call's arguments for
    /// them, `ret` its result type.
    pub fn eval(&mut self, rows: usize, args: &[ArrayRef], ret: &ArrowType) -> DfResult<ArrayRef> {
        let start = self.position;
        self.position += rows as i64;
        let out: ArrayRef = match (&self.function, &mut self.generator) {
            (PartitionFn::PartitionId, _) => {
                Arc::new(Int32Array::from(vec![self.partition as i32; rows]))
            }
            (PartitionFn::MonotonicId, _) => {
                let base = self.partition << 33;
                Arc::new(Int64Array::from_iter_values(
                    (start..start + rows as i64).map(|p| base + p),
                ))
            }
            (PartitionFn::Random { draw, .. }, Generator::XorShift(rng)) => draw.values(rng, rows),
            (PartitionFn::Uuid { .. }, Generator::Mersenne(rng)) => Arc::new(
                StringArray::from_iter_values((0..rows).map(|_| next_uuid(rng))),
            ),
            (PartitionFn::Shuffle { .. }, Generator::Mersenne(rng)) => match args.first() {
                Some(list) => shuffle_rows(rng, list, ret)?,
                None => return exec_err!("shuffle expects an array argument"),
            },
            (f, _) => return exec_err!("no generator for {}", f.label()),
        };
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(f: &PartitionFn, partition: usize, rows: usize) -> ArrayRef {
        let ret = match f {
            PartitionFn::Random { draw, .. } => draw.result_type(),
            _ => ArrowType::Int64,
        };
        match f.state(partition).eval(rows, &[], &ret) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn monotonic_ids_put_the_partition_in_the_upper_bits() {
        let ids = values(&PartitionFn::MonotonicId, 1, 2);
        let ids = ids
            .as_any()
            .downcast_ref::<Int64Array>()
            .map(|a| a.values().to_vec());
        assert_eq!(ids, Some(vec![8_589_934_592, 8_589_934_593]));
    }

    #[test]
    fn rand_of_partition_one_is_the_next_seed() {
        // Spark 4.3: `spark.range(0, 4, 1, 2).select(rand(42))` gives rows 2 and 3 the first
        // draws of seed 43 (0.8017532427858894, 0.6565552949992319).
        let f = PartitionFn::Random {
            seed: 42,
            draw: Draw::Uniform01,
        };
        let v = values(&f, 1, 2);
        let v = v
            .as_any()
            .downcast_ref::<datafusion::arrow::array::Float64Array>()
            .map(|a| a.values().to_vec());
        assert_eq!(v, Some(vec![0.8017532427858894, 0.6565552949992319]));
    }

    #[test]
    fn uuid_matches_spark() {
        // Spark 4.3: `spark.range(0, 4, 1, 2).select(expr("uuid(1)"))`, rows 0 and 2.
        let mut p0 = PartitionFn::Uuid { seed: 1 }.state(0);
        let mut p1 = PartitionFn::Uuid { seed: 1 }.state(1);
        let first = |s: &mut PartitionFnState| {
            let a = s.eval(1, &[], &ArrowType::Utf8).ok()?;
            let a = a
                .as_any()
                .downcast_ref::<StringArray>()?
                .value(0)
                .to_string();
            Some(a)
        };
        assert_eq!(
            first(&mut p0).as_deref(),
            Some("1ced31d7-59ef-4bbc-aaf6-d506ef49e4d2")
        );
        assert_eq!(
            first(&mut p1).as_deref(),
            Some("02ee75f5-7c9b-4bb0-af86-bc2654086f13")
        );
    }
}
