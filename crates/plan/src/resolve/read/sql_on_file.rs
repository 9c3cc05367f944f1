//! `SELECT * FROM parquet.`/path`` (Spark's `ResolveSQLOnFile`): a two-part table name whose
//! first part is a file format reads the files at the second part, with the format's default
//! options; a missing path is `PATH_NOT_FOUND`, as for `spark.read`.

use std::collections::BTreeMap;

use datafusion::logical_expr::LogicalPlan;
use sabot_common::Result;

use super::super::Resolver;

/// The formats a SQL-on-files name may start with.
const FORMATS: [&str; 6] = ["parquet", "csv", "json", "text", "orc", "avro"];

/// The format and path of a SQL-on-files name.
fn format_and_path(name: &[String]) -> Option<(String, &str)> {
    let [format, path] = name else { return None };
    let format = format.to_ascii_lowercase();
    (FORMATS.contains(&format.as_str()) && !path.is_empty()).then_some((format, path.as_str()))
}

impl Resolver<'_> {
    /// The files a name like `csv.`/data/x.csv`` refers to; `None` for other names.
    pub(crate) async fn read_sql_on_file(
        &mut self,
        name: &[String],
    ) -> Result<Option<LogicalPlan>> {
        let Some((format, path)) = format_and_path(name) else {
            return Ok(None);
        };
        self.read_data_source(
            Some(&format),
            None,
            &BTreeMap::new(),
            &[path.to_string()],
            &[],
        )
        .await
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_format_names() {
        let n = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
        assert_eq!(
            format_and_path(&n("Parquet", "/tmp/x")),
            Some(("parquet".to_string(), "/tmp/x"))
        );
        assert!(format_and_path(&n("db", "/tmp/x")).is_none());
        assert!(format_and_path(&[String::from("csv")]).is_none());
    }
}
