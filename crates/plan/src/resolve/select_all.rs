//! `GROUP BY ALL` and `ORDER BY ALL` (Spark's `ResolveGroupByAll` / `ResolveOrderByAll`): a
//! single grouping or sort key that is a column named `ALL`, when the input has no such column,
//! stands for every non-aggregate select item / every output column. Both become ordinals,
//! which [`super::ordinals`] resolves.

use datafusion::common::DFSchema;
use sabot_common::spec::{Expr, Literal, SortOrder};

/// Whether `exprs` is the single column `ALL` and `schema` has no column of that name.
fn is_all(expr: &Expr, schema: &DFSchema) -> bool {
    let Expr::Column { name, .. } = expr else {
        return false;
    };
    let [single] = name.as_slice() else {
        return false;
    };
    single.eq_ignore_ascii_case("all")
        && !schema
            .fields()
            .iter()
            .any(|f| f.name().eq_ignore_ascii_case("all"))
}

/// `GROUP BY ALL`: the ordinals of the select items that do not aggregate (`aggregating[i]`).
pub(super) fn group_by_all(
    grouping: &[Expr],
    aggregating: &[bool],
    schema: &DFSchema,
) -> Option<Vec<Expr>> {
    let [single] = grouping else { return None };
    if !is_all(single, schema) {
        return None;
    }
    Some(
        aggregating
            .iter()
            .enumerate()
            .filter(|(_, agg)| !**agg)
            .filter_map(|(i, _)| i32::try_from(i + 1).ok())
            .map(|n| Expr::Literal(Literal::Integer(n)))
            .collect(),
    )
}

/// `ORDER BY ALL [ASC|DESC] [NULLS ..]`: every column of `schema`, in order, by ordinal.
pub(super) fn order_by_all(order: &[SortOrder], schema: &DFSchema) -> Option<Vec<SortOrder>> {
    let [single] = order else { return None };
    if !is_all(&single.expr, schema) {
        return None;
    }
    Some(
        (1..=schema.fields().len())
            .filter_map(|i| i32::try_from(i).ok())
            .map(|n| SortOrder {
                expr: Expr::Literal(Literal::Integer(n)),
                ..single.clone()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    fn schema(names: &[&str]) -> DFSchema {
        let fields: Vec<Field> = names
            .iter()
            .map(|n| Field::new(*n, DataType::Int32, true))
            .collect();
        DFSchema::try_from(Schema::new(fields)).unwrap()
    }

    #[test]
    fn group_by_all_picks_non_aggregates() {
        let got = group_by_all(&[Expr::col("ALL")], &[false, true, false], &schema(&["a"]));
        let ords: Vec<Expr> = [1, 3]
            .iter()
            .map(|n| Expr::Literal(Literal::Integer(*n)))
            .collect();
        assert_eq!(got, Some(ords));
        // A real column named `all` wins.
        assert_eq!(
            group_by_all(&[Expr::col("all")], &[false], &schema(&["all"])),
            None
        );
    }

    #[test]
    fn order_by_all_sorts_every_column() {
        let got = order_by_all(&[SortOrder::desc(Expr::col("ALL"))], &schema(&["a", "b"])).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], SortOrder::desc(Expr::Literal(Literal::Integer(2))));
    }
}
