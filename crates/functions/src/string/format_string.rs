//! `format_string(fmt, args...)` / `printf` (Spark's `FormatString`, Java's `Formatter`),
//! from `datafusion-spark`, which implements Java's conversions, flags and NULL rendering.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, check_args};

pub(crate) static FORMAT_STRING: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_format_string",
        datafusion_spark::function::string::format_string(),
    )
});

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("format_string", &args, 1, usize::MAX)?;
    Ok(FORMAT_STRING.call(args))
}
