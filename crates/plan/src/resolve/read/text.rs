//! The text source (`spark.read.text`, Spark's `TextFileFormat`): one string column `value`,
//! a row per line (`lineSep`, default any of `\n`, `\r\n`, `\r`; empty lines kept) or per file
//! with `wholetext`.

use sabot_common::Result;
use sabot_common::spec::{DataType, StructField};
use sabot_functions::datasource::Cell;

use super::lines::lines;
use super::options::Options;
use super::table::FileDecoder;

#[derive(Debug)]
pub(crate) struct TextDecoder {
    pub whole_text: bool,
    pub line_sep: Option<String>,
}

impl TextDecoder {
    pub(crate) fn new(o: &Options) -> Result<Self> {
        Ok(Self {
            whole_text: o.bool("wholetext", false)?,
            line_sep: o.get("lineSep").map(str::to_string),
        })
    }
}

/// The single `value` column.
pub(crate) fn schema() -> Vec<StructField> {
    vec![StructField {
        name: "value".to_string(),
        data_type: DataType::String,
        nullable: true,
        metadata: None,
    }]
}

impl FileDecoder for TextDecoder {
    fn decode(&self, bytes: &[u8], _uri: &str) -> Result<Vec<Vec<Cell>>> {
        let text = String::from_utf8_lossy(bytes);
        if self.whole_text {
            return Ok(vec![vec![Cell::Str(text.into_owned())]]);
        }
        Ok(lines(&text, self.line_sep.as_deref())
            .into_iter()
            .map(|l| vec![Cell::Str(l.to_string())])
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_whole_text() {
        let d = TextDecoder {
            whole_text: false,
            line_sep: None,
        };
        assert_eq!(
            d.decode(b"a\n\nb\n", "f").unwrap(),
            vec![
                vec![Cell::Str("a".into())],
                vec![Cell::Str(String::new())],
                vec![Cell::Str("b".into())]
            ]
        );
        let d = TextDecoder {
            whole_text: true,
            line_sep: None,
        };
        assert_eq!(
            d.decode(b"a\nb", "f").unwrap(),
            vec![vec![Cell::Str("a\nb".into())]]
        );
    }
}
