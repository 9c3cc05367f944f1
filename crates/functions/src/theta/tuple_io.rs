//! Tuple sketch images as Spark stores them (Java DataSketches' tuple `CompactSketch`: serial
//! version 3, family 9, entries in hash-table order, each a hash and its summary; an empty
//! sketch keeps its seed hash), Spark's tuple errors, and theta sketches read as tuple sketches
//! with a default summary (Java's `Union.union(thetaSketch, summary)`).

use datafusion::common::{DataFusionError, Result as DfResult};
use datasketches::theta::CompactThetaSketch;
use datasketches::tuple::{CompactTupleSketch, TupleSummaryValue};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::sketch_io::LgNom;
use super::tuple_summary::{Num, Summary};
use crate::errors::to_df;

const MAX_THETA: u64 = i64::MAX as u64;
const SEED_HASH: u16 = 0x93cc;
const FLAG_ORDERED: u8 = 0x10;
/// Java's image of an empty tuple sketch (read-only, empty, compact; the seed hash kept).
pub(crate) const EMPTY: [u8; 8] = [1, 3, 9, 1, 0, 0x0e, 0xcc, 0x93];
const THETA_FAMILY: u8 = 3;

pub(crate) type Tuple<T> = CompactTupleSketch<Summary<T>>;

/// `TUPLE_INVALID_INPUT_SKETCH_BUFFER`.
pub(crate) fn invalid_buffer(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "TUPLE_INVALID_INPUT_SKETCH_BUFFER",
        "22000",
        format!(
            "Invalid call to `{function}`; only valid Tuple sketch buffers are supported as inputs (such as those produced by the corresponding `tuple_sketch_agg_*` function)."
        ),
    )
    .param("function", format!("`{function}`"))
}

/// `TUPLE_INVALID_INPUT_SKETCH_BUFFER_FAMILY`: a theta sketch where a tuple sketch belongs.
fn wrong_family(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "TUPLE_INVALID_INPUT_SKETCH_BUFFER_FAMILY",
        "22000",
        format!(
            "Invalid call to `{function}`: expected TUPLE sketch family but received COMPACT. Only valid Tuple sketch buffers (produced by `tuple_sketch_agg_*` functions) are supported as inputs."
        ),
    )
    .param("function", format!("`{function}`"))
    .param("actualFamily", "COMPACT")
}

/// Reads a tuple sketch image, with Spark's errors for anything else.
pub(crate) fn read<T: Num>(function: &str, bytes: &[u8]) -> DfResult<Tuple<T>> {
    Tuple::<T>::deserialize(bytes).map_err(|_| {
        if bytes.get(2) == Some(&THETA_FAMILY) {
            to_df(wrong_family(function))
        } else {
            to_df(invalid_buffer(function))
        }
    })
}

/// A tuple sketch from its parts, through its image.
fn from_parts<T: Num>(
    entries: impl Iterator<Item = (u64, Summary<T>)>,
    count: usize,
    theta: u64,
) -> DfResult<Tuple<T>> {
    let mut b = datasketches::codec::SketchBytes::with_capacity(24 + count * (9 + T::SIZE));
    let estimating = theta < MAX_THETA;
    b.write_u8(if estimating { 3 } else { 2 });
    b.write(&[3, 9, 1, 0, 0x0a]);
    b.write_u16_le(SEED_HASH);
    b.write_u32_le(count as u32);
    b.write_u32_le(0);
    if estimating {
        b.write_u64_le(theta);
    }
    for (h, s) in entries {
        b.write_u64_le(h);
        s.serialize_value(&mut b);
    }
    Tuple::<T>::deserialize(&b.into_bytes())
        .map_err(|e| DataFusionError::Internal(format!("tuple sketch: {e}")))
}

/// A theta sketch's keys as a tuple sketch whose summaries are all `summary`.
pub(crate) fn from_theta<T: Num>(
    s: &CompactThetaSketch,
    summary: Summary<T>,
) -> DfResult<Tuple<T>> {
    if s.is_empty() {
        return Tuple::<T>::deserialize(&EMPTY)
            .map_err(|e| DataFusionError::Internal(format!("tuple sketch: {e}")));
    }
    from_parts(
        s.iter().map(|e| (e.hash(), summary)),
        s.num_retained(),
        s.theta64(),
    )
}

/// Keeps the `k` smallest hashes (the next one becomes theta), as Java's union `getResult`.
pub(crate) fn trim<T: Num>(s: Tuple<T>, lg: LgNom) -> DfResult<Tuple<T>> {
    if s.num_retained() <= lg.k() {
        return Ok(s);
    }
    let mut hashes: Vec<u64> = s.iter().map(|e| e.hash()).collect();
    hashes.sort_unstable();
    let theta = hashes[lg.k()].min(s.theta64());
    let kept: Vec<(u64, Summary<T>)> = s
        .iter()
        .filter(|e| e.hash() < theta)
        .map(|e| (e.hash(), *e.summary()))
        .collect();
    from_parts(kept.iter().copied(), kept.len(), theta)
}

/// The entries in the slot order of Java's intersection hash table (`HashTables`: sized for
/// the entry count at 3/4 load, at least 16 slots; linear probing with Java's stride), which
/// is the order Java's `Intersection.getResult` writes them in.
pub(crate) fn java_intersection_order<T: Num>(s: Tuple<T>) -> DfResult<Tuple<T>> {
    let n = s.num_retained();
    if n < 2 {
        return Ok(s);
    }
    let slots = (n * 4).div_ceil(3).next_power_of_two().max(16);
    let lg = slots.trailing_zeros();
    let mask = slots - 1;
    let mut table: Vec<Option<(u64, Summary<T>)>> = vec![None; slots];
    for e in s.iter() {
        let h = e.hash();
        let stride = 2 * ((h >> lg) & 0x7f) as usize + 1;
        let mut i = (h as usize) & mask;
        while table[i].is_some() {
            i = (i + stride) & mask;
        }
        table[i] = Some((h, *e.summary()));
    }
    from_parts(table.into_iter().flatten(), n, s.theta64())
}

/// Java's image of a non-empty sketch without entries (an intersection of disjoint sketches).
const NON_EMPTY_NONE: [u8; 16] = [2, 3, 9, 1, 0, 0x0a, 0xcc, 0x93, 0, 0, 0, 0, 0, 0, 0, 0];

/// Spark's image of an intersection: `None` when nothing was intersected. Without entries it
/// is empty only if an input was (Java), whereas the Rust port calls it empty.
pub(crate) fn write_intersection<T: Num>(
    s: Option<Tuple<T>>,
    any_empty: bool,
) -> DfResult<Vec<u8>> {
    Ok(match s {
        None => EMPTY.to_vec(),
        Some(s) if s.num_retained() == 0 && s.theta64() == MAX_THETA && !any_empty => {
            NON_EMPTY_NONE.to_vec()
        }
        Some(s) => write(&java_intersection_order(s)?),
    })
}

/// Spark's image of a result sketch. Java writes a set operation's result without entries
/// as an empty sketch only for differences (`zero_is_empty`); intersections keep it
/// non-empty.
pub(crate) fn write_as<T: Num>(s: &Tuple<T>, zero_is_empty: bool) -> Vec<u8> {
    if zero_is_empty && s.num_retained() == 0 && s.theta64() == MAX_THETA {
        return EMPTY.to_vec();
    }
    write(s)
}

/// Spark's image of a result sketch.
pub(crate) fn write<T: Num>(s: &Tuple<T>) -> Vec<u8> {
    if s.is_empty() {
        return EMPTY.to_vec();
    }
    let mut b = s.serialize();
    // Java's tuple images carry no ordered flag.
    if let Some(flags) = b.get_mut(5) {
        *flags &= !FLAG_ORDERED;
    }
    b
}
