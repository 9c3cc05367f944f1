//! The Spark errors of the TIME functions, with Spark's error classes and parameters.

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// `UNSUPPORTED_TIME_TYPE`: the type is used while `spark.sql.timeType.enabled` is off.
pub fn unsupported_time_type() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_TIME_TYPE",
        "0A000",
        "The data type TIME is not supported.",
    )
}

/// `DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION` with `java.time`'s range message.
pub(crate) fn out_of_bounds(message: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION",
        "22023",
        format!("{message}. "),
    )
    .param("rangeMessage", message)
}

/// A value outside `[00:00, 24:00)` (Spark's `DateTimeUtils.timeFromNanos` check).
pub(crate) fn invalid_time_nanos(nanos: impl std::fmt::Display) -> SparkError {
    out_of_bounds(format!(
        "Invalid TIME value: must be between 00:00:00 and 23:59:59.999999999, but got {nanos} nanoseconds"
    ))
}

/// `java.time`'s message for a field outside its range (`LocalTime.of`).
pub(crate) fn field_range(field: &str, max: i64, value: impl std::fmt::Display) -> SparkError {
    out_of_bounds(format!(
        "Invalid value for {field} (valid values 0 - {max}): {value}"
    ))
}

/// `CANNOT_PARSE_TIME` (`to_time`).
pub(crate) fn cannot_parse_time(input: &str, format: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "CANNOT_PARSE_TIME",
        "22010",
        format!(
            "The input string '{input}' cannot be parsed to a TIME value because it does not match to the datetime format '{format}'."
        ),
    )
    .param("input", format!("'{input}'"))
    .param("format", format!("'{format}'"))
}

/// `INVALID_PARAMETER_VALUE.TIME_UNIT` (`time_trunc`, `time_diff`).
pub(crate) fn invalid_unit(function: &str, unit: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "INVALID_PARAMETER_VALUE.TIME_UNIT",
        "22023",
        format!(
            "The value of parameter(s) `unit` in `{function}` is invalid: expects one of the units 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND', but got ''{unit}''."
        ),
    )
    .param("functionName", format!("`{function}`"))
    .param("parameter", "`unit`")
    .param("invalidValue", format!("'{unit}'"))
}

/// `CAST_INVALID_INPUT` of a string cast to `TIME(p)` under ANSI.
pub(crate) fn cast_invalid_input(value: &str, precision: u8) -> SparkError {
    let target = format!("\"TIME({precision})\"");
    SparkError::with_class(
        ExceptionKind::DateTime,
        "CAST_INVALID_INPUT",
        "22018",
        format!(
            "The value '{value}' of the type \"STRING\" cannot be cast to {target} because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
        ),
    )
    .param("expression", format!("'{value}'"))
    .param("sourceType", "\"STRING\"")
    .param("targetType", target)
    .param("ansiConfig", "\"spark.sql.ansi.enabled\"")
}
