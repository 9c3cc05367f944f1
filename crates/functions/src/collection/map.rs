//! `map(k1, v1, k2, v2, ...)` (Spark's `CreateMap`, what `F.create_map` sends).

use datafusion::functions_nested::map::map;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use crate::FunctionContext;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.is_empty() || !args.len().is_multiple_of(2) {
        return Err(crate::errors::wrong_num_args(
            "map",
            "2n (n > 0)",
            args.len(),
        ));
    }
    let mut keys = Vec::with_capacity(args.len() / 2);
    let mut values = Vec::with_capacity(args.len() / 2);
    let mut it = args.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        keys.push(k);
        values.push(v);
    }
    Ok(map(keys, values))
}
