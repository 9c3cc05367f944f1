//! The fields of a portable UDF: a positional list of typed values, written by
//! [`Encoder`] and read back in the same order by [`Decoder`].

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use datafusion_proto::protobuf;
use prost::{Message, Oneof};

/// One field.
#[derive(Clone, PartialEq, Message)]
pub struct Value {
    #[prost(oneof = "Kind", tags = "1, 2, 3, 4, 5, 6")]
    pub kind: Option<Kind>,
}

/// A field's value.
#[derive(Clone, PartialEq, Oneof)]
pub enum Kind {
    #[prost(string, tag = "1")]
    Str(String),
    #[prost(int64, tag = "2")]
    Int(i64),
    #[prost(bool, tag = "3")]
    Bool(bool),
    #[prost(message, tag = "4")]
    Type(protobuf::ArrowType),
    #[prost(message, tag = "5")]
    Scalar(protobuf::ScalarValue),
    #[prost(bytes, tag = "6")]
    Bytes(Vec<u8>),
}

/// Writes a UDF's fields in order.
#[derive(Default)]
pub struct Encoder {
    fields: Vec<Value>,
}

impl Encoder {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, k: Kind) -> &mut Self {
        self.fields.push(Value { kind: Some(k) });
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.push(Kind::Str(s.to_string()))
    }

    pub fn int(&mut self, i: i64) -> &mut Self {
        self.push(Kind::Int(i))
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.push(Kind::Bool(b))
    }

    pub fn usize(&mut self, n: usize) -> &mut Self {
        self.int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// An optional count or index (`None` is written as -1).
    pub fn opt_usize(&mut self, n: Option<usize>) -> &mut Self {
        match n {
            Some(n) => self.usize(n),
            None => self.int(-1),
        }
    }

    pub fn bytes(&mut self, b: Vec<u8>) -> &mut Self {
        self.push(Kind::Bytes(b))
    }

    pub fn data_type(&mut self, t: &ArrowType) -> DfResult<&mut Self> {
        let t = protobuf::ArrowType::try_from(t)
            .map_err(|e| DataFusionError::Internal(format!("cannot encode type {t}: {e}")))?;
        Ok(self.push(Kind::Type(t)))
    }

    pub fn scalar(&mut self, v: &ScalarValue) -> DfResult<&mut Self> {
        let v = protobuf::ScalarValue::try_from(v)
            .map_err(|e| DataFusionError::Internal(format!("cannot encode value {v}: {e}")))?;
        Ok(self.push(Kind::Scalar(v)))
    }

    /// The fields written so far.
    pub fn finish(self) -> Vec<Value> {
        self.fields
    }
}

/// Reads a UDF's fields in the order they were written.
pub struct Decoder {
    fields: std::vec::IntoIter<Value>,
}

fn malformed(want: &str) -> DataFusionError {
    DataFusionError::Internal(format!(
        "malformed encoded function: expected a {want} field"
    ))
}

impl Decoder {
    pub fn new(fields: Vec<Value>) -> Self {
        Self {
            fields: fields.into_iter(),
        }
    }

    fn next(&mut self) -> Option<Kind> {
        self.fields.next().and_then(|v| v.kind)
    }

    pub fn str(&mut self) -> DfResult<String> {
        match self.next() {
            Some(Kind::Str(s)) => Ok(s),
            _ => Err(malformed("string")),
        }
    }

    pub fn int(&mut self) -> DfResult<i64> {
        match self.next() {
            Some(Kind::Int(i)) => Ok(i),
            _ => Err(malformed("integer")),
        }
    }

    pub fn bool(&mut self) -> DfResult<bool> {
        match self.next() {
            Some(Kind::Bool(b)) => Ok(b),
            _ => Err(malformed("boolean")),
        }
    }

    /// A count or index written by [`Encoder::usize`].
    pub fn usize(&mut self) -> DfResult<usize> {
        usize::try_from(self.int()?).map_err(|_| malformed("non-negative integer"))
    }

    /// What [`Encoder::opt_usize`] wrote.
    pub fn opt_usize(&mut self) -> DfResult<Option<usize>> {
        Ok(usize::try_from(self.int()?).ok())
    }

    pub fn bytes(&mut self) -> DfResult<Vec<u8>> {
        match self.next() {
            Some(Kind::Bytes(b)) => Ok(b),
            _ => Err(malformed("bytes")),
        }
    }

    pub fn data_type(&mut self) -> DfResult<ArrowType> {
        match self.next() {
            Some(Kind::Type(t)) => ArrowType::try_from(&t)
                .map_err(|e| DataFusionError::Internal(format!("cannot decode a type: {e}"))),
            _ => Err(malformed("type")),
        }
    }

    pub fn scalar(&mut self) -> DfResult<ScalarValue> {
        match self.next() {
            Some(Kind::Scalar(v)) => ScalarValue::try_from(&v)
                .map_err(|e| DataFusionError::Internal(format!("cannot decode a value: {e}"))),
            _ => Err(malformed("value")),
        }
    }
}

/// Encodes any prost message as a bytes field's content (nested plans, expressions).
pub fn message_bytes(m: &impl Message) -> Vec<u8> {
    m.encode_to_vec()
}
