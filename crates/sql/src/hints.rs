//! Hints after `SELECT` (`/*+ BROADCAST(t), REPARTITION(4, a) */`, Spark's `hintStatement`).
//! Partitioning hints become the relations `df.repartition` / `df.coalesce` /
//! `df.repartitionByRange` build (Spark's `ResolveHints.ResolveCoalesceHints`); any other hint
//! (join strategies, `REBALANCE`) is the `Hint` relation `df.hint(name, ...)` builds.

use sabot_common::spec::{Expr, Literal, Plan, PlanNode, SortOrder};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;

/// One hint: its name and parameters.
pub struct Hint {
    name: String,
    params: Vec<Expr>,
}

impl Parser<'_> {
    /// `/*+ name[(params)] [, ...] */` right after `SELECT`, if present.
    pub fn parse_hints(&mut self) -> Result<Vec<Hint>> {
        let mut hints = Vec::new();
        while self.eat_symbol("/*+") {
            while !self.eat_symbol("*/") {
                let name = self.parse_any_identifier()?;
                let params = if self.eat_symbol("(") {
                    let params = if self.at_symbol(")") {
                        Vec::new()
                    } else {
                        self.parse_expr_list()?
                    };
                    self.expect_symbol(")")?;
                    params
                } else {
                    Vec::new()
                };
                hints.push(Hint { name, params });
                self.eat_symbol(",");
            }
        }
        Ok(hints)
    }
}

/// `plan` under its hints, the first hint outermost (Spark folds them in reverse).
pub fn apply_hints(plan: Plan, hints: Vec<Hint>) -> Result<Plan> {
    hints.into_iter().rev().try_fold(plan, apply_hint)
}

fn apply_hint(input: Plan, hint: Hint) -> Result<Plan> {
    let upper = hint.name.to_ascii_uppercase();
    let input = Box::new(input);
    let (count, rest) = match hint.params.split_first() {
        Some((Expr::Literal(lit), rest)) => (partition_count(lit), rest.to_vec()),
        _ => (None, hint.params.clone()),
    };
    let node = match upper.as_str() {
        "REPARTITION" => PlanNode::Repartition {
            input,
            num_partitions: count,
            shuffle: true,
            by: rest,
        },
        "COALESCE" => match (count, rest.is_empty()) {
            (Some(n), true) => PlanNode::Repartition {
                input,
                num_partitions: Some(n),
                shuffle: false,
                by: Vec::new(),
            },
            _ => return Err(invalid_hint(&hint.name)),
        },
        "REPARTITION_BY_RANGE" => PlanNode::Repartition {
            input,
            num_partitions: count,
            shuffle: true,
            by: rest
                .into_iter()
                .map(|e| match e {
                    Expr::SortOrder(_) => e,
                    other => Expr::SortOrder(Box::new(SortOrder::asc(other))),
                })
                .collect(),
        },
        _ => PlanNode::Hint {
            input,
            name: hint.name,
            params: hint.params,
        },
    };
    Ok(Plan::new(node))
}

fn partition_count(lit: &Literal) -> Option<i32> {
    match lit {
        Literal::Integer(n) => Some(*n),
        Literal::Short(n) => Some(i32::from(*n)),
        Literal::Byte(n) => Some(i32::from(*n)),
        _ => None,
    }
}

/// Spark's `QueryCompilationErrors.invalidHintParameterError` for a malformed `COALESCE`.
fn invalid_hint(name: &str) -> SparkError {
    SparkError::unsupported(format!("the {name} hint with these parameters"))
}
