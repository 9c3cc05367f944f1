//! The `FROM` clause (Spark's `relation`): a named table, a parenthesised subquery or an
//! inline `VALUES` table, each with an optional `[AS] alias [(columns)]`. Joins and other
//! relation forms are not supported yet.

use sabot_common::spec::{Plan, PlanNode};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;
use crate::query::read_table;

/// Keywords that start a join after a relation.
const JOIN_KEYWORDS: &[&str] = &[
    "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SEMI", "ANTI",
];

impl Parser<'_> {
    /// One relation after `FROM`.
    pub fn parse_relation(&mut self) -> Result<Plan> {
        let plan = self.parse_relation_primary()?;
        if JOIN_KEYWORDS.iter().any(|k| self.at_keyword(k)) {
            return Err(SparkError::unsupported("JOIN"));
        }
        if self.at_symbol(",") {
            return Err(SparkError::unsupported(
                "several relations in FROM (implicit cross join)",
            ));
        }
        for kw in ["PIVOT", "UNPIVOT"] {
            if self.at_keyword(kw) {
                return Err(SparkError::unsupported(kw));
            }
        }
        Ok(plan)
    }

    fn parse_relation_primary(&mut self) -> Result<Plan> {
        if self.at_keyword("LATERAL") {
            return Err(SparkError::unsupported("LATERAL subqueries"));
        }
        if self.eat_keyword("VALUES") {
            return self.parse_inline_table();
        }
        if self.eat_symbol("(") {
            let is_query = ["SELECT", "WITH", "VALUES", "TABLE", "FROM"]
                .iter()
                .any(|k| self.at_keyword(k))
                || self.at_symbol("(");
            if !is_query {
                return Err(SparkError::unsupported("parenthesised relations"));
            }
            let plan = self.parse_query()?;
            self.expect_symbol(")")?;
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
        if self.at_keyword("TABLESAMPLE") {
            return Err(SparkError::unsupported("TABLESAMPLE"));
        }
        self.parse_table_alias(read_table(name))
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
