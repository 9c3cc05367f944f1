//! Query results as Spark Connect `ArrowBatch` messages (`ArrowBatcher`: one IPC stream per
//! message, bounded by maxBatchSize/maxRecordsPerBatch) against Arrow's IPC writer alone.
// Benchmarks are test code: a broken fixture should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::ipc::writer::StreamWriter;
use sabot_server::execution::arrow_result::ArrowBatcher;

fn encoding(c: &mut Criterion) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("key", DataType::Int64, false),
        Field::new("qty", DataType::Int32, false),
        Field::new("price", DataType::Decimal128(15, 2), false),
        Field::new("ratio", DataType::Float64, false),
        Field::new("day", DataType::Date32, false),
        Field::new("comment", DataType::Utf8, false),
    ]));
    // 1M rows in DataFusion's default 8192-row batches.
    let batches: Vec<_> = (0..122)
        .map(|_| sabot_bench::sample_batch(&schema, 8192).unwrap())
        .collect();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    let mut group = c.benchmark_group("result_encoding");
    group.throughput(Throughput::Elements(rows as u64));
    group.sample_size(20);
    group.bench_function("sabot_arrow_batcher", |b| {
        b.iter(|| {
            let mut batcher = ArrowBatcher::new(Arc::clone(&schema), 4 << 20, 10_000);
            let mut messages = 0;
            for batch in &batches {
                messages += batcher.push(batch.clone()).unwrap().len();
            }
            messages + batcher.finish().unwrap().len()
        })
    });
    group.bench_function("arrow_ipc_stream", |b| {
        b.iter(|| {
            let mut buf = Vec::new();
            let mut writer = StreamWriter::try_new(&mut buf, &schema).unwrap();
            for batch in &batches {
                writer.write(batch).unwrap();
            }
            writer.finish().unwrap();
            drop(writer);
            buf.len()
        })
    });
    group.finish();
}

criterion_group!(benches, encoding);
criterion_main!(benches);
