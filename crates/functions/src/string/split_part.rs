//! `split_part(str, delimiter, partNum)` (Spark's `SplitPart`: `ElementAt` over
//! `StringSplitSQL` with default ""): the 1-based part (negative counts from the end), ""
//! when out of range; an empty delimiter keeps the string whole; part 0 fails with
//! `INVALID_INDEX_OF_ZERO`.

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::take_args;

static SPLIT_PART: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_split_part",
        &[Kind::Str, Kind::Str, Kind::Int],
        Kind::Str,
        |v| match v {
            [Val::Str(s), Val::Str(d), Val::Int(n)] => split_part(s, d, *n).map(Out::Str),
            _ => Ok(Out::Null),
        },
    )
});

/// `INVALID_INDEX_OF_ZERO` (Spark's `QueryExecutionErrors.invalidIndexOfZeroError`).
fn invalid_index_of_zero() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_INDEX_OF_ZERO",
        "22003",
        "The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).",
    )
}

pub(crate) fn split_part(s: &str, delim: &str, part: i64) -> DfResult<String> {
    if part == 0 {
        return Err(to_df(invalid_index_of_zero()));
    }
    let parts: Vec<&str> = if delim.is_empty() {
        vec![s]
    } else {
        s.split(delim).collect()
    };
    let len = i64::try_from(parts.len()).unwrap_or(i64::MAX);
    let idx = if part > 0 { part - 1 } else { len + part };
    Ok(usize::try_from(idx)
        .ok()
        .and_then(|i| parts.get(i))
        .map_or_else(String::new, |p| (*p).to_string()))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, d, n] = take_args("split_part", args)?;
    Ok(SPLIT_PART.call(vec![s, d, n]))
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&SPLIT_PART)
}
