//! Data source options as Spark reads them: keys are case-insensitive (Spark's
//! `CaseInsensitiveMap`), booleans are `true`/`false` in any case, and `mode` is a `ParseMode`.

use std::collections::{BTreeMap, HashMap};

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

pub(crate) use super::encoding::Encoding;

/// The options of one read, keys lower-cased.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    map: HashMap<String, String>,
}

/// How malformed records are handled (Spark's `ParseMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParseMode {
    Permissive,
    DropMalformed,
    FailFast,
}

impl Options {
    pub(crate) fn new(options: &BTreeMap<String, String>) -> Self {
        Self {
            map: options
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect(),
        }
    }

    /// The lower-cased map (what the shared `from_json`/`from_csv` helpers read).
    pub(crate) fn map(&self) -> &HashMap<String, String> {
        &self.map
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.map.get(&key.to_ascii_lowercase()).map(String::as_str)
    }

    /// A boolean option; anything but `true`/`false` (any case) is Spark's
    /// `paramIsNotBooleanValueError`.
    pub(crate) fn bool(&self, key: &str, default: bool) -> Result<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(_) => Err(super::errors::not_boolean(key)),
        }
    }

    /// A single character option such as `quote` or `escape` (Spark's
    /// `CSVExprUtils.toChar`: `\t`, `\n`, ... and `\u0000` escapes, empty is `\u0000`).
    pub(crate) fn char(&self, key: &str, default: char) -> Result<char> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => to_char(v).ok_or_else(|| {
                SparkError::illegal_argument(format!(
                    "Unsupported special character for delimiter: {v}"
                ))
            }),
        }
    }

    pub(crate) fn mode(&self) -> ParseMode {
        match self.get("mode").map(str::to_ascii_uppercase).as_deref() {
            Some("DROPMALFORMED") => ParseMode::DropMalformed,
            Some("FAILFAST") => ParseMode::FailFast,
            // Spark's `ParseMode.fromString` falls back to PERMISSIVE for unknown names.
            _ => ParseMode::Permissive,
        }
    }

    /// `columnNameOfCorruptRecord` (default `spark.sql.columnNameOfCorruptRecord`).
    pub(crate) fn corrupt_column(&self) -> String {
        self.get("columnNameOfCorruptRecord")
            .unwrap_or("_corrupt_record")
            .to_string()
    }

    /// `samplingRatio` in (0, 1].
    pub(crate) fn sampling_ratio(&self) -> Result<f64> {
        match self.get("samplingRatio") {
            None => Ok(1.0),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(r) if r > 0.0 => Ok(r.min(1.0)),
                _ => Err(SparkError::with_class(
                    ExceptionKind::IllegalArgument,
                    "INVALID_SAMPLING_RATIO",
                    "22003",
                    format!("samplingRatio ({v}) should be greater than 0"),
                )),
            },
        }
    }

    /// `encoding`/`charset` (`owner`: the options' name in Spark's error).
    pub(crate) fn encoding(&self, owner: &str) -> Result<Encoding> {
        let name = self.get("encoding").or_else(|| self.get("charset"));
        Encoding::parse(name, owner)
    }
}

/// Spark's `CSVExprUtils.toChar`.
fn to_char(v: &str) -> Option<char> {
    let mut cs = v.chars();
    match (cs.next(), cs.next(), cs.next()) {
        (None, _, _) => Some('\u{0}'),
        (Some(c), None, _) => Some(c),
        (Some('\\'), Some(e), None) => match e {
            't' => Some('\t'),
            'r' => Some('\r'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            '"' => Some('"'),
            '\'' => Some('\''),
            '\\' => Some('\\'),
            _ => None,
        },
        _ if v == "\\u0000" => Some('\u{0}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(kv: &[(&str, &str)]) -> Options {
        Options::new(
            &kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn keys_are_case_insensitive() {
        let o = opts(&[("inferSchema", "TRUE"), ("Mode", "failFast")]);
        assert_eq!(o.get("INFERSCHEMA"), Some("TRUE"));
        assert!(o.bool("inferschema", false).unwrap());
        assert_eq!(o.mode(), ParseMode::FailFast);
        assert!(opts(&[("header", "yes")]).bool("header", false).is_err());
    }

    #[test]
    fn characters_and_modes() {
        let o = opts(&[("quote", ""), ("escape", "\\t"), ("sep", "ab")]);
        assert_eq!(o.char("quote", '"').unwrap(), '\u{0}');
        assert_eq!(o.char("escape", '\\').unwrap(), '\t');
        assert!(o.char("sep", ',').is_err());
        assert_eq!(opts(&[("mode", "bogus")]).mode(), ParseMode::Permissive);
        assert_eq!(
            opts(&[("mode", "dropmalformed")]).mode(),
            ParseMode::DropMalformed
        );
    }

    #[test]
    fn sampling_ratio_and_encoding() {
        assert_eq!(opts(&[]).sampling_ratio().unwrap(), 1.0);
        assert!(opts(&[("samplingRatio", "0")]).sampling_ratio().is_err());
        assert!(
            opts(&[("encoding", "UTF-7")])
                .encoding("CSVOptions")
                .is_err()
        );
    }
}
