//! Primary expressions (Spark's `primaryExpression` and `constant`): literals, columns, `*`,
//! parameters, `CASE`, `CAST`, typed literals, parenthesised expressions, lambdas, and the
//! postfix forms `a[i]`, `a.b`, `a::type`.

use sabot_common::spec::{CastMode, DataType, Expr, Literal, SubqueryKind};
use sabot_common::{Result, SparkError, time_of_day};

use crate::datetime::{is_zone_suffix, parse_date, parse_local_timestamp};
use crate::error::invalid_typed_literal;
use crate::lambda::bind_lambda_variables;
use crate::lexer::TokenKind;
use crate::literal::{binary_literal, parse_number};
use crate::parser::Parser;

/// Zero-argument functions Spark allows without parentheses.
const NILADIC_FUNCTIONS: &[&str] = &[
    "CURRENT_DATE",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "SESSION_USER",
];

impl Parser<'_> {
    pub fn parse_primary(&mut self) -> Result<Expr> {
        let t = self.peek().clone();
        match t.kind {
            TokenKind::Number => {
                self.next_token();
                Ok(Expr::Literal(parse_number(&t.text, false)?))
            }
            TokenKind::String => {
                // Adjacent string literals concatenate: `'a' 'b'` is `'ab'`.
                let mut s = String::new();
                while self.peek().kind == TokenKind::String {
                    s.push_str(&self.next_token().text);
                }
                Ok(Expr::Literal(Literal::String(s)))
            }
            TokenKind::Symbol => self.parse_symbol_primary(),
            TokenKind::Word | TokenKind::QuotedIdent => self.parse_word_primary(),
            TokenKind::Eof => Err(self.error_here()),
        }
    }

    fn parse_symbol_primary(&mut self) -> Result<Expr> {
        let t = self.peek().clone();
        match t.text.as_str() {
            "*" => {
                self.next_token();
                Ok(Expr::Star {
                    target: None,
                    plan_id: None,
                })
            }
            "?" => {
                self.next_token();
                self.positional_parameter(t.start)
            }
            ":" if matches!(
                self.peek_at(1).kind,
                TokenKind::Word | TokenKind::QuotedIdent
            ) =>
            {
                self.next_token();
                let name = self.next_token().text;
                self.named_parameter(&name)
            }
            "(" => self.parse_parenthesized(),
            _ => Err(self.error_here()),
        }
    }

    /// `(expr)`, a row `(a, b)` (a struct, as Spark's `rowConstructor`), or a lambda
    /// `(x, y) -> body`.
    fn parse_parenthesized(&mut self) -> Result<Expr> {
        if let Some(params) = self.peek_lambda_params() {
            return self.parse_lambda_body(params);
        }
        self.expect_symbol("(")?;
        if self.at_query_start() {
            // A scalar subquery (Spark's `ScalarSubquery`).
            let plan = self.parse_query()?;
            self.expect_symbol(")")?;
            return Ok(Expr::Subquery {
                plan: Box::new(plan),
                kind: SubqueryKind::Scalar,
            });
        }
        let first = self.parse_named_expr()?;
        if self.eat_symbol(")") {
            return Ok(first);
        }
        let mut fields = vec![first];
        while self.eat_symbol(",") {
            fields.push(self.parse_named_expr()?);
        }
        self.expect_symbol(")")?;
        Ok(Expr::call("struct", fields))
    }

    /// If a lambda's parameter list starts here (`x ->` or `(x, y) ->`), its names.
    fn peek_lambda_params(&self) -> Option<Vec<String>> {
        let is_ident = |k: &TokenKind| matches!(k, TokenKind::Word | TokenKind::QuotedIdent);
        if is_ident(&self.peek().kind) && self.peek_at(1).is_symbol("->") {
            return Some(vec![self.peek().text.clone()]);
        }
        if !self.at_symbol("(") {
            return None;
        }
        let mut names = Vec::new();
        let mut i = 1;
        loop {
            let t = self.peek_at(i);
            if !is_ident(&t.kind) {
                return None;
            }
            names.push(t.text.clone());
            let sep = self.peek_at(i + 1);
            if sep.is_symbol(",") {
                i += 2;
            } else if sep.is_symbol(")") && self.peek_at(i + 2).is_symbol("->") {
                return Some(names);
            } else {
                return None;
            }
        }
    }

    /// Skips the parameter list and `->`, then parses the body with parameters bound.
    fn parse_lambda_body(&mut self, params: Vec<String>) -> Result<Expr> {
        while !self.eat_symbol("->") {
            if self.at_eof() {
                return Err(self.error_here());
            }
            self.next_token();
        }
        let body = self.parse_expr()?;
        Ok(Expr::Lambda {
            body: Box::new(bind_lambda_variables(body, &params)),
            params,
        })
    }

    fn parse_word_primary(&mut self) -> Result<Expr> {
        if let Some(params) = self.peek_lambda_params() {
            return self.parse_lambda_body(params);
        }
        let t = self.peek().clone();
        let next = self.peek_at(1).clone();
        if t.kind == TokenKind::Word {
            let upper = t.text.to_ascii_uppercase();
            match upper.as_str() {
                "TRUE" | "FALSE" => {
                    self.next_token();
                    return Ok(Expr::Literal(Literal::Boolean(upper == "TRUE")));
                }
                "NULL" => {
                    self.next_token();
                    return Ok(Expr::Literal(Literal::Null(DataType::Null)));
                }
                "CASE" => return self.parse_case(),
                "CAST" | "TRY_CAST" if next.is_symbol("(") => return self.parse_cast(),
                "INTERVAL" if self.peek_interval_start() => {
                    self.next_token();
                    return Ok(Expr::Literal(self.parse_interval_literal()?));
                }
                "DATE" | "TIME" | "TIMESTAMP" | "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "X"
                    if next.kind == TokenKind::String =>
                {
                    self.next_token();
                    let value = self.next_token().text;
                    return typed_literal(&upper, &value);
                }
                _ => {}
            }
            if NILADIC_FUNCTIONS.contains(&upper.as_str()) && !next.is_symbol("(") {
                self.next_token();
                return Ok(Expr::call(t.text.to_ascii_lowercase(), vec![]));
            }
            if next.is_symbol("(") {
                return self.parse_function_call();
            }
        } else if next.is_symbol("(") {
            return self.parse_function_call();
        }
        let name = self.parse_identifier()?;
        Ok(Expr::Column {
            name: vec![name],
            plan_id: None,
        })
    }

    /// After `INTERVAL`: a value (number, string, or signed) follows.
    fn peek_interval_start(&self) -> bool {
        let starts = |k: &TokenKind| matches!(k, TokenKind::Number | TokenKind::String);
        let next = self.peek_at(1);
        starts(&next.kind)
            || ((next.is_symbol("-") || next.is_symbol("+")) && starts(&self.peek_at(2).kind))
    }

    /// `CASE [operand] WHEN c THEN v ... [ELSE e] END` as Spark's `when(c1, v1, ..., e)`.
    fn parse_case(&mut self) -> Result<Expr> {
        self.expect_keyword("CASE")?;
        let operand = if self.at_keyword("WHEN") {
            None
        } else {
            Some(self.parse_expr()?)
        };
        let mut args = Vec::new();
        if !self.at_keyword("WHEN") {
            return Err(self.error_here());
        }
        while self.eat_keyword("WHEN") {
            let cond = self.parse_expr()?;
            let cond = match &operand {
                Some(x) => Expr::call("==", vec![x.clone(), cond]),
                None => cond,
            };
            self.expect_keyword("THEN")?;
            args.push(cond);
            args.push(self.parse_expr()?);
        }
        if self.eat_keyword("ELSE") {
            args.push(self.parse_expr()?);
        }
        self.expect_keyword("END")?;
        Ok(Expr::call("when", args))
    }

    /// `CAST(x AS type)` / `TRY_CAST(x AS type)`.
    fn parse_cast(&mut self) -> Result<Expr> {
        let mode = if self.next_token().is_keyword("TRY_CAST") {
            CastMode::Try
        } else {
            CastMode::Default
        };
        self.expect_symbol("(")?;
        let expr = self.parse_expr()?;
        self.expect_keyword("AS")?;
        let data_type = self.parse_data_type()?;
        self.expect_symbol(")")?;
        Ok(Expr::Cast {
            expr: Box::new(expr),
            data_type,
            mode,
        })
    }

    /// Postfix operators: `[index]`, `.field`, `.*`, `::type`.
    pub fn parse_postfix(&mut self, mut expr: Expr) -> Result<Expr> {
        loop {
            if self.eat_symbol("[") {
                let index = self.parse_expr()?;
                self.expect_symbol("]")?;
                expr = Expr::ExtractValue {
                    child: Box::new(expr),
                    extraction: Box::new(index),
                };
            } else if self.at_symbol(".") {
                self.next_token();
                if self.eat_symbol("*") {
                    return match expr {
                        Expr::Column { name, .. } => Ok(Expr::Star {
                            target: Some(name),
                            plan_id: None,
                        }),
                        _ => Err(SparkError::unsupported("`.*` on an expression")),
                    };
                }
                let field = self.parse_any_identifier()?;
                if self.at_symbol("(") {
                    return Err(SparkError::unsupported("qualified function names"));
                }
                expr = match expr {
                    // `a.b.c` stays one name; the plan layer decides table vs struct field.
                    Expr::Column { mut name, plan_id } => {
                        name.push(field);
                        Expr::Column { name, plan_id }
                    }
                    other => Expr::ExtractValue {
                        child: Box::new(other),
                        extraction: Box::new(Expr::Literal(Literal::String(field))),
                    },
                };
            } else if self.at_semi_structured() {
                expr = self.parse_semi_structured(expr)?;
            } else if self.eat_symbol("::") {
                let data_type = self.parse_data_type()?;
                expr = Expr::Cast {
                    expr: Box::new(expr),
                    data_type,
                    mode: CastMode::Default,
                };
            } else {
                return Ok(expr);
            }
        }
    }
}

/// `TIME '...'`: `TIME(6)`, or more fraction digits when written (at most 9), as Spark's
/// `AstBuilder.visitTypeConstructor`.
fn time_literal(value: &str) -> Option<Literal> {
    let parsed = time_of_day::parse_time(value)?;
    let digits = parsed
        .fraction_digits
        .min(usize::from(time_of_day::MAX_PRECISION));
    Some(Literal::Time {
        nanos: parsed.nanos,
        precision: (digits as u8).max(time_of_day::DEFAULT_PRECISION),
    })
}

/// `DATE '...'`, `TIMESTAMP '...'`, `TIMESTAMP_NTZ '...'`, `X'...'` (Spark's
/// `visitTypeConstructor`). A zoned `TIMESTAMP` becomes a marker call that the plan layer
/// reads in the session time zone; its text is validated here as Spark does.
fn typed_literal(type_name: &str, value: &str) -> Result<Expr> {
    let invalid = || invalid_typed_literal(type_name, value);
    let lit = match type_name {
        "DATE" => Literal::Date(parse_date(value).ok_or_else(invalid)?),
        "TIME" => time_literal(value).ok_or_else(invalid)?,
        "TIMESTAMP_NTZ" => {
            let (micros, rest) = parse_local_timestamp(value).ok_or_else(invalid)?;
            if !rest.trim().is_empty() {
                return Err(invalid());
            }
            Literal::TimestampNtz(micros)
        }
        "TIMESTAMP" | "TIMESTAMP_LTZ" => {
            let (_, rest) = parse_local_timestamp(value).ok_or_else(invalid)?;
            if !is_zone_suffix(rest) {
                return Err(invalid());
            }
            return Ok(Expr::call(
                sabot_common::spec::TIMESTAMP_LITERAL,
                vec![Expr::Literal(Literal::String(value.to_string()))],
            ));
        }
        _ => binary_literal(value)?,
    };
    Ok(Expr::Literal(lit))
}
