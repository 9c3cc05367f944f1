//! Spark's error classes raised by functions (`QueryExecutionErrors`/`QueryCompilationErrors`),
//! and the conversions between them and DataFusion errors.

use datafusion::common::DataFusionError;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

const ANSI_CONFIG: &str = "\"spark.sql.ansi.enabled\"";

/// `ARITHMETIC_OVERFLOW`: `message` is Spark's (`overflow`, `Overflow in integral divide`);
/// `try_fn` names the `try_*` function that tolerates it, if any.
pub fn arithmetic_overflow(message: &str, try_fn: Option<&str>) -> SparkError {
    let alternative = try_fn
        .map(|f| format!(" Use '{f}' to tolerate overflow and return NULL instead."))
        .unwrap_or_default();
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "ARITHMETIC_OVERFLOW",
        "22003",
        format!(
            "{message}.{alternative} If necessary set {ANSI_CONFIG} to \"false\" to bypass this error."
        ),
    )
    .param("message", message)
    .param("alternative", alternative)
    .param("config", ANSI_CONFIG)
}

/// `BINARY_ARITHMETIC_OVERFLOW`, raised for `tinyint`/`smallint` arithmetic (Spark's
/// `QueryExecutionErrors.binaryArithmeticCauseOverflowError`); values are already rendered.
pub fn binary_arithmetic_overflow(
    value1: &str,
    symbol: &str,
    value2: &str,
    try_fn: &str,
) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "BINARY_ARITHMETIC_OVERFLOW",
        "22003",
        format!(
            "{value1} {symbol} {value2} caused overflow. Use `{try_fn}` to ignore overflow problem and return NULL."
        ),
    )
    .param("value1", value1)
    .param("symbol", symbol)
    .param("value2", value2)
    .param("functionName", format!("`{try_fn}`"))
}

/// `NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION`: `value` (as Spark prints it) does not fit
/// `DECIMAL(precision, scale)` under ANSI (Spark's `Decimal.changePrecision` failing).
pub fn numeric_value_out_of_range(value: &str, precision: u8, scale: i8) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
        "22003",
        format!(
            "{value} cannot be represented as Decimal({precision}, {scale}). If necessary set {ANSI_CONFIG} to \"false\" to bypass this error, and return NULL instead."
        ),
    )
    .param("value", value)
    .param("precision", precision.to_string())
    .param("scale", scale.to_string())
    .param("config", ANSI_CONFIG)
}

/// `REMAINDER_BY_ZERO` (ANSI `%` and `mod` by zero).
pub fn remainder_by_zero() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "REMAINDER_BY_ZERO",
        "22012",
        format!(
            "Remainder by zero. Use `try_mod` to tolerate divisor being 0 and return NULL instead. If necessary set {ANSI_CONFIG} to \"false\" to bypass this error."
        ),
    )
    .param("config", ANSI_CONFIG)
}

/// `WRONG_NUM_ARGS.WITHOUT_SUGGESTION`; `expected` is Spark's rendering (`1`, `[2, 3]`, `> 0`).
pub fn wrong_num_args(name: &str, expected: &str, actual: usize) -> SparkError {
    let docroot = "https://spark.apache.org/docs/latest";
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        "42605",
        format!(
            "The `{name}` requires {expected} parameters but the actual number is {actual}. Please, refer to '{docroot}/sql-ref-functions.html' for a fix."
        ),
    )
    .param("functionName", format!("`{name}`"))
    .param("expectedNum", expected)
    .param("actualNum", actual.to_string())
    .param("docroot", docroot)
}

/// `DATATYPE_MISMATCH.*`-style analysis error for an argument of the wrong type.
pub fn unexpected_input_type(function: &str, detail: impl Into<String>) -> SparkError {
    let detail = detail.into();
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!("Cannot resolve \"{function}\" due to data type mismatch: {detail}."),
    )
    .param("sqlExpr", format!("\"{function}\""))
}

/// Wraps a Spark error so it can travel through DataFusion (the plan layer unwraps it).
/// `NON_FOLDABLE_ARGUMENT` (Spark's `QueryCompilationErrors.nonFoldableArgumentError`): a
/// parameter that must be a constant of one exact type is not.
pub fn non_foldable_argument(function: &str, param: &str, sql_type: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "NON_FOLDABLE_ARGUMENT",
        "42K08",
        format!(
            "The function `{function}` requires the parameter `{param}` to be a foldable expression of the type \"{sql_type}\", but the actual argument is a non-foldable."
        ),
    )
    .param("funcName", format!("`{function}`"))
    .param("paramName", format!("`{param}`"))
    .param("paramType", format!("\"{sql_type}\""))
}

pub fn to_df(e: SparkError) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}

/// A DataFusion error met while building an expression, as a Spark error (a wrapped
/// [`SparkError`] is returned as it was).
pub fn from_df(e: DataFusionError) -> SparkError {
    match e {
        DataFusionError::External(inner) => match inner.downcast::<SparkError>() {
            Ok(s) => *s,
            Err(other) => SparkError::internal(other.to_string()),
        },
        DataFusionError::Context(_, inner) => from_df(*inner),
        other => SparkError::internal(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_message_matches_spark() {
        let e = arithmetic_overflow("overflow", Some("try_add"));
        assert_eq!(
            e.display_message(),
            "[ARITHMETIC_OVERFLOW] overflow. Use 'try_add' to tolerate overflow and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22003"
        );
        let e = arithmetic_overflow("overflow", None);
        assert_eq!(
            e.message,
            "overflow. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error."
        );
    }

    #[test]
    fn wrapped_errors_round_trip() {
        let e = from_df(to_df(remainder_by_zero()));
        assert_eq!(e.error_class.as_deref(), Some("REMAINDER_BY_ZERO"));
    }
}
