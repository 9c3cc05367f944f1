//! Theta sketch images as Spark stores them (Java DataSketches' `CompactSketch`: ordered,
//! `toByteArrayCompressed`, i.e. serial version 4 when it has two or more entries, the
//! single-item or empty serial version 3 image otherwise), Spark's sketch errors and the
//! `lgNomEntries` parameter.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use datasketches::theta::{
    CompactThetaSketch, ThetaSketch, ThetaSketchBuilder, ThetaUnion, ThetaUnionBuilder,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::aggregate::params::constant;

/// Spark's default `lgNomEntries` (`ThetaSketchUtils.DEFAULT_LG_NOM_LONGS`).
pub(crate) const DEFAULT_LG: u8 = 12;
const MIN_LG: i32 = 4;
const MAX_LG: i32 = 26;
/// The Rust port's smallest `lg_k`; Spark's `lgNomEntries = 4` runs at 5 and trims the result
/// to 16 entries, as Java's union `getResult` does.
const MIN_CRATE_LG: u8 = 5;
/// The image of an empty sketch (Java writes a zero seed hash).
pub(crate) const EMPTY: [u8; 8] = [1, 3, 3, 0, 0, 0x1e, 0, 0];
/// Java's `SINGLEITEM` flag, set on one-entry exact images.
const FLAG_SINGLE_ITEM: u8 = 0x20;
const MAX_THETA: u64 = i64::MAX as u64;

/// `SKETCH_INVALID_LG_NOM_ENTRIES` (raised when the aggregate or function runs).
pub(crate) fn invalid_lg(function: &str, lg: i32) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "SKETCH_INVALID_LG_NOM_ENTRIES",
        "22003",
        format!(
            "Invalid call to `{function}`; the `lgNomEntries` value must be between {MIN_LG} and {MAX_LG}, inclusive: {lg}."
        ),
    )
    .param("function", format!("`{function}`"))
    .param("min", MIN_LG.to_string())
    .param("max", MAX_LG.to_string())
    .param("value", lg.to_string())
}

/// `THETA_INVALID_INPUT_SKETCH_BUFFER`.
pub(crate) fn invalid_buffer(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "THETA_INVALID_INPUT_SKETCH_BUFFER",
        "22000",
        format!(
            "Invalid call to `{function}`; only valid Theta sketch buffers are supported as inputs (such as those produced by the `theta_sketch_agg` function)."
        ),
    )
    .param("function", format!("`{function}`"))
}

/// `THETA_LG_NOM_ENTRIES_MUST_BE_CONSTANT`.
fn lg_not_constant(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "THETA_LG_NOM_ENTRIES_MUST_BE_CONSTANT",
        "42K0E",
        format!(
            "Invalid call to `{function}`; the `lgNomEntries` value must be a constant value, but got a non-constant expression."
        ),
    )
    .param("function", format!("`{function}`"))
}

/// A validated `lgNomEntries`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct LgNom(pub u8);

impl LgNom {
    /// Checks Spark's range (a NULL reads as 0, as Spark's `eval().asInstanceOf[Int]`).
    pub(crate) fn checked(function: &str, lg: Option<i32>) -> Result<Self> {
        let lg = lg.unwrap_or(0);
        if (MIN_LG..=MAX_LG).contains(&lg) {
            Ok(Self(lg as u8))
        } else {
            Err(invalid_lg(function, lg))
        }
    }

    /// The number of entries results keep.
    pub(crate) fn k(self) -> usize {
        1 << self.0
    }

    pub(crate) fn crate_lg(self) -> u8 {
        self.0.max(MIN_CRATE_LG)
    }

    pub(crate) fn new_sketch(self) -> DfResult<ThetaSketch> {
        ThetaSketchBuilder::default()
            .lg_k(self.crate_lg())
            .build()
            .map_err(internal)
    }

    pub(crate) fn new_union(self) -> DfResult<ThetaUnion> {
        ThetaUnionBuilder::default()
            .lg_k(self.crate_lg())
            .build()
            .map_err(internal)
    }
}

/// A DataSketches error that Spark's checks exclude beforehand.
pub(crate) fn internal(e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Internal(format!("theta sketch: {e}"))
}

/// The `lgNomEntries` argument: an INT constant (Spark: `THETA_LG_NOM_ENTRIES_MUST_BE_CONSTANT`
/// otherwise, `DATATYPE_MISMATCH` for another type); its range is checked when the call runs.
pub(crate) fn lg_arg(
    function: &str,
    e: Option<&DfExpr>,
    t: Option<&ArrowType>,
) -> Result<Option<i32>> {
    let (Some(e), Some(t)) = (e, t) else {
        return Ok(Some(i32::from(DEFAULT_LG)));
    };
    if !matches!(
        t,
        ArrowType::Int32 | ArrowType::Int16 | ArrowType::Int8 | ArrowType::Null
    ) {
        return Err(crate::errors::unexpected_input_type(
            function,
            format!(
                "The second parameter requires the \"INT\" type, however the lgNomEntries has the type {t}"
            ),
        ));
    }
    match constant(e).map(|v| v.cast_to(&ArrowType::Int32)) {
        Some(Ok(ScalarValue::Int32(v))) => Ok(v),
        _ => Err(lg_not_constant(function)),
    }
}

/// `THETA_INVALID_INPUT_SKETCH_BUFFER_FAMILY`: a tuple sketch where a theta sketch belongs.
fn wrong_family(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "THETA_INVALID_INPUT_SKETCH_BUFFER_FAMILY",
        "22000",
        format!(
            "Invalid call to `{function}`: expected COMPACT sketch family but received TUPLE. Only valid Theta sketch buffers (produced by `theta_sketch_agg`) are supported as inputs."
        ),
    )
    .param("function", format!("`{function}`"))
    .param("actualFamily", "TUPLE")
}

/// The family byte of tuple sketch images.
const TUPLE_FAMILY: u8 = 9;

/// Reads a sketch image, with Spark's errors for anything else.
pub(crate) fn read(function: &str, bytes: &[u8]) -> Result<CompactThetaSketch> {
    CompactThetaSketch::deserialize(bytes).map_err(|_| {
        if bytes.get(2) == Some(&TUPLE_FAMILY) {
            wrong_family(function)
        } else {
            invalid_buffer(function)
        }
    })
}

/// A compact sketch from its parts, through the plain (serial version 3) image.
fn from_parts(hashes: &[u64], theta: u64, seed_hash: u16) -> Option<CompactThetaSketch> {
    let estimating = theta < MAX_THETA;
    let pre_longs: u8 = if estimating { 3 } else { 2 };
    let mut b = vec![pre_longs, 3, 3, 0, 0, 0x1a];
    b.extend_from_slice(&seed_hash.to_le_bytes());
    b.extend_from_slice(&(hashes.len() as u32).to_le_bytes());
    b.extend_from_slice(&0u32.to_le_bytes());
    if estimating {
        b.extend_from_slice(&theta.to_le_bytes());
    }
    for h in hashes {
        b.extend_from_slice(&h.to_le_bytes());
    }
    CompactThetaSketch::deserialize(&b).ok()
}

/// Keeps the `k` smallest hashes (the next one becomes theta), as Java's union `getResult`.
pub(crate) fn trim(s: CompactThetaSketch, lg: LgNom) -> CompactThetaSketch {
    if s.num_retained() <= lg.k() {
        return s;
    }
    let mut hashes: Vec<u64> = s.iter().map(|e| e.hash()).collect();
    hashes.sort_unstable();
    let theta = hashes[lg.k()].min(s.theta64());
    hashes.truncate(lg.k());
    from_parts(&hashes, theta, s.seed_hash()).unwrap_or(s)
}

/// Spark's image of a result sketch.
pub(crate) fn write(s: &CompactThetaSketch) -> Vec<u8> {
    if s.is_empty() || (s.num_retained() == 0 && s.theta64() == MAX_THETA) {
        return EMPTY.to_vec();
    }
    let mut b = if s.is_ordered() {
        s.serialize_compressed()
    } else {
        let mut hashes: Vec<u64> = s.iter().map(|e| e.hash()).collect();
        hashes.sort_unstable();
        match from_parts(&hashes, s.theta64(), s.seed_hash()) {
            Some(o) => o.serialize_compressed(),
            None => s.serialize(),
        }
    };
    // Java marks a one-entry exact image `SINGLEITEM`; the Rust port does not.
    if b.len() == 16 && b[0] == 1 && b[1] == 3 {
        b[5] |= FLAG_SINGLE_ITEM;
    }
    b
}

/// A sketch's image as a Spark result (a theta sketch in estimation mode cut to `lg`).
pub(crate) fn result_bytes(s: CompactThetaSketch, lg: LgNom) -> Vec<u8> {
    write(&trim(s, lg))
}

/// Java's `Math.round` of an estimate.
pub(crate) fn round_estimate(e: f64) -> i64 {
    (e + 0.5).floor() as i64
}

/// Evaluates a sketch scalar row by row: `f` gets the row's sketch images (the row is NULL
/// when any argument is) and gives a value of type `ret` (or `None` for NULL).
pub(super) fn sketch_rows(
    args: &datafusion::logical_expr::ScalarFunctionArgs,
    ret: &ArrowType,
    f: impl Fn(&[&[u8]]) -> DfResult<Option<ScalarValue>>,
) -> DfResult<datafusion::logical_expr::ColumnarValue> {
    use datafusion::arrow::array::{Array, AsArray, new_empty_array};
    use datafusion::logical_expr::ColumnarValue;

    let arrays = ColumnarValue::values_to_arrays(&args.args)?;
    let columns = arrays
        .iter()
        .map(|a| {
            a.as_binary_opt::<i32>()
                .ok_or_else(|| internal("a sketch argument is not binary"))
        })
        .collect::<DfResult<Vec<_>>>()?;
    let null = ScalarValue::try_from(ret)?;
    let values = (0..args.number_rows)
        .map(|row| {
            let images: Option<Vec<&[u8]>> = columns
                .iter()
                .map(|c| (!c.is_null(row)).then(|| c.value(row)))
                .collect();
            Ok(match images {
                Some(i) => f(&i)?.unwrap_or_else(|| null.clone()),
                None => null.clone(),
            })
        })
        .collect::<DfResult<Vec<_>>>()?;
    let out = if values.is_empty() {
        new_empty_array(ret)
    } else {
        ScalarValue::iter_to_array(values)?
    };
    crate::utils::columnar(out, &args.args)
}
