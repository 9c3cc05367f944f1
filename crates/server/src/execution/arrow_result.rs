//! Query results as Spark Connect `ArrowBatch` responses.
//!
//! Mirrors Spark's `SparkConnectPlanExecution.processAsArrowBatches`: each message is a complete
//! Arrow IPC stream holding exactly one record batch (PySpark checks each batch's row count),
//! limited by `spark.connect.grpc.arrow.maxBatchSize` bytes and
//! `spark.sql.execution.arrow.maxRecordsPerBatch` rows, with the row offset of its first row. An
//! empty result still sends one empty batch, so the client learns the schema.

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::writer::StreamWriter;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::ExecutePlanResponse;
use spark_connect_proto::connect::execute_plan_response::{ArrowBatch, ResponseType};

/// Encodes one batch as an IPC stream.
pub fn encode_ipc(batch: &RecordBatch) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(batch.get_array_memory_size() + 1024);
    {
        let mut writer = StreamWriter::try_new(&mut buf, batch.schema_ref())
            .map_err(|e| SparkError::internal(format!("Arrow IPC encoding failed: {e}")))?;
        writer
            .write(batch)
            .map_err(|e| SparkError::internal(format!("Arrow IPC encoding failed: {e}")))?;
        writer
            .finish()
            .map_err(|e| SparkError::internal(format!("Arrow IPC encoding failed: {e}")))?;
    }
    Ok(buf)
}

/// Groups result batches into messages of bounded size.
pub struct ArrowBatcher {
    schema: SchemaRef,
    max_bytes: usize,
    max_rows: usize,
    pending: Vec<RecordBatch>,
    pending_rows: usize,
    pending_bytes: usize,
    /// Rows already emitted (the next message's `start_offset`).
    offset: i64,
    emitted: usize,
}

impl ArrowBatcher {
    pub fn new(schema: SchemaRef, max_bytes: usize, max_rows: usize) -> Self {
        Self {
            schema,
            max_bytes: max_bytes.max(1024),
            max_rows: max_rows.max(1),
            pending: Vec::new(),
            pending_rows: 0,
            pending_bytes: 0,
            offset: 0,
            emitted: 0,
        }
    }

    /// Adds a batch; returns the responses that are ready.
    pub fn push(&mut self, batch: RecordBatch) -> Result<Vec<ExecutePlanResponse>> {
        let mut out = Vec::new();
        if batch.num_rows() == 0 {
            return Ok(out);
        }
        let rows = batch.num_rows();
        let bytes_per_row = (batch.get_array_memory_size() / rows).max(1);
        let mut start = 0;
        while start < rows {
            let room_rows = self.max_rows - self.pending_rows;
            let room_bytes = self.max_bytes.saturating_sub(self.pending_bytes) / bytes_per_row;
            let take = room_rows
                .min(room_bytes.max(if self.pending_rows == 0 { 1 } else { 0 }))
                .min(rows - start);
            if take == 0 {
                out.push(self.flush()?);
                continue;
            }
            self.pending.push(batch.slice(start, take));
            self.pending_rows += take;
            self.pending_bytes += take * bytes_per_row;
            start += take;
            if self.pending_rows >= self.max_rows || self.pending_bytes >= self.max_bytes {
                out.push(self.flush()?);
            }
        }
        Ok(out)
    }

    /// Emits what is pending; at the very end of an empty result, one empty batch.
    pub fn finish(mut self) -> Result<Vec<ExecutePlanResponse>> {
        if self.pending_rows > 0 || self.emitted == 0 {
            Ok(vec![self.flush()?])
        } else {
            Ok(Vec::new())
        }
    }

    fn flush(&mut self) -> Result<ExecutePlanResponse> {
        let batch = if self.pending.is_empty() {
            RecordBatch::new_empty(SchemaRef::clone(&self.schema))
        } else {
            concat_batches(&self.schema, &self.pending)
                .map_err(|e| SparkError::internal(format!("concatenating result batches: {e}")))?
        };
        self.pending.clear();
        let rows = self.pending_rows as i64;
        self.pending_rows = 0;
        self.pending_bytes = 0;
        let data = encode_ipc(&batch)?;
        let response = ExecutePlanResponse {
            response_type: Some(ResponseType::ArrowBatch(ArrowBatch {
                row_count: rows,
                data,
                start_offset: Some(self.offset),
                chunk_index: None,
                num_chunks_in_batch: None,
            })),
            ..Default::default()
        };
        self.offset += rows;
        self.emitted += 1;
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::Int64Array;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::ipc::reader::StreamReader;
    use std::sync::Arc;

    fn batch(n: i64) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Int64, false)]));
        RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from_iter_values(0..n))]).unwrap()
    }

    fn rows_of(r: &ExecutePlanResponse) -> (i64, Option<i64>, usize) {
        let Some(ResponseType::ArrowBatch(b)) = &r.response_type else {
            panic!("not a batch")
        };
        let reader = StreamReader::try_new(std::io::Cursor::new(b.data.clone()), None).unwrap();
        let batches: Vec<_> = reader.map(|b| b.unwrap()).collect();
        assert_eq!(batches.len(), 1, "exactly one batch per message");
        (b.row_count, b.start_offset, batches[0].num_rows())
    }

    #[test]
    fn splits_by_rows_with_offsets() {
        let b = batch(25_000);
        let mut batcher = ArrowBatcher::new(b.schema(), 4 << 20, 10_000);
        let mut out = batcher.push(b).unwrap();
        out.extend(batcher.finish().unwrap());
        let got: Vec<_> = out.iter().map(rows_of).collect();
        assert_eq!(
            got,
            vec![
                (10_000, Some(0), 10_000),
                (10_000, Some(10_000), 10_000),
                (5_000, Some(20_000), 5_000)
            ]
        );
    }

    #[test]
    fn splits_by_bytes() {
        let b = batch(100_000); // ~800 KB
        let mut batcher = ArrowBatcher::new(b.schema(), 100_000, 1_000_000);
        let mut out = batcher.push(b).unwrap();
        out.extend(batcher.finish().unwrap());
        assert!(out.len() >= 8, "{}", out.len());
        let total: i64 = out.iter().map(|r| rows_of(r).0).sum();
        assert_eq!(total, 100_000);
    }

    #[test]
    fn empty_result_sends_one_empty_batch() {
        let b = batch(0);
        let batcher = ArrowBatcher::new(b.schema(), 4 << 20, 10_000);
        let out = batcher.finish().unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(rows_of(&out[0]), (0, Some(0), 0));
    }

    #[test]
    fn coalesces_small_batches() {
        let b = batch(10);
        let mut batcher = ArrowBatcher::new(b.schema(), 4 << 20, 10_000);
        let mut out = Vec::new();
        for _ in 0..5 {
            out.extend(batcher.push(b.clone()).unwrap());
        }
        out.extend(batcher.finish().unwrap());
        assert_eq!(out.len(), 1);
        assert_eq!(rows_of(&out[0]).0, 50);
    }
}
