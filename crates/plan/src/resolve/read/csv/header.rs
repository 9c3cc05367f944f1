//! `enforceSchema=false`: each file's header must name the schema's columns, in order
//! (Spark's `CSVHeaderChecker.checkHeaderColumnNames`; names compared case-insensitively
//! unless `spark.sql.caseSensitive`). A mismatch fails the read of that file.

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use super::super::errors::failed_read;

/// The schema's data column names (without the corrupt-record column).
#[derive(Debug, Clone)]
pub(crate) struct HeaderCheck {
    pub names: Vec<String>,
    pub case_sensitive: bool,
}

impl HeaderCheck {
    /// The error for a file whose header is `header`, if it does not conform.
    pub(crate) fn check(&self, header: &[Option<String>], uri: &str) -> Option<SparkError> {
        let header: Vec<String> = header
            .iter()
            .map(|h| h.clone().unwrap_or_default())
            .collect();
        let source = format!("CSV file: {uri}");
        let message = if header.len() == self.names.len() {
            let same = |a: &str, b: &str| {
                if self.case_sensitive {
                    a == b
                } else {
                    a.to_lowercase() == b.to_lowercase()
                }
            };
            let (i, _) = self
                .names
                .iter()
                .zip(&header)
                .enumerate()
                .find(|(_, (s, h))| !same(s, h))?;
            format!(
                "CSV header does not conform to the schema.\n Header: {}\n Schema: {}\nExpected: {} but found: {}\n{source}",
                header.join(", "),
                self.names.join(", "),
                self.names[i],
                header[i]
            )
        } else {
            format!(
                "Number of column in CSV header is not equal to number of fields in the schema:\n Header length: {}, schema size: {}\n{source}",
                header.len(),
                self.names.len()
            )
        };
        // Spark's `SparkIllegalArgumentException` (`_LEGACY_ERROR_TEMP_3241`) under the read error.
        let mut cause = SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "_LEGACY_ERROR_TEMP_3241",
            "",
            message.clone(),
        )
        .param("msg", message);
        cause.sql_state = None;
        Some(failed_read(uri, cause))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lengths() {
        let c = HeaderCheck {
            names: vec!["a".into(), "b".into()],
            case_sensitive: false,
        };
        let h = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
        assert!(c.check(&h(&["A", "b"]), "f").is_none());
        assert!(c.check(&h(&["x", "b"]), "f").is_some());
        assert!(c.check(&h(&["a"]), "f").is_some());
        let cs = HeaderCheck {
            case_sensitive: true,
            ..c
        };
        assert!(cs.check(&h(&["A", "b"]), "f").is_some());
    }
}
