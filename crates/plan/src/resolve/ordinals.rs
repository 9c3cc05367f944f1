//! Ordinal positions in `ORDER BY` and `GROUP BY` (Spark's `ResolveOrdinalInOrderByAndGroupBy`,
//! with `spark.sql.orderByOrdinal` and `spark.sql.groupByOrdinal` on, their defaults): an
//! integer literal that is a whole sort key is the input's column at that 1-based position; one
//! that is a whole grouping expression is the select-list item at that position. Spark applies
//! this to DataFrames too (`df.orderBy(lit(2))` sorts by the second column).

use datafusion::common::DFSchema;
use datafusion::logical_expr::{Expr as DfExpr, SortExpr};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal, NullOrdering, SortDirection, SortOrder};
use sabot_common::{Result, SparkError};

fn ordinal(e: &Expr) -> Option<i32> {
    match e {
        Expr::Literal(Literal::Integer(n)) => Some(*n),
        _ => None,
    }
}

fn out_of_range(clause: &str, class: &str, index: i32, size: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        class,
        "42805",
        format!("{clause} position {index} is not in select list (valid range is [1, {size}])."),
    )
    .param("index", index.to_string())
    .param("size", size.to_string())
}

/// The sort key for an ordinal `order`, as the input column at its position; `None` when
/// `order` is not an ordinal.
pub(super) fn sort_key(order: &SortOrder, schema: &DFSchema) -> Result<Option<(SortExpr, String)>> {
    let Some(index) = ordinal(&order.expr) else {
        return Ok(None);
    };
    let size = schema.fields().len();
    let position = usize::try_from(index)
        .ok()
        .filter(|i| (1..=size).contains(i))
        .ok_or_else(|| out_of_range("ORDER BY", "ORDER_BY_POS_OUT_OF_RANGE", index, size))?;
    let (qualifier, field) = schema.qualified_field(position - 1);
    let column = DfExpr::Column(datafusion::common::Column::new(
        qualifier.cloned(),
        field.name(),
    ));
    let asc = order.direction == SortDirection::Ascending;
    let nulls_first = order.nulls == NullOrdering::NullsFirst;
    let name = format!(
        "{} {} {}",
        field.name(),
        if asc { "ASC" } else { "DESC" },
        if nulls_first {
            "NULLS FIRST"
        } else {
            "NULLS LAST"
        }
    );
    Ok(Some((SortExpr::new(column, asc, nulls_first), name)))
}

/// The grouping expressions with ordinals replaced by the select-list items they name.
/// `aggregating[i]` tells whether select item `i` calls an aggregate function (Spark's
/// `GROUP_BY_POS_AGGREGATE`).
pub(super) fn grouping(
    grouping: &[Expr],
    select: &[Expr],
    aggregating: &[bool],
) -> Result<Option<Vec<Expr>>> {
    if !grouping.iter().any(|g| ordinal(g).is_some()) {
        return Ok(None);
    }
    grouping
        .iter()
        .map(|g| {
            let Some(index) = ordinal(g) else {
                return Ok(g.clone());
            };
            if select.iter().any(|s| matches!(s, Expr::Star { .. })) {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "STAR_GROUP_BY_POS",
                    "0A000",
                    "Star (*) is not allowed in a select list when GROUP BY an ordinal position is used.",
                ));
            }
            let position = usize::try_from(index)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .filter(|i| *i < select.len())
                .ok_or_else(|| {
                    out_of_range("GROUP BY", "GROUP_BY_POS_OUT_OF_RANGE", index, select.len())
                })?;
            let item = &select[position];
            let item = match item {
                Expr::Alias { expr, .. } => expr.as_ref(),
                other => other,
            };
            if aggregating.get(position).copied().unwrap_or(false) {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "GROUP_BY_POS_AGGREGATE",
                    "42903",
                    format!(
                        "GROUP BY {index} refers to an expression that contains an aggregate function. Aggregate functions are not allowed in GROUP BY."
                    ),
                )
                .param("index", index.to_string()));
            }
            Ok(item.clone())
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(n: i32) -> Expr {
        Expr::Literal(Literal::Integer(n))
    }

    #[test]
    fn grouping_ordinals_name_select_items() {
        let select = vec![Expr::col("k").alias("x"), Expr::call("count", vec![])];
        let out = grouping(&[int(1), Expr::col("v")], &select, &[false, true]);
        assert_eq!(
            out.ok().flatten(),
            Some(vec![Expr::col("k"), Expr::col("v")])
        );
        let class = |r: Result<Option<Vec<Expr>>>| r.err().and_then(|e| e.error_class);
        assert_eq!(
            class(grouping(&[int(2)], &select, &[false, true])).as_deref(),
            Some("GROUP_BY_POS_AGGREGATE")
        );
        assert_eq!(
            class(grouping(&[int(3)], &select, &[false, true])).as_deref(),
            Some("GROUP_BY_POS_OUT_OF_RANGE")
        );
        assert_eq!(grouping(&[Expr::col("k")], &select, &[]).ok(), Some(None));
    }
}
