//! `PIVOT` and `UNPIVOT` clauses after a relation (Spark's `pivotClause` / `unpivotClause`).
//! They build the same relations as `df.groupBy().pivot(...).agg(...)` and `df.unpivot(...)`,
//! with a single `*` as the grouping / id columns: "every input column the clause does not
//! use", as Spark's analyzer reads a SQL pivot (`ResolvePivot`) and unpivot (`ResolveUnpivot`).
//! `UNPIVOT` drops rows whose value is NULL unless `INCLUDE NULLS` is given.

use sabot_common::spec::{AggregateKind, Expr, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;

fn implicit() -> Vec<Expr> {
    vec![Expr::Star {
        target: None,
        plan_id: None,
    }]
}

impl Parser<'_> {
    /// Any `PIVOT (...)` / `UNPIVOT (...)` clauses after `plan`, each with an optional alias.
    pub fn parse_pivot_clauses(&mut self, mut plan: Plan) -> Result<Plan> {
        loop {
            if self.eat_keyword("PIVOT") {
                plan = self.parse_pivot(plan)?;
            } else if self.eat_keyword("UNPIVOT") {
                plan = self.parse_unpivot(plan)?;
            } else {
                return Ok(plan);
            }
            plan = self.parse_table_alias(plan)?;
        }
    }

    /// After `PIVOT`: `(agg [AS a], ... FOR column IN (value [AS name], ...))`.
    fn parse_pivot(&mut self, input: Plan) -> Result<Plan> {
        self.expect_symbol("(")?;
        let mut aggregates = Vec::new();
        loop {
            let agg = self.parse_expr()?;
            // `FOR` ends the list; it is not an implicit alias.
            let explicit = self.eat_keyword("AS");
            aggregates.push(
                if explicit || (self.at_identifier() && !self.at_keyword("FOR")) {
                    agg.alias(self.parse_identifier()?)
                } else {
                    agg
                },
            );
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_keyword("FOR")?;
        let column = self.parse_pivot_column()?;
        self.expect_keyword("IN")?;
        self.expect_symbol("(")?;
        let mut values = Vec::new();
        loop {
            let value = self.parse_expr()?;
            let explicit = self.eat_keyword("AS");
            values.push(if explicit || self.at_identifier() {
                value.alias(self.parse_identifier()?)
            } else {
                value
            });
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        self.expect_symbol(")")?;
        Ok(Plan::new(PlanNode::Aggregate {
            input: Box::new(input),
            kind: AggregateKind::Pivot {
                column,
                values: Some(values),
            },
            grouping: implicit(),
            aggregates,
            having: None,
        }))
    }

    /// `column` or `(column, ...)`; several columns pivot on their struct, as Spark's
    /// `AstBuilder.visitPivotClause` builds it (`CreateStruct`).
    fn parse_pivot_column(&mut self) -> Result<Expr> {
        if !self.eat_symbol("(") {
            return Ok(Expr::Column {
                name: self.parse_multipart_name()?,
                plan_id: None,
            });
        }
        let mut columns = Vec::new();
        loop {
            columns.push(Expr::Column {
                name: self.parse_multipart_name()?,
                plan_id: None,
            });
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        Ok(if columns.len() == 1 {
            columns.remove(0)
        } else {
            Expr::call("struct", columns)
        })
    }

    /// After `UNPIVOT`: `[INCLUDE|EXCLUDE NULLS] (value FOR name IN (col [AS alias], ...))` or
    /// `((v1, ...) FOR name IN ((c1, ...) [AS alias], ...))`. Without `INCLUDE NULLS` a row
    /// whose values are all NULL is dropped (Spark's `ResolveUnpivot`).
    fn parse_unpivot(&mut self, input: Plan) -> Result<Plan> {
        let include_nulls = if self.eat_keywords(&["INCLUDE", "NULLS"]) {
            true
        } else {
            self.eat_keywords(&["EXCLUDE", "NULLS"]);
            false
        };
        self.expect_symbol("(")?;
        let sets = self.at_symbol("(");
        let value_columns = if sets {
            self.parse_identifier_list()?
        } else {
            vec![self.parse_identifier()?]
        };
        self.expect_keyword("FOR")?;
        let name_column = self.parse_identifier()?;
        self.expect_keyword("IN")?;
        self.expect_symbol("(")?;
        let mut columns = Vec::new();
        loop {
            let set = if sets {
                self.expect_symbol("(")?;
                let mut set = Vec::new();
                loop {
                    set.push(self.parse_unpivot_column()?);
                    if !self.eat_symbol(",") {
                        break;
                    }
                }
                self.expect_symbol(")")?;
                set
            } else {
                vec![self.parse_unpivot_column()?]
            };
            let explicit = self.eat_keyword("AS");
            let alias = if explicit || self.at_identifier() {
                Some(self.parse_identifier()?)
            } else {
                None
            };
            columns.push((set, alias));
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        self.expect_symbol(")")?;
        let unpivot = if sets {
            Plan::new(PlanNode::UnpivotSets {
                input: Box::new(input),
                sets: columns,
                variable_column_name: name_column,
                value_column_names: value_columns.clone(),
            })
        } else {
            let values = columns
                .into_iter()
                .flat_map(|(set, alias)| {
                    set.into_iter().map(move |c| match &alias {
                        Some(a) => c.alias(a.clone()),
                        None => c,
                    })
                })
                .collect();
            Plan::new(PlanNode::Unpivot {
                input: Box::new(input),
                ids: implicit(),
                values: Some(values),
                variable_column_name: name_column,
                value_column_name: value_columns[0].clone(),
            })
        };
        if include_nulls {
            return Ok(unpivot);
        }
        let condition = value_columns
            .into_iter()
            .map(|c| Expr::call("isnotnull", vec![Expr::col(c)]))
            .reduce(|a, b| Expr::call("or", vec![a, b]))
            .ok_or_else(|| SparkError::internal("UNPIVOT without value columns"))?;
        Ok(Plan::new(PlanNode::Filter {
            input: Box::new(unpivot),
            condition,
        }))
    }

    fn parse_unpivot_column(&mut self) -> Result<Expr> {
        Ok(Expr::Column {
            name: self.parse_multipart_name()?,
            plan_id: None,
        })
    }
}
