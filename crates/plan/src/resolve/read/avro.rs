//! Avro files (Spark's external `spark-avro` module, `format("avro")`) through arrow-rs's
//! `arrow-avro` reader: the schema is the first file's writer schema mapped to Spark types as
//! Spark's `SchemaConverters.toSqlType` maps them (records as structs, unions with null as
//! nullable columns, enums as strings, `timestamp-micros`/`-millis` as timestamps,
//! `local-timestamp-*` as TIMESTAMP_NTZ, `date`, `decimal`); a user schema takes the file's
//! columns by name, as Spark's `AvroDeserializer` does.

use std::io::Cursor;
use std::sync::Arc;

use arrow_avro::reader::ReaderBuilder;
use datafusion::arrow::array::{ArrayRef, RecordBatch, new_null_array};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::{Field, SchemaRef};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::StructField;
use sabot_common::{Result, SparkError};
use sabot_functions::datasource::Cell;

use super::files::{SourceFile, read_bytes};
use super::table::FileDecoder;
use crate::error::from_datafusion;

fn avro_error(uri: &str, e: impl std::fmt::Display) -> SparkError {
    SparkError::new(
        ExceptionKind::Internal,
        format!("Failed to read the Avro file {uri}: {e}"),
    )
}

/// One Avro file's rows as one batch, in the file's own Arrow types.
fn read_file(bytes: &[u8], uri: &str) -> Result<RecordBatch> {
    let reader = ReaderBuilder::new()
        .build(Cursor::new(bytes))
        .map_err(|e| avro_error(uri, e))?;
    let schema = reader.schema();
    let batches = reader
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| avro_error(uri, e))?;
    concat_batches(&schema, &batches).map_err(|e| avro_error(uri, e))
}

/// The Spark columns of the first file (nullable, as every file source's columns are).
pub(crate) async fn infer_schema(
    ctx: &datafusion::prelude::SessionContext,
    files: &[SourceFile],
) -> Result<Vec<StructField>> {
    let Some(first) = files.first() else {
        return Ok(Vec::new());
    };
    let store = ctx
        .runtime_env()
        .object_store(&first.store)
        .map_err(from_datafusion)?;
    let bytes = read_bytes(store.as_ref(), &first.meta).await?;
    let reader = ReaderBuilder::new()
        .build(Cursor::new(&bytes[..]))
        .map_err(|e| avro_error(&first.uri, e))?;
    reader
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let mut s = crate::types::arrow_field_to_spark(f)?;
            s.nullable = true;
            s.metadata = None;
            Ok(s)
        })
        .collect()
}

/// Decodes Avro files into the read's data columns.
#[derive(Debug)]
pub(crate) struct AvroDecoder {
    /// The data columns (names and Arrow types of the read).
    pub fields: Vec<Field>,
    pub case_sensitive: bool,
}

impl AvroDecoder {
    pub(crate) fn new(fields: &[StructField], zone: &str, case_sensitive: bool) -> Result<Self> {
        let fields = fields
            .iter()
            .map(|f| crate::types::struct_field_to_arrow(f, zone))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            fields,
            case_sensitive,
        })
    }
}

impl FileDecoder for AvroDecoder {
    fn decode(&self, _: &[u8], uri: &str) -> Result<Vec<Vec<Cell>>> {
        Err(SparkError::internal(format!(
            "the Avro file {uri} is decoded to Arrow directly"
        )))
    }

    fn decode_arrow(
        &self,
        bytes: &[u8],
        uri: &str,
        _wanted: &[bool],
    ) -> Option<Result<(usize, Vec<ArrayRef>)>> {
        Some(self.columns(bytes, uri))
    }
}

impl AvroDecoder {
    fn columns(&self, bytes: &[u8], uri: &str) -> Result<(usize, Vec<ArrayRef>)> {
        let batch = read_file(bytes, uri)?;
        let n = batch.num_rows();
        let file: SchemaRef = batch.schema();
        let mut out = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            let found = file
                .fields()
                .iter()
                .position(|g| super::same_name(g.name(), f.name(), self.case_sensitive));
            out.push(match found {
                Some(i) => cast(batch.column(i), f.data_type()).map_err(|e| avro_error(uri, e))?,
                None => new_null_array(f.data_type(), n),
            });
        }
        Ok((n, out))
    }
}

pub(crate) fn decoder(
    fields: &[StructField],
    zone: &str,
    case_sensitive: bool,
) -> Result<Arc<dyn FileDecoder>> {
    Ok(Arc::new(AvroDecoder::new(fields, zone, case_sensitive)?))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{AsArray, Int32Array, StringArray};
    use datafusion::arrow::datatypes::{DataType as ArrowType, Int64Type, Schema};
    use sabot_common::spec::DataType;

    use super::*;
    use crate::write::encoder::EncoderFactory;
    use crate::write::options::Codec;

    #[test]
    fn reads_what_the_writer_wrote_by_name() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", ArrowType::Int32, true),
            Field::new("s", ArrowType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(Int32Array::from(vec![Some(1), None])),
                Arc::new(StringArray::from(vec![Some("a"), Some("b")])),
            ],
        )
        .unwrap();
        let factory = crate::write::avro::AvroFactory::new(schema, Codec::Snappy).unwrap();
        let mut enc = factory.open().unwrap();
        enc.write(&batch).unwrap();
        let bytes = enc.finish().unwrap();
        let f = |name: &str, t| StructField {
            name: name.into(),
            data_type: t,
            nullable: true,
            metadata: None,
        };
        let d = AvroDecoder::new(
            &[
                f("S", DataType::String),
                f("id", DataType::Long),
                f("x", DataType::Integer),
            ],
            "UTC",
            false,
        )
        .unwrap();
        let (n, cols) = d.columns(&bytes, "f.avro").unwrap();
        assert_eq!(n, 2);
        assert_eq!(cols[0].as_string::<i32>().value(1), "b");
        assert_eq!(cols[1].as_primitive::<Int64Type>().value(0), 1);
        assert_eq!(cols[2].null_count(), 2);
        assert!(read_file(b"not avro", "f").is_err());
    }
}
