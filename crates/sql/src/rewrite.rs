//! A generic rewrite of parsed expressions, for clauses that refer to other clauses of the same
//! query (named windows, `QUALIFY` with select-list aliases). Subquery plans are not entered:
//! their names belong to their own query.

use sabot_common::Result;
use sabot_common::spec::{Expr, FieldOp, FrameBoundary, SortOrder};

/// Rewrites `expr` top-down: `f` sees each node first; when it returns `Some`, that replaces the
/// node (and is not visited further); otherwise the node's children are rewritten.
pub fn rewrite(expr: Expr, f: &mut dyn FnMut(&Expr) -> Result<Option<Expr>>) -> Result<Expr> {
    if let Some(replaced) = f(&expr)? {
        return Ok(replaced);
    }
    let boxed = |e: Box<Expr>, f: &mut dyn FnMut(&Expr) -> Result<Option<Expr>>| {
        rewrite(*e, f).map(Box::new)
    };
    Ok(match expr {
        Expr::Alias {
            expr,
            names,
            metadata,
        } => Expr::Alias {
            expr: boxed(expr, f)?,
            names,
            metadata,
        },
        Expr::Cast {
            expr,
            data_type,
            mode,
        } => Expr::Cast {
            expr: boxed(expr, f)?,
            data_type,
            mode,
        },
        Expr::Function {
            name,
            args,
            distinct,
            filter,
        } => Expr::Function {
            name,
            args: rewrite_all(args, f)?,
            distinct,
            filter: match filter {
                Some(e) => Some(boxed(e, f)?),
                None => None,
            },
        },
        Expr::ExtractValue { child, extraction } => Expr::ExtractValue {
            child: boxed(child, f)?,
            extraction: boxed(extraction, f)?,
        },
        Expr::Window {
            function,
            partition_by,
            order_by,
            frame,
        } => Expr::Window {
            function: boxed(function, f)?,
            partition_by: rewrite_all(partition_by, f)?,
            order_by: order_by
                .into_iter()
                .map(|o| rewrite_sort_order(o, f))
                .collect::<Result<_>>()?,
            frame: match frame {
                Some(mut fr) => {
                    fr.lower = rewrite_boundary(fr.lower, f)?;
                    fr.upper = rewrite_boundary(fr.upper, f)?;
                    Some(fr)
                }
                None => None,
            },
        },
        Expr::SortOrder(o) => Expr::SortOrder(Box::new(rewrite_sort_order(*o, f)?)),
        Expr::Lambda { params, body } => Expr::Lambda {
            params,
            body: boxed(body, f)?,
        },
        Expr::UpdateFields { struct_expr, ops } => Expr::UpdateFields {
            struct_expr: boxed(struct_expr, f)?,
            ops: ops
                .into_iter()
                .map(|op| {
                    Ok(match op {
                        FieldOp::With { path, value } => FieldOp::With {
                            path,
                            value: rewrite(value, f)?,
                        },
                        drop @ FieldOp::Drop { .. } => drop,
                    })
                })
                .collect::<Result<_>>()?,
        },
        Expr::NamedArgument { key, value } => Expr::NamedArgument {
            key,
            value: boxed(value, f)?,
        },
        other @ (Expr::Literal(_)
        | Expr::Column { .. }
        | Expr::Star { .. }
        | Expr::LambdaVariable(_)
        | Expr::Regex { .. }
        | Expr::Subquery { .. }) => other,
    })
}

/// [`rewrite`] over a list.
pub fn rewrite_all(
    exprs: Vec<Expr>,
    f: &mut dyn FnMut(&Expr) -> Result<Option<Expr>>,
) -> Result<Vec<Expr>> {
    exprs.into_iter().map(|e| rewrite(e, f)).collect()
}

/// [`rewrite`] of a sort key.
pub fn rewrite_sort_order(
    o: SortOrder,
    f: &mut dyn FnMut(&Expr) -> Result<Option<Expr>>,
) -> Result<SortOrder> {
    Ok(SortOrder {
        expr: rewrite(o.expr, f)?,
        ..o
    })
}

fn rewrite_boundary(
    b: FrameBoundary,
    f: &mut dyn FnMut(&Expr) -> Result<Option<Expr>>,
) -> Result<FrameBoundary> {
    Ok(match b {
        FrameBoundary::Value(e) => FrameBoundary::Value(Box::new(rewrite(*e, f)?)),
        other => other,
    })
}
