//! Tokenizer for Spark SQL text, following the token rules of Spark's `SqlBaseLexer.g4`:
//! typed numeric literals (`1L`, `1.5BD`), `'..'`/`".."` strings with backslash escapes,
//! backquoted identifiers, nested block comments.

use sabot_common::Result;

use crate::error::syntax_error;
use crate::literal::unescape_string;

/// The kind of a token.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// An unquoted word: an identifier or keyword (`text` as written).
    Word,
    /// A backquoted identifier (`text` unescaped).
    QuotedIdent,
    /// A string literal (`text` unescaped).
    String,
    /// A numeric literal (`text` as written, including any type suffix).
    Number,
    /// An operator or punctuation (`text` is the symbol).
    Symbol,
    /// The end of the input.
    Eof,
}

/// A token with its text and byte offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub text: String,
    /// The text as written in the input (for error messages).
    pub raw: String,
    pub start: usize,
    /// Whether whitespace or a comment precedes this token.
    pub space_before: bool,
}

impl Token {
    /// Whether this is the keyword `kw` (case-insensitive; `kw` is upper case).
    pub fn is_keyword(&self, kw: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(kw)
    }

    /// Whether this is the symbol `s`.
    pub fn is_symbol(&self, s: &str) -> bool {
        self.kind == TokenKind::Symbol && self.text == s
    }
}

/// Symbols, longest first so that the longest match wins.
const SYMBOLS: &[&str] = &[
    "<=>", ">>>", "==", "!=", "<>", "<=", ">=", "||", "::", "->", "=>", "<<", ">>", "(", ")", "[",
    "]", ",", ".", "*", "+", "-", "/", "%", "=", "<", ">", "&", "|", "^", "~", "!", ":", "?", ";",
    "{", "}",
];

/// Splits `sql` into tokens, ending with an `Eof` token.
pub fn tokenize(sql: &str) -> Result<Vec<Token>> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut space_before = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            space_before = true;
            continue;
        }
        if sql[i..].starts_with("--") {
            i = sql[i..].find('\n').map_or(bytes.len(), |p| i + p + 1);
            space_before = true;
            continue;
        }
        // grammar area: a hint (`SELECT /*+ ... */`) is tokens between `/*+` and `*/`
        // (Spark's HINT_START); elsewhere `/*+ */` is a comment.
        if sql[i..].starts_with("/*+")
            && tokens
                .last()
                .is_some_and(|t: &Token| t.is_keyword("SELECT"))
        {
            i = push_hint_tokens(sql, i, &mut tokens)?;
            space_before = true;
            continue;
        }
        if sql[i..].starts_with("/*") {
            i = skip_block_comment(sql, i)?;
            space_before = true;
            continue;
        }
        let start = i;
        let (kind, text, end) = if c == b'\'' || c == b'"' {
            let end = scan_quoted(sql, i, c)?;
            let inner = &sql[i + 1..end - 1];
            (TokenKind::String, unescape_string(inner, c as char), end)
        } else if (c == b'r' || c == b'R') && matches!(bytes.get(i + 1), Some(b'\'') | Some(b'"')) {
            // Raw string `r'...'`: no escape processing.
            let q = bytes[i + 1];
            let end = scan_quoted(sql, i + 1, q)?;
            (TokenKind::String, sql[i + 2..end - 1].to_string(), end)
        } else if c == b'`' {
            let (text, end) = scan_backquoted(sql, i)?;
            (TokenKind::QuotedIdent, text, end)
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let num_end = scan_number(bytes, i);
            let word_end = scan_word(sql, i);
            // The lexer takes the longest match; a number wins a tie (rule order in Spark).
            if word_end > num_end {
                (TokenKind::Word, sql[i..word_end].to_string(), word_end)
            } else {
                (TokenKind::Number, sql[i..num_end].to_string(), num_end)
            }
        } else if is_word_char(sql, i) {
            let end = scan_word(sql, i);
            (TokenKind::Word, sql[i..end].to_string(), end)
        } else if let Some(sym) = SYMBOLS.iter().find(|s| sql[i..].starts_with(**s)) {
            (TokenKind::Symbol, (*sym).to_string(), i + sym.len())
        } else {
            let ch = sql[i..]
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            return Err(syntax_error(Some(&ch), ""));
        };
        tokens.push(Token {
            kind,
            text,
            raw: sql[start..end].to_string(),
            start,
            space_before,
        });
        space_before = false;
        i = end;
    }
    tokens.push(Token {
        kind: TokenKind::Eof,
        text: String::new(),
        raw: String::new(),
        start: sql.len(),
        space_before,
    });
    Ok(tokens)
}

/// Letters (any alphabetic Unicode character), digits and `_` form words, as in Spark's lexer.
fn is_word_char(sql: &str, i: usize) -> bool {
    sql[i..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
}

fn scan_word(sql: &str, start: usize) -> usize {
    sql[start..]
        .char_indices()
        .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
        .map_or(sql.len(), |(p, _)| start + p)
}

/// The end of the longest numeric literal at `start` (Spark's INTEGER_VALUE, DECIMAL_VALUE,
/// EXPONENT_VALUE and the `L`/`S`/`Y`/`F`/`D`/`BD` suffixed forms).
fn scan_number(b: &[u8], start: usize) -> usize {
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits(start);
    let int_digits = i > start;
    let mut decimal = false;
    if i < b.len() && b[i] == b'.' {
        let after = digits(i + 1);
        if int_digits || after > i + 1 {
            decimal = true;
            i = after;
        }
    }
    // Exponent: E[+-]digits.
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let k = digits(j);
        if k > j {
            i = k;
            decimal = true;
        }
    }
    let upper = |j: usize| b.get(j).map(u8::to_ascii_uppercase);
    match upper(i) {
        Some(b'B') if upper(i + 1) == Some(b'D') => i + 2,
        Some(b'F') | Some(b'D') => i + 1,
        Some(b'L') | Some(b'S') | Some(b'Y') if !decimal => i + 1,
        _ => i,
    }
}

/// The end (exclusive) of a quoted string starting at `start`; a backslash escapes the next
/// character and a doubled quote stands for one quote.
fn scan_quoted(sql: &str, start: usize, quote: u8) -> Result<usize> {
    let b = sql.as_bytes();
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
        } else if b[i] == quote {
            if b.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return Ok(i + 1);
            }
        } else {
            i += 1;
        }
    }
    Err(syntax_error(Some(&(quote as char).to_string()), ""))
}

fn scan_backquoted(sql: &str, start: usize) -> Result<(String, usize)> {
    let b = sql.as_bytes();
    let mut text = String::new();
    let mut i = start + 1;
    let mut seg = i;
    while i < b.len() {
        if b[i] == b'`' {
            text.push_str(&sql[seg..i]);
            if b.get(i + 1) == Some(&b'`') {
                text.push('`');
                i += 2;
                seg = i;
            } else {
                return Ok((text, i + 1));
            }
        } else {
            i += 1;
        }
    }
    Err(syntax_error(Some("`"), ""))
}

/// Pushes `/*+`, the tokens of the hint text, and `*/`; returns the offset after the hint.
fn push_hint_tokens(sql: &str, start: usize, tokens: &mut Vec<Token>) -> Result<usize> {
    let body_start = start + 3;
    let Some(len) = sql[body_start..].find("*/") else {
        return Err(syntax_error(None, ""));
    };
    let body_end = body_start + len;
    let symbol = |text: &str, at: usize| Token {
        kind: TokenKind::Symbol,
        text: text.to_string(),
        raw: text.to_string(),
        start: at,
        space_before: true,
    };
    tokens.push(symbol("/*+", start));
    for mut t in tokenize(&sql[body_start..body_end])? {
        if t.kind != TokenKind::Eof {
            t.start += body_start;
            tokens.push(t);
        }
    }
    tokens.push(symbol("*/", body_end));
    Ok(body_end + 2)
}

/// Spark's block comments nest (`/* /* */ */`).
fn skip_block_comment(sql: &str, start: usize) -> Result<usize> {
    let mut depth = 0;
    let mut i = start;
    while i < sql.len() {
        if sql[i..].starts_with("/*") {
            depth += 1;
            i += 2;
        } else if sql[i..].starts_with("*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Ok(i);
            }
        } else {
            i += sql[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    Err(syntax_error(None, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(TokenKind, String)> {
        tokenize(sql)
            .unwrap()
            .into_iter()
            .map(|t| (t.kind, t.text))
            .collect()
    }

    #[test]
    fn numbers_and_words() {
        use TokenKind::*;
        assert_eq!(
            kinds("1L 1.5 .5 1e3 1a 1BD 1.5e-3D"),
            vec![
                (Number, "1L".into()),
                (Number, "1.5".into()),
                (Number, ".5".into()),
                (Number, "1e3".into()),
                (Word, "1a".into()),
                (Number, "1BD".into()),
                (Number, "1.5e-3D".into()),
                (Eof, "".into()),
            ]
        );
    }

    #[test]
    fn strings_comments_symbols() {
        use TokenKind::*;
        assert_eq!(
            kinds("'a''b' /* x /* y */ */ `c``d` -- tail\n <=> ::"),
            vec![
                (String, "a'b".into()),
                (QuotedIdent, "c`d".into()),
                (Symbol, "<=>".into()),
                (Symbol, "::".into()),
                (Eof, "".into()),
            ]
        );
    }

    #[test]
    fn unterminated_string_is_syntax_error() {
        let e = tokenize("select 'abc").unwrap_err();
        assert_eq!(e.message, "Syntax error at or near '''.");
        let e = tokenize("select `abc").unwrap_err();
        assert_eq!(e.params.get("error").map(String::as_str), Some("'`'"));
    }
}
