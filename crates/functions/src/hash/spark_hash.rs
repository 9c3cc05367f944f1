//! The value walk shared by `hash()` and `xxhash64()` (Spark's `HashExpression`): the row's
//! columns are hashed in order, each with the previous result as seed (starting from 42);
//! NULLs leave the seed unchanged; arrays, maps (key then value) and structs hash their
//! elements in order. `-0.0` hashes as `0.0`, and decimals of precision <= 18 hash their
//! unscaled `long`, wider ones the unscaled value's two's-complement bytes
//! (`BigInteger.toByteArray`).

use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int32Array, Int64Array};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, Decimal128Type, DurationMicrosecondType, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, IntervalUnit, IntervalYearMonthType,
    TimeUnit, TimestampMicrosecondType,
};
use datafusion::arrow::datatypes::{Field, FieldRef};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

/// Spark's seed for both hash functions.
pub(crate) const SEED: i32 = 42;

/// One of Spark's hash functions over the primitive encodings.
pub(crate) trait SparkHasher {
    type Hash: Copy;
    fn hash_int(v: i32, seed: Self::Hash) -> Self::Hash;
    fn hash_long(v: i64, seed: Self::Hash) -> Self::Hash;
    fn hash_bytes(b: &[u8], seed: Self::Hash) -> Self::Hash;
}

/// The minimal two's-complement big-endian bytes of `v` (Java's `BigInteger.toByteArray`).
fn big_integer_bytes(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < bytes.len() - 1 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        let redundant = (b == 0x00 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0);
        if !redundant {
            break;
        }
        start += 1;
    }
    bytes[start..].to_vec()
}

/// Hashes row `row` of `a` into `seed`.
pub(crate) fn hash_value<H: SparkHasher>(
    a: &ArrayRef,
    row: usize,
    seed: H::Hash,
) -> DfResult<H::Hash> {
    if a.is_null(row) {
        return Ok(seed);
    }
    Ok(match a.data_type() {
        ArrowType::Null => seed,
        ArrowType::Boolean => H::hash_int(i32::from(a.as_boolean().value(row)), seed),
        ArrowType::Int8 => H::hash_int(i32::from(a.as_primitive::<Int8Type>().value(row)), seed),
        ArrowType::Int16 => H::hash_int(i32::from(a.as_primitive::<Int16Type>().value(row)), seed),
        ArrowType::Int32 => H::hash_int(a.as_primitive::<Int32Type>().value(row), seed),
        ArrowType::Date32 => H::hash_int(a.as_primitive::<Date32Type>().value(row), seed),
        ArrowType::Interval(IntervalUnit::YearMonth) => {
            H::hash_int(a.as_primitive::<IntervalYearMonthType>().value(row), seed)
        }
        ArrowType::Int64 => H::hash_long(a.as_primitive::<Int64Type>().value(row), seed),
        ArrowType::Timestamp(TimeUnit::Microsecond, _) => H::hash_long(
            a.as_primitive::<TimestampMicrosecondType>().value(row),
            seed,
        ),
        ArrowType::Duration(TimeUnit::Microsecond) => {
            H::hash_long(a.as_primitive::<DurationMicrosecondType>().value(row), seed)
        }
        ArrowType::Float32 => {
            let f = a.as_primitive::<Float32Type>().value(row);
            // `-0.0f == 0.0f`; Java's `floatToIntBits` folds every NaN into one.
            let bits = if f == 0.0 {
                0
            } else if f.is_nan() {
                0x7fc0_0000
            } else {
                f.to_bits() as i32
            };
            H::hash_int(bits, seed)
        }
        ArrowType::Float64 => {
            let f = a.as_primitive::<Float64Type>().value(row);
            let bits = if f == 0.0 {
                0
            } else if f.is_nan() {
                0x7ff8_0000_0000_0000
            } else {
                f.to_bits() as i64
            };
            H::hash_long(bits, seed)
        }
        ArrowType::Decimal128(p, _) => {
            let v = a.as_primitive::<Decimal128Type>().value(row);
            if *p <= 18 {
                H::hash_long(v as i64, seed)
            } else {
                H::hash_bytes(&big_integer_bytes(v), seed)
            }
        }
        ArrowType::Utf8 => H::hash_bytes(a.as_string::<i32>().value(row).as_bytes(), seed),
        ArrowType::LargeUtf8 => H::hash_bytes(a.as_string::<i64>().value(row).as_bytes(), seed),
        ArrowType::Utf8View => H::hash_bytes(a.as_string_view().value(row).as_bytes(), seed),
        ArrowType::Binary => H::hash_bytes(a.as_binary::<i32>().value(row), seed),
        ArrowType::LargeBinary => H::hash_bytes(a.as_binary::<i64>().value(row), seed),
        ArrowType::BinaryView => H::hash_bytes(a.as_binary_view().value(row), seed),
        ArrowType::FixedSizeBinary(_) => H::hash_bytes(a.as_fixed_size_binary().value(row), seed),
        ArrowType::List(_) => hash_all::<H>(&a.as_list::<i32>().value(row), seed)?,
        ArrowType::LargeList(_) => hash_all::<H>(&a.as_list::<i64>().value(row), seed)?,
        ArrowType::FixedSizeList(..) => hash_all::<H>(&a.as_fixed_size_list().value(row), seed)?,
        ArrowType::Map(..) => {
            let entries = a.as_map().value(row);
            let (keys, values) = (entries.column(0), entries.column(1));
            let mut h = seed;
            for i in 0..entries.len() {
                h = hash_value::<H>(keys, i, h)?;
                h = hash_value::<H>(values, i, h)?;
            }
            h
        }
        ArrowType::Struct(_) => {
            let s = a.as_struct();
            let mut h = seed;
            for c in s.columns() {
                h = hash_value::<H>(c, row, h)?;
            }
            h
        }
        other => return exec_err!("hash does not support values of type {other}"),
    })
}

fn hash_all<H: SparkHasher>(a: &ArrayRef, seed: H::Hash) -> DfResult<H::Hash> {
    let mut h = seed;
    for i in 0..a.len() {
        h = hash_value::<H>(a, i, h)?;
    }
    Ok(h)
}

/// Whether Spark can hash values of this type (everything but `CalendarInterval`, and maps
/// only under `spark.sql.legacy.allowHashOnMapType`).
pub(crate) fn hashable(t: &ArrowType) -> bool {
    match t {
        ArrowType::Interval(IntervalUnit::MonthDayNano | IntervalUnit::DayTime) => false,
        ArrowType::Map(..) => false,
        ArrowType::List(f) | ArrowType::LargeList(f) | ArrowType::FixedSizeList(f, _) => {
            hashable(f.data_type())
        }
        ArrowType::Struct(fs) => fs.iter().all(|f| hashable(f.data_type())),
        _ => true,
    }
}

/// `hash(...)` or `xxhash64(...)` as a UDF over any arguments; never NULL.
#[derive(Debug)]
pub(crate) struct HashUdf<H> {
    name: &'static str,
    signature: Signature,
    hasher: PhantomData<fn() -> H>,
}

impl<H> HashUdf<H> {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            signature: Signature::variadic_any(Volatility::Immutable),
            hasher: PhantomData,
        }
    }
}

impl<H> PartialEq for HashUdf<H> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl<H> Eq for HashUdf<H> {}
impl<H> Hash for HashUdf<H> {
    fn hash<S: Hasher>(&self, state: &mut S) {
        self.name.hash(state);
    }
}

/// How a hash result becomes an Arrow array.
pub(crate) trait HashOutput: SparkHasher {
    const TYPE: ArrowType;
    fn seed() -> Self::Hash;
    fn finish(values: Vec<Self::Hash>) -> ArrayRef;
}

impl HashOutput for super::murmur3::Murmur3 {
    const TYPE: ArrowType = ArrowType::Int32;
    fn seed() -> i32 {
        SEED
    }
    fn finish(values: Vec<i32>) -> ArrayRef {
        Arc::new(Int32Array::from(values))
    }
}

impl HashOutput for super::xxhash64::Xxh64 {
    const TYPE: ArrowType = ArrowType::Int64;
    fn seed() -> i64 {
        i64::from(SEED)
    }
    fn finish(values: Vec<i64>) -> ArrayRef {
        Arc::new(Int64Array::from(values))
    }
}

impl<H: HashOutput + std::fmt::Debug + 'static> ScalarUDFImpl for HashUdf<H> {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(H::TYPE)
    }
    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(self.name, H::TYPE, false)))
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let mut h = H::seed();
            for a in &arrays {
                h = hash_value::<H>(a, row, h)?;
            }
            out.push(h);
        }
        Ok(ColumnarValue::Array(H::finish(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_integer_bytes_are_minimal() {
        assert_eq!(big_integer_bytes(0), vec![0]);
        assert_eq!(big_integer_bytes(127), vec![0x7f]);
        assert_eq!(big_integer_bytes(128), vec![0x00, 0x80]);
        assert_eq!(big_integer_bytes(-1), vec![0xff]);
        assert_eq!(big_integer_bytes(-129), vec![0xff, 0x7f]);
    }
}
