//! What a file write is asked to do ([`FileWriteSpec`]) and what it did ([`WriteSummary`]):
//! the public contract of [`super::write_files`], shared by `df.write...save(path)` and the
//! catalog's table writes.

use std::collections::BTreeMap;

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

/// Spark's `SaveMode`: what a write does when its path already has data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SaveMode {
    /// Adds new files next to the existing ones.
    Append,
    /// Replaces the existing data (it stays until the new data is committed).
    Overwrite,
    /// Does nothing when the path exists.
    Ignore,
    /// Fails with `PATH_ALREADY_EXISTS` when the path exists (Spark's default).
    #[default]
    ErrorIfExists,
}

impl SaveMode {
    /// A mode name as `DataFrameWriter.mode(String)` accepts it (case-insensitive; `default`
    /// and `error` are `errorifexists`); Spark's `INVALID_SAVE_MODE` otherwise.
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "append" => Ok(Self::Append),
            "overwrite" => Ok(Self::Overwrite),
            "ignore" => Ok(Self::Ignore),
            "error" | "errorifexists" | "default" => Ok(Self::ErrorIfExists),
            _ => Err(SparkError::with_class(
                ExceptionKind::IllegalArgument,
                "INVALID_SAVE_MODE",
                "42000",
                format!(
                    "The specified save mode \"{name}\" is invalid. Valid save modes include \"append\", \"overwrite\", \"ignore\", \"error\", \"errorifexists\", and \"default\"."
                ),
            )
            .param("mode", format!("\"{name}\""))),
        }
    }
}

/// The file formats Sabot writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FileFormat {
    /// Spark's default (`spark.sql.sources.default`).
    #[default]
    Parquet,
    Csv,
    Json,
    Text,
    /// formats: Spark's external `spark-avro` module.
    Avro,
    Orc,
}

impl FileFormat {
    /// A data source name as `DataFrameWriter.format` takes it (case-insensitive; Spark's
    /// fully qualified class names too).
    pub fn parse(name: &str) -> Result<Self> {
        match name.to_ascii_lowercase().as_str() {
            "parquet" | "org.apache.spark.sql.execution.datasources.parquet.parquetfileformat" => {
                Ok(Self::Parquet)
            }
            "csv" | "org.apache.spark.sql.execution.datasources.csv.csvfileformat" => Ok(Self::Csv),
            "json" | "org.apache.spark.sql.execution.datasources.json.jsonfileformat" => {
                Ok(Self::Json)
            }
            "text" | "org.apache.spark.sql.execution.datasources.text.textfileformat" => {
                Ok(Self::Text)
            }
            "avro" | "org.apache.spark.sql.avro.avrofileformat" => Ok(Self::Avro),
            "orc" | "org.apache.spark.sql.execution.datasources.orc.orcfileformat" => Ok(Self::Orc),
            "xml" => Err(SparkError::unsupported(format!(
                "writing the {} data source",
                name.to_ascii_lowercase()
            ))),
            _ => Err(data_source_not_found(name)),
        }
    }

    /// The short name, as Spark's error messages show it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Parquet => "parquet",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Text => "text",
            Self::Avro => "avro",
            Self::Orc => "orc",
        }
    }
}

/// `DATA_SOURCE_NOT_FOUND` (Spark's `QueryCompilationErrors.dataSourceNotFoundError`).
pub fn data_source_not_found(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "DATA_SOURCE_NOT_FOUND",
        "42K02",
        format!(
            "Failed to find the data source: {name}. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version."
        ),
    )
    .param("provider", name)
}

/// The session settings a write reads (Spark confs); `Default` is Spark's defaults in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteConf {
    /// `spark.sql.session.timeZone`: timestamps in CSV/JSON and partition values.
    pub time_zone: String,
    /// `spark.sql.caseSensitive`: matching `partitionBy` names.
    pub case_sensitive: bool,
    /// `spark.sql.parquet.compression.codec` when set.
    pub parquet_compression: Option<String>,
    /// `spark.sql.orc.compression.codec` when set.
    pub orc_compression: Option<String>,
    /// `spark.sql.files.maxRecordsPerFile` when set.
    pub max_records_per_file: Option<u64>,
    /// `spark.sql.sources.partitionOverwriteMode=DYNAMIC`: a partitioned overwrite replaces
    /// only the partitions it writes.
    pub dynamic_partition_overwrite: bool,
}

impl Default for WriteConf {
    fn default() -> Self {
        Self {
            time_zone: "UTC".to_string(),
            case_sensitive: false,
            parquet_compression: None,
            orc_compression: None,
            max_records_per_file: None,
            dynamic_partition_overwrite: false,
        }
    }
}

/// One write of a query's rows into files under `path`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileWriteSpec {
    /// The output directory: a local path, `file://...` or any URL whose object store is
    /// registered in the session's runtime.
    pub path: String,
    pub format: FileFormat,
    pub mode: SaveMode,
    /// Columns whose values become `key=value` directories (dropped from the files).
    pub partition_by: Vec<String>,
    /// The writer's options as given (keys are matched case-insensitively).
    pub options: BTreeMap<String, String>,
    /// The session's settings.
    pub conf: WriteConf,
    /// With `Overwrite` (static mode), replace only the files under this partition directory
    /// (`p=1` or `p=1/q=a`): `INSERT OVERWRITE t PARTITION (p=1) ...`. `None` replaces all.
    pub overwrite_partition: Option<String>,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WriteSummary {
    /// The observations (`df.observe`) in the written plan, with their final values.
    pub observed: Vec<crate::observe::ObservedMetrics>,
    /// Whether anything was written (`false` for `ignore` on an existing path).
    pub written: bool,
    /// Rows written.
    pub rows: u64,
    /// The data files committed, relative to the output path (e.g. `k=1/part-00000-...`).
    pub files: Vec<String>,
    /// The partition directories written to, relative to the output path (`k=1/j=a`), in
    /// order of first appearance; empty when the write is not partitioned.
    pub partitions: Vec<String>,
}
