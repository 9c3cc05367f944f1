//! Rows and values as Spark's file writers print them, for the JSON and CSV data sources:
//! the same `JacksonGenerator` / `UnivocityGenerator` formatting `to_json` and `to_csv` use.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, StructArray};
use sabot_common::{Result, SparkError};

use crate::json::to_json::{WriteOptions, compact, value};
use crate::json::write_text::WriteFormats;

/// Writes rows as JSON objects (`JacksonGenerator`): `ignoreNullFields` (default true),
/// `dateFormat`, `timestampFormat`, `timestampNTZFormat`, `timeZone`.
pub struct JsonRows {
    opts: WriteOptions,
}

impl JsonRows {
    /// From the writer's options (keys lower-cased) and the session time zone.
    pub fn new(opts: &HashMap<String, String>, time_zone: &str) -> Result<Self> {
        let mut opts = WriteOptions::new(opts, time_zone)?;
        opts.pretty = false;
        Ok(Self { opts })
    }

    /// Appends each row of `batch` as one JSON object followed by `line_sep`.
    pub fn write(&self, batch: &RecordBatch, line_sep: &str, out: &mut String) -> Result<()> {
        let rows: ArrayRef = Arc::new(StructArray::from(batch.clone()));
        for i in 0..batch.num_rows() {
            let v = value(&rows, i, &self.opts).map_err(|e| SparkError::internal(e.to_string()))?;
            compact(out, &v);
            out.push_str(line_sep);
        }
        Ok(())
    }
}

/// Atomic values as text (`UnivocityGenerator`): numbers as Java prints them, plain decimals,
/// dates and timestamps in the writer's formats and zone.
pub struct TextValues {
    formats: WriteFormats,
}

impl TextValues {
    /// From the writer's options (keys lower-cased) and the session time zone.
    pub fn new(opts: &HashMap<String, String>, time_zone: &str) -> Result<Self> {
        Ok(Self {
            formats: WriteFormats::new(opts, time_zone)?,
        })
    }

    /// Row `i` of `a` as text; `None` for NULL and for types this does not print.
    pub fn atom(&self, a: &ArrayRef, i: usize) -> Option<String> {
        self.formats.atom(a, i)
    }
}
