//! [`Parser`]: a cursor over the tokens of one input, with the small helpers every grammar
//! module uses (keywords, symbols, Spark-style syntax errors) and parameter binding.

use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};

use crate::Params;
use crate::error::{syntax_error, unbound_parameter};
use crate::lexer::{Token, TokenKind, tokenize};

/// The keywords a query can start with.
pub const QUERY_START: &[&str] = &["SELECT", "WITH", "VALUES", "FROM", "TABLE"];

/// A recursive-descent parser over Spark SQL tokens. Grammar rules live in the other modules as
/// `impl Parser` blocks.
pub struct Parser<'a> {
    tokens: Vec<Token>,
    pos: usize,
    params: Option<&'a Params>,
    /// The next `?` marker's index into `params.positional`.
    next_positional: usize,
    /// The common table expressions in scope, innermost last (see `query.rs`).
    pub(crate) ctes: Vec<(String, sabot_common::spec::Plan)>,
    /// How many references to a recursive CTE's own name were read (see `recursive_cte.rs`).
    pub(crate) recursive_refs: usize,
}

impl<'a> Parser<'a> {
    /// A parser over `sql`; `params` binds `:name` and `?` markers (none bound when `None`).
    pub fn new(sql: &str, params: Option<&'a Params>) -> Result<Self> {
        Ok(Self {
            tokens: tokenize(sql)?,
            pos: 0,
            params,
            next_positional: 0,
            ctes: Vec::new(),
            recursive_refs: 0,
        })
    }

    /// The current token (the `Eof` token at the end).
    pub fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    /// The token `n` positions ahead.
    pub fn peek_at(&self, n: usize) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + n).min(last)]
    }

    /// Consumes and returns the current token.
    pub fn next_token(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    pub fn at_eof(&self) -> bool {
        self.peek().kind == TokenKind::Eof
    }

    pub fn at_keyword(&self, kw: &str) -> bool {
        self.peek().is_keyword(kw)
    }

    /// Whether the next tokens are the keywords `kws`, in order.
    pub fn at_keywords(&self, kws: &[&str]) -> bool {
        kws.iter()
            .enumerate()
            .all(|(i, kw)| self.peek_at(i).is_keyword(kw))
    }

    pub fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.at_keyword(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes the keywords `kws` if all of them come next.
    pub fn eat_keywords(&mut self, kws: &[&str]) -> bool {
        if self.at_keywords(kws) {
            self.pos += kws.len();
            true
        } else {
            false
        }
    }

    pub fn expect_keyword(&mut self, kw: &str) -> Result<()> {
        if self.eat_keyword(kw) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    /// Whether a query starts here (after a `(`: a subquery rather than an expression).
    pub fn at_query_start(&self) -> bool {
        QUERY_START.iter().any(|k| self.at_keyword(k))
    }

    pub fn at_symbol(&self, s: &str) -> bool {
        self.peek().is_symbol(s)
    }

    pub fn eat_symbol(&mut self, s: &str) -> bool {
        if self.at_symbol(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn expect_symbol(&mut self, s: &str) -> Result<()> {
        if self.eat_symbol(s) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    /// Expects `>` where a type's angle bracket closes, splitting a `>>`/`>>>` token as
    /// `array<array<int>>` needs.
    pub fn expect_closing_angle(&mut self) -> Result<()> {
        let t = self.peek();
        if t.kind == TokenKind::Symbol && t.text.starts_with('>') && t.text.len() > 1 {
            if let Some(tok) = self.tokens.get_mut(self.pos) {
                tok.text.remove(0);
                tok.raw = tok.text.clone();
                tok.start += 1;
            }
            return Ok(());
        }
        self.expect_symbol(">")
    }

    /// The cursor (a token index), for [`Self::text_since`].
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// The text of the tokens from `start` up to the cursor, spaced as written (for Spark's
    /// names of expressions it prints from SQL text, such as `WITHIN GROUP`).
    pub(crate) fn text_since(&self, start: usize) -> String {
        let mut out = String::new();
        for (i, t) in self.tokens[start.min(self.pos)..self.pos]
            .iter()
            .enumerate()
        {
            if i > 0 && t.space_before {
                out.push(' ');
            }
            out.push_str(&t.raw);
        }
        out
    }

    /// `PARSE_SYNTAX_ERROR` at the current token.
    pub fn error_here(&self) -> SparkError {
        let t = self.peek();
        if t.kind == TokenKind::Eof {
            syntax_error(None, "")
        } else {
            syntax_error(Some(&t.raw), "")
        }
    }

    /// Requires the end of the input (after optional `;`s); leftover input is Spark's
    /// "extra input" syntax error.
    pub fn expect_end(&mut self) -> Result<()> {
        while self.eat_symbol(";") {}
        if self.at_eof() {
            return Ok(());
        }
        let raw = self.peek().raw.clone();
        Err(syntax_error(Some(&raw), &format!(": extra input '{raw}'")))
    }

    /// The value bound to the named marker `:name`.
    pub fn named_parameter(&self, name: &str) -> Result<Expr> {
        self.params
            .and_then(|p| p.named.get(name))
            .cloned()
            .ok_or_else(|| unbound_parameter(name))
    }

    /// The value bound to the next `?` marker, which starts at byte `offset` of the text.
    pub fn positional_parameter(&mut self, offset: usize) -> Result<Expr> {
        let index = self.next_positional;
        self.next_positional += 1;
        self.params
            .and_then(|p| p.positional.get(index))
            .cloned()
            // Spark names a positional marker after its offset in the text (`_7`).
            .ok_or_else(|| unbound_parameter(&format!("_{offset}")))
    }
}
