//! Statements: queries, `EXPLAIN`, and the configuration commands `SET` / `RESET`, which are
//! recognised on the raw text first because their values are free-form (Spark's
//! `SparkSqlAstBuilder.visitSetConfiguration` also reads them as raw text).

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{ExplainMode, Statement};
use sabot_common::{Result, SparkError};

use crate::Params;
use crate::parser::Parser;

/// The session time zone key `SET TIME ZONE` sets.
const TIME_ZONE_KEY: &str = "spark.sql.session.timeZone";

/// Statements Sabot recognises but does not support yet, by first keyword.
const COMMAND_KEYWORDS: &[&str] = &[
    "ADD", "ALTER", "ANALYZE", "BEGIN", "CACHE", "CALL", "CLEAR", "COMMENT", "COMMIT", "CREATE",
    "DECLARE", "DELETE", "DESC", "DESCRIBE", "DROP", "EXECUTE", "INSERT", "LIST", "LOAD", "MERGE",
    "MSCK", "REFRESH", "REPAIR", "REPLACE", "ROLLBACK", "SHOW", "TRUNCATE", "UNCACHE", "UPDATE",
    "USE",
];

/// Parses one statement.
pub fn parse_statement(sql: &str, params: &Params) -> Result<Statement> {
    if let Some((word, rest)) = leading_word(sql) {
        if word.eq_ignore_ascii_case("SET") {
            return parse_set(rest, params);
        }
        if word.eq_ignore_ascii_case("RESET") {
            let key = strip_terminator(rest);
            return Ok(Statement::ResetConfig {
                key: (!key.is_empty()).then(|| unquote(key)),
            });
        }
    }
    let mut parser = Parser::new(sql, Some(params))?;
    if parser.at_eof() {
        return Err(SparkError::with_class(
            ExceptionKind::Parse,
            "PARSE_EMPTY_STATEMENT",
            "42617",
            "Syntax error, unexpected empty statement.",
        ));
    }
    let statement = if parser.eat_keyword("EXPLAIN") {
        let mode = explain_mode(&mut parser)?;
        if !at_query(&parser) {
            return Err(SparkError::unsupported(
                "EXPLAIN of a statement that is not a query",
            ));
        }
        Statement::Explain {
            plan: parser.parse_query()?,
            mode,
        }
    } else if at_query(&parser) {
        Statement::Query(parser.parse_query()?)
    // grammar area: session variables (see `variables.rs`).
    } else if parser.eat_keyword("DECLARE") {
        parser.parse_declare()?
    } else if parser.at_keywords(&["DROP", "TEMPORARY", "VARIABLE"])
        || parser.at_keywords(&["DROP", "TEMPORARY", "VAR"])
    {
        parser.next_token();
        parser.parse_drop_variable()?
    } else if let Some(statement) = parser.parse_catalog_statement(sql)? {
        // catalog: statements over databases, tables and views (ddl.rs, show.rs).
        statement
    } else if let Some(kw) = COMMAND_KEYWORDS.iter().find(|k| parser.at_keyword(k)) {
        return Err(SparkError::unsupported(format!("{kw} statements")));
    } else {
        return Err(parser.error_here());
    };
    parser.expect_end()?;
    Ok(statement)
}

fn at_query(parser: &Parser<'_>) -> bool {
    ["SELECT", "VALUES", "TABLE", "WITH", "FROM"]
        .iter()
        .any(|k| parser.at_keyword(k))
        || parser.at_symbol("(")
}

fn explain_mode(parser: &mut Parser<'_>) -> Result<ExplainMode> {
    Ok(if parser.eat_keyword("EXTENDED") {
        ExplainMode::Extended
    } else if parser.eat_keyword("CODEGEN") {
        ExplainMode::Codegen
    } else if parser.eat_keyword("COST") {
        ExplainMode::Cost
    } else if parser.eat_keyword("FORMATTED") {
        ExplainMode::Formatted
    } else if parser.at_keyword("LOGICAL") {
        return Err(SparkError::unsupported("EXPLAIN LOGICAL"));
    } else {
        ExplainMode::Simple
    })
}

/// The first word of `sql` after whitespace and comments, and the text after it.
fn leading_word(sql: &str) -> Option<(&str, &str)> {
    let mut s = sql;
    loop {
        s = s.trim_start();
        if let Some(rest) = s.strip_prefix("--") {
            s = rest.find('\n').map_or("", |p| &rest[p + 1..]);
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.find("*/").map(|p| &rest[p + 2..])?;
        } else {
            break;
        }
    }
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| (&s[..end], &s[end..]))
}

/// Trims whitespace and trailing `;`s.
fn strip_terminator(s: &str) -> &str {
    s.trim().trim_end_matches(';').trim_end()
}

/// Removes one pair of surrounding backquotes (`` `a.b` `` -> `a.b`), undoubling inner ones.
fn unquote(s: &str) -> String {
    match s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        Some(inner) if !inner.is_empty() => inner.replace("``", "`"),
        _ => s.to_string(),
    }
}

/// `INVALID_SET_SYNTAX`.
pub(crate) fn invalid_set_syntax() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Parse,
        "INVALID_SET_SYNTAX",
        "42000",
        "Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`.",
    )
}

/// The text after `SET`.
fn parse_set(rest: &str, params: &Params) -> Result<Statement> {
    let body = strip_terminator(rest);
    if body.is_empty() {
        return Ok(Statement::ShowAllConfigs);
    }
    if body == "-v" {
        return Err(SparkError::unsupported("SET -v"));
    }
    if let Some((word, after)) = leading_word(body) {
        let upper = word.to_ascii_uppercase();
        if upper == "TIME" {
            return parse_set_time_zone(after);
        }
        if (upper == "VAR" || upper == "VARIABLE") && !after.trim_start().starts_with('=') {
            return crate::variables::parse_set_variable(after, params);
        }
        if upper == "CATALOG" && !after.trim_start().starts_with('=') && !after.trim().is_empty() {
            return Err(SparkError::unsupported("SET CATALOG"));
        }
    }
    let Some((key, value)) = split_assignment(body) else {
        let key = unquote(body);
        if key.contains(char::is_whitespace) && !body.starts_with('`') {
            return Err(invalid_set_syntax());
        }
        return Ok(Statement::ShowConfig { key });
    };
    let key_text = key.trim();
    if key_text.is_empty() || (key_text.contains(char::is_whitespace) && !key_text.starts_with('`'))
    {
        return Err(invalid_set_syntax());
    }
    Ok(Statement::SetConfig {
        key: unquote(key_text),
        value: unquote(value.trim()),
    })
}

/// Splits `key = value` at the first `=` outside backquotes.
fn split_assignment(body: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in body.char_indices() {
        match c {
            '`' => quoted = !quoted,
            '=' if !quoted => return Some((&body[..i], &body[i + 1..])),
            _ => {}
        }
    }
    None
}

/// `SET TIME ZONE 'zone'` (the text after `TIME`).
fn parse_set_time_zone(after_time: &str) -> Result<Statement> {
    let Some((zone_kw, value)) = leading_word(after_time) else {
        return Err(invalid_set_syntax());
    };
    if !zone_kw.eq_ignore_ascii_case("ZONE") {
        return Err(invalid_set_syntax());
    }
    let value = value.trim();
    let mut parser = Parser::new(value, None)?;
    let token = parser.next_token();
    if token.kind == crate::lexer::TokenKind::String {
        parser.expect_end()?;
        return Ok(Statement::SetConfig {
            key: TIME_ZONE_KEY.to_string(),
            value: token.text,
        });
    }
    Err(SparkError::unsupported(format!("SET TIME ZONE {value}")))
}
