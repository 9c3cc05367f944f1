//! `expr:path` semi-structured extraction (Spark's `semiStructuredExtract` rule): `v:a.b[0]`,
//! `v:['a b']`, `v:a::int`. It reads as the registry's `:` entry (`variant_get(v, '$.a.b[0]')` of a
//! variant column) named after the last key
//! (`b`); a `::type` cast right after it keeps that name, as Spark's column names show.

use sabot_common::Result;
use sabot_common::spec::{Expr, Literal};

use crate::lexer::TokenKind;
use crate::parser::Parser;

impl Parser<'_> {
    /// Whether `:` starts a path here (a key, a backquoted key or a bracket follows).
    pub(crate) fn at_semi_structured(&self) -> bool {
        self.at_symbol(":")
            && matches!(
                self.peek_at(1).kind,
                TokenKind::Word | TokenKind::QuotedIdent
            )
            || (self.at_symbol(":") && self.peek_at(1).is_symbol("["))
    }

    /// Parses `:path[::type]` after `base`.
    pub(crate) fn parse_semi_structured(&mut self, base: Expr) -> Result<Expr> {
        self.expect_symbol(":")?;
        let mut path = String::from("$");
        let mut name: Option<String> = None;
        let mut first = true;
        loop {
            let t = self.peek().clone();
            if (first && matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
                || (!first && self.at_symbol(".") && {
                    matches!(
                        self.peek_at(1).kind,
                        TokenKind::Word | TokenKind::QuotedIdent
                    )
                })
            {
                if !first {
                    self.next_token();
                }
                let key = self.parse_any_identifier()?;
                path.push_str(&bracket_key(&key));
                name = Some(key);
            } else if self.at_symbol("[") {
                let inner = self.peek_at(1).clone();
                if inner.kind == TokenKind::String && self.peek_at(2).is_symbol("]") {
                    self.next_token();
                    self.next_token();
                    self.next_token();
                    path.push_str(&bracket_key(&inner.text));
                    name = Some(inner.text);
                } else if inner.kind == TokenKind::Number
                    && inner.text.bytes().all(|c| c.is_ascii_digit())
                    && self.peek_at(2).is_symbol("]")
                {
                    self.next_token();
                    self.next_token();
                    self.next_token();
                    path.push_str(&format!("[{}]", inner.text));
                } else {
                    return Err(self.error_here());
                }
            } else {
                break;
            }
            first = false;
        }
        let get = Expr::Function {
            name: ":".into(),
            args: vec![base, Expr::Literal(Literal::String(path.clone()))],
            distinct: false,
            filter: None,
        };
        let inner = if self.eat_symbol("::") {
            Expr::Cast {
                expr: Box::new(get),
                data_type: self.parse_data_type()?,
                mode: sabot_common::spec::CastMode::Default,
            }
        } else {
            get
        };
        // Without a key (`v:[0]`) Spark names the column after the call itself.
        Ok(match name {
            Some(n) => Expr::Alias {
                expr: Box::new(inner),
                names: vec![n],
                metadata: None,
            },
            None => inner,
        })
    }
}

/// A key as a bracketed path segment (quotes chosen so the key needs no escaping).
fn bracket_key(key: &str) -> String {
    if key.contains('\'') {
        format!("[\"{key}\"]")
    } else {
        format!("['{key}']")
    }
}

#[cfg(test)]
mod tests {
    use sabot_common::spec::{Expr, Literal};

    fn path_and_name(sql: &str) -> (String, String) {
        let e = crate::parse_expression(sql).unwrap();
        let (mut inner, names) = match e {
            Expr::Alias { expr, names, .. } => (*expr, names),
            other => (other, vec![String::new()]),
        };
        if let Expr::Cast { expr, .. } = inner {
            inner = *expr;
        }
        let Expr::Function { name, args, .. } = inner else {
            panic!("not a call");
        };
        assert_eq!(name, ":");
        let Expr::Literal(Literal::String(p)) = &args[1] else {
            panic!("no path");
        };
        (p.clone(), names[0].clone())
    }

    #[test]
    fn colon_paths() {
        assert_eq!(
            path_and_name("v:a.b[0]"),
            ("$['a']['b'][0]".into(), "b".into())
        );
        assert_eq!(
            path_and_name("v:['x y']"),
            ("$['x y']".into(), "x y".into())
        );
        assert_eq!(path_and_name("v:a::int"), ("$['a']".into(), "a".into()));
        assert_eq!(path_and_name("v:[0][1]"), ("$[0][1]".into(), String::new()));
    }
}
