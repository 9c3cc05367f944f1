//! `coalesce(n)` of a shuffle's partitions, as Spark groups them: Spark's
//! `DefaultPartitionCoalescer` with every non-empty shuffle partition at the one host of a
//! local Spark (a reducer with rows prefers the host holding its map outputs; an empty one has
//! no preference). Its choices are drawn from `java.util.Random(7919)`, so they are
//! reproducible; they depend on which partitions have rows, known only when the shuffle ran
//! (see [`super::coalesce_exec`]).

use std::sync::Arc;

use datafusion::logical_expr::{Extension, LogicalPlan};
use sabot_common::Result;

use super::coalesce_exec::{CoalesceTagNode, Grouping};
use crate::error::from_datafusion;
use crate::exchange::AdaptiveCoalesce;

/// `java.util.Random`: Spark's coalescer draws from `new scala.util.Random(7919)`.
struct JavaRandom(u64);

const MASK: u64 = (1 << 48) - 1;

impl JavaRandom {
    fn new(seed: u64) -> Self {
        Self((seed ^ 0x5_DEEC_E66D) & MASK)
    }

    fn next(&mut self, bits: u32) -> i64 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & MASK;
        // At most 31 bits: non-negative as Java's int.
        (self.0 >> (48 - bits)) as i64
    }

    /// `Random.nextInt(bound)` for `bound > 0`.
    fn next_int(&mut self, bound: usize) -> usize {
        let bound = bound as i64;
        if bound & -bound == bound {
            return ((bound * self.next(31)) >> 31) as usize;
        }
        loop {
            let bits = self.next(31);
            let value = bits % bound;
            // Java's overflow test `bits - val + (bound - 1) < 0`.
            if bits - value + (bound - 1) < (1 << 31) {
                return value as usize;
            }
        }
    }
}

/// Spark's `DefaultPartitionCoalescer.coalesce(n, parent)` for `parents` shuffle partitions of
/// which `has_rows` tells the non-empty ones: the parent partitions of each output partition,
/// in the order the output partition reads them (empty groups dropped, as Spark does).
pub(crate) fn coalesce_groups(parents: usize, has_rows: &[bool], n: usize) -> Vec<Vec<usize>> {
    let target = parents.min(n);
    let with_rows: Vec<usize> = (0..parents)
        .filter(|p| has_rows.get(*p).copied().unwrap_or(false))
        .collect();
    if target == 0 {
        return Vec::new();
    }
    if with_rows.is_empty() {
        // No locations: neighbouring partitions by position (`throwBalls` without locality).
        return (0..target)
            .map(|i| (i * parents / target..(i + 1) * parents / target).collect())
            .filter(|g: &Vec<usize>| !g.is_empty())
            .collect();
    }
    let mut rnd = JavaRandom::new(7919);
    let mut assigned = vec![false; parents];
    // `setupGroups`: the first partition with a location makes the host's group; the other
    // groups copy the location of a random partition (taking it if still free).
    let mut groups: Vec<Vec<usize>> = vec![vec![with_rows[0]]];
    assigned[with_rows[0]] = true;
    while groups.len() < target {
        let p = with_rows[rnd.next_int(with_rows.len())];
        let mut group = Vec::new();
        if !assigned[p] {
            assigned[p] = true;
            group.push(p);
        }
        groups.push(group);
    }
    // `throwBalls`: fill the empty groups, first from the located partitions, then from the
    // others, each iterator shared across the groups.
    let mut located = with_rows.iter().copied();
    let mut unlocated = (0..parents).filter(|p| !has_rows.get(*p).copied().unwrap_or(false));
    for source in [
        &mut located as &mut dyn Iterator<Item = usize>,
        &mut unlocated,
    ] {
        for group in groups.iter_mut().filter(|g| g.is_empty()) {
            for p in &mut *source {
                if !assigned[p] {
                    assigned[p] = true;
                    group.push(p);
                    break;
                }
            }
        }
    }
    // `pickBin` for the rest: the less loaded of two random groups, unless the least loaded
    // group at the partition's location (every group's, here) is lighter by the slack.
    let slack = (0.1 * parents as f64) as usize;
    let rest: Vec<usize> = (0..parents).filter(|p| !assigned[*p]).collect();
    for p in rest {
        let preferred = has_rows
            .get(p)
            .copied()
            .unwrap_or(false)
            .then(|| least_loaded(&groups));
        let (r1, r2) = (rnd.next_int(groups.len()), rnd.next_int(groups.len()));
        let power_of_two = if groups[r1].len() < groups[r2].len() {
            r1
        } else {
            r2
        };
        let bin = match preferred {
            Some(pref) if groups[power_of_two].len() + slack > groups[pref].len() => pref,
            _ => power_of_two,
        };
        groups[bin].push(p);
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// The first group with the fewest partitions (Scala's `min` keeps the first).
fn least_loaded(groups: &[Vec<usize>]) -> usize {
    let mut best = 0;
    for (i, g) in groups.iter().enumerate() {
        if g.len() < groups[best].len() {
            best = i;
        }
    }
    best
}

/// `tagged` (rows tagged with their shuffle partition in `column`) regrouped into Spark's
/// coalesced partitions, numbered from `first`. `parents`: the shuffle's partition count, or
/// none when it is the number of partitions found (a range shuffle's ranges).
pub(crate) fn coalesce_tagged(
    tagged: LogicalPlan,
    column: &str,
    parents: Option<usize>,
    n: usize,
    first: usize,
) -> Result<LogicalPlan> {
    let node = CoalesceTagNode::try_new(
        tagged,
        column.to_string(),
        parents,
        Grouping::Coalesce(n),
        first,
    )
    .map_err(from_datafusion)?;
    Ok(LogicalPlan::Extension(Extension {
        node: Arc::new(node),
    }))
}

/// `tagged` (rows tagged with their shuffle partition in `column`, or with
/// `map * parents + partition` when `by_map`) regrouped as Spark's adaptive execution
/// coalesces a shuffle without a count, numbered from `first`.
pub(crate) fn coalesce_tagged_adaptive(
    tagged: LogicalPlan,
    column: &str,
    parents: usize,
    by_map: bool,
    rule: AdaptiveCoalesce,
    first: usize,
) -> Result<LogicalPlan> {
    let node = CoalesceTagNode::try_new(
        tagged,
        column.to_string(),
        Some(parents),
        Grouping::Adaptive { rule, by_map },
        first,
    )
    .map_err(from_datafusion)?;
    Ok(LogicalPlan::Extension(Extension {
        node: Arc::new(node),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(parents: usize, empty: &[usize], n: usize) -> Vec<Vec<usize>> {
        let has_rows: Vec<bool> = (0..parents).map(|p| !empty.contains(&p)).collect();
        coalesce_groups(parents, &has_rows, n)
    }

    #[test]
    fn groups_match_spark() {
        // Spark 4.3 (`local[2]`): `spark.range(0, rows, 1, 4).repartition(parents, "id")
        // .coalesce(n)` reads these shuffle partitions per output partition.
        assert_eq!(groups(3, &[], 2), [vec![0, 1], vec![2]]);
        assert_eq!(groups(7, &[], 3), [vec![0, 3], vec![1, 4, 6], vec![2, 5]]);
        assert_eq!(
            groups(10, &[], 4),
            [vec![0, 3, 8], vec![1, 4, 9], vec![2, 5], vec![6, 7]]
        );
        assert_eq!(
            groups(12, &[], 5),
            [
                vec![0, 3, 10],
                vec![5, 6, 11],
                vec![2, 7],
                vec![4, 8],
                vec![1, 9]
            ]
        );
        assert_eq!(
            groups(16, &[], 6),
            [
                vec![0, 1, 12],
                vec![2, 3, 13],
                vec![7, 4, 14],
                vec![6, 8, 15],
                vec![5, 9],
                vec![11, 10]
            ]
        );
    }

    #[test]
    fn empty_partitions_have_no_location() {
        // 6 rows in 8 partitions (1, 2, 6 and 7 empty by Spark's hash of 0..5) into 3.
        assert_eq!(
            groups(8, &[1, 2, 6, 7], 3),
            [vec![0, 1], vec![4, 2, 6], vec![3, 5, 7]]
        );
        assert_eq!(
            groups(6, &[0, 3, 4], 4),
            [vec![1], vec![5, 4], vec![0, 3], vec![2]]
        );
        assert_eq!(groups(4, &[0, 1, 2, 3], 2), [vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn java_random_matches_java() {
        // Java 17: `new java.util.Random(7919)`: nextInt(3), (2), (2), (10), (1000).
        let mut r = JavaRandom::new(7919);
        let drawn: Vec<usize> = [3, 2, 2, 10, 1000].iter().map(|b| r.next_int(*b)).collect();
        assert_eq!(drawn, [2, 0, 0, 4, 235]);
    }
}
