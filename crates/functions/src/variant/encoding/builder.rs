//! Writes variant values (Spark's `VariantBuilder`): integers in the smallest integer type,
//! decimals in the smallest decimal form, object fields sorted by key (values stay in
//! insertion order, offsets follow the sorted keys), keys in a dictionary in first-seen order.

use std::collections::HashMap;

use super::reader::{Malformed, Scalar, VariantRef};
use super::*;

/// One object field written so far: its key, dictionary id and value offset.
pub(crate) struct FieldEntry {
    key: String,
    id: usize,
    offset: usize,
}

/// A duplicate object key (Spark's `VariantDuplicateKeyException`).
#[derive(Debug, PartialEq)]
pub(crate) struct DuplicateKey(pub String);

#[derive(Default)]
pub(crate) struct Builder {
    buf: Vec<u8>,
    keys: Vec<String>,
    key_ids: HashMap<String, usize>,
}

impl Builder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The current write position (the start of the next value).
    pub(crate) fn pos(&self) -> usize {
        self.buf.len()
    }

    pub(crate) fn append_null(&mut self) {
        self.buf.push(primitive_header(NULL));
    }

    pub(crate) fn append_bool(&mut self, b: bool) {
        self.buf
            .push(primitive_header(if b { TRUE } else { FALSE }));
    }

    /// An integer in the smallest of the 1-, 2-, 4- and 8-byte forms.
    pub(crate) fn append_long(&mut self, v: i64) {
        let (id, n) = if i8::try_from(v).is_ok() {
            (INT1, 1)
        } else if i16::try_from(v).is_ok() {
            (INT2, 2)
        } else if i32::try_from(v).is_ok() {
            (INT4, 4)
        } else {
            (INT8, 8)
        };
        self.buf.push(primitive_header(id));
        self.push_le(v as u64, n);
    }

    pub(crate) fn append_double(&mut self, v: f64) {
        self.buf.push(primitive_header(DOUBLE));
        self.push_le(v.to_bits(), 8);
    }

    pub(crate) fn append_float(&mut self, v: f32) {
        self.buf.push(primitive_header(FLOAT));
        self.push_le(u64::from(v.to_bits()), 4);
    }

    /// A decimal in the smallest form whose precision holds both precision and scale.
    pub(crate) fn append_decimal(&mut self, unscaled: i128, scale: u8) {
        let p = precision_of(unscaled).max(u32::from(scale));
        let (id, n) = if p <= MAX_DECIMAL4_PRECISION {
            (DECIMAL4, 4)
        } else if p <= MAX_DECIMAL8_PRECISION {
            (DECIMAL8, 8)
        } else {
            (DECIMAL16, 16)
        };
        self.buf.push(primitive_header(id));
        self.buf.push(scale);
        let bytes = unscaled.to_le_bytes();
        self.buf.extend_from_slice(&bytes[..n]);
    }

    pub(crate) fn append_date(&mut self, days: i32) {
        self.buf.push(primitive_header(DATE));
        self.push_le(days as u32 as u64, 4);
    }

    /// A timestamp in microseconds, with (`TIMESTAMP`) or without (`TIMESTAMP_NTZ`) a zone.
    pub(crate) fn append_timestamp(&mut self, micros: i64, ntz: bool) {
        self.buf.push(primitive_header(if ntz {
            TIMESTAMP_NTZ
        } else {
            TIMESTAMP
        }));
        self.push_le(micros as u64, 8);
    }

    pub(crate) fn append_string(&mut self, s: &str) {
        let b = s.as_bytes();
        if b.len() <= MAX_SHORT_STR_SIZE {
            self.buf.push(((b.len() as u8) << 2) | SHORT_STR);
        } else {
            self.buf.push(primitive_header(LONG_STR));
            self.push_le(b.len() as u64, 4);
        }
        self.buf.extend_from_slice(b);
    }

    pub(crate) fn append_binary(&mut self, b: &[u8]) {
        self.buf.push(primitive_header(BINARY));
        self.push_le(b.len() as u64, 4);
        self.buf.extend_from_slice(b);
    }

    /// The dictionary id of a key, adding it on first sight.
    pub(crate) fn add_key(&mut self, key: &str) -> usize {
        if let Some(&id) = self.key_ids.get(key) {
            return id;
        }
        let id = self.keys.len();
        self.keys.push(key.to_string());
        self.key_ids.insert(key.to_string(), id);
        id
    }

    /// Records a field whose value is about to be written (at the current position) into the
    /// object started at `start`.
    pub(crate) fn field(&mut self, fields: &mut Vec<FieldEntry>, start: usize, key: &str) {
        let id = self.add_key(key);
        fields.push(FieldEntry {
            key: key.to_string(),
            id,
            offset: self.pos() - start,
        });
    }

    /// Finishes an object whose field values were written from `start` (Spark's
    /// `finishWritingObject`): sorts the fields by key and inserts the header before the data.
    pub(crate) fn finish_object(
        &mut self,
        start: usize,
        mut fields: Vec<FieldEntry>,
    ) -> Result<(), DuplicateKey> {
        // Java's `String.compareTo` orders by UTF-16 code units.
        fields.sort_by(|a, b| a.key.encode_utf16().cmp(b.key.encode_utf16()));
        for w in fields.windows(2) {
            if w[0].key == w[1].key {
                return Err(DuplicateKey(w[0].key.clone()));
            }
        }
        let size = fields.len();
        let max_id = fields.iter().map(|f| f.id).max().unwrap_or(0);
        let data_size = self.pos() - start;
        let large = size > 0xFF;
        let size_bytes = if large { 4 } else { 1 };
        let id_size = integer_size(max_id);
        let offset_size = integer_size(data_size);
        let header_size = 1 + size_bytes + size * id_size + (size + 1) * offset_size;
        let mut header = vec![0u8; header_size];
        header[0] = ((u8::from(large)) << 6)
            | (((id_size - 1) as u8) << 4)
            | (((offset_size - 1) as u8) << 2)
            | OBJECT;
        write_le(&mut header, 1, size as u64, size_bytes);
        let id_start = 1 + size_bytes;
        let offset_start = id_start + size * id_size;
        for (i, f) in fields.iter().enumerate() {
            write_le(&mut header, id_start + i * id_size, f.id as u64, id_size);
            write_le(
                &mut header,
                offset_start + i * offset_size,
                f.offset as u64,
                offset_size,
            );
        }
        write_le(
            &mut header,
            offset_start + size * offset_size,
            data_size as u64,
            offset_size,
        );
        self.buf.splice(start..start, header);
        Ok(())
    }

    /// Finishes an array whose elements were written from `start` at `offsets`.
    pub(crate) fn finish_array(&mut self, start: usize, offsets: &[usize]) {
        let size = offsets.len();
        let data_size = self.pos() - start;
        let large = size > 0xFF;
        let size_bytes = if large { 4 } else { 1 };
        let offset_size = integer_size(data_size);
        let header_size = 1 + size_bytes + (size + 1) * offset_size;
        let mut header = vec![0u8; header_size];
        header[0] = ((u8::from(large)) << 4) | (((offset_size - 1) as u8) << 2) | ARRAY;
        write_le(&mut header, 1, size as u64, size_bytes);
        let offset_start = 1 + size_bytes;
        for (i, o) in offsets.iter().enumerate() {
            write_le(
                &mut header,
                offset_start + i * offset_size,
                *o as u64,
                offset_size,
            );
        }
        write_le(
            &mut header,
            offset_start + size * offset_size,
            data_size as u64,
            offset_size,
        );
        self.buf.splice(start..start, header);
    }

    /// Copies a value from another variant, re-keying its objects into this dictionary
    /// (Spark's `VariantBuilder.appendVariant`).
    pub(crate) fn append_variant(&mut self, v: &VariantRef<'_>) -> Result<(), Malformed> {
        match v.vtype()? {
            VType::Object => {
                let start = self.pos();
                let mut fields = Vec::new();
                for i in 0..v.object_len()? {
                    let (key, child) = v.object_field(i)?;
                    self.field(&mut fields, start, key);
                    self.append_variant(&child)?;
                }
                self.finish_object(start, fields).map_err(|_| Malformed)
            }
            VType::Array => {
                let start = self.pos();
                let mut offsets = Vec::new();
                for i in 0..v.array_len()? {
                    offsets.push(self.pos() - start);
                    self.append_variant(&v.array_elem(i)?)?;
                }
                self.finish_array(start, &offsets);
                Ok(())
            }
            _ => {
                self.append_scalar(&v.scalar()?);
                Ok(())
            }
        }
    }

    /// Writes a scalar value.
    pub(crate) fn append_scalar(&mut self, s: &Scalar<'_>) {
        match s {
            Scalar::Null => self.append_null(),
            Scalar::Bool(b) => self.append_bool(*b),
            Scalar::Long(v) => self.append_long(*v),
            Scalar::Double(v) => self.append_double(*v),
            Scalar::Float(v) => self.append_float(*v),
            Scalar::Decimal(u, s) => self.append_decimal(*u, *s),
            Scalar::Date(d) => self.append_date(*d),
            Scalar::Timestamp(t) => self.append_timestamp(*t, false),
            Scalar::TimestampNtz(t) => self.append_timestamp(*t, true),
            Scalar::Str(s) => self.append_string(s),
            Scalar::Binary(b) => self.append_binary(b),
        }
    }

    /// The value and metadata binaries (Spark's `VariantBuilder.result`); `None` past the size
    /// limit.
    pub(crate) fn result(self) -> Option<(Vec<u8>, Vec<u8>)> {
        let string_size: usize = self.keys.iter().map(String::len).sum();
        let max_size = string_size.max(self.keys.len());
        if max_size > SIZE_LIMIT || self.buf.len() > SIZE_LIMIT {
            return None;
        }
        let offset_size = integer_size(max_size);
        let offset_start = 1 + offset_size;
        let string_start = offset_start + (self.keys.len() + 1) * offset_size;
        let mut meta = vec![0u8; string_start];
        meta[0] = VERSION | (((offset_size - 1) as u8) << 6);
        write_le(&mut meta, 1, self.keys.len() as u64, offset_size);
        let mut offset = 0;
        for (i, k) in self.keys.iter().enumerate() {
            write_le(
                &mut meta,
                offset_start + i * offset_size,
                offset as u64,
                offset_size,
            );
            offset += k.len();
        }
        write_le(
            &mut meta,
            offset_start + self.keys.len() * offset_size,
            offset as u64,
            offset_size,
        );
        for k in &self.keys {
            meta.extend_from_slice(k.as_bytes());
        }
        Some((self.buf, meta))
    }

    fn push_le(&mut self, v: u64, n: usize) {
        self.buf.extend_from_slice(&v.to_le_bytes()[..n]);
    }
}

use super::reader::VType;

fn primitive_header(id: u8) -> u8 {
    (id << 2) | PRIMITIVE
}
