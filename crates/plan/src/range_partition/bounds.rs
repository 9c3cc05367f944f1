//! Spark's range bounds (`RangePartitioner`): sample the keys, sort the sample, and cut it into
//! `n` runs of equal weight (`RangePartitioner.determineBounds`); a key's partition is the number
//! of bounds it is greater than (`RangePartitioner.getPartition`).
//!
//! Keys are Arrow row-format rows, whose byte order is the sort order (direction and null
//! placement included), as Spark's `RowOrdering` over the sort expressions.

use datafusion::arrow::row::{OwnedRow, Row};

/// Spark's `spark.sql.execution.rangeExchange.sampleSizePerPartition` (default 100).
const SAMPLE_POINTS_PER_PARTITION: f64 = 100.0;

/// How many keys Spark's sketch keeps at most (`3 * min(100 * n, 1e6)` over all input
/// partitions): below this every key is a candidate, which is Spark's result whenever no input
/// partition holds more rows than its share of the sample (Spark then keeps all keys, each with
/// weight 1, and its bounds do not depend on the random sampling).
pub(crate) fn sample_capacity(partitions: usize) -> usize {
    let sample_size = (SAMPLE_POINTS_PER_PARTITION * partitions as f64).min(1e6);
    (3.0 * sample_size).ceil() as usize
}

/// Spark's `RangePartitioner.determineBounds` with every candidate of weight 1: walk the sorted
/// candidates, and each time the running weight reaches the next multiple of
/// `candidates / partitions` take the key as a bound unless it equals the previous bound.
/// `sorted` must be in ascending row order; at most `partitions - 1` bounds are returned.
pub(crate) fn determine_bounds(sorted: &[Row<'_>], partitions: usize) -> Vec<OwnedRow> {
    // Spark cuts into `min(partitions, candidates)` runs.
    let partitions = partitions.min(sorted.len());
    if partitions <= 1 {
        return Vec::new();
    }
    let step = sorted.len() as f64 / partitions as f64;
    let mut target = step;
    let mut cumulative = 0.0;
    let mut bounds: Vec<OwnedRow> = Vec::with_capacity(partitions - 1);
    for key in sorted {
        if bounds.len() >= partitions - 1 {
            break;
        }
        cumulative += 1.0;
        if cumulative >= target && bounds.last().is_none_or(|b| *key > b.row()) {
            bounds.push(key.owned());
            target += step;
        }
    }
    bounds
}

/// The partition of `key`: how many bounds are less than it.
pub(crate) fn partition_of(bounds: &[OwnedRow], key: Row<'_>) -> usize {
    bounds.partition_point(|b| b.row() < key)
}

/// A reproducible uniform sample of `k` of `total` positions (reservoir sampling, as Spark's
/// `SamplingUtils.reservoirSampleAndCount`, with a fixed seed): Spark's own sample is random.
pub(crate) fn reservoir(total: usize, k: usize) -> Vec<usize> {
    if total <= k {
        return (0..total).collect();
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut chosen: Vec<usize> = (0..k).collect();
    for i in k..total {
        let j = (next() % (i as u64 + 1)) as usize;
        if j < k {
            chosen[j] = i;
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{ArrayRef, Int64Array};
    use datafusion::arrow::compute::SortOptions;
    use datafusion::arrow::datatypes::DataType;
    use datafusion::arrow::row::{RowConverter, Rows, SortField};

    use super::*;

    fn rows(values: &[Option<i64>], descending: bool, nulls_first: bool) -> Rows {
        let options = SortOptions {
            descending,
            nulls_first,
        };
        let converter =
            RowConverter::new(vec![SortField::new_with_options(DataType::Int64, options)]).unwrap();
        let array: ArrayRef = Arc::new(Int64Array::from(values.to_vec()));
        converter.convert_columns(&[array]).unwrap()
    }

    fn partitions(values: &[Option<i64>], n: usize, desc: bool, nulls_first: bool) -> Vec<usize> {
        let keys = rows(values, desc, nulls_first);
        let mut sorted: Vec<Row<'_>> = keys.iter().collect();
        sorted.sort();
        let bounds = determine_bounds(&sorted, n);
        keys.iter().map(|k| partition_of(&bounds, k)).collect()
    }

    #[test]
    fn twenty_keys_in_three_ranges() {
        // Spark 4.3: `spark.range(0, 20, 1, 4).repartitionByRange(3, "id")`: 0-6 | 7-13 | 14-19.
        let values: Vec<Option<i64>> = (0..20).map(Some).collect();
        let p = partitions(&values, 3, false, true);
        assert_eq!(p[6], 0);
        assert_eq!((p[7], p[13]), (1, 1));
        assert_eq!((p[14], p[19]), (2, 2));
    }

    #[test]
    fn descending_nulls_first_with_duplicate_nulls() {
        // Spark 4.3: keys 1, null, 3, null, 2, 5 by `k DESC NULLS FIRST` into 4: 3, 0, 2, 0, 2, 1.
        let values = [Some(1), None, Some(3), None, Some(2), Some(5)];
        assert_eq!(partitions(&values, 4, true, true), [3, 0, 2, 0, 2, 1]);
        // ... and ascending (nulls first) into 2: 0, 0, 1, 0, 1, 1.
        assert_eq!(partitions(&values, 2, false, true), [0, 0, 1, 0, 1, 1]);
    }

    #[test]
    fn repeated_keys_make_fewer_ranges() {
        // Spark 4.3: id % 3 for 10 rows into 5: one partition per distinct key.
        let values: Vec<Option<i64>> = (0..10).map(|i| Some(i % 3)).collect();
        let p = partitions(&values, 5, false, true);
        assert_eq!(&p[..3], &[0, 1, 2]);
        assert!(p.iter().all(|x| *x < 3));
    }

    #[test]
    fn reservoir_is_a_sample_of_distinct_positions() {
        let mut s = reservoir(1000, 30);
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 30);
        assert!(s.iter().all(|i| *i < 1000));
        assert_eq!(reservoir(5, 30), [0, 1, 2, 3, 4]);
    }
}
