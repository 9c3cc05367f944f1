//! `function OVER (PARTITION BY ... ORDER BY ... frame)` (Spark's `WindowExpression`), named as
//! Spark names it, with the frame Spark reports (`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
//! ROW` by default with an ORDER BY, the whole partition without one; ranking and offset
//! functions use their own, `ResolveWindowFrame`), and Spark's analysis errors. Also sort keys.

use datafusion::functions_aggregate::min_max::{max_udaf, min_udaf};
use datafusion::functions_window::nth_value::{first_value_udwf, last_value_udwf};
use datafusion::logical_expr::expr::{Cast, Sort, WindowFunction, WindowFunctionParams};
use datafusion::logical_expr::{Expr as DfExpr, WindowFrame as DfFrame, WindowFunctionDefinition};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal, NullOrdering, SortDirection, SortOrder, WindowFrame};
use sabot_common::{Result, SparkError};
use sabot_functions::FunctionKind;

use super::expressions::{Named, Scope};

use super::window_frame::{Bound, Frame, resolve_frame, to_datafusion};
use super::window_frame_checks::check_frame;

/// A resolved sort key and Spark's text for it (`a ASC NULLS FIRST`).
pub(crate) fn resolve_sort_order(scope: &Scope<'_>, order: &SortOrder) -> Result<(Sort, String)> {
    let key = scope.resolve(&order.expr)?;
    sabot_functions::variant::check_sort_key(&scope.data_type(&key.expr)?)?;
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

/// `WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE`: a window-only function called without `OVER`.
pub(crate) fn without_over(display: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE",
        "42601",
        format!("Window function \"{display}\" requires an OVER clause."),
    )
    .param("funcName", format!("\"{display}\""))
}

/// The function under `OVER`, resolved.
struct Call {
    named: Named,
    /// Lower-case registry name (empty for non-calls).
    name: String,
    /// A window-only function (ranking, `lag`, ...).
    window_only: bool,
}

fn resolve_call(scope: &Scope<'_>, function: &Expr) -> Result<Call> {
    if let Expr::Function { name, args, .. } = function {
        let lower = name.to_ascii_lowercase();
        if let Some(entry) = sabot_functions::lookup(&lower)
            && entry.kind == FunctionKind::Window
        {
            let resolved = scope.resolve_list(args)?;
            let arg_names: Vec<String> = resolved.iter().map(Named::arg_sql).collect();
            let arg_exprs: Vec<DfExpr> = resolved.into_iter().map(|a| a.expr.unalias()).collect();
            let expr = (entry.build)(arg_exprs, false, &scope.function_context())?;
            let display = (entry.display)(&lower, &arg_names, false);
            return Ok(Call {
                named: Named::new(expr, display),
                name: lower,
                window_only: true,
            });
        }
        return Ok(Call {
            named: scope.resolve(function)?,
            name: lower,
            window_only: false,
        });
    }
    Ok(Call {
        named: scope.resolve(function)?,
        name: String::new(),
        window_only: false,
    })
}

/// The offset argument of `lag`/`lead` (1 when omitted).
fn shift_offset(function: &Expr) -> i64 {
    match function {
        Expr::Function { args, .. } => match args.get(1) {
            Some(Expr::Literal(Literal::Integer(i))) => i64::from(*i),
            Some(Expr::Literal(Literal::Long(i))) => *i,
            Some(Expr::Literal(Literal::Short(i))) => i64::from(*i),
            Some(Expr::Literal(Literal::Byte(i))) => i64::from(*i),
            _ => 1,
        },
        _ => 1,
    }
}

/// The frame a window-only function requires (Spark's `WindowFunction.frame`).
fn required_frame(name: &str, offset: i64) -> Option<Frame> {
    use datafusion::common::ScalarValue;
    match name {
        "lag" | "lead" => {
            let v = if name == "lag" { -offset } else { offset };
            let bound = || Bound::Value {
                value: ScalarValue::Int64(Some(v)),
                text: format!("{v} FOLLOWING"),
                negative: v < 0,
            };
            Some(Frame::new(true, bound(), bound()))
        }
        "cume_dist" => Some(Frame::new(
            false,
            Bound::UnboundedPreceding,
            Bound::CurrentRow,
        )),
        "row_number" | "rank" | "dense_rank" | "percent_rank" | "ntile" => Some(Frame::new(
            true,
            Bound::UnboundedPreceding,
            Bound::CurrentRow,
        )),
        _ => None,
    }
}

pub(crate) fn legacy(class: &str, message: String) -> SparkError {
    SparkError::legacy(ExceptionKind::Analysis, class, message)
}

/// Resolves a window expression.
pub(crate) fn resolve_window(
    scope: &Scope<'_>,
    function: &Expr,
    partition_by: &[Expr],
    order_by: &[SortOrder],
    frame: Option<&WindowFrame>,
) -> Result<Named> {
    let call = resolve_call(scope, function)?;
    let partitions = partition_by
        .iter()
        .map(|p| scope.resolve(p))
        .collect::<Result<Vec<_>>>()?;
    let orders = order_by
        .iter()
        .map(|o| resolve_sort_order(scope, o))
        .collect::<Result<Vec<_>>>()?;
    let order_type = match orders.first() {
        Some((s, _)) => Some(scope.data_type(&s.expr)?),
        None => None,
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
    let ordered = !orders.is_empty();
    let required = if call.window_only {
        required_frame(&call.name, shift_offset(function))
    } else {
        None
    };
    let frame = match frame {
        Some(f) => {
            let f = resolve_frame(scope, f)?;
            let mut text = spec.clone();
            text.push(f.text());
            check_frame(
                &f,
                orders.len(),
                order_type.as_ref(),
                &format!("({})", text.join(" ")),
            )?;
            if let Some(req) = &required
                && !f.same_as(req)
            {
                return Err(if matches!(call.name.as_str(), "lag" | "lead") {
                    legacy(
                        "_LEGACY_ERROR_TEMP_1035",
                        format!("Cannot specify window frame for {} function.", call.name),
                    )
                    .param("prettyName", call.name.clone())
                } else {
                    legacy(
                        "_LEGACY_ERROR_TEMP_1036",
                        format!(
                            "Window Frame {} must match the required frame {}.",
                            f.internal(),
                            req.internal()
                        ),
                    )
                    .param("wf", f.internal())
                    .param("required", req.internal())
                });
            }
            f
        }
        None => match required {
            Some(req) => req,
            None if ordered => Frame::new(false, Bound::UnboundedPreceding, Bound::CurrentRow),
            None => Frame::new(true, Bound::UnboundedPreceding, Bound::UnboundedFollowing),
        },
    };
    if call.window_only && !ordered && sabot_functions::window_requires_order(&call.name) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "WINDOW_FUNCTION_FRAME_NOT_ORDERED",
            "42601",
            format!(
                "Window function {} requires the window to be ordered. You need to add an ORDER BY clause. For example: SELECT {} OVER (PARTITION BY window_partition ORDER BY window_ordering) FROM table.",
                call.name, call.named.name
            ),
        )
        .param("wf_name", call.name.clone())
        .param("wf_expr", call.named.name.clone()));
    }
    spec.push(frame.text());
    let name = format!("{} OVER ({})", call.named.name, spec.join(" "));
    // Ranking and offset functions ignore the frame; DataFusion wants its default for them.
    let df_frame = if call.window_only && call.name != "nth_value" {
        DfFrame::new(if ordered { Some(false) } else { None })
    } else {
        to_datafusion(&frame, order_type.as_ref())?
    };
    let over = Over {
        partition_by: partitions
            .iter()
            .map(|p| p.expr.clone().unalias())
            .collect(),
        order_by: orders.iter().map(|(s, _)| s.clone()).collect(),
        frame: df_frame,
    };
    let expr = attach(call.named.expr.unalias(), &over, &call.named.name, &name)?;
    Ok(Named::new(expr, name))
}

struct Over {
    partition_by: Vec<DfExpr>,
    order_by: Vec<Sort>,
    frame: DfFrame,
}

/// Puts the window specification on the function (through the casts some window functions
/// carry to give Spark's result type).
fn attach(expr: DfExpr, over: &Over, func_name: &str, window_name: &str) -> Result<DfExpr> {
    match expr {
        DfExpr::Cast(Cast { expr, field }) => Ok(DfExpr::Cast(Cast {
            expr: Box::new(attach(*expr, over, func_name, window_name)?),
            field,
        })),
        DfExpr::AggregateFunction(agg) => {
            if agg.params.distinct {
                return Err(SparkError::with_class(
                    ExceptionKind::Analysis,
                    "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
                    "0A000",
                    format!("Distinct window functions are not supported: \"{window_name}\"."),
                )
                .param("windowExpr", format!("\"{window_name}\"")));
            }
            // `first`/`last` need to work over sliding frames, which DataFusion's aggregate
            // versions cannot (no `retract_batch`): use its window functions.
            let fun = match agg.func.name() {
                "first_value" => WindowFunctionDefinition::WindowUDF(first_value_udwf()),
                "last_value" => WindowFunctionDefinition::WindowUDF(last_value_udwf()),
                // Same for `bool_and`/`bool_or`: over booleans they are `min`/`max`, which slide.
                "bool_and" => WindowFunctionDefinition::AggregateUDF(min_udaf()),
                "bool_or" => WindowFunctionDefinition::AggregateUDF(max_udaf()),
                _ => WindowFunctionDefinition::AggregateUDF(agg.func),
            };
            let args = match &fun {
                WindowFunctionDefinition::WindowUDF(_) => {
                    agg.params.args.into_iter().take(1).collect()
                }
                WindowFunctionDefinition::AggregateUDF(_) => agg.params.args,
            };
            Ok(DfExpr::WindowFunction(Box::new(WindowFunction {
                fun,
                params: WindowFunctionParams {
                    args,
                    partition_by: over.partition_by.clone(),
                    order_by: over.order_by.clone(),
                    window_frame: over.frame.clone(),
                    filter: agg.params.filter,
                    null_treatment: agg.params.null_treatment,
                    distinct: false,
                },
            })))
        }
        DfExpr::WindowFunction(mut w) => {
            w.params.partition_by = over.partition_by.clone();
            w.params.order_by = over.order_by.clone();
            w.params.window_frame = over.frame.clone();
            Ok(DfExpr::WindowFunction(w))
        }
        _ => Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "UNSUPPORTED_EXPR_FOR_WINDOW",
            "42P20",
            format!("Expression \"{func_name}\" not supported within a window function."),
        )
        .param("sqlExpr", format!("\"{func_name}\""))),
    }
}
