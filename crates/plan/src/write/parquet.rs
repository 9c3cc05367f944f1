//! Parquet files through the `parquet` crate's Arrow writer, shaped as Spark writes them: the
//! root message `spark_schema`, standard list/map element names (`element`, `key_value`), the
//! chosen codec, no embedded Arrow schema.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::arrow_writer::ArrowWriterOptions;
use datafusion::parquet::basic::{BrotliLevel, Compression, GzipLevel, ZstdLevel};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;
use sabot_common::{Result, SparkError};

use super::encoder::{Encoder, EncoderFactory};
use super::options::Codec;

/// A `parquet` crate failure as a Spark error.
fn parquet_error(e: datafusion::parquet::errors::ParquetError) -> SparkError {
    SparkError::internal(format!("writing Parquet: {e}"))
}

/// The Parquet compression of a codec (Spark's default levels: the codecs' own).
fn compression(codec: Codec) -> Compression {
    match codec {
        Codec::None | Codec::Deflate | Codec::Zlib => Compression::UNCOMPRESSED,
        Codec::Snappy => Compression::SNAPPY,
        Codec::Gzip => Compression::GZIP(GzipLevel::default()),
        Codec::Zstd => Compression::ZSTD(ZstdLevel::default()),
        Codec::Lz4 => Compression::LZ4,
        Codec::Lz4Raw => Compression::LZ4_RAW,
        Codec::Brotli => Compression::BROTLI(BrotliLevel::default()),
    }
}

/// Opens Parquet encoders for one schema and codec.
pub struct ParquetFactory {
    schema: SchemaRef,
    properties: WriterProperties,
}

impl ParquetFactory {
    pub fn new(schema: SchemaRef, codec: Codec, key_value: Vec<(String, String)>) -> Self {
        let kv = key_value
            .into_iter()
            .map(|(k, v)| KeyValue::new(k, v))
            .collect::<Vec<_>>();
        let properties = WriterProperties::builder()
            .set_compression(compression(codec))
            .set_coerce_types(true)
            .set_key_value_metadata((!kv.is_empty()).then_some(kv))
            .build();
        Self { schema, properties }
    }
}

impl EncoderFactory for ParquetFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        let options = ArrowWriterOptions::new()
            .with_properties(self.properties.clone())
            .with_skip_arrow_metadata(true)
            .with_schema_root("spark_schema".to_string());
        let writer =
            ArrowWriter::try_new_with_options(Vec::new(), Arc::clone(&self.schema), options)
                .map_err(parquet_error)?;
        Ok(Box::new(ParquetEncoder { writer }))
    }
}

struct ParquetEncoder {
    writer: ArrowWriter<Vec<u8>>,
}

impl Encoder for ParquetEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.writer.write(batch).map_err(parquet_error)
    }

    fn take(&mut self) -> Vec<u8> {
        // The writer counts the bytes it wrote itself; taking them from the sink is safe.
        std::mem::take(self.writer.inner_mut())
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>> {
        self.writer.into_inner().map_err(parquet_error)
    }
}
