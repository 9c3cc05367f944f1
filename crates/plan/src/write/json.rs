//! JSON Lines files as Spark's JSON data source writes them (`JacksonGenerator`): one object
//! per row, NULL fields left out (`ignoreNullFields`, default true), Spark's number, date and
//! timestamp texts, `lineSep` after every row.

use std::collections::HashMap;

use datafusion::arrow::array::RecordBatch;
use sabot_common::Result;
use sabot_functions::file_rows::JsonRows;

use super::encoder::{Encoder, EncoderFactory};
use super::options::Codec;
use super::textfile::{TextSink, line_sep};

pub struct JsonFactory {
    rows: std::sync::Arc<JsonRows>,
    line_sep: String,
    codec: Codec,
}

impl JsonFactory {
    pub fn new(opts: &HashMap<String, String>, time_zone: &str, codec: Codec) -> Result<Self> {
        if let Some(enc) = opts.get("encoding").or_else(|| opts.get("charset")) {
            let e = enc.to_ascii_uppercase().replace('_', "-");
            if e != "UTF-8" && e != "UTF8" {
                return Err(sabot_common::SparkError::unsupported(format!(
                    "writing JSON in the {enc} encoding"
                )));
            }
        }
        Ok(Self {
            rows: std::sync::Arc::new(JsonRows::new(opts, time_zone)?),
            line_sep: line_sep(opts)?,
            codec,
        })
    }
}

impl EncoderFactory for JsonFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        Ok(Box::new(JsonEncoder {
            rows: std::sync::Arc::clone(&self.rows),
            line_sep: self.line_sep.clone(),
            sink: TextSink::new(self.codec)?,
        }))
    }
}

struct JsonEncoder {
    rows: std::sync::Arc<JsonRows>,
    line_sep: String,
    sink: TextSink,
}

impl Encoder for JsonEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut text = String::new();
        self.rows.write(batch, &self.line_sep, &mut text)?;
        self.sink.write(&text)
    }

    fn take(&mut self) -> Vec<u8> {
        self.sink.take()
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>> {
        self.sink.finish()
    }
}
