//! The Hadoop file system settings a session sees: every `spark.hadoop.<key>` of the server's
//! and the session's Spark config, with `spark.hadoop.` stripped (Spark copies them into the
//! session's Hadoop `Configuration`, `SessionState.newHadoopConf`).

use std::collections::BTreeMap;

/// The prefix of Spark config keys that are Hadoop settings.
pub const HADOOP_PREFIX: &str = "spark.hadoop.";

/// Hadoop settings by key (`fs.s3a.access.key`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HadoopConf {
    values: BTreeMap<String, String>,
}

impl HadoopConf {
    /// The `spark.hadoop.*` entries of a Spark config (later entries win).
    pub fn from_spark<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let values = entries
            .into_iter()
            .filter_map(|(k, v)| {
                let key = k.strip_prefix(HADOOP_PREFIX)?;
                Some((key.to_string(), v.trim().to_string()))
            })
            .collect();
        Self { values }
    }

    /// A value; empty values count as unset, as Hadoop's `getTrimmed` treats them.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// An S3A setting (`fs.s3a.<option>`) for `bucket`: the per-bucket
    /// `fs.s3a.bucket.<bucket>.<option>` wins (Hadoop's `S3AUtils.propagateBucketOptions`).
    pub fn s3a(&self, bucket: &str, option: &str) -> Option<&str> {
        self.get(&format!("fs.s3a.bucket.{bucket}.{option}"))
            .or_else(|| self.get(&format!("fs.s3a.{option}")))
    }

    /// A boolean S3A setting, `default` when unset or not a boolean.
    pub fn s3a_bool(&self, bucket: &str, option: &str, default: bool) -> bool {
        match self.s3a(bucket, option).map(str::to_ascii_lowercase) {
            Some(v) if v == "true" => true,
            Some(v) if v == "false" => false,
            _ => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_bucket_settings_win() {
        let conf = HadoopConf::from_spark([
            ("spark.hadoop.fs.s3a.endpoint", "http://a:1"),
            ("spark.hadoop.fs.s3a.bucket.logs.endpoint", "http://b:2"),
            ("spark.hadoop.fs.s3a.path.style.access", " TRUE "),
            ("spark.hadoop.fs.s3a.secret.key", ""),
            ("spark.sql.ansi.enabled", "true"),
        ]);
        assert_eq!(conf.s3a("data", "endpoint"), Some("http://a:1"));
        assert_eq!(conf.s3a("logs", "endpoint"), Some("http://b:2"));
        assert!(conf.s3a_bool("data", "path.style.access", false));
        assert_eq!(conf.s3a("data", "secret.key"), None);
        assert_eq!(conf.get("spark.sql.ansi.enabled"), None);
    }
}
