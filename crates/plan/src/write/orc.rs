//! ORC files through orc-rust's writer, laid out as Spark's `OrcFileFormat` writes them: one
//! root struct of the data columns, Spark's TIMESTAMP as an ORC `timestamp` of UTC instants,
//! the chosen block codec (zstd by default, as Spark 4). orc-rust writes flat columns of the
//! primitive types only, so DECIMAL, TIMESTAMP_NTZ (Spark writes a long with a type attribute),
//! intervals and nested columns are refused before anything is written.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, make_array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef, TimeUnit};
use orc_rust::compression::CompressionType;
use orc_rust::{ArrowWriter, ArrowWriterBuilder};
use sabot_common::{Result, SparkError};

use super::encoder::{Encoder, EncoderFactory};
use super::options::Codec;

fn orc_error(e: impl std::fmt::Display) -> SparkError {
    SparkError::internal(format!("writing ORC: {e}"))
}

/// The ORC column type of a Spark column's Arrow type; `None` where orc-rust cannot write it.
fn writable(t: &ArrowType) -> Option<ArrowType> {
    Some(match t {
        ArrowType::Boolean
        | ArrowType::Int8
        | ArrowType::Int16
        | ArrowType::Int32
        | ArrowType::Int64
        | ArrowType::Float32
        | ArrowType::Float64
        | ArrowType::Utf8
        | ArrowType::LargeUtf8
        | ArrowType::Binary
        | ArrowType::LargeBinary
        | ArrowType::Date32 => t.clone(),
        // A TIMESTAMP's instants, written as orc-rust writes a naive timestamp: UTC.
        ArrowType::Timestamp(TimeUnit::Microsecond, Some(_)) => {
            ArrowType::Timestamp(TimeUnit::Microsecond, None)
        }
        _ => return None,
    })
}

/// Opens ORC encoders for one schema and codec.
pub struct OrcFactory {
    /// The schema orc-rust writes (no field metadata, timestamps without a zone).
    schema: SchemaRef,
    compression: Option<CompressionType>,
}

impl OrcFactory {
    pub fn new(schema: &Schema, codec: Codec) -> Result<Self> {
        let compression = match codec {
            Codec::None => None,
            Codec::Snappy => Some(CompressionType::Snappy),
            Codec::Zlib => Some(CompressionType::Zlib),
            Codec::Zstd => Some(CompressionType::Zstd),
            Codec::Lz4 => Some(CompressionType::Lz4),
            other => {
                return Err(SparkError::unsupported(format!(
                    "the {other:?} codec for ORC files"
                )));
            }
        };
        let fields = schema
            .fields()
            .iter()
            .map(|f| match writable(f.data_type()) {
                Some(t) => Ok(Field::new(f.name(), t, f.is_nullable())),
                None => Err(SparkError::unsupported(format!(
                    "writing the column {} of Arrow type {} to an ORC file (Sabot's ORC writer \
                     takes boolean, integral, floating point, string, binary, date and timestamp \
                     columns)",
                    f.name(),
                    f.data_type()
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            schema: Arc::new(Schema::new(fields)),
            compression,
        })
    }
}

impl EncoderFactory for OrcFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        Ok(Box::new(OrcEncoder {
            batches: Vec::new(),
            schema: Arc::clone(&self.schema),
            compression: self.compression,
        }))
    }
}

/// A file's batches, encoded when the file ends: orc-rust's writer is not `Send`, so it
/// cannot live across the write's await points.
struct OrcEncoder {
    batches: Vec<RecordBatch>,
    schema: SchemaRef,
    compression: Option<CompressionType>,
}

impl Encoder for OrcEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let columns = batch
            .columns()
            .iter()
            .zip(self.schema.fields())
            .map(|(c, f)| relabel(c, f.data_type()))
            .collect::<Result<Vec<_>>>()?;
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns).map_err(orc_error)?;
        self.batches.push(batch);
        Ok(())
    }

    fn take(&mut self) -> Vec<u8> {
        Vec::new()
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut builder = ArrowWriterBuilder::new(&mut bytes, Arc::clone(&self.schema));
        if let Some(c) = self.compression {
            builder = builder.with_compression(c);
        }
        let mut writer: ArrowWriter<&mut Vec<u8>> = builder.try_build().map_err(orc_error)?;
        for batch in &self.batches {
            writer.write(batch).map_err(orc_error)?;
        }
        writer.close().map_err(orc_error)?;
        Ok(bytes)
    }
}

/// A column in the writer's type: the same values, a timestamp's zone dropped.
fn relabel(c: &ArrayRef, t: &ArrowType) -> Result<ArrayRef> {
    if c.data_type() == t {
        return Ok(Arc::clone(c));
    }
    let data = c
        .to_data()
        .into_builder()
        .data_type(t.clone())
        .build()
        .map_err(orc_error)?;
    Ok(make_array(data))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::DataType;

    use super::*;

    #[test]
    fn refuses_what_orc_rust_cannot_write() {
        let ok = Schema::new(vec![
            Field::new("a", DataType::Int32, true),
            Field::new(
                "t",
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                true,
            ),
        ]);
        assert!(OrcFactory::new(&ok, Codec::Zstd).is_ok());
        let dec = Schema::new(vec![Field::new("d", DataType::Decimal128(10, 2), true)]);
        assert!(OrcFactory::new(&dec, Codec::Zstd).is_err());
        let ntz = Schema::new(vec![Field::new(
            "n",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            true,
        )]);
        assert!(OrcFactory::new(&ntz, Codec::None).is_err());
        assert!(OrcFactory::new(&ok, Codec::Gzip).is_err());
    }
}
