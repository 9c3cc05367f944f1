//! Identifiers: plain words or backquoted names, and multi-part names (`db.t`, `` `a.b`.c ``).

use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::lexer::TokenKind;
use crate::parser::Parser;

/// Clause keywords that cannot be a bare column name or an implicit alias; stopping at them is
/// what lets `SELECT a FROM t` and `FROM t WHERE ...` parse. (Spark accepts some of them as
/// identifiers where no other parse exists; Sabot reports a syntax error there instead.)
const RESERVED: &[&str] = &[
    "ALL",
    "AND",
    "ANTI",
    "AS",
    "BETWEEN",
    "BY",
    "CASE",
    "CLUSTER",
    "CROSS",
    "DISTINCT",
    "DISTRIBUTE",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "FROM",
    "FULL",
    "GROUP",
    "HAVING",
    "ILIKE",
    "IN",
    "INNER",
    "INTERSECT",
    "IS",
    "JOIN",
    "LATERAL",
    "LEFT",
    "LIKE",
    "LIMIT",
    "MINUS",
    "NATURAL",
    "NOT",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OVER",
    "PIVOT",
    "QUALIFY",
    "REGEXP",
    "RIGHT",
    "RLIKE",
    "SELECT",
    "SEMI",
    "SORT",
    "TABLESAMPLE",
    "THEN",
    "UNION",
    "UNPIVOT",
    "USING",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// Whether `word` is one of [`RESERVED`].
pub fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

impl Parser<'_> {
    /// Whether the current token can be an identifier.
    pub fn at_identifier(&self) -> bool {
        let t = self.peek();
        match t.kind {
            TokenKind::QuotedIdent => true,
            // `window(...)` and `window.start` (Spark's time window function and its column)
            // are names; the `WINDOW w AS (...)` clause is followed by neither.
            TokenKind::Word if t.text.eq_ignore_ascii_case("WINDOW") => {
                let next = self.peek_at(1);
                next.is_symbol("(") || next.is_symbol(".")
            }
            TokenKind::Word => !is_reserved(&t.text),
            _ => false,
        }
    }

    /// One identifier part, case preserved.
    pub fn parse_identifier(&mut self) -> Result<String> {
        if self.at_identifier() {
            Ok(self.next_token().text)
        } else {
            Err(self.error_here())
        }
    }

    /// Any word or backquoted name, reserved words included (field names in types, `t.select`).
    pub fn parse_any_identifier(&mut self) -> Result<String> {
        match self.peek().kind {
            TokenKind::QuotedIdent | TokenKind::Word => Ok(self.next_token().text),
            _ => Err(self.error_here()),
        }
    }

    /// `a.b.c`: one or more identifiers separated by dots.
    pub fn parse_multipart_name(&mut self) -> Result<Vec<String>> {
        let mut parts = vec![self.parse_identifier()?];
        while self.at_symbol(".") {
            self.next_token();
            parts.push(self.parse_any_identifier()?);
        }
        Ok(parts)
    }

    /// `(a, b, ...)`: a parenthesised identifier list.
    pub fn parse_identifier_list(&mut self) -> Result<Vec<String>> {
        self.expect_symbol("(")?;
        let mut names = vec![self.parse_identifier()?];
        while self.eat_symbol(",") {
            names.push(self.parse_identifier()?);
        }
        self.expect_symbol(")")?;
        Ok(names)
    }
}

/// Splits a multi-part name as Spark's `UnresolvedAttribute.parseAttributeName` does (used for
/// `col("...")`, `df["..."]` and table names): dots separate parts outside backquotes, a
/// doubled backquote escapes one, and everything else (spaces, parentheses) is part of the name,
/// so `count(1)` and `a b` are single names.
pub fn parse_multipart_identifier(name: &str) -> Result<Vec<String>> {
    let error = || attribute_name_error(name);
    let chars: Vec<char> = name.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_backquotes = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if in_backquotes {
            if c == '`' {
                if chars.get(i + 1) == Some(&'`') {
                    current.push('`');
                    i += 1;
                } else {
                    in_backquotes = false;
                    if chars.get(i + 1).is_some_and(|n| *n != '.') {
                        return Err(error());
                    }
                }
            } else {
                current.push(c);
            }
        } else if c == '`' {
            if !current.is_empty() {
                return Err(error());
            }
            in_backquotes = true;
        } else if c == '.' {
            if i == 0 || chars[i - 1] == '.' || i == chars.len() - 1 {
                return Err(error());
            }
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
        i += 1;
    }
    if in_backquotes {
        return Err(error());
    }
    parts.push(current);
    Ok(parts)
}

/// `INVALID_ATTRIBUTE_NAME_SYNTAX`.
fn attribute_name_error(name: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Parse,
        "INVALID_ATTRIBUTE_NAME_SYNTAX",
        "42601",
        format!("Syntax error in the attribute name: {name}. Check that backticks appear in pairs, a quoted string is a complete name part and use a backtick only inside quoted name parts."),
    )
    .param("name", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_unquotes() {
        assert_eq!(parse_multipart_identifier("a.b").unwrap(), ["a", "b"]);
        assert_eq!(parse_multipart_identifier("`a.b`.c").unwrap(), ["a.b", "c"]);
        assert_eq!(parse_multipart_identifier("`x``y`").unwrap(), ["x`y"]);
        assert_eq!(
            parse_multipart_identifier("db.`select`").unwrap(),
            ["db", "select"]
        );
        // Spark keeps anything but dots and backquotes in the part.
        assert_eq!(
            parse_multipart_identifier("count(1)").unwrap(),
            ["count(1)"]
        );
        assert_eq!(parse_multipart_identifier("a b").unwrap(), ["a b"]);
    }

    #[test]
    fn rejects_malformed_names() {
        for bad in ["a.", ".a", "a..b", "`a", "`a`b", "x`a`"] {
            let e = parse_multipart_identifier(bad).unwrap_err();
            assert_eq!(
                e.error_class.as_deref(),
                Some("INVALID_ATTRIBUTE_NAME_SYNTAX"),
                "{bad}"
            );
        }
        let e = parse_multipart_identifier("a.").unwrap_err();
        assert_eq!(
            e.display_message(),
            "[INVALID_ATTRIBUTE_NAME_SYNTAX] Syntax error in the attribute name: a.. Check that backticks appear in pairs, a quoted string is a complete name part and use a backtick only inside quoted name parts. SQLSTATE: 42601"
        );
    }
}
