//! `count(x, ...)` (Spark's `Count`): rows where every argument is non-NULL, as a non-NULL
//! bigint; `count(*)` arrives as `count(1)`.

use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::{Case, Expr as DfExpr, and, lit};
use sabot_common::{Result, SparkError};

use super::with_distinct;
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, distinct: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("count", &args, 1, usize::MAX)?;
    if args.len() == 1 {
        let mut args = args;
        let x = args
            .pop()
            .ok_or_else(|| SparkError::internal("missing argument"))?;
        return with_distinct(count(x), distinct);
    }
    if distinct {
        return Err(SparkError::unsupported(
            "count(DISTINCT ...) of several columns",
        ));
    }
    // count(a, b) counts the rows where all of them are non-NULL.
    let all_set = args
        .into_iter()
        .map(|a| a.is_not_null())
        .reduce(and)
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    Ok(count(DfExpr::Case(Case::new(
        None,
        vec![(Box::new(all_set), Box::new(lit(1i32)))],
        None,
    ))))
}
