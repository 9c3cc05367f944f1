//! Grouping sets (`ROLLUP`, `CUBE`, `GROUPING SETS`; Spark's `Expand` + `Aggregate`) over
//! DataFusion's `GroupingSet`, and `grouping()` / `grouping_id()` computed from DataFusion's
//! grouping id with Spark's bit order (Spark's `GroupingID`: the first group-by expression is the
//! highest bit, a set bit means "not grouped by").

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Column, DFSchema, ScalarValue};
use datafusion::logical_expr::{
    Aggregate, BinaryExpr, Cast, Expr as DfExpr, ExprSchemable, GroupingSet, Operator,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::error::from_datafusion;

/// `ROLLUP(g1, ..., gn)`: `(g1..gn), (g1..gn-1), ..., ()`.
pub(crate) fn rollup_sets(groups: &[DfExpr]) -> Vec<Vec<DfExpr>> {
    (0..=groups.len())
        .rev()
        .map(|n| groups[..n].to_vec())
        .collect()
}

/// `CUBE(g1, ..., gn)`: every subset, the full set first (Spark's `CubeType`).
pub(crate) fn cube_sets(groups: &[DfExpr]) -> Result<Vec<Vec<DfExpr>>> {
    let n = groups.len();
    if n >= 64 {
        return Err(SparkError::unsupported("CUBE over 64 or more expressions"));
    }
    let full = (1u64 << n) - 1;
    Ok((0..=full)
        .rev()
        .map(|mask| {
            groups
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1u64 << (n - 1 - i)) != 0)
                .map(|(_, g)| g.clone())
                .collect()
        })
        .collect())
}

/// The DataFusion group-by expression for explicit sets.
pub(crate) fn grouping_set_expr(sets: &[Vec<DfExpr>]) -> DfExpr {
    DfExpr::GroupingSet(GroupingSet::GroupingSets(sets.to_vec()))
}

/// Whether an aggregate call is a `grouping()` / `grouping_id()` placeholder.
pub(crate) fn is_grouping_marker(e: &DfExpr) -> bool {
    matches!(e, DfExpr::AggregateFunction(f)
        if matches!(f.func.name(), sabot_functions::GROUPING_UDAF | sabot_functions::GROUPING_ID_UDAF))
}

/// A NULL of the type of `e` (a grouping expression that no set groups by).
pub(crate) fn typed_null(e: &DfExpr, schema: &DFSchema) -> Result<DfExpr> {
    let t = e.get_type(schema).map_err(from_datafusion)?;
    let null = ScalarValue::try_from(&t).map_err(from_datafusion)?;
    Ok(DfExpr::Literal(null, None))
}

/// The value of a `grouping()` / `grouping_id()` placeholder: bits of DataFusion's grouping id
/// (`out_keys` are DataFusion's distinct grouping expressions, the last one in bit 0), rearranged
/// in the order of `keys`: Spark's group-by expressions `groups`, then the other expressions of
/// the grouping sets (as Spark's `Expand` orders its grouping attributes).
pub(crate) fn marker_value(
    marker: &DfExpr,
    groups: &[DfExpr],
    keys: &[DfExpr],
    out_keys: &[DfExpr],
) -> Result<DfExpr> {
    let DfExpr::AggregateFunction(f) = marker else {
        return Err(SparkError::internal("not a grouping() call"));
    };
    let args = &f.params.args;
    if f.func.name() == sabot_functions::GROUPING_UDAF {
        let [arg] = args.as_slice() else {
            return Err(sabot_functions::errors::wrong_num_args(
                "grouping",
                "1",
                args.len(),
            ));
        };
        if !keys.contains(arg) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "GROUPING_COLUMN_MISMATCH",
                "42803",
                format!(
                    "Column of grouping ({arg}) can't be found in grouping columns {}.",
                    list(groups)
                ),
            )
            .param("grouping", arg.to_string())
            .param("groupingColumns", list(groups)));
        }
        return Ok(cast(bit(arg, out_keys), ArrowType::Int8));
    }
    if !args.is_empty() && args.as_slice() != groups && args.as_slice() != keys {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "GROUPING_ID_COLUMN_MISMATCH",
            "42803",
            format!(
                "Columns of grouping_id ({}) does not match grouping columns ({}).",
                list(args),
                list(groups)
            ),
        )
        .param("groupingIdColumn", list(args))
        .param("groupByColumns", list(groups)));
    }
    let m = keys.len();
    let mut value = DfExpr::Literal(ScalarValue::Int64(Some(0)), None);
    for (j, g) in keys.iter().enumerate() {
        let shifted = binary(bit(g, out_keys), Operator::BitwiseShiftLeft, int(m - 1 - j));
        value = binary(value, Operator::BitwiseOr, shifted);
    }
    Ok(value)
}

/// Bit "not grouped by `key`" as a bigint 0/1.
fn bit(key: &DfExpr, out_keys: &[DfExpr]) -> DfExpr {
    let Some(p) = out_keys.iter().position(|k| k == key) else {
        return int(1);
    };
    let gid = cast(
        DfExpr::Column(Column::from_name(Aggregate::INTERNAL_GROUPING_ID)),
        ArrowType::Int64,
    );
    let shifted = binary(
        gid,
        Operator::BitwiseShiftRight,
        int(out_keys.len() - 1 - p),
    );
    binary(shifted, Operator::BitwiseAnd, int(1))
}

fn int(v: usize) -> DfExpr {
    DfExpr::Literal(ScalarValue::Int64(Some(v as i64)), None)
}

fn cast(e: DfExpr, t: ArrowType) -> DfExpr {
    DfExpr::Cast(Cast::new(Box::new(e), t))
}

fn binary(l: DfExpr, op: Operator, r: DfExpr) -> DfExpr {
    DfExpr::BinaryExpr(BinaryExpr::new(Box::new(l), op, Box::new(r)))
}

fn list(es: &[DfExpr]) -> String {
    es.iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
