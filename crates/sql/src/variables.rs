//! Session variables (Spark's `DECLARE VARIABLE`, `SET VAR`, `DROP TEMPORARY VARIABLE`): the
//! statements; a name may be qualified as `session.v` or `system.session.v`.

use sabot_common::spec::{DataType, Expr, Literal, Plan, PlanNode, Statement};
use sabot_common::{Result, SparkError};

use crate::Params;
use crate::parser::Parser;

impl Parser<'_> {
    /// A variable name, without its optional `system.session.` / `session.` qualifier.
    fn parse_variable_name(&mut self) -> Result<String> {
        let parts = self.parse_multipart_name()?;
        let lower: Vec<String> = parts.iter().map(|p| p.to_ascii_lowercase()).collect();
        match (lower.as_slice(), parts.last()) {
            ([_], Some(n)) => Ok(n.clone()),
            ([s, _], Some(n)) if s == "session" => Ok(n.clone()),
            ([a, s, _], Some(n)) if a == "system" && s == "session" => Ok(n.clone()),
            _ => Err(SparkError::unsupported(format!(
                "the variable name {}",
                parts.join(".")
            ))),
        }
    }

    /// After `DECLARE`: `[OR REPLACE] [VARIABLE|VAR] name [type] [DEFAULT|= expr]`.
    pub fn parse_declare(&mut self) -> Result<Statement> {
        let replace = self.eat_keywords(&["OR", "REPLACE"]);
        if !self.eat_keyword("VARIABLE") {
            self.eat_keyword("VAR");
        }
        let name = self.parse_variable_name()?;
        let data_type = if self.at_keyword("DEFAULT") || self.at_symbol("=") || self.at_eof() {
            None
        } else {
            Some(self.parse_data_type()?)
        };
        let default = if self.eat_keyword("DEFAULT") || self.eat_symbol("=") {
            Some(self.parse_expr()?)
        } else {
            None
        };
        Ok(Statement::DeclareVariable {
            name,
            data_type,
            default,
            replace,
        })
    }

    /// After `DROP`: `TEMPORARY (VARIABLE|VAR) [IF EXISTS] name`.
    pub fn parse_drop_variable(&mut self) -> Result<Statement> {
        self.expect_keyword("TEMPORARY")?;
        if !self.eat_keyword("VARIABLE") {
            self.expect_keyword("VAR")?;
        }
        let if_exists = self.eat_keywords(&["IF", "EXISTS"]);
        let name = self.parse_variable_name()?;
        Ok(Statement::DropVariable { name, if_exists })
    }
}

/// The text after `SET VAR` / `SET VARIABLE`: `name = expr|DEFAULT [, ...]` or
/// `(name, ...) = (query)` (Spark's `setVariable` rule).
pub fn parse_set_variable(text: &str, params: &Params) -> Result<Statement> {
    let mut parser = Parser::new(text, Some(params))?;
    if parser.eat_symbol("(") {
        let mut names = vec![parser.parse_variable_name()?];
        while parser.eat_symbol(",") {
            names.push(parser.parse_variable_name()?);
        }
        parser.expect_symbol(")")?;
        parser.expect_symbol("=")?;
        parser.expect_symbol("(")?;
        if !parser.at_query_start() {
            return Err(crate::statement::invalid_set_syntax());
        }
        let query = parser.parse_query()?;
        parser.expect_symbol(")")?;
        parser.expect_end()?;
        let defaults = vec![false; names.len()];
        return Ok(Statement::SetVariables {
            names,
            query: Box::new(query),
            defaults,
        });
    }
    let mut names = Vec::new();
    let mut exprs = Vec::new();
    let mut defaults = Vec::new();
    loop {
        names.push(parser.parse_variable_name()?);
        parser.expect_symbol("=")?;
        let default = parser.eat_keyword("DEFAULT");
        exprs.push(if default {
            Expr::Literal(Literal::Null(DataType::Null))
        } else {
            parser.parse_expr()?
        });
        defaults.push(default);
        if !parser.eat_symbol(",") {
            break;
        }
    }
    parser.expect_end()?;
    if let ([name], [value], [false]) = (names.as_slice(), exprs.as_slice(), defaults.as_slice()) {
        return Ok(Statement::SetVariable {
            name: name.clone(),
            value: value.clone(),
        });
    }
    let query = Plan::new(PlanNode::Project {
        input: Some(Box::new(Plan::new(PlanNode::OneRow))),
        exprs,
    });
    Ok(Statement::SetVariables {
        names,
        query: Box::new(query),
        defaults,
    })
}
