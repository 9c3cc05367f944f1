//! `input_file_name()`, `input_file_block_start()` and `input_file_block_length()` over a file
//! scan. Spark answers the file each row came from; Sabot's scans do not carry it yet, and the
//! functions' constant answers ("", -1) are only right for rows that do not come from files,
//! so over a file scan they are an unsupported-feature error rather than a wrong result.

use datafusion::common::DFSchema;
use sabot_common::SparkError;

/// The qualifier prefixes of the readers' scans (see `Resolver::internal_name`).
const SCANS: [&str; 4] = ["__csv", "__json", "__text", "__parquet"];

/// The error for one of the input-file functions when `schema` has columns of a file scan.
pub(crate) fn unsupported_over_files(function: &str, schema: &DFSchema) -> Option<SparkError> {
    if !matches!(
        function,
        "input_file_name" | "input_file_block_start" | "input_file_block_length"
    ) {
        return None;
    }
    let from_file = schema.iter().any(|(q, _)| {
        q.is_some_and(|q| {
            let t = q.table();
            SCANS.iter().any(|p| {
                t.strip_prefix(p)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
        })
    });
    from_file.then(|| SparkError::unsupported(format!("{function}() over a file scan")))
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    #[test]
    fn only_over_file_scans() {
        let s = Schema::new(vec![Field::new("a", DataType::Utf8, true)]);
        let scan = DFSchema::try_from_qualified_schema("__csv3", &s).unwrap();
        let other = DFSchema::try_from_qualified_schema("__local1", &s).unwrap();
        assert!(unsupported_over_files("input_file_name", &scan).is_some());
        assert!(unsupported_over_files("input_file_name", &other).is_none());
        assert!(unsupported_over_files("upper", &scan).is_none());
    }
}
