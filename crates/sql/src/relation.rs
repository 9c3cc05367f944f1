//! The `FROM` clause (Spark's `fromClause`, `relation`, `joinRelation`): relations separated by
//! commas (an inner join without condition, as Spark's `AstBuilder.visitFromClause` builds it),
//! each a primary relation followed by joins. A primary relation is a named table or common
//! table expression, a parenthesised query or relation, an inline `VALUES` table or a
//! table-valued function, each with an optional `[AS] alias [(columns)]`.

use sabot_common::spec::{JoinType, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use crate::parser::{Parser, QUERY_START};
use crate::query::read_table;

impl Parser<'_> {
    /// The relations after `FROM`, joined.
    pub fn parse_from_relations(&mut self) -> Result<Plan> {
        let mut plan = self.parse_relation()?;
        while self.eat_symbol(",") {
            // grammar area: `, LATERAL (subquery)` (see `lateral_join`).
            if self.eat_keyword("LATERAL") {
                let right = self.parse_lateral_subquery()?;
                plan = lateral_join(plan, right, JoinType::Inner, None);
                plan = self.parse_joins(plan)?;
                continue;
            }
            let right = self.parse_relation()?;
            plan = join(plan, right, JoinType::Inner, None, Vec::new());
        }
        Ok(plan)
    }

    /// One relation: a primary relation and the joins after it (left-deep, as Spark's
    /// grammar nests them).
    pub fn parse_relation(&mut self) -> Result<Plan> {
        let plan = self.parse_relation_primary()?;
        self.parse_joins(plan)
    }

    /// The joins after a relation, then any `PIVOT`/`UNPIVOT`.
    fn parse_joins(&mut self, mut plan: Plan) -> Result<Plan> {
        loop {
            if self.eat_keyword("NATURAL") {
                let Some(join_type) = self.parse_join_type()? else {
                    return Err(self.error_here());
                };
                if matches!(
                    join_type,
                    JoinType::Cross | JoinType::LeftSemi | JoinType::LeftAnti
                ) {
                    return Err(SparkError::unsupported(format!(
                        "NATURAL {join_type:?} JOIN"
                    )));
                }
                let right = self.parse_relation_primary()?;
                plan = Plan::new(PlanNode::NaturalJoin {
                    left: Box::new(plan),
                    right: Box::new(right),
                    join_type,
                });
                continue;
            }
            let Some(join_type) = self.parse_join_type()? else {
                break;
            };
            if self.at_keyword("LATERAL") {
                let start = self.peek().start;
                if !matches!(
                    join_type,
                    JoinType::Inner | JoinType::Cross | JoinType::LeftOuter
                ) {
                    return Err(invalid_lateral_join_type(join_type, start));
                }
                self.next_token();
                let right = self.parse_lateral_subquery()?;
                let condition = if self.eat_keyword("ON") {
                    Some(self.parse_expr()?)
                } else {
                    None
                };
                plan = lateral_join(plan, right, join_type, condition);
                continue;
            }
            let right = self.parse_relation_primary()?;
            let (condition, using) = if join_type == JoinType::Cross {
                (None, Vec::new())
            } else if self.eat_keyword("ON") {
                (Some(self.parse_expr()?), Vec::new())
            } else if self.eat_keyword("USING") {
                (None, self.parse_identifier_list()?)
            } else {
                (None, Vec::new())
            };
            plan = join(plan, right, join_type, condition, using);
        }
        // grammar area: PIVOT / UNPIVOT (see `pivot.rs`).
        self.parse_pivot_clauses(plan)
    }

    /// `[INNER] JOIN`, `CROSS JOIN`, `LEFT [OUTER] JOIN`, `RIGHT [OUTER] JOIN`,
    /// `FULL [OUTER] JOIN`, `[LEFT] SEMI JOIN`, `[LEFT] ANTI JOIN`; `None` when no join follows.
    fn parse_join_type(&mut self) -> Result<Option<JoinType>> {
        // grammar area: NATURAL joins.
        if self.at_keyword("NATURAL") {
            return Err(self.error_here());
        }
        let join_type = if self.eat_keyword("JOIN") {
            return self.join_after_keyword(JoinType::Inner);
        } else if self.eat_keyword("INNER") {
            JoinType::Inner
        } else if self.eat_keyword("CROSS") {
            JoinType::Cross
        } else if self.at_keyword("LEFT")
            && (self.peek_at(1).is_keyword("SEMI") || self.peek_at(1).is_keyword("ANTI"))
        {
            self.next_token();
            return self.parse_join_type();
        } else if self.eat_keyword("SEMI") {
            JoinType::LeftSemi
        } else if self.eat_keyword("ANTI") {
            JoinType::LeftAnti
        } else if self.eat_keyword("LEFT") {
            self.eat_keyword("OUTER");
            JoinType::LeftOuter
        } else if self.eat_keyword("RIGHT") {
            self.eat_keyword("OUTER");
            JoinType::RightOuter
        } else if self.eat_keyword("FULL") {
            self.eat_keyword("OUTER");
            JoinType::FullOuter
        } else {
            return Ok(None);
        };
        self.expect_keyword("JOIN")?;
        self.join_after_keyword(join_type)
    }

    fn join_after_keyword(&mut self, join_type: JoinType) -> Result<Option<JoinType>> {
        Ok(Some(join_type))
    }

    fn parse_relation_primary(&mut self) -> Result<Plan> {
        // `FROM LATERAL (query)`: nothing to correlate with, a plain subquery as in Spark.
        if self.eat_keyword("LATERAL") {
            return self.parse_lateral_subquery();
        }
        if self.eat_keyword("VALUES") {
            return self.parse_inline_table();
        }
        if self.eat_symbol("(") {
            let is_query =
                self.at_query_start() || (self.at_symbol("(") && self.parenthesised_query_ahead());
            let plan = if is_query {
                self.parse_query()?
            } else {
                self.parse_from_relations()?
            };
            self.expect_symbol(")")?;
            let plan = self.parse_sample(plan)?;
            return self.parse_table_alias(plan);
        }
        let name = self.parse_multipart_name()?;
        if self.at_symbol("(") {
            let [function] = name.as_slice() else {
                return Err(SparkError::unsupported(format!(
                    "the table-valued function {}",
                    name.join(".")
                )));
            };
            let plan = self.parse_table_function(function)?;
            return self.parse_table_alias(plan);
        }
        let plan = match self.cte(&name) {
            Some(plan) => plan,
            None => read_table(name),
        };
        // grammar area: TABLESAMPLE (see `sample.rs`).
        let plan = self.parse_sample(plan)?;
        self.parse_table_alias(plan)
    }

    /// After `(` at another `(`: whether the nested parentheses open a query (`((SELECT ..))`)
    /// rather than a relation (`((t1 JOIN t2))`).
    fn parenthesised_query_ahead(&self) -> bool {
        let mut n = 0;
        while self.peek_at(n).is_symbol("(") {
            n += 1;
        }
        QUERY_START.iter().any(|k| self.peek_at(n).is_keyword(k))
    }

    /// `[AS] alias [(a, b)]` after a relation. Column names rename the relation's columns
    /// (Spark's `UnresolvedSubqueryColumnAliases`); for an inline table they name its columns.
    pub fn parse_table_alias(&mut self, plan: Plan) -> Result<Plan> {
        let explicit = self.eat_keyword("AS");
        if !explicit && !self.at_identifier() {
            return Ok(plan);
        }
        let alias = self.parse_identifier()?;
        let mut plan = plan;
        if self.at_symbol("(") {
            let names = self.parse_identifier_list()?;
            plan = match plan.node {
                PlanNode::Values { rows, .. } => Plan::new(PlanNode::Values { rows, names }),
                node => Plan::new(PlanNode::ToDf {
                    input: Box::new(Plan::new(node)),
                    names,
                }),
            };
        }
        Ok(Plan::new(PlanNode::SubqueryAlias {
            input: Box::new(plan),
            alias,
        }))
    }

    /// `name(args)` in `FROM`: a table-valued function.
    fn parse_table_function(&mut self, name: &str) -> Result<Plan> {
        self.expect_symbol("(")?;
        let args = if self.at_symbol(")") {
            Vec::new()
        } else {
            self.parse_expr_list()?
        };
        self.expect_symbol(")")?;
        crate::table_function::table_valued_function(name, args)
    }
}

/// Spark's `INVALID_LATERAL_JOIN_TYPE` (a parse error): only inner, cross and left outer joins
/// may correlate to their left side.
fn invalid_lateral_join_type(join_type: JoinType, _start: usize) -> SparkError {
    let name = match join_type {
        JoinType::RightOuter => "RIGHT OUTER",
        JoinType::FullOuter => "FULL OUTER",
        JoinType::LeftSemi => "LEFT SEMI",
        JoinType::LeftAnti => "LEFT ANTI",
        _ => "this",
    };
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Parse,
        "INVALID_LATERAL_JOIN_TYPE",
        "42613",
        format!(
            "The {name} JOIN with LATERAL correlation is not allowed because an OUTER subquery cannot correlate to its join partner. Remove the LATERAL correlation or use an INNER JOIN, or LEFT OUTER JOIN instead."
        ),
    )
    .param("joinType", name)
}

/// `left, LATERAL (query)` / `left [INNER|CROSS|LEFT] JOIN LATERAL (query) [ON c]`: the
/// DataFrame API's `lateralJoin`, whose right side sees `left`'s columns.
fn lateral_join(
    left: Plan,
    right: Plan,
    join_type: JoinType,
    condition: Option<sabot_common::spec::Expr>,
) -> Plan {
    Plan::new(PlanNode::LateralJoin {
        left: Box::new(left),
        right: Box::new(right),
        join_type: if join_type == JoinType::Cross {
            JoinType::Inner
        } else {
            join_type
        },
        condition,
    })
}

impl Parser<'_> {
    /// After `LATERAL`: `(query) [[AS] alias [(columns)]]`.
    fn parse_lateral_subquery(&mut self) -> Result<Plan> {
        self.expect_symbol("(")?;
        if !self.at_query_start() {
            return Err(SparkError::unsupported(
                "LATERAL over anything but a subquery",
            ));
        }
        let plan = self.parse_query()?;
        self.expect_symbol(")")?;
        self.parse_table_alias(plan)
    }
}

fn join(
    left: Plan,
    right: Plan,
    join_type: JoinType,
    condition: Option<sabot_common::spec::Expr>,
    using: Vec<String>,
) -> Plan {
    Plan::new(PlanNode::Join {
        left: Box::new(left),
        right: Box::new(right),
        join_type,
        condition,
        using,
    })
}
