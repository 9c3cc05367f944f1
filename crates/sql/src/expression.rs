//! Operator expressions with Spark's precedence (`SqlBaseParser.booleanExpression`,
//! `predicate`, `valueExpression`): OR < AND < NOT < predicates (`IN`, `BETWEEN`, `LIKE`,
//! `IS ...`) < comparison < `|` < `^` < `&` < shifts < `+ - ||` < `* / % DIV` < unary.
//! Operators become calls of the function names PySpark's Column API sends.

use sabot_common::spec::{Expr, Literal, SubqueryKind};
use sabot_common::{Result, SparkError};

use crate::error::syntax_error;
use crate::lexer::TokenKind;
use crate::literal::parse_number;
use crate::parser::{Parser, QUERY_START};

/// `not(e)`. Negating `(a, b) IN (subquery)` gives Spark's null-aware `NOT IN` (its
/// `RewritePredicateSubquery` plans `Not(InSubquery)` so), and negating that gives `IN` back.
pub fn not(e: Expr) -> Expr {
    match e {
        Expr::Subquery {
            plan,
            kind: SubqueryKind::In(values),
        } if values.len() > 1 => Expr::Subquery {
            plan,
            kind: SubqueryKind::NotIn(values),
        },
        Expr::Subquery {
            plan,
            kind: SubqueryKind::NotIn(values),
        } => Expr::Subquery {
            plan,
            kind: SubqueryKind::In(values),
        },
        e => Expr::call("not", vec![e]),
    }
}

impl Parser<'_> {
    /// One expression (Spark's `expression`).
    pub fn parse_expr(&mut self) -> Result<Expr> {
        self.parse_or()
    }

    /// `expression [AS] alias` / `expression AS (a, b)` (Spark's `namedExpression`).
    pub fn parse_named_expr(&mut self) -> Result<Expr> {
        let expr = self.parse_expr()?;
        if self.eat_keyword("AS") {
            if self.at_symbol("(") {
                let names = self.parse_identifier_list()?;
                return Ok(Expr::Alias {
                    expr: Box::new(expr),
                    names,
                    metadata: None,
                });
            }
            let name = self.parse_any_identifier()?;
            return Ok(expr.alias(name));
        }
        if self.at_identifier() {
            let name = self.parse_identifier()?;
            return Ok(expr.alias(name));
        }
        Ok(expr)
    }

    /// Comma-separated expressions.
    pub fn parse_expr_list(&mut self) -> Result<Vec<Expr>> {
        let mut exprs = vec![self.parse_expr()?];
        while self.eat_symbol(",") {
            exprs.push(self.parse_expr()?);
        }
        Ok(exprs)
    }

    fn parse_or(&mut self) -> Result<Expr> {
        let mut left = self.parse_and()?;
        while self.eat_keyword("OR") {
            let right = self.parse_and()?;
            left = Expr::call("or", vec![left, right]);
        }
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Expr> {
        let mut left = self.parse_not()?;
        while self.eat_keyword("AND") {
            let right = self.parse_not()?;
            left = Expr::call("and", vec![left, right]);
        }
        Ok(left)
    }

    fn parse_not(&mut self) -> Result<Expr> {
        if self.eat_keyword("NOT") || self.eat_symbol("!") {
            return Ok(not(self.parse_not()?));
        }
        // `EXISTS (SELECT ...)` is a subquery; `exists(array, x -> ...)` is a function.
        if self.at_keyword("EXISTS")
            && self.peek_at(1).is_symbol("(")
            && QUERY_START.iter().any(|kw| self.peek_at(2).is_keyword(kw))
        {
            self.next_token();
            self.next_token();
            let plan = self.parse_query()?;
            self.expect_symbol(")")?;
            return Ok(Expr::Subquery {
                plan: Box::new(plan),
                kind: SubqueryKind::Exists,
            });
        }
        self.parse_predicated()
    }

    /// A value expression with at most one predicate after it.
    fn parse_predicated(&mut self) -> Result<Expr> {
        let value = self.parse_value_expr(0)?;
        if self.at_keyword("IS") {
            self.next_token();
            let negated = self.eat_keyword("NOT");
            let t = self.next_token();
            let e = if t.is_keyword("NULL") {
                let name = if negated { "isnotnull" } else { "isnull" };
                return Ok(Expr::call(name, vec![value]));
            } else if t.is_keyword("TRUE") || t.is_keyword("FALSE") {
                // Spark: `x IS TRUE` is `x <=> true`.
                let b = t.is_keyword("TRUE");
                Expr::call("<=>", vec![value, Expr::Literal(Literal::Boolean(b))])
            } else if t.is_keyword("UNKNOWN") {
                let name = if negated { "isnotnull" } else { "isnull" };
                return Ok(Expr::call(name, vec![value]));
            } else if t.is_keyword("DISTINCT") {
                self.expect_keyword("FROM")?;
                let right = self.parse_value_expr(0)?;
                // `IS DISTINCT FROM` is the negation of `<=>`.
                let e = Expr::call("<=>", vec![value, right]);
                return Ok(if negated { e } else { not(e) });
            } else {
                return Err(if t.kind == TokenKind::Eof {
                    syntax_error(None, "")
                } else {
                    syntax_error(Some(&t.raw), "")
                });
            };
            return Ok(if negated { not(e) } else { e });
        }
        let negated = self.at_keyword("NOT")
            && ["BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"]
                .iter()
                .any(|k| self.peek_at(1).is_keyword(k));
        if negated {
            self.next_token();
        }
        let e = if self.eat_keyword("BETWEEN") {
            let lower = self.parse_value_expr(0)?;
            self.expect_keyword("AND")?;
            let upper = self.parse_value_expr(0)?;
            Expr::call("between", vec![value, lower, upper])
        } else if self.eat_keyword("IN") {
            self.expect_symbol("(")?;
            if self.at_query_start() {
                let plan = self.parse_query()?;
                self.expect_symbol(")")?;
                // `(a, b) IN (SELECT x, y ...)` compares several values.
                let values = match value {
                    Expr::Function { name, args, .. } if name == "struct" => args,
                    v => vec![v],
                };
                let e = Expr::Subquery {
                    plan: Box::new(plan),
                    kind: SubqueryKind::In(values),
                };
                return Ok(if negated { not(e) } else { e });
            }
            let items = self.parse_expr_list()?;
            self.expect_symbol(")")?;
            // grammar area: multi-column `IN` over tuples (see `tuple_in.rs`).
            if let Some(e) = crate::tuple_in::tuple_in(&value, &items) {
                return Ok(if negated { not(e) } else { e });
            }
            let mut args = vec![value];
            args.extend(items);
            Expr::call("in", args)
        } else if self.at_keyword("LIKE") || self.at_keyword("ILIKE") {
            let name = self.next_token().text.to_ascii_lowercase();
            // grammar area: `LIKE ANY|SOME|ALL (patterns)` (see `tuple_in.rs`).
            if self.at_keyword("ANY") || self.at_keyword("SOME") || self.at_keyword("ALL") {
                let all = self.next_token().is_keyword("ALL");
                self.expect_symbol("(")?;
                let patterns = self.parse_expr_list()?;
                self.expect_symbol(")")?;
                return Ok(crate::tuple_in::like_quantified(
                    &name, value, patterns, all, negated,
                ));
            }
            let pattern = self.parse_value_expr(0)?;
            let mut args = vec![value, pattern];
            if self.eat_keyword("ESCAPE") {
                args.push(Expr::Literal(Literal::String(self.parse_escape_char()?)));
            }
            Expr::call(name, args)
        } else if self.eat_keyword("RLIKE") || self.eat_keyword("REGEXP") {
            let pattern = self.parse_value_expr(0)?;
            Expr::call("rlike", vec![value, pattern])
        } else {
            return Ok(value);
        };
        Ok(if negated { not(e) } else { e })
    }

    /// The one-character string after `ESCAPE` (Spark's `INVALID_ESC` otherwise).
    fn parse_escape_char(&mut self) -> Result<String> {
        let t = self.peek().clone();
        if t.kind != TokenKind::String {
            return Err(self.error_here());
        }
        self.next_token();
        if t.text.chars().count() != 1 {
            let invalid = format!("'{}'", t.text);
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Parse,
                "INVALID_ESC",
                "42604",
                format!("Found an invalid escape string: {invalid}. The escape string must contain only one character."),
            )
            .param("invalidEscape", invalid));
        }
        Ok(t.text)
    }

    /// Binary operators at or above `min_precedence` (precedence climbing).
    pub fn parse_value_expr(&mut self, min_precedence: u8) -> Result<Expr> {
        let mut left = self.parse_unary()?;
        while let Some((precedence, name, negate)) = self.peek_binary_op() {
            if precedence < min_precedence {
                break;
            }
            self.next_token();
            // Left-associative: the right side binds tighter.
            let right = self.parse_value_expr(precedence + 1)?;
            let call = Expr::call(name, vec![left, right]);
            left = if negate { not(call) } else { call };
        }
        Ok(left)
    }

    /// The binary operator at the cursor: (precedence, function name, negated).
    fn peek_binary_op(&self) -> Option<(u8, &'static str, bool)> {
        let t = self.peek();
        if t.is_keyword("DIV") {
            return Some((7, "div", false));
        }
        if t.kind != TokenKind::Symbol {
            return None;
        }
        Some(match t.text.as_str() {
            "=" | "==" => (1, "==", false),
            "<=>" => (1, "<=>", false),
            "!=" | "<>" => (1, "==", true),
            "<" => (1, "<", false),
            "<=" => (1, "<=", false),
            ">" => (1, ">", false),
            ">=" => (1, ">=", false),
            "|" => (2, "|", false),
            "^" => (3, "^", false),
            "&" => (4, "&", false),
            "<<" => (5, "shiftleft", false),
            ">>" => (5, "shiftright", false),
            ">>>" => (5, "shiftrightunsigned", false),
            "+" => (6, "+", false),
            "-" => (6, "-", false),
            "||" => (6, "concat", false),
            "*" => (7, "*", false),
            "/" => (7, "/", false),
            "%" => (7, "%", false),
            _ => return None,
        })
    }

    fn parse_unary(&mut self) -> Result<Expr> {
        if self.at_symbol("-") {
            self.next_token();
            // Spark's `number` rule takes the sign into the literal: `-2147483648` is an int.
            if self.peek().kind == TokenKind::Number {
                let t = self.next_token();
                let lit = Expr::Literal(parse_number(&t.text, true)?);
                return self.parse_postfix(lit);
            }
            // Spark's `UnaryMinus`, named `(- x)` (`negative(x)` is the function's name).
            return Ok(Expr::call("-", vec![self.parse_unary()?]));
        }
        if self.eat_symbol("+") {
            return Ok(Expr::call("positive", vec![self.parse_unary()?]));
        }
        if self.eat_symbol("~") {
            return Ok(Expr::call("~", vec![self.parse_unary()?]));
        }
        let primary = self.parse_primary()?;
        self.parse_postfix(primary)
    }
}
