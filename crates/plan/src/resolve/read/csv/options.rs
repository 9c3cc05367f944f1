//! CSV read options (Spark's `CSVOptions`, read side).

use sabot_common::Result;
use sabot_functions::datasource::{Conversion, CsvDialect};

use super::super::options::{Encoding, Options, ParseMode};

/// The parsed options of a CSV read.
#[derive(Debug, Clone)]
pub(crate) struct CsvOptions {
    pub header: bool,
    /// `enforceSchema`: `false` checks each file's header against the schema.
    pub enforce_schema: bool,
    pub infer_schema: bool,
    pub sampling_ratio: f64,
    pub dialect: CsvDialect,
    /// `comment`: lines starting with it are skipped (`None`: off, Spark's `\u0000`).
    pub comment: Option<char>,
    pub empty_value: String,
    pub nan_value: String,
    pub positive_inf: String,
    pub negative_inf: String,
    pub mode: ParseMode,
    pub corrupt_column: String,
    pub multi_line: bool,
    /// `lineSep`; `None` splits at `\n`, `\r\n` and `\r`.
    pub line_sep: Option<String>,
    pub encoding: Encoding,
    pub trim_leading: bool,
    pub trim_trailing: bool,
    pub prefer_date: bool,
    pub conversion: Conversion,
}

impl CsvOptions {
    pub(crate) fn new(o: &Options, time_zone: &str) -> Result<Self> {
        let mut dialect = CsvDialect::new(o.map());
        dialect.quote = o.char("quote", '"')?;
        dialect.escape = o.char("escape", '\\')?;
        if let Some(sep) = o.get("sep").or_else(|| o.get("delimiter")) {
            dialect.sep = separator(sep);
        }
        let comment = o.char("comment", '\u{0}')?;
        Ok(Self {
            header: o.bool("header", false)?,
            enforce_schema: o.bool("enforceSchema", true)?,
            infer_schema: o.bool("inferSchema", false)?,
            sampling_ratio: o.sampling_ratio()?,
            dialect,
            comment: (comment != '\u{0}').then_some(comment),
            empty_value: o.get("emptyValue").unwrap_or("").to_string(),
            nan_value: o.get("nanValue").unwrap_or("NaN").to_string(),
            positive_inf: o.get("positiveInf").unwrap_or("Inf").to_string(),
            negative_inf: o.get("negativeInf").unwrap_or("-Inf").to_string(),
            mode: o.mode(),
            corrupt_column: o.corrupt_column(),
            multi_line: o.bool("multiLine", false)?,
            line_sep: o.get("lineSep").map(str::to_string),
            encoding: o.encoding("CSVOptions")?,
            trim_leading: o.bool("ignoreLeadingWhiteSpace", false)?,
            trim_trailing: o.bool("ignoreTrailingWhiteSpace", false)?,
            prefer_date: o.bool("preferDate", true)?,
            conversion: Conversion::new(o.map(), time_zone)?,
        })
    }

    /// A token after Spark's whitespace options.
    pub(crate) fn trim(&self, s: String) -> String {
        match (self.trim_leading, self.trim_trailing) {
            (false, false) => s,
            (true, false) => s.trim_start().to_string(),
            (false, true) => s.trim_end().to_string(),
            (true, true) => s.trim().to_string(),
        }
    }
}

/// Spark's `CSVExprUtils.toDelimiterStr`: `\t` and friends; several characters are allowed.
fn separator(s: &str) -> String {
    match s {
        "\\t" => "\t".to_string(),
        "\\n" => "\n".to_string(),
        "\\r" => "\r".to_string(),
        "\\\\" => "\\".to_string(),
        "\\u0000" => "\u{0}".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overrides() {
        let o = Options::new(
            &[("SEP", "\\t"), ("header", "true"), ("comment", "#")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let c = CsvOptions::new(&o, "UTC").unwrap();
        assert_eq!(c.dialect.sep, "\t");
        assert!(c.header);
        assert_eq!(c.comment, Some('#'));
        assert_eq!(c.dialect.quote, '"');
        assert_eq!(c.mode, ParseMode::Permissive);
        assert_eq!(c.trim(" a ".into()), " a ");
    }
}
