//! Spark's errors for the KLL sketch functions (`QueryExecutionErrors.kll*`,
//! `KllSketchAgg` type checks).

use datafusion::common::DataFusionError;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use crate::errors::to_df;

/// `KLL_INVALID_INPUT_SKETCH_BUFFER`: bytes that are not a (non-empty, where needed) sketch.
pub(crate) fn invalid_buffer(function: &str) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "KLL_INVALID_INPUT_SKETCH_BUFFER",
            "22000",
            format!(
                "Invalid call to `{function}`; only valid KLL sketch buffers are supported as inputs (such as those produced by the `kll_sketch_agg` function)."
            ),
        )
        .param("function", format!("`{function}`")),
    )
}

/// `KLL_SKETCH_INVALID_QUANTILE_RANGE`: a rank outside [0, 1].
pub(crate) fn invalid_quantile_range(function: &str) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "KLL_SKETCH_INVALID_QUANTILE_RANGE",
            "22003",
            format!(
                "For function `{function}`, the quantile value must be between 0.0 and 1.0 (inclusive)."
            ),
        )
        .param("functionName", format!("`{function}`")),
    )
}

/// `DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT` wrapping `KLL_SKETCH_K_OUT_OF_RANGE`.
pub(crate) fn k_out_of_range(function: &str, sql: &str, k: i64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
        "42K09",
        format!(
            "Cannot resolve \"{sql}\" due to data type mismatch: [KLL_SKETCH_K_OUT_OF_RANGE] For function `{function}`, the k parameter must be between 8 and 65535 (inclusive), but got {k}."
        ),
    )
    .param("sqlExpr", format!("\"{sql}\""))
}

/// `DATATYPE_MISMATCH.UNEXPECTED_NULL`: a NULL k.
pub(crate) fn null_k(sql: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_NULL",
        "42K09",
        format!("Cannot resolve \"{sql}\" due to data type mismatch: The k must not be null."),
    )
    .param("sqlExpr", format!("\"{sql}\""))
    .param("exprName", "k")
}

/// `DATATYPE_MISMATCH.NON_FOLDABLE_INPUT`: a non-constant parameter.
pub(crate) fn non_foldable(sql: &str, name: &str, ty: &str, got: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        "42K09",
        format!(
            "Cannot resolve \"{sql}\" due to data type mismatch: the input {name} should be a foldable {ty} expression; however, got {got}."
        ),
    )
    .param("sqlExpr", format!("\"{sql}\""))
    .param("inputName", name)
    .param("inputType", ty)
    .param("inputExpr", got)
}
