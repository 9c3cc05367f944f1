//! Errors of file reads that Spark raises with its own error classes.

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;
use sabot_functions::datasource::malformed;

/// A malformed record under `FAILFAST` while reading a file: Spark's
/// `FAILED_READ_FILE.NO_HINT` (`QueryExecutionErrors.cannotReadFilesError`) caused by
/// `MALFORMED_RECORD_IN_PARSING`.
pub(crate) fn failfast_read(uri: &str, record: &str) -> SparkError {
    failed_read(uri, malformed(record))
}

/// `FAILED_READ_FILE.NO_HINT` caused by `cause`.
pub(crate) fn failed_read(uri: &str, cause: SparkError) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "FAILED_READ_FILE.NO_HINT",
        "KD001",
        format!("Encountered error while reading file {uri}. "),
    )
    .param("path", uri)
    .caused_by(cause)
}

/// A malformed record met while inferring a schema under `FAILFAST`: Spark raises
/// `MALFORMED_RECORD_IN_PARSING` itself (`JsonInferSchema`).
pub(crate) fn failfast_infer() -> SparkError {
    malformed("_corrupt_record")
}

/// `DATA_SOURCE_NOT_FOUND` (Spark's `QueryCompilationErrors.dataSourceNotFoundError`).
pub(crate) fn data_source_not_found(provider: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::ClassNotFound,
        "DATA_SOURCE_NOT_FOUND",
        "42K02",
        format!("Failed to find the data source: {provider}. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version."),
    )
    .param("provider", provider)
}

/// `UNABLE_TO_INFER_SCHEMA` (no files to infer a schema from).
pub(crate) fn unable_to_infer(format: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNABLE_TO_INFER_SCHEMA",
        "42KD9",
        format!("Unable to infer schema for {format}. It must be specified manually."),
    )
    .param("format", format)
}

/// `INVALID_CORRUPT_RECORD_TYPE`: the corrupt-record column must be a nullable string.
pub(crate) fn invalid_corrupt_type(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "INVALID_CORRUPT_RECORD_TYPE",
        "42804",
        format!("The column `{name}` for corrupt records must have the nullable STRING type."),
    )
    .param("columnName", format!("`{name}`"))
}

/// A legacy error class Spark raises without a SQLSTATE.
fn legacy(kind: ExceptionKind, class: &str, message: String) -> SparkError {
    let mut e = SparkError::with_class(kind, class, "", message);
    e.sql_state = None;
    e
}

/// `_LEGACY_ERROR_TEMP_2147` (`QueryExecutionErrors.paramIsNotBooleanValueError`): a boolean
/// option that is neither `true` nor `false`.
pub(crate) fn not_boolean(key: &str) -> SparkError {
    legacy(
        ExceptionKind::Internal,
        "_LEGACY_ERROR_TEMP_2147",
        format!("{key} flag can be true or false."),
    )
    .param("paramName", key)
}

/// `_LEGACY_ERROR_TEMP_1290` (`QueryCompilationErrors.textDataSourceWithMultiColumnsError`):
/// the text source has exactly one string column.
pub(crate) fn text_multi_columns(n: usize) -> SparkError {
    legacy(
        ExceptionKind::Analysis,
        "_LEGACY_ERROR_TEMP_1290",
        format!("Text data source supports only a single column, and you have {n} columns."),
    )
    .param("numCols", n.to_string())
}

/// `UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE` (`QueryCompilationErrors.dataTypeUnsupportedByDataSourceError`).
pub(crate) fn unsupported_type(
    format: &str,
    field: &sabot_common::spec::StructField,
) -> SparkError {
    let t = field.data_type.simple_string().to_uppercase();
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        "0A000",
        format!(
            "The {format} datasource doesn't support the column `{}` of the type \"{t}\".",
            field.name
        ),
    )
    .param("format", format)
    .param("columnName", format!("`{}`", field.name))
    .param("columnType", format!("\"{t}\""))
}

/// `COLUMN_ALREADY_EXISTS` (`QueryCompilationErrors.columnAlreadyExistsError`): a read's
/// columns must have distinct names (`SchemaUtils.checkSchemaColumnNameDuplication`).
pub(crate) fn column_already_exists(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "COLUMN_ALREADY_EXISTS",
        "42711",
        format!(
            "The column `{name}` already exists. Choose another name or rename the existing column."
        ),
    )
    .param("columnName", format!("`{name}`"))
}

/// `UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN`: a scan of a CSV/JSON file that
/// reads nothing but the corrupt-record column (`QueryCompilationErrors.queryFromRawFilesIncludeCorruptRecordColumnError`).
pub(crate) fn query_only_corrupt_record() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN",
        "0A000",
        "The feature is not supported: Queries from raw JSON/CSV/XML files are disallowed when the referenced columns only include the internal corrupt record column (named `_corrupt_record` by default). For example: `spark.read.schema(schema).json(file).filter($\"_corrupt_record\".isNotNull).count()` and `spark.read.schema(schema).json(file).select(\"_corrupt_record\").show()`. Instead, you can cache or save the parsed results and then send the same query. For example, `val df = spark.read.schema(schema).json(file).cache()` and then `df.filter($\"_corrupt_record\".isNotNull).count()`.",
    )
}
