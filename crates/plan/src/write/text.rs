//! Text files as Spark's text data source writes them: the one string column's value per line
//! (a NULL as an empty line), `lineSep` after every row.

use std::collections::HashMap;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType as ArrowType;
use sabot_common::{Result, SparkError};

use super::encoder::{Encoder, EncoderFactory};
use super::options::Codec;
use super::textfile::{TextSink, line_sep};

pub struct TextFactory {
    line_sep: String,
    codec: Codec,
}

impl TextFactory {
    pub fn new(opts: &HashMap<String, String>, codec: Codec) -> Result<Self> {
        Ok(Self {
            line_sep: line_sep(opts)?,
            codec,
        })
    }
}

impl EncoderFactory for TextFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        Ok(Box::new(TextEncoder {
            line_sep: self.line_sep.clone(),
            sink: TextSink::new(self.codec)?,
        }))
    }
}

struct TextEncoder {
    line_sep: String,
    sink: TextSink,
}

impl Encoder for TextEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let col = batch
            .columns()
            .first()
            .ok_or_else(|| SparkError::internal("a text write without a column"))?;
        if col.data_type() != &ArrowType::Utf8 {
            return Err(SparkError::internal(format!(
                "a text write of a {} column",
                col.data_type()
            )));
        }
        let strings = col.as_string::<i32>();
        let mut text = String::new();
        for i in 0..strings.len() {
            if !strings.is_null(i) {
                text.push_str(strings.value(i));
            }
            text.push_str(&self.line_sep);
        }
        self.sink.write(&text)
    }

    fn take(&mut self) -> Vec<u8> {
        self.sink.take()
    }

    fn finish(self: Box<Self>) -> Result<Vec<u8>> {
        self.sink.finish()
    }
}
