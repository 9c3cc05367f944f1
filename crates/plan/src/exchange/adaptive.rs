//! Spark's adaptive coalescing of a shuffle's partitions (`CoalesceShufflePartitions` with
//! `ShufflePartitionsUtil.coalescePartitions`): once a shuffle has run, neighbouring partitions
//! are read together until a group would pass the target size, so a shuffle that names no
//! partition count (`repartition(cols)`, `DISTRIBUTE BY`, `repartitionByRange(cols)`) of a small
//! input yields one partition (a write makes one file) rather than `spark.sql.shuffle.partitions`.
//!
//! Spark sizes a partition by its compressed shuffle bytes; Sabot has no shuffle files, so it
//! estimates them from the Arrow data ([`shuffle_bytes`]).

use std::ops::Range;

use datafusion::arrow::array::{Array, RecordBatch};

/// The settings of Spark's rule, read from the session (`spark.sql.adaptive.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd)]
pub struct AdaptiveCoalesce {
    /// `spark.sql.adaptive.advisoryPartitionSizeInBytes` (64 MB).
    pub advisory_size: u64,
    /// `spark.sql.adaptive.coalescePartitions.minPartitionSize` (1 MB).
    pub min_partition_size: u64,
    /// With `spark.sql.adaptive.coalescePartitions.parallelismFirst` (the default),
    /// `...coalescePartitions.minPartitionNum` or the default parallelism; else 1.
    pub min_partitions: usize,
    /// Sabot: the most shuffle output (estimated bytes) held back to coalesce; a larger
    /// shuffle keeps its partitions (`sabot.sql.adaptive.coalesceBufferSize`, 256 MB).
    pub buffer_limit: u64,
}

/// Sabot's default `buffer_limit`.
pub const DEFAULT_BUFFER_LIMIT: u64 = 256 << 20;

impl Default for AdaptiveCoalesce {
    fn default() -> Self {
        Self {
            advisory_size: 64 << 20,
            min_partition_size: 1 << 20,
            min_partitions: 2,
            buffer_limit: DEFAULT_BUFFER_LIMIT,
        }
    }
}

impl AdaptiveCoalesce {
    /// The target size of a coalesced partition for a shuffle of `total` bytes: the total
    /// spread over the minimum partition count, at most the advisory size, at least the
    /// minimum partition size (and 16 bytes, so that an empty shuffle makes one group).
    pub fn target_size(&self, total: u64) -> u64 {
        let spread = total.div_ceil(self.min_partitions.max(1) as u64).max(16);
        spread.min(self.advisory_size).max(self.min_partition_size)
    }

    /// The shuffle partitions (by their sizes) each coalesced partition reads: contiguous
    /// runs, a new run started when adding a partition would pass the target size; runs with
    /// no bytes are dropped, but there is always at least one.
    /// Each size is first rounded as Spark's `MapStatus` records it.
    pub fn groups(&self, sizes: &[u64]) -> Vec<Range<usize>> {
        let sizes: Vec<u64> = sizes.iter().map(|s| map_status_size(*s)).collect();
        let target = self.target_size(sizes.iter().sum());
        let mut groups = Vec::new();
        let (mut start, mut size) = (0, 0u64);
        for (i, s) in sizes.iter().copied().enumerate() {
            if i > start && size + s > target {
                if size > 0 {
                    groups.push(start..i);
                }
                (start, size) = (i, s);
            } else {
                size += s;
            }
        }
        if size > 0 || groups.is_empty() {
            groups.push(start..sizes.len());
        }
        groups
    }
}

/// A block size as Spark's `MapStatus` keeps it: one byte, the exponent of the next power of
/// 1.1 (`MapStatus.compressSize` / `decompressSize`), so partitions of similar sizes count as
/// equal and a shuffle of evenly spread rows splits evenly.
fn map_status_size(size: u64) -> u64 {
    if size <= 1 {
        return size;
    }
    let exponent = ((size as f64).ln() / 1.1f64.ln()).ceil().min(255.0);
    1.1f64.powf(exponent) as u64
}

/// Spark's compressed shuffle bytes of `batch`'s rows, estimated: the Arrow data of its
/// columns (all but `skip`) over [`COMPRESSION`]. Spark writes rows as `UnsafeRow`s compressed
/// with LZ4, so its bytes depend on the data: on a Spark 4.3 probe (`repartition(col)` of
/// `range` data, the row count at which a second partition starts) a row took 3 bytes for a
/// sequential `BIGINT`, 5 for a random one, 3.7 for a 21-character text and 36 for a
/// 64-character hex digest, where Arrow holds 8, 8, 25 and 68.
pub fn shuffle_bytes(batch: &RecordBatch, skip: Option<usize>) -> u64 {
    let data: usize = batch
        .columns()
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, c)| {
            c.to_data()
                .get_slice_memory_size()
                .unwrap_or_else(|_| c.get_array_memory_size())
        })
        .sum();
    (data as f64 / COMPRESSION).ceil() as u64
}

/// How much smaller Spark's compressed rows are than Arrow's data of them (see
/// [`shuffle_bytes`]).
pub const COMPRESSION: f64 = 2.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(min_partitions: usize) -> AdaptiveCoalesce {
        AdaptiveCoalesce {
            min_partitions,
            ..AdaptiveCoalesce::default()
        }
    }

    #[test]
    fn small_shuffles_make_one_partition() {
        let mb = 1 << 20;
        assert_eq!(rule(2).groups(&[10, 0, 30, 5]), vec![0..4]);
        // All empty: one (empty) partition, as Spark.
        assert_eq!(rule(2).groups(&[0, 0, 0]), vec![0..3]);
        assert_eq!(rule(2).groups(&[]), vec![0..0]);
        // A run closes before the partition that would pass the target; a run of empty
        // partitions closed that way is dropped.
        assert_eq!(rule(2).groups(&[mb, 0, 0, mb, 0]), [0..3, 3..5]);
        assert_eq!(rule(2).groups(&[0, 0, 3 * mb, mb]), [2..3, 3..4]);
    }

    #[test]
    fn sizes_are_rounded_as_map_statuses() {
        // MapStatusSuite: decompress(compress(x)) is within 10% above x.
        assert_eq!(map_status_size(0), 0);
        assert_eq!(map_status_size(1), 1);
        assert_eq!(map_status_size(1000), 1051);
        for x in [2u64, 150, 1 << 20, 123_456_789] {
            let r = map_status_size(x);
            assert!(r >= x && (r as f64) <= x as f64 * 1.1 + 1.0, "{x} -> {r}");
        }
        // Evenly spread rows split in two halves, not two halves and a remainder.
        let mb = 1 << 20;
        let sizes: Vec<u64> = (0..200).map(|i| 15_000 + (i % 7) * 10).collect();
        let r = AdaptiveCoalesce {
            min_partition_size: mb,
            ..rule(2)
        };
        assert_eq!(r.groups(&sizes).len(), 2);
    }

    #[test]
    fn target_follows_spark() {
        let mb: u64 = 1 << 20;
        // ShufflePartitionsUtilSuite: sizes [100, 20, 100, 10, 30] MiB, target 128 MiB.
        let r = AdaptiveCoalesce {
            advisory_size: 128 * mb,
            min_partition_size: 0,
            min_partitions: 1,
            buffer_limit: DEFAULT_BUFFER_LIMIT,
        };
        let sizes: Vec<u64> = [110, 30, 170, 15, 35].iter().map(|s| s * mb).collect();
        assert_eq!(r.groups(&sizes), [0..1, 1..2, 2..3, 3..5]);
        // parallelism first: 10 MB over 2 partitions targets 5 MB.
        assert_eq!(rule(2).target_size(10 * mb), 5 * mb);
        assert_eq!(rule(2).target_size(mb / 2), mb);
        assert_eq!(rule(2).target_size(1 << 40), 64 * mb);
    }
}
