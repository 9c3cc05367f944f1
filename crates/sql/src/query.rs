//! Queries (Spark's `query`, `querySpecification`, `queryOrganization`): `SELECT` with
//! `WHERE`, `GROUP BY`, `HAVING`, then `ORDER BY`/`SORT BY`, `LIMIT`, `OFFSET`; `VALUES`;
//! `TABLE t`; parenthesised queries.
//!
//! A `SELECT` without `FROM` reads [`PlanNode::OneRow`] (`Project { input: Some(OneRow) }`).
//! A `SELECT` with `GROUP BY` or `HAVING` is an [`PlanNode::Aggregate`] whose `aggregates` is
//! the select list; any other `SELECT` is a [`PlanNode::Project`] and the plan layer turns one
//! with aggregate calls into a global aggregate (it knows which functions aggregate). Ordinals
//! (`GROUP BY 1`, `ORDER BY 1`) stay integer literals for the plan layer to resolve.

use sabot_common::spec::{AggregateKind, Expr, Literal, Plan, PlanNode, SetOpKind, SortOrder};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;
use crate::select_clauses;

/// What a `GROUP BY` clause says.
struct Grouping {
    kind: AggregateKind,
    exprs: Vec<Expr>,
}

impl Parser<'_> {
    /// A full query: optional common table expressions, set operations, then ordering and
    /// limits (which apply to the whole set operation, as in Spark's `queryOrganization`).
    pub fn parse_query(&mut self) -> Result<Plan> {
        let scope = self.ctes.len();
        let result = self.parse_query_in_scope(scope);
        // The WITH's names go out of scope with its query.
        self.ctes.truncate(scope);
        result
    }

    fn parse_query_in_scope(&mut self, scope: usize) -> Result<Plan> {
        if self.eat_keyword("WITH") {
            // grammar area: `WITH RECURSIVE` (see `recursive_cte.rs`).
            let recursive = self.eat_keyword("RECURSIVE");
            loop {
                if recursive {
                    self.parse_recursive_cte(scope)?;
                    if !self.eat_symbol(",") {
                        break;
                    }
                    continue;
                }
                self.parse_cte(scope)?;
                if !self.eat_symbol(",") {
                    break;
                }
            }
        }
        let plan = self.parse_union_term()?;
        self.parse_query_organization(plan)
    }

    /// `name [(columns)] AS (query)`: later definitions and the query see it. Spark inlines a
    /// non-recursive CTE at each reference (`CTESubstitution`), and so does Sabot, at parse time.
    pub(crate) fn parse_cte(&mut self, scope: usize) -> Result<()> {
        let name = self.parse_identifier()?;
        let columns = if self.at_symbol("(") {
            Some(self.parse_identifier_list()?)
        } else {
            None
        };
        self.eat_keyword("AS");
        self.expect_symbol("(")?;
        let mut plan = self.parse_query()?;
        self.expect_symbol(")")?;
        if let Some(names) = columns {
            plan = Plan::new(PlanNode::ToDf {
                input: Box::new(plan),
                names,
            });
        }
        self.define_cte(scope, name, plan)
    }

    /// Brings `name` into scope as `plan`; a name already defined by this `WITH` is Spark's
    /// `DUPLICATED_CTE_NAMES`.
    pub(crate) fn define_cte(&mut self, scope: usize, name: String, plan: Plan) -> Result<()> {
        let defined = self.ctes.get(scope..).unwrap_or(&[]);
        if defined.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Parse,
                "DUPLICATED_CTE_NAMES",
                "42602",
                format!("CTE definition can't have duplicate names: `{name}`."),
            )
            .param("duplicateNames", format!("`{name}`")));
        }
        self.ctes.push((name, plan));
        Ok(())
    }

    /// The plan of the common table expression `name` in scope, as a relation named after it.
    pub(crate) fn cte(&mut self, name: &[String]) -> Option<Plan> {
        let [single] = name else { return None };
        let found = self
            .ctes
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(single));
        if let Some((_, plan)) = found
            && matches!(plan.node, PlanNode::RecursiveRef { .. })
        {
            self.recursive_refs += 1;
        }
        found.map(|(n, plan)| {
            Plan::new(PlanNode::SubqueryAlias {
                input: Box::new(plan.clone()),
                alias: n.clone(),
            })
        })
    }

    /// `UNION`/`EXCEPT`/`MINUS` terms, left to right, over `INTERSECT` terms (Spark gives
    /// `INTERSECT` the higher precedence).
    fn parse_union_term(&mut self) -> Result<Plan> {
        let mut left = self.parse_intersect_term()?;
        loop {
            let kind = if self.eat_keyword("UNION") {
                SetOpKind::Union
            } else if self.eat_keyword("EXCEPT") || self.eat_keyword("MINUS") {
                SetOpKind::Except
            } else {
                return Ok(left);
            };
            let all = self.parse_set_quantifier();
            let right = self.parse_intersect_term()?;
            left = set_op(left, right, kind, all);
        }
    }

    fn parse_intersect_term(&mut self) -> Result<Plan> {
        let mut left = self.parse_query_primary()?;
        while self.eat_keyword("INTERSECT") {
            let all = self.parse_set_quantifier();
            let right = self.parse_query_primary()?;
            left = set_op(left, right, SetOpKind::Intersect, all);
        }
        Ok(left)
    }

    /// `ALL` keeps duplicates; `DISTINCT` (the default) removes them.
    fn parse_set_quantifier(&mut self) -> bool {
        if self.eat_keyword("ALL") {
            return true;
        }
        self.eat_keyword("DISTINCT");
        false
    }

    fn parse_query_primary(&mut self) -> Result<Plan> {
        if self.at_keyword("SELECT") {
            return self.parse_select();
        }
        if self.eat_keyword("VALUES") {
            return self.parse_inline_table();
        }
        if self.eat_keyword("TABLE") {
            let name = self.parse_multipart_name()?;
            return Ok(read_table(name));
        }
        if self.eat_keyword("FROM") {
            // grammar area: FROM-first queries (`FROM t SELECT ...`, Spark's `fromStatement`).
            let input = self.parse_from_relations()?;
            let input = self.parse_lateral_views(input)?;
            if !self.at_keyword("SELECT") {
                // Spark 4's `FROM t` alone reads the relation.
                return Ok(input);
            }
            return self.parse_select_from(Some(input));
        }
        if self.eat_symbol("(") {
            let plan = self.parse_query()?;
            self.expect_symbol(")")?;
            return Ok(plan);
        }
        Err(self.error_here())
    }

    /// `ORDER BY`, `SORT BY`, `LIMIT`, `OFFSET` after a query term. Spark applies the offset
    /// before the limit (`LIMIT 2 OFFSET 1` skips one row, then takes two).
    fn parse_query_organization(&mut self, mut plan: Plan) -> Result<Plan> {
        if self.eat_keywords(&["ORDER", "BY"]) {
            let order = match self.parse_order_by_all()? {
                Some(all) => vec![all],
                None => self.parse_sort_items()?,
            };
            plan = sort(plan, order, true);
        }
        // grammar area: CLUSTER BY / DISTRIBUTE BY (see `organization.rs`).
        plan = self.parse_distribution(plan)?;
        if self.eat_keywords(&["SORT", "BY"]) {
            plan = sort(plan, self.parse_sort_items()?, false);
        }
        if self.at_keyword("WINDOW") {
            return Err(SparkError::unsupported("WINDOW clause"));
        }
        let limit = if self.eat_keyword("LIMIT") {
            if self.eat_keyword("ALL") {
                None
            } else {
                Some(self.parse_limit_value("limit")?)
            }
        } else {
            None
        };
        if self.eat_keyword("OFFSET") {
            let offset = self.parse_limit_value("offset")?;
            plan = Plan::new(PlanNode::Offset {
                input: Box::new(plan),
                offset,
            });
        }
        if let Some(limit) = limit {
            plan = Plan::new(PlanNode::Limit {
                input: Box::new(plan),
                limit,
            });
        }
        Ok(plan)
    }

    /// A `LIMIT`/`OFFSET` value: a non-negative integer constant.
    fn parse_limit_value(&mut self, name: &str) -> Result<i64> {
        let expr = self.parse_expr()?;
        let value = match &expr {
            Expr::Literal(Literal::Integer(v)) => i64::from(*v),
            Expr::Literal(Literal::Long(v)) => *v,
            Expr::Literal(Literal::Short(v)) => i64::from(*v),
            Expr::Literal(Literal::Byte(v)) => i64::from(*v),
            _ => {
                return Err(SparkError::unsupported(format!(
                    "a {name} that is not an integer literal"
                )));
            }
        };
        if value < 0 {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
                "42K0E",
                format!("The {name} like expression \"{value}\" is invalid. The {name} expression must be equal to or greater than 0, but got {value}."),
            )
            .param("name", name)
            .param("expr", format!("\"{value}\""))
            .param("v", value.to_string()));
        }
        Ok(value)
    }

    /// `SELECT ... [FROM ...] [WHERE ...] [GROUP BY ...] [HAVING ...]`.
    fn parse_select(&mut self) -> Result<Plan> {
        self.parse_select_from(None)
    }

    /// `SELECT ...`; `from` is the relation of a FROM-first query.
    fn parse_select_from(&mut self, from: Option<Plan>) -> Result<Plan> {
        self.expect_keyword("SELECT")?;
        // grammar area: hints (`SELECT /*+ ... */`, see `hints.rs`).
        let hints = self.parse_hints()?;
        let distinct = self.eat_keyword("DISTINCT");
        if !distinct {
            self.eat_keyword("ALL");
        }
        let plan = self.parse_select_body(from)?;
        let plan = if distinct {
            Plan::new(PlanNode::Deduplicate {
                input: Box::new(plan),
                columns: None,
            })
        } else {
            plan
        };
        crate::hints::apply_hints(plan, hints)
    }

    /// The select list and the clauses after it.
    fn parse_select_body(&mut self, from: Option<Plan>) -> Result<Plan> {
        // grammar area: `* EXCEPT (...)` (see `star_except.rs`).
        let mut exprs = Vec::new();
        let mut excluded = Vec::new();
        loop {
            let item = self.parse_named_expr()?;
            excluded.extend(self.parse_star_except(&item)?);
            exprs.push(item);
            if !self.eat_symbol(",") {
                break;
            }
        }
        let items = exprs.clone();
        let plan = self.parse_select_clauses(from, exprs)?;
        crate::star_except::drop_excluded(plan, &items, excluded)
    }

    /// The clauses after the select list.
    fn parse_select_clauses(&mut self, from: Option<Plan>, exprs: Vec<Expr>) -> Result<Plan> {
        let mut input = match from {
            Some(plan) => plan,
            None if self.eat_keyword("FROM") => {
                let plan = self.parse_from_relations()?;
                self.parse_lateral_views(plan)?
            }
            None => Plan::new(PlanNode::OneRow),
        };
        if self.eat_keyword("WHERE") {
            let condition = self.parse_expr()?;
            input = Plan::new(PlanNode::Filter {
                input: Box::new(input),
                condition,
            });
        }
        let grouping = if self.eat_keywords(&["GROUP", "BY"]) {
            Some(self.parse_grouping()?)
        } else {
            None
        };
        let having = if self.eat_keyword("HAVING") {
            Some(self.parse_expr()?)
        } else {
            None
        };
        // grammar area: WINDOW and QUALIFY (see `select_clauses.rs`).
        let mut windows = if self.at_keyword("WINDOW") && !self.peek_at(1).is_symbol("(") {
            self.next_token();
            self.parse_window_clause()?
        } else {
            Vec::new()
        };
        let qualify = if self.eat_keyword("QUALIFY") {
            Some(self.parse_expr()?)
        } else {
            None
        };
        if windows.is_empty() && self.at_keyword("WINDOW") && !self.peek_at(1).is_symbol("(") {
            self.next_token();
            windows = self.parse_window_clause()?;
        }
        let exprs = select_clauses::substitute_windows(exprs, &windows)?;
        let having = having
            .map(|h| select_clauses::substitute_window(h, &windows))
            .transpose()?;
        let qualify = qualify
            .map(|q| select_clauses::substitute_window(q, &windows))
            .transpose()?;
        let plan = if grouping.is_none() && having.is_none() {
            Plan::new(PlanNode::Project {
                input: Some(Box::new(input)),
                exprs,
            })
        } else {
            let Grouping { kind, exprs: keys } = grouping.unwrap_or(Grouping {
                kind: AggregateKind::GroupBy,
                exprs: vec![],
            });
            Plan::new(PlanNode::Aggregate {
                input: Box::new(input),
                kind,
                grouping: keys,
                aggregates: exprs,
                having,
            })
        };
        match qualify {
            Some(condition) => select_clauses::qualify(plan, condition),
            None => Ok(plan),
        }
    }

    /// After `GROUP BY`: expressions `[WITH ROLLUP|CUBE]`, `ROLLUP(..)`, `CUBE(..)`, or
    /// `GROUPING SETS (..)`.
    fn parse_grouping(&mut self) -> Result<Grouping> {
        if self.at_keyword("ALL") && !self.peek_at(1).is_symbol("(") {
            // Spark's `GROUP BY ALL` is a grouping by a column named `ALL`, which the analyzer
            // (`ResolveGroupByAll`) reads as "every non-aggregate select item"; so does the
            // plan layer.
            self.next_token();
            return Ok(Grouping {
                kind: AggregateKind::GroupBy,
                exprs: vec![Expr::col("ALL")],
            });
        }
        if self.eat_keywords(&["GROUPING", "SETS"]) {
            let sets = self.parse_grouping_sets()?;
            let mut exprs: Vec<Expr> = Vec::new();
            for e in sets.iter().flatten() {
                if !exprs.contains(e) {
                    exprs.push(e.clone());
                }
            }
            self.reject_mixed_grouping()?;
            return Ok(Grouping {
                kind: AggregateKind::GroupingSets(sets),
                exprs,
            });
        }
        for (kw, kind) in [
            ("ROLLUP", AggregateKind::Rollup),
            ("CUBE", AggregateKind::Cube),
        ] {
            if self.at_keyword(kw) && self.peek_at(1).is_symbol("(") {
                self.next_token();
                self.next_token();
                let exprs = self.parse_expr_list()?;
                self.expect_symbol(")")?;
                self.reject_mixed_grouping()?;
                return Ok(Grouping { kind, exprs });
            }
        }
        let exprs = self.parse_expr_list()?;
        let kind = if self.eat_keywords(&["WITH", "ROLLUP"]) {
            AggregateKind::Rollup
        } else if self.eat_keywords(&["WITH", "CUBE"]) {
            AggregateKind::Cube
        } else {
            AggregateKind::GroupBy
        };
        Ok(Grouping { kind, exprs })
    }

    fn reject_mixed_grouping(&self) -> Result<()> {
        if self.at_symbol(",") {
            return Err(SparkError::unsupported(
                "GROUP BY mixing expressions with ROLLUP, CUBE or GROUPING SETS",
            ));
        }
        Ok(())
    }

    /// `((a, b), (a), ())` or `(a, b)` as a list of sets.
    fn parse_grouping_sets(&mut self) -> Result<Vec<Vec<Expr>>> {
        self.expect_symbol("(")?;
        let mut sets = Vec::new();
        loop {
            if self.eat_symbol("(") {
                let set = if self.at_symbol(")") {
                    vec![]
                } else {
                    self.parse_expr_list()?
                };
                self.expect_symbol(")")?;
                sets.push(set);
            } else {
                sets.push(vec![self.parse_expr()?]);
            }
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        Ok(sets)
    }

    /// After `VALUES`: rows and an optional `[AS] t(a, b)` alias.
    pub fn parse_inline_table(&mut self) -> Result<Plan> {
        let mut rows = vec![self.parse_values_row()?];
        while self.eat_symbol(",") {
            rows.push(self.parse_values_row()?);
        }
        let values = Plan::new(PlanNode::Values {
            rows,
            names: vec![],
        });
        self.parse_table_alias(values)
    }

    /// `(a, b)` is a row of two columns; any other expression is a one-column row.
    fn parse_values_row(&mut self) -> Result<Vec<Expr>> {
        if self.at_symbol("(") {
            self.next_token();
            let row = self.parse_expr_list()?;
            self.expect_symbol(")")?;
            return Ok(row);
        }
        Ok(vec![self.parse_expr()?])
    }
}

/// A `Read` of a named table.
pub fn read_table(name: Vec<String>) -> Plan {
    Plan::new(PlanNode::Read(sabot_common::spec::ReadKind::NamedTable {
        name,
        options: Default::default(),
    }))
}

fn set_op(left: Plan, right: Plan, kind: SetOpKind, all: bool) -> Plan {
    Plan::new(PlanNode::SetOp {
        left: Box::new(left),
        right: Box::new(right),
        kind,
        all,
        by_name: false,
        allow_missing: false,
    })
}

fn sort(input: Plan, order: Vec<SortOrder>, is_global: bool) -> Plan {
    Plan::new(PlanNode::Sort {
        input: Box::new(input),
        order,
        is_global,
    })
}
