//! CSV files as Spark's CSV data source writes them (`UnivocityGenerator` with the settings of
//! `CSVOptions.asWriterSettings`): `sep`, `quote`, `escape`, `charToEscapeQuoteEscaping`,
//! `escapeQuotes`, `quoteAll`, `header`, `nullValue`, `emptyValue`, whitespace trimming
//! (`ignoreLeading/TrailingWhiteSpace`, on by default when writing), `lineSep`, and values as
//! Spark prints them (dates/timestamps in `dateFormat`/`timestampFormat` and the session zone,
//! binary as `[01 02]`).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType as ArrowType, SchemaRef};
use sabot_common::{Result, SparkError};
use sabot_functions::file_rows::TextValues;

use super::encoder::{Encoder, EncoderFactory};
use super::options::{Codec, flag};
use super::textfile::{TextSink, line_sep};
use crate::show::format_value;

/// How a record is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialect {
    pub sep: String,
    /// `None` when quoting is off (an empty `quote` option).
    pub quote: Option<char>,
    pub escape: char,
    /// Written before an escape character inside a quoted value.
    pub escape_escape: Option<char>,
    /// `escapeQuotes`: a quote anywhere in a value makes it quoted (else only a leading one).
    pub escape_quotes: bool,
    pub quote_all: bool,
    pub null_value: String,
    pub empty_value: String,
    pub trim_leading: bool,
    pub trim_trailing: bool,
}

fn one_char(opts: &HashMap<String, String>, key: &str, default: char) -> Result<Option<char>> {
    match opts.get(key) {
        None => Ok(Some(default)),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if v.chars().count() == 1 => Ok(v.chars().next()),
        Some(v) => Err(SparkError::illegal_argument(format!(
            "{key} cannot be more than one character: {v}"
        ))),
    }
}

impl Dialect {
    /// From the writer's options (keys lower-cased).
    pub fn new(opts: &HashMap<String, String>) -> Result<Self> {
        let sep = match opts.get("sep").or_else(|| opts.get("delimiter")) {
            None => ",".to_string(),
            Some(s) if s == "\\t" => "\t".to_string(),
            Some(s) if s.is_empty() => {
                return Err(SparkError::illegal_argument(
                    "Delimiter cannot be empty string",
                ));
            }
            Some(s) => s.clone(),
        };
        let quote = one_char(opts, "quote", '"')?;
        let escape = one_char(opts, "escape", '\\')?.unwrap_or('\0');
        let escape_escape = match opts.get("chartoescapequoteescaping") {
            Some(v) => v.chars().next(),
            None if Some(escape) != quote => Some(escape),
            None => None,
        };
        Ok(Self {
            sep,
            quote,
            escape,
            escape_escape,
            escape_quotes: flag(opts, "escapequotes", true)?,
            quote_all: flag(opts, "quoteall", false)?,
            null_value: opts.get("nullvalue").cloned().unwrap_or_default(),
            empty_value: opts
                .get("emptyvalue")
                .cloned()
                .unwrap_or_else(|| "\"\"".to_string()),
            trim_leading: flag(opts, "ignoreleadingwhitespace", true)?,
            trim_trailing: flag(opts, "ignoretrailingwhitespace", true)?,
        })
    }

    fn quoted(&self, quote: char, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push(quote);
        for c in s.chars() {
            if c == quote {
                out.push(self.escape);
            } else if c == self.escape
                && c != quote
                && let Some(e) = self.escape_escape.filter(|e| *e != '\0')
            {
                out.push(e);
            }
            out.push(c);
        }
        out.push(quote);
        out
    }

    /// One field as written. Mirrors univocity's writer as Spark sets it up: whitespace
    /// trimmed, a value left empty written as `emptyValue`, and a value quoted when it had the
    /// separator, the quote or a line break, or starts with univocity's comment character `#`.
    pub fn field(&self, value: Option<&str>) -> String {
        let Some(v) = value else {
            return match self.quote.filter(|_| self.quote_all) {
                Some(q) => format!("{q}{}{q}", self.null_value),
                None => self.null_value.clone(),
            };
        };
        let mut s = v;
        if self.trim_leading {
            s = s.trim_start_matches(|c: char| c <= ' ');
        }
        if self.trim_trailing {
            s = s.trim_end_matches(|c: char| c <= ' ');
        }
        if s.is_empty() {
            return match self.quote.filter(|_| self.quote_all) {
                Some(q) if self.empty_value == "\"\"" => format!("{q}{q}"),
                Some(q) => format!("{q}{}{q}", self.empty_value),
                None => self.empty_value.clone(),
            };
        }
        // An empty `quote` option is univocity's NUL quote character, which Spark writes.
        let q = self.quote.unwrap_or('\0');
        let needs = self.quote_all
            || v.contains(self.sep.as_str())
            || v.contains(['\n', '\r'])
            || (self.escape_quotes && v.contains(q))
            || s.starts_with(q)
            || s.starts_with('#');
        if needs {
            self.quoted(q, s)
        } else {
            s.to_string()
        }
    }

    /// One record: the fields joined by the separator.
    pub fn record(&self, fields: &[Option<String>]) -> String {
        fields
            .iter()
            .map(|f| self.field(f.as_deref()))
            .collect::<Vec<_>>()
            .join(&self.sep)
    }
}

pub struct CsvFactory {
    dialect: Arc<Dialect>,
    values: Arc<TextValues>,
    header: Option<String>,
    line_sep: String,
    codec: Codec,
    time_zone: String,
}

impl CsvFactory {
    pub fn new(
        opts: &HashMap<String, String>,
        schema: &SchemaRef,
        time_zone: &str,
        codec: Codec,
    ) -> Result<Self> {
        if let Some(enc) = opts.get("encoding").or_else(|| opts.get("charset")) {
            let e = enc.to_ascii_uppercase().replace('_', "-");
            if e != "UTF-8" && e != "UTF8" {
                return Err(SparkError::unsupported(format!(
                    "writing CSV in the {enc} encoding"
                )));
            }
        }
        let dialect = Dialect::new(opts)?;
        let line_sep = line_sep(opts)?;
        let header = flag(opts, "header", false)?.then(|| {
            let names: Vec<Option<String>> = schema
                .fields()
                .iter()
                .map(|f| Some(f.name().clone()))
                .collect();
            format!("{}{line_sep}", dialect.record(&names))
        });
        Ok(Self {
            dialect: Arc::new(dialect),
            values: Arc::new(TextValues::new(opts, time_zone)?),
            header,
            line_sep,
            codec,
            time_zone: time_zone.to_string(),
        })
    }
}

impl EncoderFactory for CsvFactory {
    fn open(&self) -> Result<Box<dyn Encoder>> {
        let mut sink = TextSink::new(self.codec)?;
        if let Some(h) = &self.header {
            sink.write(h)?;
        }
        Ok(Box::new(CsvEncoder {
            dialect: Arc::clone(&self.dialect),
            values: Arc::clone(&self.values),
            line_sep: self.line_sep.clone(),
            time_zone: self.time_zone.clone(),
            sink,
        }))
    }
}

struct CsvEncoder {
    dialect: Arc<Dialect>,
    values: Arc<TextValues>,
    line_sep: String,
    time_zone: String,
    sink: TextSink,
}

impl Encoder for CsvEncoder {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut text = String::new();
        let mut fields = Vec::with_capacity(batch.num_columns());
        for row in 0..batch.num_rows() {
            fields.clear();
            for col in batch.columns() {
                let v = if col.is_null(row) {
                    None
                } else if let Some(t) = self.values.atom(col, row) {
                    Some(t)
                } else if matches!(col.data_type(), ArrowType::Binary) {
                    Some(format_value(col.as_ref(), row, &self.time_zone)?)
                } else {
                    return Err(SparkError::internal(format!(
                        "a CSV value of type {}",
                        col.data_type()
                    )));
                };
                // univocity writes the line breaks inside values as the line separator.
                let v = match v {
                    Some(t) if self.line_sep != "\n" && t.contains('\n') => {
                        Some(t.replace('\n', &self.line_sep))
                    }
                    other => other,
                };
                fields.push(v);
            }
            text.push_str(&self.dialect.record(&fields));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(pairs: &[(&str, &str)]) -> Dialect {
        let opts = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Dialect::new(&opts).unwrap()
    }

    #[test]
    fn writes_fields_as_spark() {
        let d = dialect(&[]);
        let rec = |v: &[Option<&str>]| {
            d.record(&v.iter().map(|x| x.map(str::to_string)).collect::<Vec<_>>())
        };
        assert_eq!(
            rec(&[Some("1"), Some("b,c"), None, Some(""), Some("  sp ace  ")]),
            "1,\"b,c\",,\"\",sp ace"
        );
        assert_eq!(rec(&[Some("q\"uo\\te")]), "\"q\\\"uo\\\\te\"");
        assert_eq!(rec(&[Some("new\nline")]), "\"new\nline\"");
        assert_eq!(
            rec(&[Some("\tx\n"), Some("#c"), Some("  ")]),
            "\"x\",\"#c\",\"\""
        );
        assert_eq!(d.field(Some("a\\b")), "a\\b");
    }

    #[test]
    fn options_change_quoting() {
        let d = dialect(&[("sep", ";"), ("quote", "'"), ("escape", "#")]);
        assert_eq!(d.field(Some("q\"uo\\te")), "q\"uo\\te");
        assert_eq!(d.field(Some("new\r\nline")), "'new\r\nline'");
        let d = dialect(&[
            ("quoteall", "true"),
            ("ignoreleadingwhitespace", "false"),
            ("ignoretrailingwhitespace", "false"),
        ]);
        assert_eq!(d.field(Some("  sp ace  ")), "\"  sp ace  \"");
        assert_eq!(d.field(None), "\"\"");
        assert_eq!(d.field(Some("")), "\"\"");
        let d = dialect(&[("escapequotes", "false")]);
        assert_eq!(d.field(Some("a\"b")), "a\"b");
        assert_eq!(d.field(Some("\"a")), "\"\\\"a\"");
        let d = dialect(&[("quote", "")]);
        assert_eq!(d.field(Some("a,b")), "\0a,b\0");
        let d = dialect(&[("nullvalue", "NA"), ("emptyvalue", "EMPTY")]);
        assert_eq!(d.field(None), "NA");
        assert_eq!(d.field(Some("")), "EMPTY");
    }
}
