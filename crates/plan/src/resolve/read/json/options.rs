//! JSON read options (Spark's `JSONOptions`, read side).

use sabot_common::{Result, SparkError};
use sabot_functions::datasource::{Conversion, JsonReadOptions, json_read_options};

use super::super::options::{Encoding, Options, ParseMode};

#[derive(Debug, Clone)]
pub(crate) struct JsonOptions {
    pub parser: JsonReadOptions,
    pub multi_line: bool,
    pub line_sep: Option<String>,
    pub encoding: Encoding,
    pub mode: ParseMode,
    pub corrupt_column: String,
    pub primitives_as_string: bool,
    pub prefers_decimal: bool,
    pub drop_field_if_all_null: bool,
    pub sampling_ratio: f64,
    pub conversion: Conversion,
}

impl JsonOptions {
    pub(crate) fn new(o: &Options, time_zone: &str) -> Result<Self> {
        check_line_encoding(o)?;
        Ok(Self {
            parser: json_read_options(o.map()),
            multi_line: o.bool("multiLine", false)?,
            line_sep: o.get("lineSep").map(str::to_string),
            encoding: o.encoding("JSONOptionsInRead")?,
            mode: o.mode(),
            corrupt_column: o.corrupt_column(),
            primitives_as_string: o.bool("primitivesAsString", false)?,
            prefers_decimal: o.bool("prefersDecimal", false)?,
            drop_field_if_all_null: o.bool("dropFieldIfAllNull", false)?,
            sampling_ratio: o.sampling_ratio()?,
            conversion: Conversion::new(o.map(), time_zone)?,
        })
    }

    /// The records of a file's text: its lines (blank ones skipped), or the whole text.
    pub(crate) fn records<'a>(&self, text: &'a str) -> Vec<&'a str> {
        if self.multi_line {
            if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![text]
            }
        } else {
            super::super::lines::lines(text, self.line_sep.as_deref())
                .into_iter()
                .filter(|l| !l.trim().is_empty())
                .filter(|l| !(self.parser.allow_comments && only_comments(l)))
                .collect()
        }
    }
}

/// Spark's `JSONOptionsInRead.checkedEncoding`: JSON Lines are split before decoding, so
/// UTF-16 and UTF-32 (with byte-order marks) need `multiLine`, and the other multi-byte
/// encodings need an explicit `lineSep`.
fn check_line_encoding(o: &Options) -> Result<()> {
    let encoding = o.encoding("JSONOptionsInRead")?;
    if o.bool("multiLine", false)? || encoding.is_ascii_compatible() {
        return Ok(());
    }
    let name = o
        .get("encoding")
        .or_else(|| o.get("charset"))
        .unwrap_or_default();
    let name = name.to_ascii_uppercase();
    if matches!(encoding, Encoding::Utf16 | Encoding::Utf32) {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: The {name} encoding must not be included in the denyList when multiLine is disabled: UTF-16, UTF-32"
        )));
    }
    if o.get("lineSep").is_none() {
        return Err(SparkError::illegal_argument(format!(
            "requirement failed: The lineSep option must be specified for the {name} encoding"
        )));
    }
    Ok(())
}

/// A line with nothing but `//` and `/* */` comments: Jackson finds no token in it, so it is
/// no record.
fn only_comments(line: &str) -> bool {
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        if rest.starts_with("//") {
            return true;
        }
        match rest.strip_prefix("/*").and_then(|r| r.split_once("*/")) {
            Some((_, after)) => rest = after.trim_start(),
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_and_records() {
        let o = Options::new(
            &[("allowComments", "true"), ("primitivesAsString", "true")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let j = JsonOptions::new(&o, "UTC").unwrap();
        assert!(j.parser.allow_comments);
        assert!(j.parser.allow_single_quotes);
        assert!(j.primitives_as_string);
        assert_eq!(j.records("{}\n\n {\"a\":1}\n"), vec!["{}", " {\"a\":1}"]);
        assert_eq!(j.records("// x\n/* y */ // z\n{}"), vec!["{}"]);
        assert!(!only_comments("/* a */ {}"));
    }
}
