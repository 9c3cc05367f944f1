//! Spark configuration: the keys Sabot knows with Spark's defaults, and a session's settings.
//!
//! Mirrors `org.apache.spark.sql.internal.SQLConf`: a key with a registered default answers `get`
//! with that default; an unknown `spark.sql.*` key that was never set raises `SQL_CONF_NOT_FOUND`;
//! static keys cannot be changed at runtime (`CANNOT_MODIFY_CONFIG`).

use std::collections::BTreeMap;

use crate::error::{ExceptionKind, Result, SparkError};

/// How a config value is checked when set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Bool,
    Int,
    Bytes,
    String,
}

/// A registered config key.
#[derive(Debug, Clone, Copy)]
pub struct ConfEntry {
    pub key: &'static str,
    /// `None`: registered without a default; `get` answers with no value.
    pub default: Option<&'static str>,
    pub kind: ValueKind,
    /// Static configs are fixed for the server's lifetime (`is_modifiable` is false).
    pub is_static: bool,
}

const fn entry(key: &'static str, default: &'static str, kind: ValueKind) -> ConfEntry {
    ConfEntry {
        key,
        default: Some(default),
        kind,
        is_static: false,
    }
}

const fn optional_entry(key: &'static str) -> ConfEntry {
    ConfEntry {
        key,
        default: None,
        kind: ValueKind::String,
        is_static: false,
    }
}

const fn static_entry(key: &'static str, default: &'static str, kind: ValueKind) -> ConfEntry {
    ConfEntry {
        key,
        default: Some(default),
        kind,
        is_static: true,
    }
}

use ValueKind::{Bool, Bytes, Int, String as Str};

/// Spark's defaults for the configs PySpark clients and Sabot read, alphabetically (values as
/// Spark 4.3.0 reports them).
/// `spark.sql.session.timeZone` is not here: its default is the server's local time zone.
pub const ENTRIES: &[ConfEntry] = &[
    // Sabot's own: the server's memory pool (static; default 3/4 of the machine's memory) and
    // each query's share of it (default: the whole pool).
    ConfEntry {
        key: MEMORY_LIMIT,
        default: None,
        kind: Bytes,
        is_static: true,
    },
    ConfEntry {
        key: QUERY_MEMORY_LIMIT,
        default: None,
        kind: Bytes,
        is_static: false,
    },
    entry("spark.connect.grpc.arrow.maxBatchSize", "4194304", Bytes),
    static_entry(
        "spark.connect.grpc.maxInboundMessageSize",
        "134217728",
        Bytes,
    ),
    entry(
        "spark.connect.session.planCompression.defaultAlgorithm",
        "ZSTD",
        Str,
    ),
    entry(
        "spark.connect.session.planCompression.threshold",
        "10485760",
        Bytes,
    ),
    // Where reliable checkpoints are written (a SparkContext setting: fixed at server start).
    ConfEntry {
        key: CHECKPOINT_DIR,
        default: None,
        kind: Str,
        is_static: true,
    },
    // Adaptive execution: only the coalescing of shuffles without a count is applied (see
    // `sabot_plan::exchange::adaptive`).
    entry(
        "spark.sql.adaptive.advisoryPartitionSizeInBytes",
        "67108864b",
        Bytes,
    ),
    entry(
        "spark.sql.adaptive.coalescePartitions.enabled",
        "true",
        Bool,
    ),
    optional_entry("spark.sql.adaptive.coalescePartitions.initialPartitionNum"),
    optional_entry("spark.sql.adaptive.coalescePartitions.minPartitionNum"),
    entry(
        "spark.sql.adaptive.coalescePartitions.minPartitionSize",
        "1048576b",
        Bytes,
    ),
    entry(
        "spark.sql.adaptive.coalescePartitions.parallelismFirst",
        "true",
        Bool,
    ),
    entry("spark.sql.adaptive.enabled", "true", Bool),
    entry("spark.sql.ansi.enabled", "true", Bool),
    entry("spark.sql.autoBroadcastJoinThreshold", "10485760b", Bytes),
    entry("spark.sql.caseSensitive", "false", Bool),
    static_entry("spark.sql.catalogImplementation", "in-memory", Str),
    entry("spark.sql.crossJoin.enabled", "true", Bool),
    entry("spark.sql.exchange.reuse", "true", Bool),
    entry(
        "spark.sql.execution.arrow.localRelationThreshold",
        "50331648b",
        Bytes,
    ),
    entry("spark.sql.execution.arrow.maxRecordsPerBatch", "10000", Int),
    entry("spark.sql.execution.arrow.pyspark.enabled", "true", Bool),
    entry(
        "spark.sql.execution.arrow.pyspark.fallback.enabled",
        "true",
        Bool,
    ),
    entry(
        "spark.sql.execution.arrow.pyspark.selfDestruct.enabled",
        "false",
        Bool,
    ),
    entry("spark.sql.execution.arrow.useLargeVarTypes", "false", Bool),
    entry(
        "spark.sql.execution.pandas.convertToArrowArraySafely",
        "true",
        Bool,
    ),
    entry(
        "spark.sql.execution.pandas.inferPandasDictAsMap",
        "false",
        Bool,
    ),
    entry(
        "spark.sql.execution.pandas.structHandlingMode",
        "legacy",
        Str,
    ),
    entry("spark.sql.execution.pythonUDF.arrow.enabled", "true", Bool),
    entry("spark.sql.execution.pythonUDTF.arrow.enabled", "true", Bool),
    entry(
        "spark.sql.legacy.allowNegativeScaleOfDecimal",
        "false",
        Bool,
    ),
    // Spark's default; Sabot plans hash joins unless it is set (see the server's session).
    entry("spark.sql.join.preferSortMergeJoin", "true", Bool),
    entry("spark.sql.legacy.timeParserPolicy", "CORRECTED", Str),
    optional_entry("spark.sql.optimizer.excludedRules"),
    optional_entry("spark.sql.pyspark.udf.profiler"),
    entry(
        "spark.sql.pyspark.inferNestedDictAsStruct.enabled",
        "false",
        Bool,
    ),
    entry(
        "spark.sql.pyspark.legacy.inferArrayTypeFromFirstElement.enabled",
        "false",
        Bool,
    ),
    entry(
        "spark.sql.pyspark.legacy.inferMapTypeFromFirstPair.enabled",
        "false",
        Bool,
    ),
    entry("spark.sql.repl.eagerEval.enabled", "false", Bool),
    entry("spark.sql.repl.eagerEval.maxNumRows", "20", Int),
    entry("spark.sql.repl.eagerEval.truncate", "20", Int),
    entry(
        "spark.sql.session.localRelationBatchOfChunksSizeBytes",
        "1073741824",
        Bytes,
    ),
    entry(
        "spark.sql.session.localRelationCacheThreshold",
        "1048576",
        Bytes,
    ),
    entry(
        "spark.sql.session.localRelationChunkSizeBytes",
        "16777216",
        Bytes,
    ),
    entry("spark.sql.session.localRelationChunkSizeRows", "10000", Int),
    entry(
        "spark.sql.session.localRelationSizeLimit",
        "3221225472",
        Bytes,
    ),
    entry("spark.sql.shuffle.partitions", "200", Int),
    entry("spark.sql.timeType.enabled", "false", Bool),
    entry("spark.sql.timestampType", "TIMESTAMP_LTZ", Str),
    static_entry("spark.sql.warehouse.dir", "spark-warehouse", Str),
];

/// The registered entry for a key, if any.
pub fn lookup(key: &str) -> Option<&'static ConfEntry> {
    ENTRIES.iter().find(|e| e.key == key)
}

/// The key for the session time zone.
pub const SESSION_TIME_ZONE: &str = "spark.sql.session.timeZone";
/// The directory of reliable checkpoints (`df.checkpoint()`).
pub const CHECKPOINT_DIR: &str = "spark.checkpoint.dir";
/// The server's memory pool for query execution, in bytes.
pub const MEMORY_LIMIT: &str = "sabot.memory.limit";
/// How much of the pool one query may hold, in bytes.
pub const QUERY_MEMORY_LIMIT: &str = "sabot.memory.queryLimit";
/// Serialise every query's physical plan with the datafusion-proto codec and run the rebuilt
/// plan, as a distributed executor would (a check that every node and function is portable).
pub const PLAN_ROUND_TRIP: &str = "sabot.plan.roundTrip";
/// The most shuffle output (estimated bytes) held back to coalesce a shuffle without a count.
pub const ADAPTIVE_COALESCE_BUFFER: &str = "sabot.sql.adaptive.coalesceBufferSize";
/// The size (bytes, -1 disables) under which a join side is broadcast.
pub const AUTO_BROADCAST_JOIN_THRESHOLD: &str = "spark.sql.autoBroadcastJoinThreshold";
/// Whether a subplan repeated in a query is computed once (see `sabot_plan::reuse`).
pub const EXCHANGE_REUSE: &str = "spark.sql.exchange.reuse";
/// ANSI mode.
pub const ANSI_ENABLED: &str = "spark.sql.ansi.enabled";
/// Whether the TIME type is enabled (Spark 4.1+; off by default).
pub const TIME_TYPE_ENABLED: &str = "spark.sql.timeType.enabled";
/// Case-sensitive name resolution.
pub const CASE_SENSITIVE: &str = "spark.sql.caseSensitive";
/// How many distinct values a pivot without explicit values may have (default 10000).
pub const PIVOT_MAX_VALUES: &str = "spark.sql.pivotMaxValues";
/// How many rows `transpose` may turn into columns (default 500).
pub const TRANSPOSE_MAX_VALUES: &str = "spark.sql.transposeMaxValues";
/// Arrow batch size of results in bytes.
pub const ARROW_MAX_BATCH_SIZE: &str = "spark.connect.grpc.arrow.maxBatchSize";
/// Rows per Arrow batch of results.
pub const ARROW_MAX_RECORDS_PER_BATCH: &str = "spark.sql.execution.arrow.maxRecordsPerBatch";

/// The server's local time zone, Spark's default for `spark.sql.session.timeZone` (the JVM default).
pub fn local_time_zone() -> String {
    // Read once: a session without `spark.sql.session.timeZone` asks for it several times per
    // query, and the JVM also fixes its default zone at start-up.
    static ZONE: std::sync::LazyLock<String> = std::sync::LazyLock::new(machine_time_zone);
    ZONE.clone()
}

fn machine_time_zone() -> String {
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim_start_matches(':').trim();
        if !tz.is_empty() {
            return tz.to_string();
        }
    }
    if let Ok(target) = std::fs::read_link("/etc/localtime") {
        let s = target.to_string_lossy();
        if let Some(idx) = s.find("zoneinfo/") {
            return s[idx + "zoneinfo/".len()..].to_string();
        }
    }
    if let Ok(s) = std::fs::read_to_string("/etc/timezone") {
        let s = s.trim();
        if !s.is_empty() {
            return s.to_string();
        }
    }
    "UTC".to_string()
}

/// Parses a size with Spark's byte-string suffixes (`10m`, `4MB`, `1g`, plain bytes).
pub fn parse_bytes(value: &str) -> Option<i64> {
    let v = value.trim().to_ascii_lowercase();
    let digits_end = v
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(digits_end);
    let n: i64 = num.parse().ok()?;
    let mult: i64 = match unit.trim() {
        "" | "b" => 1,
        "k" | "kb" => 1 << 10,
        "m" | "mb" => 1 << 20,
        "g" | "gb" => 1 << 30,
        "t" | "tb" => 1 << 40,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// A set of Spark config values: the server's (from `--conf` and the config file) or a session's.
#[derive(Debug, Clone, Default)]
pub struct SparkConf {
    values: BTreeMap<String, String>,
}

impl SparkConf {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a value, checking it against the key's kind. Static keys can be set here only when
    /// `allow_static` (at server start).
    pub fn set(&mut self, key: &str, value: &str, allow_static: bool) -> Result<()> {
        if let Some(e) = lookup(key) {
            if e.is_static && !allow_static {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "CANNOT_MODIFY_STATIC_CONFIG",
                    "46110",
                    format!("Cannot modify the value of the static Spark config: \"{key}\"."),
                )
                .param("key", format!("\"{key}\"")));
            }
            check_value(e, value)?;
        }
        if key == SESSION_TIME_ZONE && !is_valid_time_zone(value) {
            return Err(SparkError::with_class(
                ExceptionKind::IllegalArgument,
                "INVALID_CONF_VALUE.TIME_ZONE",
                "22022",
                format!(
                    "The value '{value}' in the config \"{key}\" is invalid. Cannot resolve the given timezone."
                ),
            )
            .param("confValue", value)
            .param("confName", key));
        }
        self.values.insert(key.to_string(), value.to_string());
        Ok(())
    }

    /// Removes a value (back to its default).
    pub fn unset(&mut self, key: &str) {
        self.values.remove(key);
    }

    /// The explicitly set value, if any.
    pub fn get_set(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    /// The explicitly set values.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// Checks a value against a registered key's type (e.g. a default given to `conf.get`).
pub fn validate(key: &str, value: &str) -> Result<()> {
    match lookup(key) {
        Some(e) => check_value(e, value),
        None => Ok(()),
    }
}

fn check_value(e: &ConfEntry, value: &str) -> Result<()> {
    let ok = match e.kind {
        ValueKind::Bool => matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "false"),
        ValueKind::Int => value.trim().parse::<i64>().is_ok(),
        ValueKind::Bytes => parse_bytes(value).is_some(),
        ValueKind::String => true,
    };
    if ok {
        Ok(())
    } else {
        let expected = match e.kind {
            ValueKind::Bool => "boolean",
            ValueKind::Int => "int",
            ValueKind::Bytes => "bytes",
            ValueKind::String => "string",
        };
        Err(SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "INVALID_CONF_VALUE.TYPE_MISMATCH",
            "22022",
            format!(
                "The value '{value}' in the config \"{}\" is invalid. It should be a/an '{expected}' value.",
                e.key
            ),
        )
        .param("confValue", value)
        .param("confName", e.key)
        .param("confType", expected))
    }
}

/// Region-based zone ids (`Area/City`), `UTC`/`GMT`/`Z`, and fixed offsets (`+08:00`, `-5`,
/// `UTC+1`), the forms Spark's `DateTimeUtils.getZoneId` accepts.
pub fn is_valid_time_zone(tz: &str) -> bool {
    let tz = tz.trim();
    if tz.is_empty() {
        return false;
    }
    let upper = tz.to_ascii_uppercase();
    if matches!(upper.as_str(), "UTC" | "GMT" | "Z" | "UT") {
        return true;
    }
    let offset = ["UTC", "GMT", "UT"]
        .iter()
        .find_map(|p| upper.strip_prefix(p))
        .unwrap_or(&upper);
    if offset.starts_with('+') || offset.starts_with('-') {
        let rest = &offset[1..];
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == ':');
    }
    tz.contains('/')
        && tz
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_parse_with_units() {
        assert_eq!(parse_bytes("10m"), Some(10 << 20));
        assert_eq!(parse_bytes("4194304"), Some(4194304));
        assert_eq!(parse_bytes("-1"), Some(-1));
        assert_eq!(parse_bytes("ten"), None);
    }

    #[test]
    fn static_keys_refuse_runtime_changes() {
        let mut c = SparkConf::new();
        let e = c.set("spark.sql.warehouse.dir", "/x", false).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("CANNOT_MODIFY_STATIC_CONFIG")
        );
        c.set("spark.sql.warehouse.dir", "/x", true).unwrap();
    }

    #[test]
    fn bool_values_are_checked() {
        let mut c = SparkConf::new();
        assert!(c.set("spark.sql.ansi.enabled", "maybe", false).is_err());
        c.set("spark.sql.ansi.enabled", "FALSE", false).unwrap();
        assert_eq!(c.get_set("spark.sql.ansi.enabled"), Some("FALSE"));
    }

    #[test]
    fn time_zones() {
        assert!(is_valid_time_zone("America/Los_Angeles"));
        assert!(is_valid_time_zone("+08:00"));
        assert!(is_valid_time_zone("UTC"));
        assert!(!is_valid_time_zone("Not a zone"));
    }
}
