//! Decoding the Arrow IPC *stream* a client sends in `LocalRelation.data`.

use std::io::Cursor;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::reader::StreamReader;
use sabot_common::{Result, SparkError};

/// Reads every batch of an Arrow IPC stream, with the stream's schema.
pub fn decode_arrow_stream(data: &[u8]) -> Result<(SchemaRef, Vec<RecordBatch>)> {
    let reader = StreamReader::try_new(Cursor::new(data), None).map_err(invalid)?;
    let schema = reader.schema();
    let batches = reader
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(invalid)?;
    Ok((schema, batches))
}

fn invalid(e: impl std::fmt::Display) -> SparkError {
    SparkError::invalid_plan(format!("Invalid Arrow IPC stream in local relation: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::ipc::writer::StreamWriter;
    use std::sync::Arc;

    fn sample_stream() -> (RecordBatch, Vec<u8>) {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("name", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(Int64Array::from(vec![1, 2, 3])),
                Arc::new(StringArray::from(vec![Some("a"), None, Some("c")])),
            ],
        )
        .unwrap();
        let mut buf = Vec::new();
        {
            let mut w = StreamWriter::try_new(&mut buf, &schema).unwrap();
            w.write(&batch).unwrap();
            w.write(&batch).unwrap();
            w.finish().unwrap();
        }
        (batch, buf)
    }

    #[test]
    fn round_trips_batches() {
        let (batch, buf) = sample_stream();
        let (schema, batches) = decode_arrow_stream(&buf).unwrap();
        assert_eq!(schema, batch.schema());
        assert_eq!(batches, vec![batch.clone(), batch]);
    }

    #[test]
    fn rejects_garbage() {
        let err = decode_arrow_stream(b"not arrow at all").unwrap_err();
        assert!(err.message.contains("Arrow IPC"), "{err:?}");
    }
}
