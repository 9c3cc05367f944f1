//! The keys theta and tuple sketches count, hashed as Spark's `ThetaSketchAgg`/`TupleSketchAgg`
//! feed them to Java DataSketches' `UpdateSketch.update`: INT and BIGINT as a long, FLOAT and
//! DOUBLE as a canonical double (`-0.0` is `0.0`, one NaN), STRING as its UTF-8 bytes, BINARY
//! as is, ARRAY<INT>/ARRAY<BIGINT> as their elements' little-endian bytes. NULLs and empty
//! strings, binaries and arrays are skipped, as Java's `update` rejects them.
//! (Tuple sketches' extra key types are cast to these; see [`key_arg`].)

use std::hash::{Hash, Hasher};

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, Float32Array, Float64Array, Int32Array, Int64Array,
    ListArray, StringArray,
};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::errors::unexpected_input_type;
use crate::utils::cast_to;

/// Spark's accepted key types, as its `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` lists them.
const KEY_TYPES: &str = "(\"ARRAY<INT>\" or \"ARRAY<BIGINT>\" or \"BINARY\" or \"DOUBLE\" or \"FLOAT\" or \"INT\" or \"BIGINT\" or \"STRING\")";

/// One key: the byte stream Java's Murmur3 hashes for it.
pub(crate) enum Key<'a> {
    Long(i64),
    Double(f64),
    Bytes(&'a [u8]),
    Ints(Vec<i32>),
    Longs(Vec<i64>),
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Key::Long(v) => state.write(&v.to_le_bytes()),
            Key::Double(d) => {
                // Java's `update(double)`: `-0.0` as `0.0`, every NaN as `Double.NaN`.
                let d = if *d == 0.0 { 0.0 } else { *d };
                let bits = if d.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    d.to_bits()
                };
                state.write(&bits.to_le_bytes());
            }
            Key::Bytes(b) => state.write(b),
            Key::Ints(v) => v.iter().for_each(|i| state.write(&i.to_le_bytes())),
            Key::Longs(v) => v.iter().for_each(|i| state.write(&i.to_le_bytes())),
        }
    }
}

/// Checks a key argument's type and casts it to the Arrow type [`for_each_key`] reads.
/// Tuple sketches also take keys Spark implicitly casts to the first accepted type
/// (`TupleSketchAgg*` are `ImplicitCastInputTypes`): TINYINT, SMALLINT and DECIMAL to DOUBLE,
/// BOOLEAN and DATE to STRING (`true`, `2020-01-01`).
pub(crate) fn key_arg(function: &str, e: DfExpr, t: &ArrowType, tuple: bool) -> Result<DfExpr> {
    let target = match t {
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Decimal128(..) if tuple => {
            ArrowType::Float64
        }
        ArrowType::Boolean | ArrowType::Date32 if tuple => ArrowType::Utf8,
        ArrowType::Timestamp(..) if tuple => {
            // Spark hashes the session-time-zone string of the timestamp.
            return Err(sabot_common::SparkError::unsupported(format!(
                "`{function}` with a TIMESTAMP key"
            )));
        }
        ArrowType::Int32 | ArrowType::Int64 | ArrowType::Float32 | ArrowType::Float64 => t.clone(),
        ArrowType::Null => ArrowType::Int32,
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => ArrowType::Utf8,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => ArrowType::Binary,
        ArrowType::List(f) | ArrowType::LargeList(f)
            if matches!(f.data_type(), ArrowType::Int32 | ArrowType::Int64) =>
        {
            ArrowType::new_list(f.data_type().clone(), true)
        }
        _ => {
            return Err(unexpected_input_type(
                function,
                format!(
                    "The first parameter requires the {KEY_TYPES} type, however the key has the type {t}"
                ),
            ));
        }
    };
    Ok(cast_to(e, t, &target))
}

fn internal(what: &str) -> DataFusionError {
    DataFusionError::Internal(format!("sketch key column is not {what}"))
}

fn downcast<'a, T: 'static>(a: &'a ArrayRef, what: &str) -> DfResult<&'a T> {
    a.as_any().downcast_ref::<T>().ok_or_else(|| internal(what))
}

/// Calls `f(row, key)` for every row whose key Java would not reject.
pub(crate) fn for_each_key(a: &ArrayRef, mut f: impl FnMut(usize, Key<'_>)) -> DfResult<()> {
    match a.data_type() {
        ArrowType::Null => {}
        ArrowType::Int32 => {
            let a = downcast::<Int32Array>(a, "int")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, Key::Long(i64::from(v)));
                }
            }
        }
        ArrowType::Int64 => {
            let a = downcast::<Int64Array>(a, "bigint")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, Key::Long(v));
                }
            }
        }
        ArrowType::Float32 => {
            let a = downcast::<Float32Array>(a, "float")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, Key::Double(f64::from(v)));
                }
            }
        }
        ArrowType::Float64 => {
            let a = downcast::<Float64Array>(a, "double")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v {
                    f(i, Key::Double(v));
                }
            }
        }
        ArrowType::Utf8 => {
            let a = downcast::<StringArray>(a, "string")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    f(i, Key::Bytes(v.as_bytes()));
                }
            }
        }
        ArrowType::Binary => {
            let a = downcast::<BinaryArray>(a, "binary")?;
            for (i, v) in a.iter().enumerate() {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    f(i, Key::Bytes(v));
                }
            }
        }
        ArrowType::List(_) => {
            let l: &ListArray = a.as_list_opt().ok_or_else(|| internal("an array"))?;
            for i in 0..l.len() {
                if l.is_null(i) {
                    continue;
                }
                let items = l.value(i);
                if items.is_empty() {
                    continue;
                }
                // A NULL element reads as 0, as Spark's `ArrayData.toIntArray`/`toLongArray`.
                if let Some(v) = items.as_any().downcast_ref::<Int32Array>() {
                    f(i, Key::Ints(v.iter().map(|x| x.unwrap_or(0)).collect()));
                } else if let Some(v) = items.as_any().downcast_ref::<Int64Array>() {
                    f(i, Key::Longs(v.iter().map(|x| x.unwrap_or(0)).collect()));
                } else {
                    return Err(internal("an array of int or bigint"));
                }
            }
        }
        _ => return Err(internal("of a sketchable type")),
    }
    Ok(())
}
