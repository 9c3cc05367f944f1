//! The arguments of `struct(...)` (Spark's `CreateStruct`): every argument keeps a name that
//! becomes its field name (an alias, a column's or struct field's name; `colN` otherwise, which
//! the function builder fills in), and an alias shows in the column name as `1 AS x`.

use sabot_common::Result;
use sabot_common::spec::{Expr, Literal};

use super::expressions::{Named, Scope};
use super::type_sql::quote_if_needed;

/// Resolves `struct` arguments; each result's expression is aliased with its field name
/// when it has one, and its `sql` is how it reads in the column name.
pub(crate) fn resolve_struct_args(scope: &Scope<'_>, args: &[Expr]) -> Result<Vec<Named>> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        match a {
            Expr::Alias { expr, names, .. } if names.len() == 1 => {
                let inner = scope.resolve(expr)?;
                let name = &names[0];
                let sql = format!("{} AS {}", inner.arg_sql(), quote_if_needed(name));
                let mut n = Named::new(inner.expr.unalias().alias(name), name.clone());
                n.sql = Some(sql);
                out.push(n);
            }
            Expr::Star { .. } | Expr::Regex { .. } => {
                for n in scope.resolve_many(a)? {
                    let expr = n.expr.unalias().alias(&n.name);
                    out.push(Named { expr, ..n });
                }
            }
            other => {
                let n = scope.resolve(other)?;
                let field = match other {
                    Expr::Column { .. } => Some(n.name.clone()),
                    // `s["f"]` on a struct is named `s.f`; its field name is `f`.
                    Expr::ExtractValue { extraction, .. } => match extraction.as_ref() {
                        Expr::Literal(Literal::String(f))
                            if n.name.len() > f.len()
                                && n.name.is_char_boundary(n.name.len() - f.len() - 1)
                                && n.name[n.name.len() - f.len() - 1..]
                                    .eq_ignore_ascii_case(&format!(".{f}")) =>
                        {
                            Some(n.name[n.name.len() - f.len()..].to_string())
                        }
                        _ => None,
                    },
                    _ => None,
                };
                let sql = n.arg_sql();
                let expr = match &field {
                    Some(f) => n.expr.unalias().alias(f),
                    None => n.expr.unalias(),
                };
                let mut named = Named::new(expr, field.unwrap_or_else(|| n.name.clone()));
                named.sql = Some(sql);
                out.push(named);
            }
        }
    }
    Ok(out)
}
