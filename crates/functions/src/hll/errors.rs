//! Spark's errors for the HLL sketch functions (`QueryExecutionErrors.hll*`).

use datafusion::common::DataFusionError;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

use crate::errors::to_df;

/// `HLL_INVALID_LG_K`: lgConfigK outside [4, 21].
pub(crate) fn invalid_lg_k(function: &str, lg_k: i64) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "HLL_INVALID_LG_K",
            "22546",
            format!(
                "Invalid call to `{function}`; the `lgConfigK` value must be between 4 and 21, inclusive: {lg_k}."
            ),
        )
        .param("function", format!("`{function}`"))
        .param("min", "4")
        .param("max", "21")
        .param("value", lg_k.to_string()),
    )
}

/// `HLL_INVALID_INPUT_SKETCH_BUFFER`: bytes that are not an HLL sketch.
pub(crate) fn invalid_buffer(function: &str) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "HLL_INVALID_INPUT_SKETCH_BUFFER",
            "22546",
            format!(
                "Invalid call to `{function}`; only valid HLL sketch buffers are supported as inputs (such as those produced by the `hll_sketch_agg` function)."
            ),
        )
        .param("function", format!("`{function}`")),
    )
}

/// `HLL_UNION_DIFFERENT_LG_K`: a union of sketches of different lgConfigK not allowed.
pub(crate) fn different_lg_k(function: &str, left: u8, right: u8) -> DataFusionError {
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "HLL_UNION_DIFFERENT_LG_K",
            "22000",
            format!(
                "Sketches have different `lgConfigK` values: {left} and {right}. Set the `allowDifferentLgConfigK` parameter to true to call `{function}` with different `lgConfigK` values."
            ),
        )
        .param("left", left.to_string())
        .param("right", right.to_string())
        .param("function", format!("`{function}`")),
    )
}

/// `HLL_K_MUST_BE_CONSTANT`: a non-constant lgConfigK.
pub(crate) fn k_must_be_constant(function: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "HLL_K_MUST_BE_CONSTANT",
        "42K0E",
        format!(
            "Invalid call to `{function}`; the `K` value must be a constant value, but got a non-constant expression."
        ),
    )
    .param("function", format!("`{function}`"))
}
