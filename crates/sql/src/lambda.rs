//! Binds lambda parameters in a lambda body: a column named like a parameter becomes an
//! [`Expr::LambdaVariable`] (matched case-insensitively, as Spark's analyzer resolves them);
//! `x.f` on a parameter becomes a field extraction.

use sabot_common::spec::{Expr, FieldOp, FrameBoundary, Literal, SortOrder};

/// Rewrites `body` so that references to `params` are lambda variables.
pub fn bind_lambda_variables(body: Expr, params: &[String]) -> Expr {
    let rec = |e: Expr| bind_lambda_variables(e, params);
    let boxed = |e: Box<Expr>| Box::new(bind_lambda_variables(*e, params));
    match body {
        Expr::Column { name, plan_id } => {
            let Some(param) = name
                .first()
                .and_then(|first| params.iter().find(|p| p.eq_ignore_ascii_case(first)))
            else {
                return Expr::Column { name, plan_id };
            };
            let mut e = Expr::LambdaVariable(param.clone());
            for field in name.into_iter().skip(1) {
                e = Expr::ExtractValue {
                    child: Box::new(e),
                    extraction: Box::new(Expr::Literal(Literal::String(field))),
                };
            }
            e
        }
        Expr::Alias {
            expr,
            names,
            metadata,
        } => Expr::Alias {
            expr: boxed(expr),
            names,
            metadata,
        },
        Expr::Cast {
            expr,
            data_type,
            mode,
        } => Expr::Cast {
            expr: boxed(expr),
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
            args: args.into_iter().map(rec).collect(),
            distinct,
            filter: filter.map(boxed),
        },
        Expr::ExtractValue { child, extraction } => Expr::ExtractValue {
            child: boxed(child),
            extraction: boxed(extraction),
        },
        Expr::Window {
            function,
            partition_by,
            order_by,
            frame,
        } => Expr::Window {
            function: boxed(function),
            partition_by: partition_by.into_iter().map(rec).collect(),
            order_by: order_by
                .into_iter()
                .map(|o| bind_sort_order(o, params))
                .collect(),
            frame: frame.map(|mut f| {
                f.lower = bind_boundary(f.lower, params);
                f.upper = bind_boundary(f.upper, params);
                f
            }),
        },
        Expr::SortOrder(o) => Expr::SortOrder(Box::new(bind_sort_order(*o, params))),
        Expr::Lambda {
            params: inner,
            body,
        } => {
            // Inner parameters shadow outer ones of the same name.
            let outer: Vec<String> = params
                .iter()
                .filter(|p| !inner.iter().any(|i| i.eq_ignore_ascii_case(p)))
                .cloned()
                .collect();
            Expr::Lambda {
                body: Box::new(bind_lambda_variables(*body, &outer)),
                params: inner,
            }
        }
        Expr::UpdateFields { struct_expr, ops } => Expr::UpdateFields {
            struct_expr: boxed(struct_expr),
            ops: ops
                .into_iter()
                .map(|op| match op {
                    FieldOp::With { path, value } => FieldOp::With {
                        path,
                        value: rec(value),
                    },
                    drop @ FieldOp::Drop { .. } => drop,
                })
                .collect(),
        },
        Expr::NamedArgument { key, value } => Expr::NamedArgument {
            key,
            value: boxed(value),
        },
        other @ (Expr::Literal(_)
        | Expr::Star { .. }
        | Expr::LambdaVariable(_)
        | Expr::Regex { .. }
        | Expr::Subquery { .. }) => other,
    }
}

fn bind_sort_order(o: SortOrder, params: &[String]) -> SortOrder {
    SortOrder {
        expr: bind_lambda_variables(o.expr, params),
        ..o
    }
}

fn bind_boundary(b: FrameBoundary, params: &[String]) -> FrameBoundary {
    match b {
        FrameBoundary::Value(e) => {
            FrameBoundary::Value(Box::new(bind_lambda_variables(*e, params)))
        }
        other => other,
    }
}
