//! Java-compatible operations on KLL sketches: reading images, Java's merge order (a merged
//! exact-mode sketch's items are re-inserted in the order Java stores them, which reverses
//! them), Java's `toString` summary, and the level capacities it prints.

use datafusion::common::Result as DfResult;
use datasketches::common::SearchCriteria;
use datasketches::kll::KllSketch;

use super::errors::invalid_buffer;
use super::item::Item;

const FLAG_SINGLE_ITEM: u8 = 4;
const FLAG_LEVEL_ZERO_SORTED: u8 = 2;
const M: u8 = 8;

/// Reads a sketch image; `function` names the caller in the error.
pub(crate) fn read<T: Item>(bytes: &[u8], function: &str) -> DfResult<KllSketch<T>> {
    KllSketch::<T>::deserialize(bytes).map_err(|_| invalid_buffer(function))
}

/// A new empty sketch of `k` (already validated).
pub(crate) fn new_sketch<T: Item>(k: u16) -> DfResult<KllSketch<T>> {
    KllSketch::<T>::new(k).map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))
}

/// The level-0 items of an exact-mode image in Java's storage order.
fn stored_items<T: Item>(image: &[u8]) -> Vec<T> {
    let b = T::BYTES;
    let start = if image.get(3).is_some_and(|f| f & FLAG_SINGLE_ITEM != 0) {
        8
    } else {
        let levels = image.get(18).copied().unwrap_or(1) as usize;
        20 + 4 * levels + 2 * b
    };
    image
        .get(start..)
        .unwrap_or_default()
        .chunks_exact(b)
        .filter_map(T::from_le)
        .collect()
}

/// Java's `merge(other)`: an exact-mode sketch's items are updated in their stored order;
/// an estimation-mode one is merged level by level.
pub(crate) fn java_merge<T: Item>(dst: &mut KllSketch<T>, src: &KllSketch<T>) -> DfResult<()> {
    if src.is_empty() {
        return Ok(());
    }
    if src.is_estimation_mode() {
        return dst
            .merge(src)
            .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()));
    }
    for item in stored_items::<T>(&src.serialize()) {
        dst.update(item);
    }
    Ok(())
}

/// Java's `getQuantile(rank)` (inclusive); `None` for an empty sketch.
pub(crate) fn quantile<T: Item>(s: &KllSketch<T>, rank: f64) -> Option<T> {
    s.quantile(rank, SearchCriteria::Inclusive).ok().flatten()
}

/// Java's `getRank(item)` (inclusive); `None` for an empty sketch.
pub(crate) fn rank<T: Item>(s: &KllSketch<T>, item: &T) -> Option<f64> {
    s.rank(item, SearchCriteria::Inclusive)
}

/// Java's `KllHelper.intCapAuxAux`: `ceil(2k (2/3)^depth) / 2`, rounded as Java does.
fn cap_aux_aux(k: u64, depth: usize) -> u64 {
    let twok = k << 1;
    let tmp = (twok << depth) / 3u64.pow(depth as u32);
    (tmp + 1) >> 1
}

fn cap_at_depth(k: u64, depth: usize) -> u64 {
    if depth <= 30 {
        cap_aux_aux(k, depth)
    } else {
        let half = depth / 2;
        cap_aux_aux(cap_aux_aux(k, half), depth - half)
    }
}

/// Java's `computeTotalItemCapacity(k, m, numLevels)`.
fn total_capacity(k: u16, levels: usize) -> u64 {
    (0..levels)
        .map(|h| cap_at_depth(u64::from(k), levels - h - 1).max(u64::from(M)))
        .sum()
}

/// Java's `KllSketch.toString()` summary (no levels or items).
pub(crate) fn summary<T: Item>(s: &KllSketch<T>, image: &[u8]) -> String {
    let full = !s.is_empty() && s.n() > 1;
    let levels = if full {
        image.get(18).copied().unwrap_or(1) as usize
    } else {
        1
    };
    let sorted = image
        .get(3)
        .is_some_and(|f| f & FLAG_LEVEL_ZERO_SORTED != 0);
    let capacity = total_capacity(s.k(), levels);
    let retained = s.num_retained() as u64;
    let b = T::BYTES as u64;
    let updatable = 20 + (levels as u64 + 1) * 4 + 2 * b + capacity * b;
    let compact = if s.is_empty() {
        8
    } else if s.n() == 1 {
        8 + b
    } else {
        20 + levels as u64 * 4 + (2 + retained) * b
    };
    let item = |v: Option<&T>| v.map_or_else(|| "NaN".to_string(), Item::java);
    let eps = |pmf: bool| {
        let k = f64::from(s.min_k());
        let e = if pmf {
            2.446 / k.powf(0.9433)
        } else {
            2.296 / k.powf(0.9723)
        };
        format!("{:.3}%", e * 100.0)
    };
    let rows = [
        ("K", s.k().to_string()),
        ("Dynamic min K", s.min_k().to_string()),
        ("M", M.to_string()),
        ("N", s.n().to_string()),
        ("Epsilon", eps(false)),
        ("Epsilon PMF", eps(true)),
        ("Empty", s.is_empty().to_string()),
        ("Estimation Mode", s.is_estimation_mode().to_string()),
        ("Levels", levels.to_string()),
        ("Level 0 Sorted", sorted.to_string()),
        ("Capacity Items", capacity.to_string()),
        ("Retained Items", retained.to_string()),
        (
            "Free Space",
            (capacity - retained.min(capacity)).to_string(),
        ),
        ("ReadOnly", "false".to_string()),
        ("Updatable Storage Bytes", updatable.to_string()),
        ("Compact Storage Bytes", compact.to_string()),
        ("Min Item", item(s.min_item())),
        ("Max Item", item(s.max_item())),
    ];
    let mut out = format!("\n### {} Summary:\n", T::SUMMARY_NAME);
    for (name, value) in rows {
        out.push_str(&format!("   {name:<23}: {value}\n"));
    }
    out.push_str("### End sketch summary\n");
    out
}
