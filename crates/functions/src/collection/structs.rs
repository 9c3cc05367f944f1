//! `struct(...)` and `named_struct(name1, v1, ...)` (Spark's `CreateNamedStruct`): `struct`
//! names a field after its column (or alias) and `col1, col2, ...` otherwise.

use datafusion::functions::core::expr_fn::named_struct;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::check_args;

/// The field name Spark gives an argument of `struct(...)` at 0-based position `i`.
fn field_name(e: &DfExpr, i: usize) -> String {
    match e {
        DfExpr::Column(c) => c.name.clone(),
        DfExpr::Alias(a) => a.name.clone(),
        _ => format!("col{}", i + 1),
    }
}

pub(crate) fn build_struct(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("struct", &args, 1, usize::MAX)?;
    let mut pairs = Vec::with_capacity(args.len() * 2);
    for (i, a) in args.into_iter().enumerate() {
        pairs.push(lit(field_name(&a, i)));
        pairs.push(a);
    }
    Ok(named_struct(pairs))
}

pub(crate) fn build_named_struct(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if args.is_empty() || !args.len().is_multiple_of(2) {
        return Err(crate::errors::wrong_num_args(
            "named_struct",
            "2n (n > 0)",
            args.len(),
        ));
    }
    Ok(named_struct(args))
}
