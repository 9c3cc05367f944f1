//! Reads variant values (Spark's `VariantUtil`): every access checks bounds and returns
//! [`Malformed`] instead of reading past the binaries.

use super::*;

/// A malformed variant binary (Spark's `MALFORMED_VARIANT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed;

type R<T> = Result<T, Malformed>;

/// The logical kind of a value (Spark's `VariantUtil.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VType {
    Object,
    Array,
    Null,
    Boolean,
    Long,
    String,
    Double,
    Decimal,
    Date,
    Timestamp,
    TimestampNtz,
    Float,
    Binary,
}

/// A scalar value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    Long(i64),
    Double(f64),
    Float(f32),
    /// Unscaled value and scale.
    Decimal(i128, u8),
    Date(i32),
    Timestamp(i64),
    TimestampNtz(i64),
    Str(&'a str),
    Binary(&'a [u8]),
}

/// A value inside a variant: the value binary from the value's first byte, and the metadata.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VariantRef<'a> {
    pub value: &'a [u8],
    pub metadata: &'a [u8],
}

fn read_le(b: &[u8], pos: usize, n: usize) -> R<usize> {
    let bytes = b
        .get(pos..pos.checked_add(n).ok_or(Malformed)?)
        .ok_or(Malformed)?;
    Ok(bytes
        .iter()
        .rev()
        .fold(0usize, |acc, &x| (acc << 8) | usize::from(x)))
}

fn slice(b: &[u8], pos: usize, n: usize) -> R<&[u8]> {
    b.get(pos..pos.checked_add(n).ok_or(Malformed)?)
        .ok_or(Malformed)
}

fn fixed<const N: usize>(b: &[u8], pos: usize) -> R<[u8; N]> {
    slice(b, pos, N)?.try_into().map_err(|_| Malformed)
}

impl<'a> VariantRef<'a> {
    pub(crate) fn new(value: &'a [u8], metadata: &'a [u8]) -> Self {
        Self { value, metadata }
    }

    fn header(&self) -> R<u8> {
        self.value.first().copied().ok_or(Malformed)
    }

    pub(crate) fn vtype(&self) -> R<VType> {
        let h = self.header()?;
        Ok(match h & 3 {
            SHORT_STR => VType::String,
            OBJECT => VType::Object,
            ARRAY => VType::Array,
            _ => match h >> 2 {
                NULL => VType::Null,
                TRUE | FALSE => VType::Boolean,
                INT1 | INT2 | INT4 | INT8 => VType::Long,
                DOUBLE => VType::Double,
                DECIMAL4 | DECIMAL8 | DECIMAL16 => VType::Decimal,
                DATE => VType::Date,
                TIMESTAMP => VType::Timestamp,
                TIMESTAMP_NTZ => VType::TimestampNtz,
                FLOAT => VType::Float,
                BINARY => VType::Binary,
                LONG_STR => VType::String,
                _ => return Err(Malformed),
            },
        })
    }

    /// The scalar at this position (objects and arrays are malformed here).
    pub(crate) fn scalar(&self) -> R<Scalar<'a>> {
        let h = self.header()?;
        let v = self.value;
        if h & 3 == SHORT_STR {
            let n = usize::from(h >> 2);
            let b = slice(v, 1, n)?;
            return std::str::from_utf8(b)
                .map(Scalar::Str)
                .map_err(|_| Malformed);
        }
        if h & 3 != PRIMITIVE {
            return Err(Malformed);
        }
        Ok(match h >> 2 {
            NULL => Scalar::Null,
            TRUE => Scalar::Bool(true),
            FALSE => Scalar::Bool(false),
            INT1 => Scalar::Long(i64::from(i8::from_le_bytes(fixed(v, 1)?))),
            INT2 => Scalar::Long(i64::from(i16::from_le_bytes(fixed(v, 1)?))),
            INT4 => Scalar::Long(i64::from(i32::from_le_bytes(fixed(v, 1)?))),
            INT8 => Scalar::Long(i64::from_le_bytes(fixed(v, 1)?)),
            DOUBLE => Scalar::Double(f64::from_le_bytes(fixed(v, 1)?)),
            FLOAT => Scalar::Float(f32::from_le_bytes(fixed(v, 1)?)),
            DECIMAL4 | DECIMAL8 | DECIMAL16 => {
                let scale = *v.get(1).ok_or(Malformed)?;
                let (unscaled, max_p) = match h >> 2 {
                    DECIMAL4 => (
                        i128::from(i32::from_le_bytes(fixed(v, 2)?)),
                        MAX_DECIMAL4_PRECISION,
                    ),
                    DECIMAL8 => (
                        i128::from(i64::from_le_bytes(fixed(v, 2)?)),
                        MAX_DECIMAL8_PRECISION,
                    ),
                    _ => (i128::from_le_bytes(fixed(v, 2)?), MAX_DECIMAL16_PRECISION),
                };
                if u32::from(scale) > max_p || precision_of(unscaled) > max_p {
                    return Err(Malformed);
                }
                Scalar::Decimal(unscaled, scale)
            }
            DATE => Scalar::Date(i32::from_le_bytes(fixed(v, 1)?)),
            TIMESTAMP => Scalar::Timestamp(i64::from_le_bytes(fixed(v, 1)?)),
            TIMESTAMP_NTZ => Scalar::TimestampNtz(i64::from_le_bytes(fixed(v, 1)?)),
            BINARY => {
                let n = read_le(v, 1, 4)?;
                Scalar::Binary(slice(v, 5, n)?)
            }
            LONG_STR => {
                let n = read_le(v, 1, 4)?;
                std::str::from_utf8(slice(v, 5, n)?)
                    .map(Scalar::Str)
                    .map_err(|_| Malformed)?
            }
            _ => return Err(Malformed),
        })
    }

    /// (size, id size, offset size, where ids start, where offsets start, where data starts)
    fn object_layout(&self) -> R<(usize, usize, usize, usize, usize, usize)> {
        let h = self.header()?;
        if h & 3 != OBJECT {
            return Err(Malformed);
        }
        let vh = h >> 2;
        let large = (vh >> 4) & 1 == 1;
        let id_size = usize::from((vh >> 2) & 3) + 1;
        let offset_size = usize::from(vh & 3) + 1;
        let size_bytes = if large { 4 } else { 1 };
        let size = read_le(self.value, 1, size_bytes)?;
        let id_start = 1 + size_bytes;
        let offset_start = id_start + size.checked_mul(id_size).ok_or(Malformed)?;
        let data_start = offset_start + (size + 1).checked_mul(offset_size).ok_or(Malformed)?;
        Ok((
            size,
            id_size,
            offset_size,
            id_start,
            offset_start,
            data_start,
        ))
    }

    pub(crate) fn object_len(&self) -> R<usize> {
        Ok(self.object_layout()?.0)
    }

    /// The `i`-th field in key order: its key and value.
    pub(crate) fn object_field(&self, i: usize) -> R<(&'a str, VariantRef<'a>)> {
        let (size, id_size, offset_size, id_start, offset_start, data_start) =
            self.object_layout()?;
        if i >= size {
            return Err(Malformed);
        }
        let id = read_le(self.value, id_start + i * id_size, id_size)?;
        let offset = read_le(self.value, offset_start + i * offset_size, offset_size)?;
        let key = self.key(id)?;
        let value = self.value.get(data_start + offset..).ok_or(Malformed)?;
        Ok((key, VariantRef::new(value, self.metadata)))
    }

    /// The value of a key (binary search over the sorted keys), if present.
    pub(crate) fn object_get(&self, key: &str) -> R<Option<VariantRef<'a>>> {
        let n = self.object_len()?;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (k, v) = self.object_field(mid)?;
            match k.encode_utf16().cmp(key.encode_utf16()) {
                std::cmp::Ordering::Equal => return Ok(Some(v)),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        Ok(None)
    }

    fn array_layout(&self) -> R<(usize, usize, usize, usize)> {
        let h = self.header()?;
        if h & 3 != ARRAY {
            return Err(Malformed);
        }
        let vh = h >> 2;
        let large = (vh >> 2) & 1 == 1;
        let offset_size = usize::from(vh & 3) + 1;
        let size_bytes = if large { 4 } else { 1 };
        let size = read_le(self.value, 1, size_bytes)?;
        let offset_start = 1 + size_bytes;
        let data_start = offset_start + (size + 1).checked_mul(offset_size).ok_or(Malformed)?;
        Ok((size, offset_size, offset_start, data_start))
    }

    pub(crate) fn array_len(&self) -> R<usize> {
        Ok(self.array_layout()?.0)
    }

    pub(crate) fn array_elem(&self, i: usize) -> R<VariantRef<'a>> {
        let (size, offset_size, offset_start, data_start) = self.array_layout()?;
        if i >= size {
            return Err(Malformed);
        }
        let offset = read_le(self.value, offset_start + i * offset_size, offset_size)?;
        let value = self.value.get(data_start + offset..).ok_or(Malformed)?;
        Ok(VariantRef::new(value, self.metadata))
    }

    /// The dictionary key `id`.
    fn key(&self, id: usize) -> R<&'a str> {
        let m = self.metadata;
        let h = *m.first().ok_or(Malformed)?;
        if h & 0x0F != VERSION {
            return Err(Malformed);
        }
        let offset_size = usize::from(h >> 6) + 1;
        let dict_size = read_le(m, 1, offset_size)?;
        if id >= dict_size {
            return Err(Malformed);
        }
        let offsets = 1 + offset_size;
        let strings = offsets + (dict_size + 1) * offset_size;
        let a = read_le(m, offsets + id * offset_size, offset_size)?;
        let b = read_le(m, offsets + (id + 1) * offset_size, offset_size)?;
        let bytes = m.get(strings + a..strings + b).ok_or(Malformed)?;
        std::str::from_utf8(bytes).map_err(|_| Malformed)
    }

    /// The byte size of this value (Spark's `VariantUtil.valueSize`).
    pub(crate) fn value_size(&self) -> R<usize> {
        let h = self.header()?;
        let size = match h & 3 {
            SHORT_STR => 1 + usize::from(h >> 2),
            OBJECT => {
                let (size, _, offset_size, _, offset_start, data_start) = self.object_layout()?;
                data_start + read_le(self.value, offset_start + size * offset_size, offset_size)?
            }
            ARRAY => {
                let (size, offset_size, offset_start, data_start) = self.array_layout()?;
                data_start + read_le(self.value, offset_start + size * offset_size, offset_size)?
            }
            _ => match h >> 2 {
                NULL | TRUE | FALSE => 1,
                INT1 => 2,
                INT2 => 3,
                INT4 | DATE | FLOAT => 5,
                INT8 | DOUBLE | TIMESTAMP | TIMESTAMP_NTZ => 9,
                DECIMAL4 => 6,
                DECIMAL8 => 10,
                DECIMAL16 => 18,
                BINARY | LONG_STR => 5 + read_le(self.value, 1, 4)?,
                _ => return Err(Malformed),
            },
        };
        if size > self.value.len() {
            return Err(Malformed);
        }
        Ok(size)
    }

    /// This value's own bytes (what follows it in the parent is cut off).
    pub(crate) fn value_bytes(&self) -> R<&'a [u8]> {
        Ok(&self.value[..self.value_size()?])
    }

    /// Checks the whole value (Spark's `is_valid_variant`): metadata header, every nested
    /// value and key.
    pub(crate) fn validate(&self) -> R<()> {
        let m = self.metadata;
        let h = *m.first().ok_or(Malformed)?;
        if h & 0x0F != VERSION {
            return Err(Malformed);
        }
        match self.vtype()? {
            VType::Object => {
                for i in 0..self.object_len()? {
                    self.object_field(i)?.1.validate()?;
                }
            }
            VType::Array => {
                for i in 0..self.array_len()? {
                    self.array_elem(i)?.validate()?;
                }
            }
            _ => {
                self.scalar()?;
            }
        }
        Ok(())
    }
}
