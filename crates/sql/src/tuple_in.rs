//! `(a, b) IN ((1, 'x'), (2, 'y'))`: Spark compares the structs with struct ordering, where
//! fields are equal when both are NULL (`EqualTo` over `InterpretedOrdering`) and the result is
//! never NULL. That is `(a <=> 1 AND b <=> 'x') OR (a <=> 2 AND b <=> 'y')`, which the
//! registry's `__tuple_in` runs instead of comparing struct values whose field names differ.
//!
//! `v [NOT] LIKE ANY|ALL (p1, p2)` calls the registry's internal `__likeany` and friends
//! (Spark's `LikeAny`/`LikeAll`/`NotLikeAny`/`NotLikeAll`).

use sabot_common::spec::{Expr, Literal};

/// `value IN (items)` when `value` and every item are tuples of one arity, as the registry's
/// internal `__tuple_in(width, names..., values..., ...)`; `None` otherwise.
pub fn tuple_in(value: &Expr, items: &[Expr]) -> Option<Expr> {
    let fields = tuple_fields(value)?;
    let mut args = vec![Expr::Literal(Literal::Integer(fields.len() as i32))];
    push_tuple(&mut args, fields);
    for item in items {
        let values = tuple_fields(item)?;
        if values.len() != fields.len() {
            return None;
        }
        push_tuple(&mut args, values);
    }
    Some(Expr::call("__tuple_in", args))
}

/// A tuple's field names (Spark's `CreateStruct`: a column's name, else `col<n>`), then its
/// values.
fn push_tuple(args: &mut Vec<Expr>, fields: &[Expr]) {
    for (i, f) in fields.iter().enumerate() {
        let name = match f {
            Expr::Column { name, .. } => name.last().cloned(),
            _ => None,
        }
        .unwrap_or_else(|| format!("col{}", i + 1));
        args.push(Expr::Literal(Literal::String(name)));
    }
    args.extend(fields.iter().cloned());
}

/// `value [NOT] like ANY|ALL (patterns)`: `like` is `like` or `ilike`; `ILIKE` compares the
/// lower-cased value with lower-cased patterns, as Spark's `AstBuilder` builds it.
pub fn like_quantified(
    like: &str,
    value: Expr,
    patterns: Vec<Expr>,
    all: bool,
    negated: bool,
) -> Expr {
    let name = match (negated, all) {
        (false, false) => "__likeany",
        (false, true) => "__likeall",
        (true, false) => "__notlikeany",
        (true, true) => "__notlikeall",
    };
    let lower = |e: Expr| {
        if like == "ilike" {
            Expr::call("lower", vec![e])
        } else {
            e
        }
    };
    let mut args = vec![lower(value)];
    args.extend(patterns.into_iter().map(lower));
    Expr::call(name, args)
}

fn tuple_fields(e: &Expr) -> Option<&[Expr]> {
    match e {
        Expr::Function { name, args, .. } if name == "struct" && args.len() > 1 => {
            if args.iter().any(|a| matches!(a, Expr::Alias { .. })) {
                return None;
            }
            Some(args)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_call_the_registry_with_field_names() {
        let lit = |n: i32| Expr::Literal(Literal::Integer(n));
        let name = |s: &str| Expr::Literal(Literal::String(s.into()));
        let tuple = |a: Expr, b: Expr| Expr::call("struct", vec![a, b]);
        let got = tuple_in(
            &tuple(Expr::col("a"), Expr::col("b")),
            &[tuple(lit(1), lit(2))],
        );
        let want = Expr::call(
            "__tuple_in",
            vec![
                lit(2),
                name("a"),
                name("b"),
                Expr::col("a"),
                Expr::col("b"),
                name("col1"),
                name("col2"),
                lit(1),
                lit(2),
            ],
        );
        assert_eq!(got, Some(want));
        assert_eq!(tuple_in(&Expr::col("a"), &[lit(1)]), None);
    }
}
