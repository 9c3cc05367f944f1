//! `substring`/`substr(str, pos[, len])` (Spark's `Substring`): 1-based, `pos` 0 acts as 1,
//! a negative `pos` counts from the end (from `datafusion-spark`).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, check_args};

pub(crate) static SUBSTRING: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    Renamed::udf(
        "spark_substring",
        datafusion_spark::function::string::substring(),
    )
});

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("substring", &args, 2, 3)?;
    let mut args = args;
    if args.len() == 2 {
        args.push(lit(i32::MAX));
    }
    Ok(SUBSTRING.call(args))
}

/// Spark prints the default length: `substring(s, 2, 2147483647)`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    match args {
        [s, p] => crate::display_call(name, &[s.clone(), p.clone(), i32::MAX.to_string()], d),
        _ => crate::display_call(name, args, d),
    }
}
