//! A hash shuffle's Spark partitions as a tag column: Spark's `HashPartitioning` puts a row in
//! partition `pmod(Murmur3Hash(keys, 42), n)`, and a reducer reads the map outputs in map order,
//! so a partition's rows keep their input order. The rows are numbered in input order, tagged
//! and sorted by (partition, number): each partition's rows contiguous, as the tagged-input
//! path of [`super::exec`] needs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::{Column, Result as DfResult};
use datafusion::logical_expr::{
    Expr as DfExpr, Extension, LogicalPlan, LogicalPlanBuilder, cast, lit,
};
use sabot_common::Result;
use sabot_functions::PartitionFn;

use super::layout::SparkLayout;
use super::node::{PartitionCall, PartitionFnsNode};
use crate::error::from_datafusion;
use crate::range_partition::RangeRepartitionNode;

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Spark's partition of a row: `pmod(murmur3(keys), n)`, plus `first` (a union input's
/// offset), as an `INT`.
pub(crate) fn hash_partition(keys: &[DfExpr], n: usize, first: usize) -> DfExpr {
    let hash = cast(
        sabot_functions::murmur3_hash(keys.to_vec()),
        ArrowType::Int64,
    );
    let modulus = lit(n as i64);
    let pmod = (hash % modulus.clone() + modulus.clone()) % modulus;
    cast(pmod + lit(first as i64), ArrowType::Int32)
}

/// `input` with `column` holding each row's hash partition, rows grouped by partition in
/// input order. With `map` (an `INT` input column holding each row's map task, dropped) the
/// tag is `map * n + partition`: rows grouped by map task, then partition.
pub(crate) fn tag_hashed(
    input: LogicalPlan,
    keys: &[DfExpr],
    n: usize,
    first: usize,
    column: &str,
    map: Option<&str>,
) -> Result<LogicalPlan> {
    tag_with(input, column, map, |numbered| {
        let mut tagged = columns_except(&numbered, map);
        let tag = by_map(hash_partition(keys, n, first), map, n);
        tagged.push(tag.alias(column));
        LogicalPlanBuilder::from(numbered).project(tagged)
    })
}

/// `partition` (an `INT`) offset by `map * n` when there is a map column.
fn by_map(partition: DfExpr, map: Option<&str>, n: usize) -> DfExpr {
    match map {
        Some(m) => cast(
            cast(DfExpr::Column(Column::new_unqualified(m)), ArrowType::Int64) * lit(n as i64)
                + cast(partition, ArrowType::Int64),
            ArrowType::Int32,
        ),
        None => partition,
    }
}

/// `input` with `column` holding each row's range partition (`range`'s key range, computed
/// from the data by the node in tagged mode), rows grouped by partition in input order.
/// `map`: as for [`tag_hashed`], with `range.partitions` as `n`.
pub(crate) fn tag_ranged(
    input: LogicalPlan,
    range: &RangeRepartitionNode,
    first: usize,
    column: &str,
    map: Option<&str>,
) -> Result<LogicalPlan> {
    let raw = format!("__sabot_range_{}", NEXT.fetch_add(1, Ordering::Relaxed));
    tag_with(input, column, map, |numbered| {
        let mut tagged = columns_except(&numbered, map);
        let node = RangeRepartitionNode::try_new(
            numbered,
            range.order.clone(),
            range.partitions,
            Some(raw.clone()),
        )?;
        let range_col = DfExpr::Column(Column::new_unqualified(&raw));
        let partition = cast(
            cast(range_col, ArrowType::Int64) + lit(first as i64),
            ArrowType::Int32,
        );
        tagged.push(by_map(partition, map, range.partitions).alias(column));
        LogicalPlanBuilder::from(LogicalPlan::Extension(Extension {
            node: Arc::new(node),
        }))
        .project(tagged)
    })
}

/// `input` (one ordered stream laid out as `layout`'s slices) with `column` holding each row's
/// round-robin partition, rows grouped by partition in input order. Spark's
/// `ShuffleExchangeExec` starts input partition `i` at `XORShiftRandom(i).nextInt(n)` and
/// moves one partition on before each row. (Spark also sorts each input partition by its rows'
/// binary hash first, `spark.sql.execution.sortBeforeRepartition`; Sabot deals the rows in
/// their order, so each partition gets as many rows as in Spark, not always the same ones.)
pub(crate) fn tag_round_robin(
    input: LogicalPlan,
    layout: &SparkLayout,
    n: usize,
    first: usize,
    column: &str,
) -> Result<LogicalPlan> {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let (pid, mid) = (
        format!("__sabot_rr_partition_{id}"),
        format!("__sabot_rr_row_{id}"),
    );
    let call = |function, name: &str, t| PartitionCall {
        function,
        args: vec![],
        field: Arc::new(Field::new(name, t, false)),
    };
    let calls = vec![
        call(PartitionFn::PartitionId, &pid, ArrowType::Int32),
        call(PartitionFn::MonotonicId, &mid, ArrowType::Int64),
    ];
    let bound = i32::try_from(n).unwrap_or(i32::MAX);
    let mut start = datafusion::logical_expr::case(cast(
        DfExpr::Column(Column::new_unqualified(&pid)),
        ArrowType::Int64,
    ));
    for i in 0..layout.partitions() {
        let s = sabot_functions::XorShiftRandom::new(i as i64).next_int_below(bound);
        start = start.when(lit(i as i64), lit(i64::from(s)));
    }
    let start = start.otherwise(lit(0i64)).map_err(from_datafusion)?;
    // `monotonically_increasing_id()`'s low 33 bits: the row's index in its input partition.
    let index = DfExpr::Column(Column::new_unqualified(&mid)) % lit(1i64 << 33);
    let partition = (start + index + lit(1i64)) % lit(n as i64) + lit(first as i64);
    tag_with(input, column, None, |numbered| {
        let mut tagged = columns_of(&numbered);
        let node = PartitionFnsNode::try_new(numbered, layout.clone(), calls)?;
        tagged.push(cast(partition, ArrowType::Int32).alias(column));
        LogicalPlanBuilder::from(LogicalPlan::Extension(Extension {
            node: Arc::new(node),
        }))
        .project(tagged)
    })
}

fn columns_of(plan: &LogicalPlan) -> Vec<DfExpr> {
    columns_except(plan, None)
}

/// `plan`'s columns without the unqualified `skip`.
fn columns_except(plan: &LogicalPlan, skip: Option<&str>) -> Vec<DfExpr> {
    plan.schema()
        .iter()
        .filter(|(q, f)| !(q.is_none() && Some(f.name().as_str()) == skip))
        .map(|(q, f)| DfExpr::Column(Column::new(q.cloned(), f.name())))
        .collect()
}

/// `input` numbered in row order, tagged by `tag` (which projects the numbered rows with the
/// tag column added), sorted by (tag, number), without the number (nor `drop`).
fn tag_with(
    input: LogicalPlan,
    column: &str,
    drop: Option<&str>,
    tag: impl FnOnce(LogicalPlan) -> DfResult<LogicalPlanBuilder>,
) -> Result<LogicalPlan> {
    let position = format!(
        "__sabot_shuffle_position_{}",
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let columns = columns_except(&input, drop);
    let numbering = PartitionCall {
        function: PartitionFn::MonotonicId,
        args: vec![],
        field: Arc::new(Field::new(&position, ArrowType::Int64, false)),
    };
    let numbered = PartitionFnsNode::try_new(input, SparkLayout::single(), vec![numbering])
        .map_err(from_datafusion)?;
    let numbered = LogicalPlan::Extension(Extension {
        node: Arc::new(numbered),
    });
    let tag_col = DfExpr::Column(Column::new_unqualified(column));
    let position_col = DfExpr::Column(Column::new_unqualified(&position));
    let mut out = columns;
    out.push(tag_col.clone());
    tag(numbered)
        .and_then(|b| {
            b.sort(vec![
                tag_col.sort(true, false),
                position_col.sort(true, false),
            ])
        })
        .and_then(|b| b.project(out))
        .and_then(|b| b.build())
        .map_err(from_datafusion)
}
