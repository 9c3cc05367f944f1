//! Which Spark partition each row of a relation is in, where Spark's partitioning is fixed by
//! the plan: `range` (Spark's `RangeExec` slices), `coalesce(n)` (Spark's
//! `DefaultPartitionCoalescer` without locality), and relations Spark evaluates as one
//! partition (local data folded by `ConvertToLocalRelation`, `OneRowRelation`).

use sabot_common::spec::{Expr, Plan, PlanNode, SetOpKind};

/// More partitions than this are not tracked (the layout keeps one offset per partition).
const MAX_PARTITIONS: u64 = 1 << 20;

/// Spark's partitions of a relation as contiguous runs of its rows in Sabot's row order:
/// partition `i` holds the rows at positions `starts[i] .. starts[i + 1]` (the last one runs
/// to the end). Empty partitions have equal starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct SparkLayout {
    starts: Vec<u64>,
    /// The index of the first partition (a union input's partitions follow the previous
    /// inputs').
    first: usize,
}

impl SparkLayout {
    /// All rows in partition 0.
    pub fn single() -> Self {
        Self {
            starts: vec![0],
            first: 0,
        }
    }

    /// `rows` rows split into `slices` (none only for no rows) as Spark's `RangeExec` and `ParallelCollectionRDD.slice`
    /// do: slice `i` starts at `i * rows / slices`.
    pub fn sliced(rows: u64, slices: u64) -> Option<Self> {
        if slices > MAX_PARTITIONS || (slices == 0 && rows > 0) {
            return None;
        }
        let starts = (0..slices)
            .map(|i| (u128::from(i) * u128::from(rows) / u128::from(slices)) as u64)
            .collect();
        Some(Self { starts, first: 0 })
    }

    /// From explicit partition starts (a codec's form).
    pub fn from_starts(starts: Vec<u64>) -> Option<Self> {
        let ordered = (starts.is_empty() || starts.first() == Some(&0))
            && starts.windows(2).all(|w| w[0] <= w[1]);
        ordered.then_some(Self { starts, first: 0 })
    }

    /// The layout with partition indices starting at `first`.
    pub fn starting_at(mut self, first: usize) -> Self {
        self.first = first;
        self
    }

    /// The index of the first partition.
    pub fn first(&self) -> usize {
        self.first
    }

    /// The first row position of each partition.
    pub fn starts(&self) -> &[u64] {
        &self.starts
    }

    pub fn partitions(&self) -> usize {
        self.starts.len()
    }

    /// `coalesce(n)` without a shuffle (Spark's `DefaultPartitionCoalescer.setupGroups` when no
    /// partition has a preferred location): group `i` takes the parent partitions
    /// `i * parents / n .. (i + 1) * parents / n`; with `n >= parents` nothing changes.
    pub fn coalesce(&self, n: usize) -> Self {
        let parents = self.starts.len();
        if n >= parents || n == 0 {
            return self.clone();
        }
        let starts = (0..n).map(|i| self.starts[i * parents / n]).collect();
        Self {
            starts,
            first: self.first,
        }
    }

    /// The partition of the row at `position` (the last partition starting at or before it).
    pub fn partition_of(&self, position: u64) -> usize {
        self.starts
            .partition_point(|s| *s <= position)
            .saturating_sub(1)
    }

    /// The position just after partition `p`'s last row (`u64::MAX` for the last partition).
    pub fn end_of(&self, p: usize) -> u64 {
        self.starts.get(p + 1).copied().unwrap_or(u64::MAX)
    }
}

/// Spark's partitions of a relation by source: one source's runs, or a union's inputs
/// (Spark's `UnionRDD`: the inputs' partitions one after the other).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceLayout {
    Slices(SparkLayout),
    Union(Vec<SourceLayout>),
    /// A hash shuffle into this many partitions (Spark's `HashPartitioning`): a row's partition
    /// is `pmod(murmur3(keys), n)`, its rows in the order of the shuffle's input.
    Hashed(usize),
    /// A range shuffle into at most this many partitions (Spark's `RangePartitioning`): a
    /// row's partition is its key range; Spark's partitions are the ranges found in the data.
    Ranged(usize),
    /// `repartition(n)` without keys (Spark's `RoundRobinPartitioning`) of an input laid out in
    /// slices: each input partition `i` deals its rows in turn from partition
    /// `XORShiftRandom(i).nextInt(n) + 1` on.
    RoundRobin {
        n: usize,
        input: SparkLayout,
    },
    /// `coalesce(n)` of a shuffle's partitions (Spark's `DefaultPartitionCoalescer` over
    /// partitions that have a location): the groups depend on which partitions have rows.
    Coalesced {
        n: usize,
        input: Box<SourceLayout>,
    },
    /// A hash or range shuffle without a count whose partitions adaptive execution coalesces
    /// (Spark's `CoalesceShufflePartitions`): neighbouring partitions grouped by size, known
    /// when the shuffle ran. A coalesced partition reads its shuffle partitions map task by
    /// map task: `maps` are the shuffle input's partitions (its map tasks) when known.
    Adaptive {
        input: Box<SourceLayout>,
        maps: Option<SparkLayout>,
    },
}

impl SourceLayout {
    /// The number of partitions.
    pub fn partitions(&self) -> usize {
        match self {
            SourceLayout::Slices(l) => l.partitions(),
            SourceLayout::Union(inputs) => inputs.iter().map(SourceLayout::partitions).sum(),
            SourceLayout::Hashed(n) | SourceLayout::Ranged(n) => *n,
            SourceLayout::RoundRobin { n, .. } => *n,
            // At most (Spark drops the empty groups).
            SourceLayout::Coalesced { n, input } => input.partitions().min(*n),
            SourceLayout::Adaptive { input, .. } => input.partitions(),
        }
    }
}

/// Spark's `Range` row count (`RangeExec.numElements`): `ceil((end - start) / step)`, or 0 when
/// the step points away from `end`.
fn range_rows(start: i64, end: i64, step: i64) -> u64 {
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    if step == 0 || (step > 0 && end <= start) || (step < 0 && end >= start) {
        return 0;
    }
    let diff = end - start;
    let n = diff / step + i128::from(diff % step != 0);
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Spark's partitions of the rows that reach `node`'s operator, as runs of the source's row
/// positions, when the plan fixes them and every relation between the source and `node` keeps
/// the rows' order and partitions (projections, filters, `coalesce`).
/// Spark evaluates the calls of a sort or an aggregate in a projection below it (Spark's
/// `PullOutNondeterministic`), over the same partitions.
/// `default_parallelism` is Spark's `spark.default.parallelism` (`range` without a partition
/// count uses it).
pub(crate) fn input_layout(
    node: &PlanNode,
    default_parallelism: usize,
    shuffle_partitions: usize,
    adaptive: bool,
) -> Option<SourceLayout> {
    match node {
        PlanNode::Project { input: None, .. } => Some(SourceLayout::Slices(SparkLayout::single())),
        PlanNode::Project {
            input: Some(input), ..
        }
        | PlanNode::WithColumns { input, .. }
        | PlanNode::Filter { input, .. }
        | PlanNode::Sort { input, .. }
        | PlanNode::Aggregate { input, .. } => layout_of(
            input,
            Walk {
                default_parallelism,
                shuffle_partitions,
                adaptive,
                in_union: false,
                filtered: false,
            },
        ),
        _ => None,
    }
}

/// Where [`layout_of`] is in the plan.
#[derive(Debug, Clone, Copy)]
struct Walk {
    default_parallelism: usize,
    /// `spark.sql.shuffle.partitions`: a hash shuffle's partitions when it names none.
    shuffle_partitions: usize,
    /// Whether adaptive execution coalesces the partitions of a shuffle without a count.
    adaptive: bool,
    /// Under a union (or a round-robin shuffle): Spark does not fold local data there but
    /// scans it in slices.
    in_union: bool,
    /// Under a filter: Spark would fold it into local data, changing its slices.
    filtered: bool,
}

/// Spark's partitions of `plan`'s output (see [`input_layout`]).
fn layout_of(plan: &Plan, walk: Walk) -> Option<SourceLayout> {
    match &plan.node {
        PlanNode::SetOp {
            left,
            right,
            kind: SetOpKind::Union,
            all: true,
            ..
        } => {
            let inner = Walk {
                in_union: true,
                ..walk
            };
            let inputs = vec![layout_of(left, inner)?, layout_of(right, inner)?];
            // A coalesced shuffle's partition count depends on the data: the next input's
            // first partition is not known.
            if inputs.iter().any(|l| {
                matches!(
                    l,
                    SourceLayout::Coalesced { .. } | SourceLayout::Adaptive { .. }
                )
            }) {
                return None;
            }
            Some(SourceLayout::Union(inputs))
        }
        PlanNode::Range {
            start,
            end,
            step,
            num_partitions,
        } => {
            let slices = match num_partitions {
                Some(n) => u64::try_from(*n).ok()?,
                None => walk.default_parallelism as u64,
            };
            SparkLayout::sliced(range_rows(*start, *end, *step), slices).map(SourceLayout::Slices)
        }
        // Under a union Spark scans local data as `LocalTableScanExec` does:
        // `min(rows, defaultParallelism)` slices (none for no rows).
        PlanNode::LocalRelation { batches, .. } if walk.in_union => {
            if walk.filtered {
                return None;
            }
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            let slices = rows.min(walk.default_parallelism);
            SparkLayout::sliced(rows as u64, slices as u64).map(SourceLayout::Slices)
        }
        PlanNode::Cached { .. } | PlanNode::ChunkedCached { .. } | PlanNode::Values { .. }
            if walk.in_union =>
        {
            None
        }
        // Elsewhere Spark folds projections and filters of local data into the relation on
        // the driver (`ConvertToLocalRelation`), evaluating them as partition 0.
        PlanNode::LocalRelation { .. }
        | PlanNode::Cached { .. }
        | PlanNode::ChunkedCached { .. }
        | PlanNode::Values { .. }
        | PlanNode::OneRow => Some(SourceLayout::Slices(SparkLayout::single())),
        PlanNode::Repartition {
            input,
            num_partitions: Some(n),
            shuffle: false,
            by,
        } if by.is_empty() => {
            let n = usize::try_from(*n).ok().filter(|n| *n > 0)?;
            // Spark's `CollapseRepartition`: a coalesce of a coalesce coalesces the inner input.
            let input = match &input.node {
                PlanNode::Repartition {
                    input: inner,
                    shuffle: false,
                    by,
                    ..
                } if by.is_empty() => inner,
                _ => input,
            };
            match layout_of(input, walk)? {
                SourceLayout::Slices(l) => Some(SourceLayout::Slices(l.coalesce(n))),
                // ... and drops a coalesce to as many partitions as the shuffle below makes.
                SourceLayout::Hashed(p) if n >= p => Some(SourceLayout::Hashed(p)),
                SourceLayout::Ranged(p) if n >= p => Some(SourceLayout::Ranged(p)),
                shuffled @ (SourceLayout::Hashed(_) | SourceLayout::Ranged(_)) => {
                    Some(SourceLayout::Coalesced {
                        n,
                        input: Box::new(shuffled),
                    })
                }
                round_robin @ SourceLayout::RoundRobin { n: p, .. } if n >= p => Some(round_robin),
                // A union's coalesced partitions are not tracked: Spark's
                // `DefaultPartitionCoalescer` groups those by location with random choices.
                SourceLayout::Union(_)
                | SourceLayout::Coalesced { .. }
                | SourceLayout::Adaptive { .. }
                | SourceLayout::RoundRobin { .. } => None,
            }
        }
        PlanNode::Repartition {
            input,
            num_partitions: Some(n),
            shuffle: true,
            by,
        } if by.is_empty() => {
            let n = usize::try_from(*n).ok().filter(|n| *n > 0)?;
            // The shuffle scans local data in slices, as under a union (not folded).
            let scanned = Walk {
                in_union: true,
                ..walk
            };
            match layout_of(input, scanned)? {
                SourceLayout::Slices(input) => Some(SourceLayout::RoundRobin { n, input }),
                _ => None,
            }
        }
        // A hash or range shuffle numbers its own partitions, whatever its input.
        PlanNode::Repartition {
            input,
            num_partitions,
            shuffle: true,
            by,
        } if !by.is_empty() => {
            let n = match num_partitions {
                Some(n) => usize::try_from(*n).ok().filter(|n| *n > 0)?,
                None => walk.shuffle_partitions,
            };
            let shuffled = if by.iter().any(|e| matches!(e, Expr::SortOrder(_))) {
                SourceLayout::Ranged(n)
            } else {
                SourceLayout::Hashed(n)
            };
            if num_partitions.is_some() || !walk.adaptive {
                return Some(shuffled);
            }
            // The map tasks: the input's partitions, local data scanned in slices.
            let scanned = Walk {
                in_union: true,
                ..walk
            };
            let maps = match layout_of(input, scanned) {
                Some(SourceLayout::Slices(l)) => Some(l),
                _ => None,
            };
            Some(SourceLayout::Adaptive {
                input: Box::new(shuffled),
                maps,
            })
        }
        // `sortWithinPartitions` keeps a shuffle's partitions (the plan layer sorts each).
        PlanNode::Sort {
            input,
            is_global: false,
            ..
        } => match layout_of(input, walk)? {
            shuffled @ (SourceLayout::Hashed(_)
            | SourceLayout::Ranged(_)
            | SourceLayout::RoundRobin { .. }
            | SourceLayout::Coalesced { .. }
            | SourceLayout::Adaptive { .. }) => Some(shuffled),
            _ => None,
        },
        // Filters keep each row's partition (the plan layer tags rows at the source then).
        PlanNode::Filter { input, .. } => layout_of(
            input,
            Walk {
                filtered: true,
                ..walk
            },
        ),
        PlanNode::Project {
            input: Some(input), ..
        }
        | PlanNode::WithColumns { input, .. }
        | PlanNode::WithColumnsRenamed { input, .. }
        | PlanNode::Drop { input, .. }
        | PlanNode::ToDf { input, .. }
        | PlanNode::SubqueryAlias { input, .. }
        | PlanNode::Hint { input, .. }
        | PlanNode::CollectMetrics { input, .. } => layout_of(input, walk),
        PlanNode::Project { input: None, .. } => Some(SourceLayout::Slices(SparkLayout::single())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_slices_match_spark() {
        // Spark 4.3: `spark.range(0, 10, 1, 4)` puts 0-1, 2-4, 5-6, 7-9 in partitions 0-3.
        let l = SparkLayout::sliced(range_rows(0, 10, 1), 4);
        assert_eq!(l.as_ref().map(SparkLayout::starts), Some(&[0, 2, 5, 7][..]));
        assert_eq!(range_rows(0, 10, 3), 4);
        assert_eq!(range_rows(10, 0, 1), 0);
        assert_eq!(range_rows(10, 0, -3), 4);
        assert_eq!(range_rows(i64::MIN, i64::MAX, 1), u64::MAX);
    }

    #[test]
    fn coalesce_groups_neighbours() {
        // Spark 4.3: `spark.range(0, 10, 1, 4).coalesce(3)`: 0-1 | 2-4 | 5-9.
        let l = SparkLayout::sliced(10, 4).map(|l| l.coalesce(3));
        assert_eq!(l.as_ref().map(SparkLayout::starts), Some(&[0, 2, 5][..]));
        let same = SparkLayout::sliced(10, 3).map(|l| l.coalesce(5));
        assert_eq!(same.as_ref().map(SparkLayout::partitions), Some(3));
    }

    #[test]
    fn empty_partitions_are_skipped() {
        // 2 rows in 4 slices: partitions 0 and 2 are empty.
        let Some(l) = SparkLayout::sliced(2, 4) else {
            panic!("layout");
        };
        assert_eq!(l.starts(), &[0, 0, 1, 1]);
        assert_eq!((l.partition_of(0), l.partition_of(1)), (1, 3));
        assert_eq!(l.end_of(1), 1);
        assert_eq!(l.end_of(3), u64::MAX);
    }

    fn local(rows: i32) -> Plan {
        use datafusion::arrow::array::{Int32Array, RecordBatch};
        use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema};
        let schema =
            std::sync::Arc::new(Schema::new(vec![Field::new("a", ArrowType::Int32, true)]));
        let column = std::sync::Arc::new(Int32Array::from((0..rows).collect::<Vec<_>>()));
        let Ok(batch) = RecordBatch::try_new(std::sync::Arc::clone(&schema), vec![column]) else {
            panic!("batch");
        };
        Plan::new(PlanNode::LocalRelation {
            batches: vec![batch],
            arrow_schema: Some(schema),
            schema: None,
        })
    }

    #[test]
    fn local_data_is_one_partition_unless_in_a_union() {
        let project = |input: Plan| PlanNode::Project {
            input: Some(Box::new(input)),
            exprs: vec![],
        };
        let parts = |node: &PlanNode| input_layout(node, 2, 200, true).map(|l| l.partitions());
        assert_eq!(parts(&project(local(5))), Some(1));
        // Spark 4.3: `df.union(df)` of 5 local rows: 2 + 2 partitions; 1 row: 1; none: 0.
        let union = |l: Plan, r: Plan| {
            Plan::new(PlanNode::SetOp {
                left: Box::new(l),
                right: Box::new(r),
                kind: SetOpKind::Union,
                all: true,
                by_name: false,
                allow_missing: false,
            })
        };
        assert_eq!(parts(&project(union(local(5), local(5)))), Some(4));
        assert_eq!(parts(&project(union(local(1), local(0)))), Some(1));
        let filtered = Plan::new(PlanNode::Filter {
            input: Box::new(local(5)),
            condition: sabot_common::spec::Expr::col("a"),
        });
        assert_eq!(parts(&project(union(filtered, local(1)))), None);
    }
}
