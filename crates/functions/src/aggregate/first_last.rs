//! `first`/`first_value`/`any_value` and `last`/`last_value(x[, ignoreNulls])` (Spark's
//! `First`, `Last`, `AnyValue`): the value of the first/last row seen, skipping NULLs when
//! `ignoreNulls` is true. Spark prints them without the flag: `first(x)`.

use datafusion::common::ScalarValue;
use datafusion::functions_aggregate::expr_fn::{first_value, last_value};
use datafusion::logical_expr::expr::NullTreatment;
use datafusion::logical_expr::{Expr as DfExpr, ExprFunctionExt};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::{from_df, unexpected_input_type};
use crate::utils::check_args;

fn build(
    name: &str,
    f: fn(DfExpr, Vec<datafusion::logical_expr::SortExpr>) -> DfExpr,
    args: Vec<DfExpr>,
    distinct: bool,
) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let ignore_nulls = match it.next() {
        None => false,
        Some(DfExpr::Literal(ScalarValue::Boolean(Some(b)), _)) => b,
        Some(other) => {
            return Err(unexpected_input_type(
                name,
                format!("the `ignoreNulls` of `{name}` must be a boolean literal, got {other}"),
            ));
        }
    };
    // DISTINCT does not change which value is first.
    let _ = distinct;
    let treatment = if ignore_nulls {
        NullTreatment::IgnoreNulls
    } else {
        NullTreatment::RespectNulls
    };
    f(x, vec![])
        .null_treatment(treatment)
        .build()
        .map_err(from_df)
}

pub(crate) fn build_first(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("first", first_value, args, distinct)
}

pub(crate) fn build_last(
    args: Vec<DfExpr>,
    distinct: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("last", last_value, args, distinct)
}

/// `first(x)`: the `ignoreNulls` flag is not shown.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    crate::display_call(name, &args[..args.len().min(1)], distinct)
}
