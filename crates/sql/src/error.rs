//! Constructors for the errors the SQL parser raises, with Spark's error classes
//! (`QueryParsingErrors` / `QueryCompilationErrors`).

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// `PARSE_SYNTAX_ERROR` at a token. `token` is the offending text as written, or `None` at the
/// end of the input; `hint` is Spark's optional suffix such as `: extra input 't'`.
pub fn syntax_error(token: Option<&str>, hint: &str) -> SparkError {
    let error = match token {
        Some(t) => format!("'{t}'"),
        None => "end of input".to_string(),
    };
    SparkError::with_class(
        ExceptionKind::Parse,
        "PARSE_SYNTAX_ERROR",
        "42601",
        format!("Syntax error at or near {error}{hint}."),
    )
    .param("error", error)
    .param("hint", hint)
}

/// A ParseException without an error class, for malformed input that Spark reports in prose.
pub fn parse_error(message: impl Into<String>) -> SparkError {
    SparkError::new(ExceptionKind::Parse, message)
}

/// `UNBOUND_SQL_PARAMETER`: a `:name` or `?` marker without a value.
pub fn unbound_parameter(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "UNBOUND_SQL_PARAMETER",
        "42P02",
        format!(
            "Found the unbound parameter: {name}. Please, fix `args` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as `map()`, `array()`, `struct()`."
        ),
    )
    .param("name", name)
}

/// `INVALID_TYPED_LITERAL`: e.g. `DATE '2024-13-01'`.
pub fn invalid_typed_literal(type_name: &str, value: &str) -> SparkError {
    let value_type = format!("\"{}\"", type_name.to_uppercase());
    let value = format!("'{value}'");
    SparkError::with_class(
        ExceptionKind::Parse,
        "INVALID_TYPED_LITERAL",
        "42604",
        format!("The value of the typed literal {value_type} is invalid: {value}."),
    )
    .param("valueType", value_type)
    .param("value", value)
}

/// `UNSUPPORTED_TYPED_LITERAL`: a word before a string literal that is no literal type.
pub fn unsupported_typed_literal(type_name: &str) -> SparkError {
    let unsupported = format!("\"{}\"", type_name.to_uppercase());
    let supported = "\"DATE\", \"TIMESTAMP_NTZ\", \"TIMESTAMP_LTZ\", \"TIMESTAMP\", \"INTERVAL\", \"X\", \"TIME\"";
    SparkError::with_class(
        ExceptionKind::Parse,
        "UNSUPPORTED_TYPED_LITERAL",
        "0A000",
        format!(
            "Literals of the type {unsupported} are not supported. Supported types are {supported}."
        ),
    )
    .param("unsupportedType", unsupported)
    .param("supportedTypes", supported)
}

/// `INVALID_NUMERIC_LITERAL_RANGE`: e.g. `128Y`.
pub fn numeric_literal_range(raw: &str, min: &str, max: &str, type_name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Parse,
        "INVALID_NUMERIC_LITERAL_RANGE",
        "22003",
        format!(
            "Numeric literal {raw} is outside the valid range for {type_name} with minimum value of {min} and maximum value of {max}. Please adjust the value accordingly."
        ),
    )
    .param("rawStrippedQualifier", raw)
    .param("minValue", min)
    .param("maxValue", max)
    .param("typeName", type_name)
}

/// `DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION`: a decimal literal with more than 38 digits.
pub fn decimal_precision_exceeded(precision: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
        "22003",
        format!("Decimal precision {precision} exceeds max precision 38."),
    )
    .param("precision", precision.to_string())
    .param("maxPrecision", "38")
}
