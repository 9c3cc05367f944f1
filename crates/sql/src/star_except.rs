//! `SELECT * EXCEPT (a, b)` / `t.* EXCEPT (...)` (Spark 4's star exclusion): the projection
//! with the star, then a `Drop` of the excluded columns (a missing one is Spark's
//! `UNRESOLVED_COLUMN`). Another select item with an excluded name would be dropped
//! too, so that form is refused.

use sabot_common::spec::{Expr, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use crate::parser::{Parser, QUERY_START};

impl Parser<'_> {
    /// After a `*` select item: `EXCEPT (names)` when it follows (not a set operation).
    pub fn parse_star_except(&mut self, item: &Expr) -> Result<Vec<Vec<String>>> {
        if !matches!(item, Expr::Star { .. })
            || !self.at_keyword("EXCEPT")
            || !self.peek_at(1).is_symbol("(")
            || QUERY_START.iter().any(|k| self.peek_at(2).is_keyword(k))
            || self.peek_at(2).is_symbol("(")
        {
            return Ok(Vec::new());
        }
        self.next_token();
        self.next_token();
        let mut names = vec![self.parse_multipart_name()?];
        while self.eat_symbol(",") {
            names.push(self.parse_multipart_name()?);
        }
        self.expect_symbol(")")?;
        Ok(names)
    }
}

/// `plan` without the excluded columns.
pub fn drop_excluded(plan: Plan, items: &[Expr], excluded: Vec<Vec<String>>) -> Result<Plan> {
    if excluded.is_empty() {
        return Ok(plan);
    }
    let clash = items.iter().any(|item| {
        let name = match item {
            Expr::Alias { names, .. } => names.last(),
            Expr::Column { name, .. } => name.last(),
            _ => None,
        };
        name.is_some_and(|n| {
            excluded
                .iter()
                .any(|e| e.last().is_some_and(|x| x.eq_ignore_ascii_case(n)))
        })
    });
    if clash {
        return Err(SparkError::unsupported(
            "* EXCEPT with another select item of an excluded name",
        ));
    }
    let columns: Vec<Expr> = excluded
        .into_iter()
        .map(|name| Expr::Column {
            name,
            plan_id: None,
        })
        .collect();
    // `Drop` ignores names that match nothing; a filter that is always true but refers to
    // every excluded column makes a missing one Spark's `UNRESOLVED_COLUMN`.
    let always = columns
        .iter()
        .map(|c| {
            Expr::call(
                "or",
                vec![
                    Expr::call("isnull", vec![c.clone()]),
                    Expr::Literal(sabot_common::spec::Literal::Boolean(true)),
                ],
            )
        })
        .reduce(|a, b| Expr::call("and", vec![a, b]));
    let checked = match always {
        Some(condition) => Plan::new(PlanNode::Filter {
            input: Box::new(plan),
            condition,
        }),
        None => plan,
    };
    Ok(Plan::new(PlanNode::Drop {
        input: Box::new(checked),
        columns,
        names: Vec::new(),
    }))
}
