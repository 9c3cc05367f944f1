//! `session_window(time, gapDuration)` in a grouping (Spark's `SessionWindowing` with its
//! merging of sessions per group): rows with a NULL time are dropped, each event opens
//! `[time, time + gap)`, and events of the same group whose windows touch merge into one
//! session `[first time, last time + gap)`. Built with window functions: a new session starts
//! where the previous event's window (`lag`) ends before the event.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::functions::core::expr_fn::named_struct;
use datafusion::functions_aggregate::min_max::{max_udaf, min_udaf};
use datafusion::functions_aggregate::sum::sum_udaf;
use datafusion::functions_window::expr_fn::lag;
use datafusion::logical_expr::expr::{Sort, WindowFunction};
use datafusion::logical_expr::{
    Expr as DfExpr, LogicalPlan, LogicalPlanBuilder, WindowFrame, WindowFunctionDefinition, cast,
    col, lit, when,
};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use super::expressions::Scope;
use super::relations::builder_build;
use super::time_window::duration_micros;
use super::time_window::{find_call, replace_with_column};
use crate::error::from_datafusion;

const COL: &str = "session_window";
const PREV: &str = "__sabot_session_prev";
const NEW: &str = "__sabot_session_new";
const ID: &str = "__sabot_session_id";
const FIRST: &str = "__sabot_session_first";
const LAST: &str = "__sabot_session_last";

fn is_call(e: &Expr) -> bool {
    matches!(e, Expr::Function { name, .. } if name.eq_ignore_ascii_case("session_window"))
}

/// The `session_window(...)` grouping expression, looking through an alias.
fn find(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Alias { expr, .. } => find(expr),
        e if is_call(e) => Some(e),
        _ => None,
    }
}

fn window(
    fun: WindowFunctionDefinition,
    args: Vec<DfExpr>,
    partition: &[DfExpr],
    order: Vec<Sort>,
) -> DfExpr {
    let mut w = WindowFunction::new(fun, args);
    w.params.partition_by = partition.to_vec();
    w.params.window_frame = WindowFrame::new((!order.is_empty()).then_some(true));
    w.params.order_by = order;
    DfExpr::WindowFunction(Box::new(w))
}

fn with_window(plan: LogicalPlan, exprs: Vec<DfExpr>) -> Result<LogicalPlan> {
    builder_build(LogicalPlanBuilder::from(plan).window(exprs))
}

/// The first `session_window(...)` call nested in an expression.
fn find_nested(e: &Expr) -> Option<&Expr> {
    find_call(e, "session_window")
}

/// `e` with the call replaced by a reference to the session column.
fn replace_nested(e: &Expr, call: &Expr) -> Expr {
    replace_with_column(e, call, COL)
}

/// The time column and the gap of a `session_window(time, gap)` call.
fn time_and_gap(scope: &Scope<'_>, call: &Expr) -> Result<(DfExpr, ArrowType, i64)> {
    let Expr::Function { args, .. } = call else {
        return Err(SparkError::internal("not a session_window call"));
    };
    let [time, gap] = args.as_slice() else {
        return Err(sabot_functions::errors::wrong_num_args(
            "session_window",
            "2",
            args.len(),
        ));
    };
    let gap = match gap {
        Expr::Literal(Literal::String(s)) => duration_micros(s)?,
        _ => {
            return Err(SparkError::unsupported(
                "`session_window` with a gap that is not an interval string",
            ));
        }
    };
    if gap <= 0 {
        return Err(SparkError::unsupported(
            "`session_window` with a gap that is not positive",
        ));
    }
    let t = scope.resolve(time)?.expr.unalias();
    let ts_type = scope.data_type(&t)?;
    if !matches!(ts_type, ArrowType::Timestamp(TimeUnit::Microsecond, _)) {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"session_window\" due to data type mismatch: the time column must be a timestamp, not {ts_type}."
            ),
        ));
    }
    Ok((t, ts_type, gap))
}

impl super::Resolver<'_> {
    /// `session_window(...)` outside a grouping: each row's own session `[time, time + gap)`,
    /// rows with a NULL time dropped (Spark's `SessionWindowing` without merging).
    pub(super) fn session_windows_select(
        &self,
        input: LogicalPlan,
        exprs: &[Expr],
    ) -> Result<(LogicalPlan, Option<Vec<Expr>>)> {
        let Some(call) = exprs.iter().find_map(find_nested).cloned() else {
            return Ok((input, None));
        };
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let (t, ts_type, gap) = time_and_gap(&scope, &call)?;
        let end = cast(cast(t.clone(), ArrowType::Int64) + lit(gap), ts_type);
        let mut cols: Vec<DfExpr> = schema.columns().into_iter().map(DfExpr::Column).collect();
        cols.push(named_struct(vec![lit("start"), t.clone(), lit("end"), end]).alias(COL));
        let plan = builder_build(
            LogicalPlanBuilder::from(input)
                .filter(t.is_not_null())
                .and_then(|b| b.project(cols)),
        )?;
        Ok((
            plan,
            Some(exprs.iter().map(|e| replace_nested(e, &call)).collect()),
        ))
    }

    /// If the grouping has a `session_window(...)`, the input with a `session_window` column
    /// and the grouping/aggregates with the call replaced by a reference to it.
    pub(super) fn session_windows(
        &self,
        input: LogicalPlan,
        grouping: &[Expr],
        aggregates: &[Expr],
    ) -> Result<(LogicalPlan, Option<Vec<Expr>>)> {
        let Some(call) = grouping.iter().find_map(find).cloned() else {
            return Ok((input, None));
        };
        let schema = Arc::clone(input.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        let (t, ts_type, gap) = time_and_gap(&scope, &call)?;
        // Sessions are per group of the other grouping keys.
        let keys = grouping
            .iter()
            .filter(|g| find(g).is_none())
            .map(|g| Ok(scope.resolve(g)?.expr.unalias()))
            .collect::<Result<Vec<DfExpr>>>()?;
        let originals: Vec<DfExpr> = schema.columns().into_iter().map(DfExpr::Column).collect();
        let micros = |e: DfExpr| cast(e, ArrowType::Int64);
        let order = vec![t.clone().sort(true, false)];

        let plan = builder_build(LogicalPlanBuilder::from(input).filter(t.clone().is_not_null()))?;
        let prev = match lag(t.clone(), Some(1), None) {
            DfExpr::WindowFunction(mut w) => {
                w.params.partition_by = keys.clone();
                w.params.order_by = order.clone();
                DfExpr::WindowFunction(w)
            }
            other => other,
        };
        let plan = with_window(plan, vec![prev.alias(PREV)])?;
        let starts_session = col(PREV)
            .is_null()
            .or(micros(t.clone()).gt(micros(col(PREV)) + lit(gap)));
        let flag = when(starts_session, lit(1i64))
            .otherwise(lit(0i64))
            .map_err(from_datafusion)?;
        let mut cols = originals.clone();
        cols.push(flag.alias(NEW));
        let plan = builder_build(LogicalPlanBuilder::from(plan).project(cols))?;
        let id = window(
            WindowFunctionDefinition::AggregateUDF(sum_udaf()),
            vec![col(NEW)],
            &keys,
            order,
        );
        let plan = with_window(plan, vec![id.alias(ID)])?;
        let mut session_keys = keys.clone();
        session_keys.push(col(ID));
        let first = window(
            WindowFunctionDefinition::AggregateUDF(min_udaf()),
            vec![t.clone()],
            &session_keys,
            vec![],
        );
        let last = window(
            WindowFunctionDefinition::AggregateUDF(max_udaf()),
            vec![t],
            &session_keys,
            vec![],
        );
        let plan = with_window(plan, vec![first.alias(FIRST), last.alias(LAST)])?;
        let end = cast(micros(col(LAST)) + lit(gap), ts_type.clone());
        let session = named_struct(vec![lit("start"), col(FIRST), lit("end"), end]);
        let mut cols = originals;
        cols.push(session.alias(COL));
        let plan = builder_build(LogicalPlanBuilder::from(plan).project(cols))?;

        let replace = |e: &Expr| -> Expr {
            if find(e).is_some() {
                match e {
                    Expr::Alias {
                        names, metadata, ..
                    } => Expr::Alias {
                        expr: Box::new(Expr::col(COL)),
                        names: names.clone(),
                        metadata: metadata.clone(),
                    },
                    _ => Expr::col(COL),
                }
            } else {
                e.clone()
            }
        };
        let mut out: Vec<Expr> = grouping.iter().map(replace).collect();
        out.extend(aggregates.iter().map(|a| {
            if a == &call {
                Expr::col(COL)
            } else {
                a.clone()
            }
        }));
        Ok((plan, Some(out)))
    }
}
