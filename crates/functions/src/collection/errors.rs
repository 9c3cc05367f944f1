//! Spark's runtime errors of the collection functions (`QueryExecutionErrors`).

use datafusion::common::DataFusionError;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use crate::errors::to_df;

/// `INVALID_INDEX_OF_ZERO` (`element_at`, `try_element_at`, `array_insert` at index 0).
pub(crate) fn index_of_zero() -> DataFusionError {
    to_df(SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_INDEX_OF_ZERO",
        "22003",
        "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).",
    ))
}

/// `INVALID_ARRAY_INDEX_IN_ELEMENT_AT` (ANSI `element_at` out of bounds).
pub(crate) fn element_at_out_of_bounds(index: i64, len: usize) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::ArrayIndexOutOfBounds,
            "INVALID_ARRAY_INDEX_IN_ELEMENT_AT",
            "22003",
            format!(
                "The index {index} is out of bounds. The array has {len} elements. Use `try_element_at` to tolerate accessing element at invalid index and return NULL instead."
            ),
        )
        .param("indexValue", index.to_string())
        .param("arraySize", len.to_string())
        .param("ansiConfig", "\"spark.sql.ansi.enabled\""),
    )
}

/// `DUPLICATED_MAP_KEY` (`spark.sql.mapKeyDedupPolicy` = EXCEPTION, the default).
pub(crate) fn duplicated_map_key(key: &str) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "DUPLICATED_MAP_KEY",
            "23505",
            format!(
                "Duplicate map key {key} was found, please check the input data. If you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last takes precedence."
            ),
        )
        .param("key", key)
        .param("mapKeyDedupPolicy", "\"spark.sql.mapKeyDedupPolicy\""),
    )
}

/// `NULL_MAP_KEY`.
pub(crate) fn null_map_key() -> DataFusionError {
    to_df(SparkError::with_class(
        ExceptionKind::Runtime,
        "NULL_MAP_KEY",
        "2200E",
        "Cannot use null as map key.",
    ))
}

/// `INVALID_PARAMETER_VALUE.<sub>` raised by `slice`.
pub(crate) fn invalid_parameter(
    sub: &str,
    parameter: &str,
    function: &str,
    message: &str,
) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            &format!("INVALID_PARAMETER_VALUE.{sub}"),
            "22023",
            format!("The value of parameter(s) {parameter} in {function} is invalid: {message}."),
        )
        .param("parameter", parameter)
        .param("functionName", function),
    )
}

/// A plain `java.lang.IllegalArgumentException` without error class (Spark's `sequence`
/// checks use `require`).
pub(crate) fn illegal_argument(message: String) -> DataFusionError {
    to_df(SparkError::new(ExceptionKind::IllegalArgument, message))
}
