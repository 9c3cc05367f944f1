//! `(a, b) IN ((1, 'x'), (2, 'y'))`: Spark compares the structs with struct ordering, where
//! fields are equal when both are NULL (`EqualTo` over `InterpretedOrdering`) and the result is
//! never NULL. That is `(a <=> 1 AND b <=> 'x') OR (a <=> 2 AND b <=> 'y')`, which Sabot runs
//! instead of comparing struct values whose field names differ.
//!
//! `v [NOT] LIKE ANY|ALL (p1, p2)` likewise becomes `OR`/`AND` of single `LIKE`s (Spark's
//! `LikeAny`/`LikeAll`/`NotLikeAny`/`NotLikeAll` follow three-valued `OR`/`AND`).

use sabot_common::spec::Expr;

/// The rewrite of `value IN (items)` when `value` and every item are tuples of one arity;
/// `None` otherwise.
pub fn tuple_in(value: &Expr, items: &[Expr]) -> Option<Expr> {
    let fields = tuple_fields(value)?;
    let mut alternatives = Vec::with_capacity(items.len());
    for item in items {
        let values = tuple_fields(item)?;
        if values.len() != fields.len() {
            return None;
        }
        let conjunction = fields
            .iter()
            .zip(values)
            .map(|(f, v)| Expr::call("<=>", vec![f.clone(), v.clone()]))
            .reduce(|a, b| Expr::call("and", vec![a, b]))?;
        alternatives.push(conjunction);
    }
    alternatives
        .into_iter()
        .reduce(|a, b| Expr::call("or", vec![a, b]))
}

/// `value [NOT] like ANY|ALL (patterns)`: `like` is `like` or `ilike`.
pub fn like_quantified(
    like: &str,
    value: Expr,
    patterns: Vec<Expr>,
    all: bool,
    negated: bool,
) -> Expr {
    let combine = if all { "and" } else { "or" };
    patterns
        .into_iter()
        .map(|p| {
            let e = Expr::call(like, vec![value.clone(), p]);
            if negated {
                Expr::call("not", vec![e])
            } else {
                e
            }
        })
        .reduce(|a, b| Expr::call(combine, vec![a, b]))
        .unwrap_or(Expr::Literal(sabot_common::spec::Literal::Boolean(all)))
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
    use sabot_common::spec::Literal;

    #[test]
    fn tuples_become_null_safe_conjunctions() {
        let lit = |n: i32| Expr::Literal(Literal::Integer(n));
        let tuple = |a: Expr, b: Expr| Expr::call("struct", vec![a, b]);
        let got = tuple_in(
            &tuple(Expr::col("a"), Expr::col("b")),
            &[tuple(lit(1), lit(2))],
        );
        let want = Expr::call(
            "and",
            vec![
                Expr::call("<=>", vec![Expr::col("a"), lit(1)]),
                Expr::call("<=>", vec![Expr::col("b"), lit(2)]),
            ],
        );
        assert_eq!(got, Some(want));
        assert_eq!(tuple_in(&Expr::col("a"), &[lit(1)]), None);
    }
}
