//! Function calls (Spark's `functionCall` and the special-syntax functions): `f(a, b)`,
//! `f(DISTINCT a)`, `count(*)`, `FILTER (WHERE ...)`, `IGNORE NULLS`, `OVER (...)`,
//! `EXTRACT(f FROM x)`, `POSITION(a IN b)`, `SUBSTRING(x FROM a FOR b)`, `STRUCT(a AS x)`.

use sabot_common::spec::{Expr, Literal};
use sabot_common::{Result, SparkError};

use crate::parser::Parser;

/// Functions that take an "ignore nulls" flag as their second argument.
const IGNORE_NULLS_FUNCTIONS: &[&str] =
    &["first", "last", "any_value", "first_value", "last_value"];

/// Window functions taking `IGNORE NULLS` after their arguments (Spark's `Lag`, `Lead`,
/// `NthValue`).
const WINDOW_IGNORE_NULLS_FUNCTIONS: &[&str] = &["lag", "lead", "nth_value"];

impl Parser<'_> {
    /// `name(args) [FILTER (WHERE cond)] [IGNORE|RESPECT NULLS] [OVER window]`.
    pub fn parse_function_call(&mut self) -> Result<Expr> {
        let name = self.parse_any_identifier()?;
        self.expect_symbol("(")?;
        let args_start = self.position();
        let lower = name.to_ascii_lowercase();
        if let Some(special) = self.parse_special_call(&lower)? {
            return self.parse_postfix(special);
        }
        let mut distinct = false;
        if self.eat_keyword("DISTINCT") {
            distinct = true;
        } else {
            self.eat_keyword("ALL");
        }
        let mut args = Vec::new();
        let mut ignore_nulls = false;
        if !self.at_symbol(")") {
            loop {
                if self.peek_at(1).is_symbol("=>") {
                    let key = self.parse_identifier()?;
                    self.expect_symbol("=>")?;
                    args.push(Expr::NamedArgument {
                        key,
                        value: Box::new(self.parse_expr()?),
                    });
                    if !self.eat_symbol(",") {
                        break;
                    }
                    continue;
                }
                // `struct(a AS x)` names its fields; other functions take plain arguments.
                args.push(if lower == "struct" {
                    self.parse_named_expr()?
                } else {
                    self.parse_expr()?
                });
                if !self.eat_symbol(",") {
                    break;
                }
            }
            if IGNORE_NULLS_FUNCTIONS.contains(&lower.as_str()) {
                ignore_nulls = self.parse_nulls_option()?;
            }
        }
        let args_text = self.text_since(args_start);
        self.expect_symbol(")")?;
        // Spark reads `count(*)` as `count(1)`.
        if lower == "count"
            && !distinct
            && matches!(args.as_slice(), [Expr::Star { target: None, .. }])
        {
            args = vec![Expr::Literal(Literal::Integer(1))];
        }
        // grammar area: `WITHIN GROUP (ORDER BY ...)` (see `within_group.rs`).
        if self.at_keywords(&["WITHIN", "GROUP"]) {
            return self.parse_within_group(&lower, args, &args_text, distinct);
        }
        if lower == "percentile_cont" || lower == "percentile_disc" {
            return Err(crate::within_group::within_group_missing(&lower));
        }
        let filter = if self.eat_keyword("FILTER") {
            self.expect_symbol("(")?;
            self.expect_keyword("WHERE")?;
            let cond = self.parse_expr()?;
            self.expect_symbol(")")?;
            Some(Box::new(cond))
        } else {
            None
        };
        if self.parse_nulls_option()? {
            if !IGNORE_NULLS_FUNCTIONS.contains(&lower.as_str())
                && !WINDOW_IGNORE_NULLS_FUNCTIONS.contains(&lower.as_str())
            {
                return Err(SparkError::unsupported(format!("IGNORE NULLS for {name}")));
            }
            ignore_nulls = true;
        }
        if ignore_nulls && WINDOW_IGNORE_NULLS_FUNCTIONS.contains(&lower.as_str()) {
            // `lag(x[, offset[, default]]) IGNORE NULLS`: the flag is the 4th argument (the 3rd
            // of `nth_value(x, n)`), after Spark's defaults.
            let full = if lower == "nth_value" { 2 } else { 3 };
            if args.len() < 2 && full == 3 {
                args.push(Expr::Literal(Literal::Integer(1)));
            }
            if args.len() < 3 && full == 3 {
                args.push(Expr::Literal(Literal::Null(
                    sabot_common::spec::DataType::Null,
                )));
            }
            args.push(Expr::Literal(Literal::Boolean(true)));
        } else if ignore_nulls {
            if args.len() != 1 {
                return Err(SparkError::unsupported(format!(
                    "IGNORE NULLS with {} arguments of {name}",
                    args.len()
                )));
            }
            args.push(Expr::Literal(Literal::Boolean(true)));
        }
        let call = Expr::Function {
            name,
            args,
            distinct,
            filter,
        };
        if self.eat_keyword("OVER") {
            return self.parse_window(call);
        }
        Ok(call)
    }

    /// `IGNORE NULLS` (true) / `RESPECT NULLS` (false, the default) / nothing (false).
    fn parse_nulls_option(&mut self) -> Result<bool> {
        if self.eat_keywords(&["IGNORE", "NULLS"]) {
            return Ok(true);
        }
        self.eat_keywords(&["RESPECT", "NULLS"]);
        Ok(false)
    }

    /// Functions with keyword syntax inside their parentheses; `None` when the call is an
    /// ordinary one (the cursor is then just after `(`).
    fn parse_special_call(&mut self, name: &str) -> Result<Option<Expr>> {
        match name {
            "extract" if self.peek_at(1).is_keyword("FROM") => {
                let field = self.parse_any_identifier()?;
                self.expect_keyword("FROM")?;
                let source = self.parse_expr()?;
                self.expect_symbol(")")?;
                Ok(Some(Expr::call(
                    "extract",
                    vec![Expr::Literal(Literal::String(field)), source],
                )))
            }
            "position" => {
                let save = self.parse_value_expr(0)?;
                if !self.eat_keyword("IN") {
                    // `position(substr, str[, pos])`: an ordinary call.
                    let mut args = vec![save];
                    while self.eat_symbol(",") {
                        args.push(self.parse_expr()?);
                    }
                    self.expect_symbol(")")?;
                    return Ok(Some(Expr::call("position", args)));
                }
                let haystack = self.parse_value_expr(0)?;
                self.expect_symbol(")")?;
                Ok(Some(Expr::call("position", vec![save, haystack])))
            }
            "substring" | "substr" => {
                let s = self.parse_expr()?;
                if !self.eat_keyword("FROM") {
                    let mut args = vec![s];
                    while self.eat_symbol(",") {
                        args.push(self.parse_expr()?);
                    }
                    self.expect_symbol(")")?;
                    return Ok(Some(Expr::call(name, args)));
                }
                let mut args = vec![s, self.parse_value_expr(0)?];
                if self.eat_keyword("FOR") {
                    args.push(self.parse_value_expr(0)?);
                }
                self.expect_symbol(")")?;
                Ok(Some(Expr::call(name, args)))
            }
            // grammar area: `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)` is
            // `trim`/`ltrim`/`rtrim(s[, chars])` (Spark's `AstBuilder.visitTrim`).
            "trim" => {
                let no_option = !(self.at_keyword("LEADING")
                    || self.at_keyword("TRAILING")
                    || self.at_keyword("BOTH"));
                let function = if self.eat_keyword("LEADING") {
                    "ltrim"
                } else if self.eat_keyword("TRAILING") {
                    "rtrim"
                } else {
                    self.eat_keyword("BOTH");
                    "trim"
                };
                // Spark reads `FROM 'x'` right after `trim(` as a typed literal of type FROM.
                if no_option
                    && self.at_keyword("FROM")
                    && self.peek_at(1).kind == crate::lexer::TokenKind::String
                {
                    return Err(crate::error::unsupported_typed_literal("FROM"));
                }
                if self.eat_keyword("FROM") {
                    let source = self.parse_expr()?;
                    self.expect_symbol(")")?;
                    return Ok(Some(Expr::call(function, vec![source])));
                }
                let first = self.parse_expr()?;
                if self.eat_keyword("FROM") {
                    let source = self.parse_expr()?;
                    self.expect_symbol(")")?;
                    // Spark's `trim(trimStr, srcStr)` argument order.
                    return Ok(Some(Expr::call(function, vec![first, source])));
                }
                if function != "trim" {
                    return Err(self.error_here());
                }
                let mut args = vec![first];
                while self.eat_symbol(",") {
                    args.push(self.parse_expr()?);
                }
                self.expect_symbol(")")?;
                Ok(Some(Expr::call(name, args)))
            }
            "overlay" => {
                let first = self.parse_expr()?;
                // grammar area: `OVERLAY(s PLACING r FROM pos [FOR len])` is
                // `overlay(s, r, pos[, len])` (Spark's `AstBuilder.visitOverlay`).
                if self.eat_keyword("PLACING") {
                    let mut args = vec![first, self.parse_value_expr(0)?];
                    self.expect_keyword("FROM")?;
                    args.push(self.parse_value_expr(0)?);
                    if self.eat_keyword("FOR") {
                        args.push(self.parse_value_expr(0)?);
                    }
                    self.expect_symbol(")")?;
                    return Ok(Some(Expr::call(name, args)));
                }
                let mut args = vec![first];
                while self.eat_symbol(",") {
                    args.push(self.parse_expr()?);
                }
                self.expect_symbol(")")?;
                Ok(Some(Expr::call(name, args)))
            }
            "timestampadd" | "timestampdiff" | "dateadd" | "date_add" | "datediff"
            | "date_diff"
                if self.peek_at(1).is_symbol(",") && self.at_identifier_unit() =>
            {
                // Spark's grammar: the unit keyword becomes a string argument of
                // `timestampadd` / `timestampdiff`, whichever spelling was used.
                let unit = self.parse_any_identifier()?.to_ascii_uppercase();
                let mut args = vec![Expr::Literal(Literal::String(unit))];
                while self.eat_symbol(",") {
                    args.push(self.parse_expr()?);
                }
                self.expect_symbol(")")?;
                let canonical = if matches!(name, "timestampadd" | "dateadd" | "date_add") {
                    "timestampadd"
                } else {
                    "timestampdiff"
                };
                Ok(Some(Expr::call(canonical, args)))
            }
            "timestampadd" | "timestampdiff"
                if self.peek().kind == crate::lexer::TokenKind::String
                    && self.peek_at(1).is_symbol(",") =>
            {
                // Spark's grammar takes a quoted unit only to reject it.
                let unit = self.peek().text.clone();
                Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Parse,
                    "INVALID_PARAMETER_VALUE.DATETIME_UNIT",
                    "22023",
                    format!(
                        "The value of parameter(s) `unit` in `{name}` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '{unit}'."
                    ),
                )
                .param("parameter", "`unit`")
                .param("functionName", format!("`{name}`"))
                .param("invalidValue", format!("'{unit}'")))
            }
            _ => Ok(None),
        }
    }

    /// Whether the cursor is at a bare datetime unit (`timestampadd(DAY, ...)`).
    fn at_identifier_unit(&self) -> bool {
        let t = self.peek();
        t.kind == crate::lexer::TokenKind::Word
            && [
                "YEAR",
                "QUARTER",
                "MONTH",
                "WEEK",
                "DAY",
                "DAYOFYEAR",
                "HOUR",
                "MINUTE",
                "SECOND",
                "MILLISECOND",
                "MICROSECOND",
            ]
            .iter()
            .any(|u| t.text.eq_ignore_ascii_case(u))
    }
}
