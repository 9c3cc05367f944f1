//! `function OVER (PARTITION BY ... ORDER BY ... frame)` (Spark's `WindowExpression`), named as
//! Spark names it, with the frame Spark reports (`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
//! ROW` by default with an ORDER BY, the whole partition without one). Also sort keys.

use datafusion::common::ScalarValue;
use datafusion::logical_expr::expr::{Sort, WindowFunction, WindowFunctionParams};
use datafusion::logical_expr::{
    Expr as DfExpr, WindowFrame as DfFrame, WindowFrameBound, WindowFrameUnits,
    WindowFunctionDefinition,
};
use sabot_common::spec::{
    Expr, FrameBoundary, FrameType, Literal, NullOrdering, SortDirection, SortOrder, WindowFrame,
};
use sabot_common::{Result, SparkError};
use sabot_functions::FunctionKind;

use super::expressions::{Named, Scope};

/// A resolved sort key and Spark's text for it (`a ASC NULLS FIRST`).
pub(crate) fn resolve_sort_order(scope: &Scope<'_>, order: &SortOrder) -> Result<(Sort, String)> {
    let key = scope.resolve(&order.expr)?;
    let asc = order.direction == SortDirection::Ascending;
    let nulls_first = order.nulls == NullOrdering::NullsFirst;
    let name = format!(
        "{} {} {}",
        key.name,
        if asc { "ASC" } else { "DESC" },
        if nulls_first {
            "NULLS FIRST"
        } else {
            "NULLS LAST"
        }
    );
    Ok((Sort::new(key.expr.unalias(), asc, nulls_first), name))
}

/// Resolves a window expression.
pub(crate) fn resolve_window(
    scope: &Scope<'_>,
    function: &Expr,
    partition_by: &[Expr],
    order_by: &[SortOrder],
    frame: Option<&WindowFrame>,
) -> Result<Named> {
    let func = scope.resolve(function)?;
    let partitions = partition_by
        .iter()
        .map(|p| scope.resolve(p))
        .collect::<Result<Vec<_>>>()?;
    let orders = order_by
        .iter()
        .map(|o| resolve_sort_order(scope, o))
        .collect::<Result<Vec<_>>>()?;
    let (kind, fname, offset) = match function {
        Expr::Function { name, args, .. } => {
            let kind = sabot_functions::lookup(name).map(|e| e.kind);
            let offset = match args.get(1) {
                Some(Expr::Literal(Literal::Integer(i))) => i64::from(*i),
                Some(Expr::Literal(Literal::Long(i))) => *i,
                _ => 1,
            };
            (kind, name.to_ascii_lowercase(), offset)
        }
        _ => (None, String::new(), 1),
    };
    let (df_frame, frame_text) = match frame {
        Some(f) => convert_frame(scope, f)?,
        None => default_frame(kind, &fname, offset, !orders.is_empty()),
    };
    let partition_exprs: Vec<DfExpr> = partitions
        .iter()
        .map(|p| p.expr.clone().unalias())
        .collect();
    let order_exprs: Vec<Sort> = orders.iter().map(|(s, _)| s.clone()).collect();
    let expr = match func.expr.unalias() {
        DfExpr::AggregateFunction(agg) => DfExpr::WindowFunction(Box::new(WindowFunction {
            fun: WindowFunctionDefinition::AggregateUDF(agg.func),
            params: WindowFunctionParams {
                args: agg.params.args,
                partition_by: partition_exprs,
                order_by: order_exprs,
                window_frame: df_frame,
                filter: agg.params.filter,
                null_treatment: agg.params.null_treatment,
                distinct: agg.params.distinct,
            },
        })),
        DfExpr::WindowFunction(mut w) => {
            w.params.partition_by = partition_exprs;
            w.params.order_by = order_exprs;
            w.params.window_frame = df_frame;
            DfExpr::WindowFunction(w)
        }
        _ => {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "UNSUPPORTED_EXPR_FOR_WINDOW",
                "42P20",
                format!(
                    "Expression \"{}\" not supported within a window function.",
                    func.name
                ),
            )
            .param("sqlExpr", format!("\"{}\"", func.name)));
        }
    };
    let mut spec = Vec::new();
    if !partitions.is_empty() {
        let p: Vec<_> = partitions.iter().map(|p| p.name.as_str()).collect();
        spec.push(format!("PARTITION BY {}", p.join(", ")));
    }
    if !orders.is_empty() {
        let o: Vec<_> = orders.iter().map(|(_, n)| n.as_str()).collect();
        spec.push(format!("ORDER BY {}", o.join(", ")));
    }
    spec.push(frame_text);
    Ok(Named::new(
        expr,
        format!("{} OVER ({})", func.name, spec.join(" ")),
    ))
}

/// The frame Spark gives a window without an explicit one (`ResolveWindowFrame`): ranking
/// functions use their own frame, aggregates the default one.
fn default_frame(
    kind: Option<FunctionKind>,
    name: &str,
    offset: i64,
    ordered: bool,
) -> (DfFrame, String) {
    let df = DfFrame::new(if ordered { Some(false) } else { None });
    let text = match (kind, name) {
        (Some(FunctionKind::Window), "lag") => {
            format!("ROWS BETWEEN {0} FOLLOWING AND {0} FOLLOWING", -offset)
        }
        (Some(FunctionKind::Window), "lead") => {
            format!("ROWS BETWEEN {offset} FOLLOWING AND {offset} FOLLOWING")
        }
        (Some(FunctionKind::Window), "cume_dist") => {
            "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW".to_string()
        }
        (Some(FunctionKind::Window), "nth_value" | "first_value" | "last_value") if !ordered => {
            "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING".to_string()
        }
        (Some(FunctionKind::Window), "nth_value" | "first_value" | "last_value") => {
            "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW".to_string()
        }
        (Some(FunctionKind::Window), _) => {
            "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW".to_string()
        }
        _ if ordered => "RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW".to_string(),
        _ => "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING".to_string(),
    };
    (df, text)
}

fn convert_frame(scope: &Scope<'_>, f: &WindowFrame) -> Result<(DfFrame, String)> {
    let units = match f.frame_type {
        FrameType::Rows => WindowFrameUnits::Rows,
        FrameType::Range => WindowFrameUnits::Range,
    };
    let (lower, lower_text) = convert_bound(scope, &f.lower, units)?;
    let (upper, upper_text) = convert_bound(scope, &f.upper, units)?;
    let unit_text = match f.frame_type {
        FrameType::Rows => "ROWS",
        FrameType::Range => "RANGE",
    };
    Ok((
        DfFrame::new_bounds(units, lower, upper),
        format!("{unit_text} BETWEEN {lower_text} AND {upper_text}"),
    ))
}

fn convert_bound(
    scope: &Scope<'_>,
    b: &FrameBoundary,
    units: WindowFrameUnits,
) -> Result<(WindowFrameBound, String)> {
    Ok(match b {
        FrameBoundary::UnboundedPreceding => (
            WindowFrameBound::Preceding(ScalarValue::Null),
            "UNBOUNDED PRECEDING".into(),
        ),
        FrameBoundary::UnboundedFollowing => (
            WindowFrameBound::Following(ScalarValue::Null),
            "UNBOUNDED FOLLOWING".into(),
        ),
        FrameBoundary::CurrentRow => (WindowFrameBound::CurrentRow, "CURRENT ROW".into()),
        FrameBoundary::Value(v) => {
            let resolved = scope.resolve(v)?;
            let DfExpr::Literal(value, _) = resolved.expr.unalias() else {
                return Err(SparkError::unsupported(
                    "a non-literal window frame boundary",
                ));
            };
            let negative = value
                .cast_to(&datafusion::arrow::datatypes::DataType::Float64)
                .ok()
                .is_some_and(|v| matches!(v, ScalarValue::Float64(Some(x)) if x < 0.0));
            let zero = value
                .cast_to(&datafusion::arrow::datatypes::DataType::Float64)
                .ok()
                .is_some_and(|v| matches!(v, ScalarValue::Float64(Some(x)) if x == 0.0));
            let text = if zero {
                "CURRENT ROW".to_string()
            } else {
                format!("{} FOLLOWING", resolved.name)
            };
            let magnitude = if negative {
                value
                    .arithmetic_negate()
                    .map_err(crate::error::from_datafusion)?
            } else {
                value
            };
            let magnitude = if units == WindowFrameUnits::Rows {
                magnitude
                    .cast_to(&datafusion::arrow::datatypes::DataType::UInt64)
                    .map_err(crate::error::from_datafusion)?
            } else {
                magnitude
            };
            let bound = if zero {
                WindowFrameBound::CurrentRow
            } else if negative {
                WindowFrameBound::Preceding(magnitude)
            } else {
                WindowFrameBound::Following(magnitude)
            };
            (bound, text)
        }
    })
}
