//! `count(x, ...)` (Spark's `Count`): rows where every argument is non-NULL, as a non-NULL
//! bigint; `count(*)` arrives as `count(1)`. `count_distinct`/`countDistinct` arrive as
//! `count` with `DISTINCT`.

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
    // count(a, b) counts the rows where all of them are non-NULL; count(DISTINCT a, b) the
    // distinct tuples of such rows.
    let all_set = args
        .iter()
        .map(|a| a.clone().is_not_null())
        .reduce(and)
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let value = if distinct {
        datafusion::functions::core::expr_fn::r#struct(args)
    } else {
        lit(1i32)
    };
    with_distinct(
        count(DfExpr::Case(Case::new(
            None,
            vec![(Box::new(all_set), Box::new(value))],
            None,
        ))),
        distinct,
    )
}
