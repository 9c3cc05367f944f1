//! Avro object container files through arrow-rs's `arrow-avro` writer (Spark's external
//! `spark-avro` module writes the same format): nullable columns become unions with null,
//! timestamps `timestamp-micros`, TIMESTAMP_NTZ `local-timestamp-micros`, dates `date` and
//! decimals the `decimal` logical type, with the chosen block codec. A file is encoded in
//! memory and handed over when it ends.

use arrow_avro::compression::CompressionCodec;
use arrow_avro::writer::{AvroWriter, WriterBuilder};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use sabot_common::{Result, SparkError};

use super::encoder::{Encoder, EncoderFactory};
use super::options::Codec;

fn avro_error(e: impl std::fmt::Display) -> SparkError {
    SparkError::internal(format!("writing Avro: {e}"))
}

/// Opens Avro encoders for one schema and codec.
pub struct AvroFactory {
    schema: SchemaRef,
    codec: Option<CompressionCodec>,
}

impl AvroFactory {
    pub fn new(schema: SchemaRef, codec: Codec) -> Result<Self> {
        let codec = match codec {
            Codec::None => None,
            Codec::Snappy => Some(CompressionCodec::Snappy),
            Codec::Deflate => Some(CompressionCodec::Deflate),
            Codec::Zstd => Some(CompressionCodec::ZStandard),
            other => {
                return Err(SparkError::unsupported(format!(
                    "the {other:?} codec for Avro files"
                )));
            }
        };
        Ok(Self { schema, codec })
    }
}

impl EncoderFactory for AvroFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        // Spark's own metadata on fields means nothing to Avro.
        let schema = Schema::new(
            self.schema
                .fields()
                .iter()
                .map(|f| f.as_ref().clone().with_metadata(Default::default()))
                .collect::<Vec<_>>(),
        );
        let writer = WriterBuilder::new(schema)
            .with_compression(self.codec)
            .build::<_, arrow_avro::writer::format::AvroOcfFormat>(Vec::new())
            .map_err(avro_error)?;
        Ok(Box::new(AvroEncoder { writer }))
    }
}

struct AvroEncoder {
    writer: AvroWriter<Vec<u8>>,
}

impl Encoder for AvroEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.writer.write(batch).map_err(avro_error)
    }

    fn take(&mut self) -> Vec<u8> {
        Vec::new()
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<u8>> {
        self.writer.finish().map_err(avro_error)?;
        Ok(self.writer.into_inner())
    }
}
