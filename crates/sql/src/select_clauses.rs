//! Clauses of a `SELECT` beyond the basic ones (Spark's `regularQuerySpecification`):
//! `LATERAL VIEW [OUTER] generator(...) t [AS a, b]` after `FROM`, named windows
//! (`WINDOW w AS (...)` used as `OVER w`) and `QUALIFY`.
//!
//! - A lateral view is the input's columns followed by the generator's (Spark's `Generate` with
//!   `unrequiredChildIndex` empty): a projection `*, generator AS (a, b)`, which the plan layer
//!   runs as a generator in a select list.
//! - `OVER w` parses into a placeholder call that the `WINDOW` clause replaces by the window it
//!   defines (Spark's `WithWindowDefinition` / `WindowsSubstitution`).
//! - `QUALIFY cond` filters after window functions run: the condition (with select-list aliases
//!   replaced by their expressions) is computed as a hidden column of the select, filtered on,
//!   then dropped.

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{Expr, Literal, Plan, PlanNode, SortOrder, WindowFrame};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;
use crate::rewrite::{rewrite, rewrite_all};

/// The placeholder function of `OVER w`: `(name literal, function)`.
pub const NAMED_WINDOW: &str = "__sabot_named_window";

/// The hidden column holding a `QUALIFY` condition.
const QUALIFY_COLUMN: &str = "__sabot_qualify";

/// A window specification: partitioning, ordering and frame.
#[derive(Debug, Clone)]
pub struct WindowSpec {
    pub partition_by: Vec<Expr>,
    pub order_by: Vec<SortOrder>,
    pub frame: Option<WindowFrame>,
}

/// The window definitions of a `WINDOW` clause, by name.
pub type WindowDefs = Vec<(String, WindowSpec)>;

impl Parser<'_> {
    /// Any number of `LATERAL VIEW [OUTER] f(args) table [AS] [col, ...]` over `input`.
    pub fn parse_lateral_views(&mut self, mut input: Plan) -> Result<Plan> {
        while self.eat_keywords(&["LATERAL", "VIEW"]) {
            let outer = self.eat_keyword("OUTER");
            let name = self.parse_multipart_name()?;
            let [function] = name.as_slice() else {
                return Err(SparkError::unsupported(format!(
                    "the generator {} in LATERAL VIEW",
                    name.join(".")
                )));
            };
            self.expect_symbol("(")?;
            let args = if self.at_symbol(")") {
                Vec::new()
            } else {
                self.parse_expr_list()?
            };
            self.expect_symbol(")")?;
            // The table name qualifies the generated columns (`e.col`).
            let qualifier = self.parse_identifier()?;
            let explicit = self.eat_keyword("AS");
            let mut columns = Vec::new();
            if explicit || self.at_identifier() {
                columns.push(self.parse_identifier()?);
                while self.eat_symbol(",") {
                    columns.push(self.parse_identifier()?);
                }
            }
            let generator = Expr::call(outer_generator(function, outer), args);
            let generated = if columns.is_empty() {
                generator
            } else {
                Expr::Alias {
                    expr: Box::new(generator),
                    names: columns,
                    metadata: None,
                }
            };
            input = Plan::new(PlanNode::LateralView {
                input: Box::new(input),
                generator: generated,
                qualifier,
            });
        }
        Ok(input)
    }

    /// `WINDOW w AS (spec) [, w2 AS w]` (after `WINDOW`).
    pub fn parse_window_clause(&mut self) -> Result<WindowDefs> {
        let mut defs: WindowDefs = Vec::new();
        loop {
            let name = self.parse_identifier()?;
            self.expect_keyword("AS")?;
            let spec = if self.at_symbol("(") {
                self.next_token();
                let spec = self.parse_window_spec_body()?;
                self.expect_symbol(")")?;
                spec
            } else {
                let other = self.parse_identifier()?;
                lookup(&defs, &other)?
            };
            defs.push((name, spec));
            if !self.eat_symbol(",") {
                return Ok(defs);
            }
        }
    }
}

/// `explode` under `LATERAL VIEW OUTER` is `explode_outer` (Spark's `Generate(outer = true)`);
/// generators that always give rows (`stack`, `json_tuple`) are the same either way.
fn outer_generator(function: &str, outer: bool) -> String {
    let lower = function.to_ascii_lowercase();
    if outer && matches!(lower.as_str(), "explode" | "posexplode" | "inline") {
        return format!("{lower}_outer");
    }
    function.to_string()
}

fn lookup(defs: &WindowDefs, name: &str) -> Result<WindowSpec> {
    defs.iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, spec)| spec.clone())
        .ok_or_else(|| missing_window(name))
}

/// Spark's `QueryCompilationErrors.windowSpecificationNotDefinedError`.
fn missing_window(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "MISSING_WINDOW_SPECIFICATION",
        "42P20",
        format!(
            "Window specification is not defined in the WINDOW clause for {name}. For more information about WINDOW clauses, please refer to 'https://spark.apache.org/docs/latest/sql-ref-syntax-qry-select-window.html'."
        ),
    )
    .param("windowName", name)
    .param("docroot", "https://spark.apache.org/docs/latest")
}

/// Replaces the `OVER w` placeholders of `exprs` by the windows of `defs`.
pub fn substitute_windows(exprs: Vec<Expr>, defs: &WindowDefs) -> Result<Vec<Expr>> {
    rewrite_all(exprs, &mut |e| substitute_one(e, defs))
}

/// [`substitute_windows`] of one expression.
pub fn substitute_window(expr: Expr, defs: &WindowDefs) -> Result<Expr> {
    rewrite(expr, &mut |e| substitute_one(e, defs))
}

fn substitute_one(e: &Expr, defs: &WindowDefs) -> Result<Option<Expr>> {
    let Expr::Function { name, args, .. } = e else {
        return Ok(None);
    };
    if name != NAMED_WINDOW {
        return Ok(None);
    }
    let [Expr::Literal(Literal::String(window)), function] = args.as_slice() else {
        return Err(SparkError::internal("malformed named window"));
    };
    let spec = lookup(defs, window)?;
    let function = substitute_window(function.clone(), defs)?;
    Ok(Some(Expr::Window {
        function: Box::new(function),
        partition_by: spec.partition_by,
        order_by: spec.order_by,
        frame: spec.frame,
    }))
}

/// `select QUALIFY condition`: `select` is the `Project`/`Aggregate` of the query, `exprs` its
/// select list.
pub fn qualify(select: Plan, condition: Expr) -> Result<Plan> {
    let select_list = match &select.node {
        PlanNode::Project { exprs, .. } => exprs.as_slice(),
        PlanNode::Aggregate { aggregates, .. } => aggregates.as_slice(),
        _ => &[],
    };
    // Without a window function Spark fails, but only after resolving the condition's
    // columns: the registry's `__qualify_requires_window` raises it once they resolve.
    let condition = if !has_window(&condition)?
        && !select_list
            .iter()
            .try_fold(false, |acc, e| Ok::<_, SparkError>(acc || has_window(e)?))?
    {
        Expr::call("__qualify_requires_window", vec![condition])
    } else {
        condition
    };
    let node = match select.node {
        PlanNode::Project { input, exprs } => PlanNode::Project {
            input,
            exprs: with_condition(exprs, condition)?,
        },
        // After a grouping, the condition reads the select's output only (Spark resolves it
        // over the `Aggregate`), so a column that is not grouped is not found.
        node @ PlanNode::Aggregate { .. } => PlanNode::Project {
            input: Some(Box::new(Plan::new(node))),
            exprs: vec![
                Expr::Star {
                    target: None,
                    plan_id: None,
                },
                condition.alias(QUALIFY_COLUMN),
            ],
        },
        _ => {
            return Err(SparkError::internal(
                "QUALIFY over a relation that is not a select",
            ));
        }
    };
    let filtered = Plan::new(PlanNode::Filter {
        input: Box::new(Plan::new(node)),
        condition: Expr::col(QUALIFY_COLUMN),
    });
    Ok(Plan::new(PlanNode::Drop {
        input: Box::new(filtered),
        columns: Vec::new(),
        names: vec![QUALIFY_COLUMN.to_string()],
    }))
}

/// Whether `e` calls a window function (Spark's `QUALIFY` needs one somewhere).
fn has_window(e: &Expr) -> Result<bool> {
    let mut found = false;
    rewrite(e.clone(), &mut |x| {
        found |= matches!(x, Expr::Window { .. });
        Ok(None)
    })?;
    Ok(found)
}

/// The select list with the condition appended as the hidden column; select-list aliases in
/// the condition stand for their expressions (Spark resolves `QUALIFY rn = 1` against them).
fn with_condition(mut exprs: Vec<Expr>, condition: Expr) -> Result<Vec<Expr>> {
    let aliases: Vec<(String, Expr)> = exprs
        .iter()
        .filter_map(|e| match e {
            Expr::Alias { expr, names, .. } if names.len() == 1 => {
                Some((names[0].clone(), (**expr).clone()))
            }
            _ => None,
        })
        .collect();
    let condition = rewrite(condition, &mut |e| {
        if let Expr::Column { name, .. } = e
            && let [single] = name.as_slice()
            && let Some((_, expr)) = aliases.iter().find(|(a, _)| a.eq_ignore_ascii_case(single))
        {
            return Ok(Some(expr.clone()));
        }
        Ok(None)
    })?;
    exprs.push(condition.alias(QUALIFY_COLUMN));
    Ok(exprs)
}
