//! `ORDER BY ALL` and the distribution clauses of Spark's `queryOrganization`:
//! `DISTRIBUTE BY e` is `df.repartition(e)` (Spark's `RepartitionByExpression` without a
//! partition count), `CLUSTER BY e` is `DISTRIBUTE BY e SORT BY e`.

use sabot_common::Result;
use sabot_common::spec::{Expr, NullOrdering, Plan, PlanNode, SortDirection, SortOrder};

use crate::parser::Parser;

impl Parser<'_> {
    /// After `ORDER BY`: `ALL [ASC|DESC] [NULLS FIRST|LAST]` as a sort on a column named `ALL`,
    /// which the plan layer reads as "every output column" when there is no such column
    /// (Spark's `ResolveOrderByAll`); `None` when the ordering is not `ALL`.
    pub fn parse_order_by_all(&mut self) -> Result<Option<SortOrder>> {
        if !self.at_keyword("ALL") || self.peek_at(1).is_symbol("(") {
            return Ok(None);
        }
        self.next_token();
        let direction = if self.eat_keyword("DESC") {
            SortDirection::Descending
        } else {
            self.eat_keyword("ASC");
            SortDirection::Ascending
        };
        let nulls = if self.eat_keywords(&["NULLS", "FIRST"]) {
            NullOrdering::NullsFirst
        } else if self.eat_keywords(&["NULLS", "LAST"]) {
            NullOrdering::NullsLast
        } else if direction == SortDirection::Ascending {
            NullOrdering::NullsFirst
        } else {
            NullOrdering::NullsLast
        };
        Ok(Some(SortOrder {
            expr: Expr::col("ALL"),
            direction,
            nulls,
        }))
    }

    /// `CLUSTER BY e, ...` or `DISTRIBUTE BY e, ...` (the `SORT BY` after it is the caller's).
    pub fn parse_distribution(&mut self, plan: Plan) -> Result<Plan> {
        if self.eat_keywords(&["CLUSTER", "BY"]) {
            let exprs = self.parse_expr_list()?;
            let order = exprs.iter().cloned().map(SortOrder::asc).collect();
            return Ok(Plan::new(PlanNode::Sort {
                input: Box::new(distribute(plan, exprs)),
                order,
                is_global: false,
            }));
        }
        if self.eat_keywords(&["DISTRIBUTE", "BY"]) {
            let exprs = self.parse_expr_list()?;
            return Ok(distribute(plan, exprs));
        }
        Ok(plan)
    }
}

fn distribute(input: Plan, by: Vec<Expr>) -> Plan {
    Plan::new(PlanNode::Repartition {
        input: Box::new(input),
        num_partitions: None,
        shuffle: true,
        by,
    })
}
