//! The three item types of Spark's KLL functions (`_bigint` over Java's `KllLongsSketch`,
//! `_double` over `KllDoublesSketch`, `_float` over `KllFloatsSketch`): their Arrow types,
//! little-endian item bytes and Java's printing.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float32Array, Float64Array, Int64Array};
use datafusion::arrow::datatypes::{DataType, Float32Type, Float64Type, Int64Type};
use datafusion::common::ScalarValue;
use datasketches::kll::{KllFloat, KllValue};
use sabot_common::numbers::{java_double_string, java_float_string};

/// Which sketch family a function works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    Bigint,
    Double,
    Float,
}

impl Ty {
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Ty::Bigint => "bigint",
            Ty::Double => "double",
            Ty::Float => "float",
        }
    }

    /// The Arrow type of the items (quantiles).
    pub(crate) fn arrow(self) -> DataType {
        match self {
            Ty::Bigint => DataType::Int64,
            Ty::Double => DataType::Float64,
            Ty::Float => DataType::Float32,
        }
    }
}

/// A sketch item type.
pub(crate) trait Item:
    KllValue + Ord + Clone + Send + Sync + std::fmt::Debug + 'static
{
    /// Java's class name as its `toString` prints it.
    const SUMMARY_NAME: &'static str;
    /// Bytes per item in Java's images.
    const BYTES: usize;
    /// The items of an (already cast) input column, NULLs and NaNs skipped as Java's
    /// `update` ignores NaN.
    fn values(a: &ArrayRef) -> Vec<Self>;
    /// One item from its little-endian bytes (None for NaN).
    fn from_le(b: &[u8]) -> Option<Self>;
    /// The item of a non-NULL scalar of the item's Arrow type.
    fn from_scalar(v: &ScalarValue) -> Option<Self>;
    /// An Arrow array of optional items.
    fn array(v: Vec<Option<Self>>) -> ArrayRef;
    /// Java's `toString` of the item.
    fn java(&self) -> String;
}

impl Item for i64 {
    const SUMMARY_NAME: &'static str = "KllKllLongsSketch";
    const BYTES: usize = 8;

    fn values(a: &ArrayRef) -> Vec<Self> {
        a.as_primitive::<Int64Type>().iter().flatten().collect()
    }

    fn from_le(b: &[u8]) -> Option<Self> {
        b.try_into().ok().map(i64::from_le_bytes)
    }

    fn from_scalar(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Int64(v) => *v,
            _ => None,
        }
    }

    fn array(v: Vec<Option<Self>>) -> ArrayRef {
        Arc::new(Int64Array::from(v))
    }

    fn java(&self) -> String {
        self.to_string()
    }
}

impl Item for KllFloat<f64> {
    const SUMMARY_NAME: &'static str = "KllKllDoublesSketch";
    const BYTES: usize = 8;

    fn values(a: &ArrayRef) -> Vec<Self> {
        a.as_primitive::<Float64Type>()
            .iter()
            .flatten()
            .filter_map(|v| KllFloat::<f64>::new(v).ok())
            .collect()
    }

    fn from_le(b: &[u8]) -> Option<Self> {
        let v = f64::from_le_bytes(b.try_into().ok()?);
        KllFloat::<f64>::new(v).ok()
    }

    fn from_scalar(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Float64(Some(v)) => KllFloat::<f64>::new(*v).ok(),
            _ => None,
        }
    }

    fn array(v: Vec<Option<Self>>) -> ArrayRef {
        Arc::new(Float64Array::from(
            v.into_iter()
                .map(|x| x.map(KllFloat::into_inner))
                .collect::<Vec<_>>(),
        ))
    }

    fn java(&self) -> String {
        java_double_string(**self)
    }
}

impl Item for KllFloat<f32> {
    const SUMMARY_NAME: &'static str = "KllKllFloatsSketch";
    const BYTES: usize = 4;

    fn values(a: &ArrayRef) -> Vec<Self> {
        a.as_primitive::<Float32Type>()
            .iter()
            .flatten()
            .filter_map(|v| KllFloat::<f32>::new(v).ok())
            .collect()
    }

    fn from_le(b: &[u8]) -> Option<Self> {
        let v = f32::from_le_bytes(b.try_into().ok()?);
        KllFloat::<f32>::new(v).ok()
    }

    fn from_scalar(v: &ScalarValue) -> Option<Self> {
        match v {
            ScalarValue::Float32(Some(v)) => KllFloat::<f32>::new(*v).ok(),
            _ => None,
        }
    }

    fn array(v: Vec<Option<Self>>) -> ArrayRef {
        Arc::new(Float32Array::from(
            v.into_iter()
                .map(|x| x.map(KllFloat::into_inner))
                .collect::<Vec<_>>(),
        ))
    }

    fn java(&self) -> String {
        java_float_string(**self)
    }
}

/// Whether `a` has no valid entries (used to skip empty batches cheaply).
pub(crate) fn all_null(a: &ArrayRef) -> bool {
    a.null_count() == a.len()
}
