//! Decoding CSV records into rows (Spark's `UnivocityParser` behind `FailureSafeParser`): a
//! record with too few or too many tokens, or a value that does not convert, is malformed;
//! `PERMISSIVE` keeps it (the values that converted, the record text in the corrupt-record
//! column), `DROPMALFORMED` drops it, `FAILFAST` fails the read.

use datafusion::arrow::datatypes::DataType as ArrowType;
use sabot_common::Result;
use sabot_functions::datasource::{Cell, convert_csv_value, split_csv_record};

use super::super::errors::failfast_read;
use super::super::options::ParseMode;
use super::super::table::FileDecoder;
use super::header::HeaderCheck;
use super::options::CsvOptions;
use super::records::records;

#[derive(Debug)]
pub(crate) struct CsvDecoder {
    pub options: CsvOptions,
    /// Arrow types of the data columns.
    pub types: Vec<ArrowType>,
    /// The corrupt-record column, if the schema has one.
    pub corrupt: Option<usize>,
    /// `enforceSchema=false` with a header: the names each file's header must have.
    pub header_check: Option<HeaderCheck>,
}

impl CsvDecoder {
    /// The tokens of a record, after the whitespace options.
    pub(crate) fn tokens(&self, record: &str) -> Vec<Option<String>> {
        let mut tokens = split_csv_record(record, &self.options.dialect);
        if let Some(Some(last)) = tokens.last_mut()
            && let Some(open) = unclosed(last, &self.options)
        {
            *last = open;
        }
        tokens
            .into_iter()
            .map(|t| t.map(|s| self.options.trim(s)))
            .collect()
    }

    /// One value; `None` if it does not convert.
    fn value(&self, token: Option<&String>, t: &ArrowType) -> Option<Cell> {
        let o = &self.options;
        let Some(s) = token else {
            return Some(Cell::Null);
        };
        // A quoted empty string is `emptyValue`; the null value is NULL.
        let s = if s.is_empty() { &o.empty_value } else { s };
        if *s == o.dialect.null_value {
            return Some(Cell::Null);
        }
        let s = match t {
            ArrowType::Float32 | ArrowType::Float64 if *s == o.nan_value => "NaN",
            ArrowType::Float32 | ArrowType::Float64 if *s == o.positive_inf => "Inf",
            ArrowType::Float32 | ArrowType::Float64 if *s == o.negative_inf => "-Inf",
            _ => s.as_str(),
        };
        convert_csv_value(s, t, &o.conversion)
    }

    /// One record's row; `None` when the mode drops it.
    fn row(&self, record: &str, uri: &str) -> Result<Option<Vec<Cell>>> {
        let tokens = self.tokens(record);
        let wanted = self.types.len() - usize::from(self.corrupt.is_some());
        let mut bad = tokens.len() != wanted;
        let mut row = Vec::with_capacity(self.types.len());
        let mut pos = 0;
        for (i, t) in self.types.iter().enumerate() {
            if Some(i) == self.corrupt {
                row.push(Cell::Null);
                continue;
            }
            let cell = self.value(tokens.get(pos).and_then(Option::as_ref), t);
            pos += 1;
            row.push(cell.unwrap_or_else(|| {
                bad = true;
                Cell::Null
            }));
        }
        if !bad {
            return Ok(Some(row));
        }
        match self.options.mode {
            ParseMode::FailFast => Err(failfast_read(uri, record)),
            ParseMode::DropMalformed => Ok(None),
            ParseMode::Permissive => {
                if let Some(k) = self.corrupt {
                    row[k] = Cell::Str(record.to_string());
                }
                Ok(Some(row))
            }
        }
    }
}

/// A last field whose quote never closes (a record cut at a line break without `multiLine`):
/// univocity keeps what follows the opening quote, unescaped.
fn unclosed(token: &str, o: &CsvOptions) -> Option<String> {
    let (quote, escape) = (o.dialect.quote, o.dialect.escape);
    let rest = token.strip_prefix(quote)?;
    let mut out = String::new();
    let mut it = rest.chars().peekable();
    while let Some(c) = it.next() {
        if c == escape && escape != quote && it.peek() == Some(&quote) {
            out.push(quote);
            it.next();
        } else if c == quote {
            return None;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

impl FileDecoder for CsvDecoder {
    fn decode(&self, bytes: &[u8], uri: &str) -> Result<Vec<Vec<Cell>>> {
        let text = self.options.encoding.decode(bytes);
        let recs = records(&text, &self.options);
        let skip = usize::from(self.options.header);
        if let (Some(check), Some(first)) = (&self.header_check, recs.first())
            && let Some(e) = check.check(&self.tokens(first), uri)
        {
            return Err(e);
        }
        let mut out = Vec::with_capacity(recs.len());
        for r in recs.iter().skip(skip) {
            if let Some(row) = self.row(r, uri)? {
                out.push(row);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::options::Options;
    use super::*;

    fn decoder(kv: &[(&str, &str)], types: Vec<ArrowType>, corrupt: Option<usize>) -> CsvDecoder {
        let o = Options::new(
            &kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        CsvDecoder {
            options: CsvOptions::new(&o, "UTC").unwrap(),
            types,
            corrupt,
            header_check: None,
        }
    }

    #[test]
    fn modes() {
        let types = vec![ArrowType::Int32, ArrowType::Int32, ArrowType::Utf8];
        let d = decoder(&[], types.clone(), Some(2));
        let rows = d.decode(b"1,2\nx\n3,4,5\n", "f").unwrap();
        assert_eq!(rows[0], vec![Cell::I64(1), Cell::I64(2), Cell::Null]);
        assert_eq!(rows[1], vec![Cell::Null, Cell::Null, Cell::Str("x".into())]);
        assert_eq!(
            rows[2],
            vec![Cell::I64(3), Cell::I64(4), Cell::Str("3,4,5".into())]
        );
        let d = decoder(&[("mode", "DROPMALFORMED")], types.clone(), Some(2));
        assert_eq!(d.decode(b"1,2\nx\n", "f").unwrap().len(), 1);
        let d = decoder(&[("mode", "FAILFAST")], types, Some(2));
        let e = d.decode(b"1,2\nx\n", "f").unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("FAILED_READ_FILE.NO_HINT"));
    }

    #[test]
    fn unclosed_quote() {
        let d = decoder(&[], vec![ArrowType::Utf8; 2], None);
        assert_eq!(
            d.tokens("1,\"multi"),
            vec![Some("1".to_string()), Some("multi".to_string())]
        );
        assert_eq!(d.tokens("\"a\"x,b")[0].as_deref(), Some("\"a\"x"));
    }

    #[test]
    fn null_and_empty_values() {
        let d = decoder(&[("nullValue", "NA")], vec![ArrowType::Utf8; 3], None);
        let rows = d.decode(b"\"\",NA,\n", "f").unwrap();
        assert_eq!(
            rows[0],
            vec![Cell::Str(String::new()), Cell::Null, Cell::Null]
        );
        let d = decoder(&[], vec![ArrowType::Utf8; 2], None);
        assert_eq!(
            d.decode(b"\"\",a\n", "f").unwrap()[0],
            vec![Cell::Null, Cell::Str("a".into())]
        );
    }
}
