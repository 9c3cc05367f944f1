//! A JSON text parser with the reader features Spark's `JSONOptions` turn on or off in
//! Jackson (`allowComments`, `allowUnquotedFieldNames`, `allowSingleQuotes`, ...). Objects keep
//! their field order and numbers keep their text, as Jackson's token stream does.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// An integer literal, as written (without a leading `+`).
    Int(String),
    /// A literal with a fraction or exponent, or `NaN`/`Infinity`, as written.
    Float(String),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Jackson reader features, with Spark's `JSONOptions` defaults.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    pub allow_comments: bool,
    pub allow_unquoted_field_names: bool,
    pub allow_single_quotes: bool,
    pub allow_numeric_leading_zeros: bool,
    pub allow_non_numeric_numbers: bool,
    pub allow_backslash_escaping_any: bool,
    pub allow_unquoted_control_chars: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            allow_comments: false,
            allow_unquoted_field_names: false,
            allow_single_quotes: true,
            allow_numeric_leading_zeros: false,
            allow_non_numeric_numbers: true,
            allow_backslash_escaping_any: false,
            allow_unquoted_control_chars: false,
        }
    }
}

/// Parses the first JSON value of `text` (what follows it is not read, as with Jackson's
/// `nextToken` loop); `None` if it is malformed.
pub fn parse(text: &str, opts: &ReadOptions) -> Option<Json> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        opts,
        depth: 0,
    };
    p.value()
}

/// Parses a JSON value and requires nothing but whitespace after it.
pub fn parse_all(text: &str, opts: &ReadOptions) -> Option<Json> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        opts,
        depth: 0,
    };
    let v = p.value()?;
    p.skip_ws()?;
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    opts: &'a ReadOptions,
    depth: usize,
}

/// Jackson's default maximum nesting depth.
const MAX_DEPTH: usize = 1000;

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.i += 1,
                Some(b'/') if self.opts.allow_comments => match self.s.get(self.i + 1) {
                    Some(b'/') => {
                        while !matches!(self.peek(), None | Some(b'\n')) {
                            self.i += 1;
                        }
                    }
                    Some(b'*') => {
                        self.i += 2;
                        loop {
                            match self.peek() {
                                None => return None,
                                Some(b'*') if self.s.get(self.i + 1) == Some(&b'/') => {
                                    self.i += 2;
                                    break;
                                }
                                _ => self.i += 1,
                            }
                        }
                    }
                    _ => return None,
                },
                _ => return Some(()),
            }
        }
    }

    fn value(&mut self) -> Option<Json> {
        self.skip_ws()?;
        match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string(b'"').map(Json::Str),
            b'\'' if self.opts.allow_single_quotes => self.string(b'\'').map(Json::Str),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            b'N' => self.non_numeric("NaN", "NaN"),
            b'I' => self.non_numeric("Infinity", "Infinity"),
            b'+' if self.s.get(self.i + 1) == Some(&b'I') => {
                self.i += 1;
                self.non_numeric("Infinity", "Infinity")
            }
            b'-' if self.s.get(self.i + 1) == Some(&b'I') => {
                self.i += 1;
                self.non_numeric("Infinity", "-Infinity")
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn word(&mut self, w: &str, v: Json) -> Option<Json> {
        if self.s[self.i..].starts_with(w.as_bytes()) && !self.ident_continues(self.i + w.len()) {
            self.i += w.len();
            Some(v)
        } else {
            None
        }
    }

    fn ident_continues(&self, at: usize) -> bool {
        self.s
            .get(at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    }

    fn non_numeric(&mut self, w: &str, text: &str) -> Option<Json> {
        if !self.opts.allow_non_numeric_numbers {
            return None;
        }
        self.word(w, Json::Float(text.to_string()))
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let int_len = self.i - int_start;
        if int_len == 0
            || (int_len > 1 && self.s[int_start] == b'0' && !self.opts.allow_numeric_leading_zeros)
        {
            return None;
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.i += 1;
            let f = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == f {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let e = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == e {
                return None;
            }
        }
        if self.ident_continues(self.i) {
            return None;
        }
        let text = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .to_string();
        Some(if float {
            Json::Float(text)
        } else {
            Json::Int(text)
        })
    }

    fn string(&mut self, quote: u8) -> Option<String> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = self.peek()?;
            self.i += 1;
            match c {
                c if c == quote => break,
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        b'\'' if quote == b'\'' => out.push(b'\''),
                        other if self.opts.allow_backslash_escaping_any => out.push(other),
                        _ => return None,
                    }
                }
                c if c < 0x20 && !self.opts.allow_unquoted_control_chars => return None,
                c => out.push(c),
            }
        }
        String::from_utf8(out).ok()
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        let v = u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()?;
        self.i += 4;
        Some(v)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
            let save = self.i;
            self.i += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
            self.i = save;
        }
        Some(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    fn array(&mut self) -> Option<Json> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws()?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        self.depth -= 1;
        Some(Json::Array(items))
    }

    fn field_name(&mut self) -> Option<String> {
        match self.peek()? {
            b'"' => self.string(b'"'),
            b'\'' if self.opts.allow_single_quotes => self.string(b'\''),
            c if self.opts.allow_unquoted_field_names
                && (c.is_ascii_alphabetic() || c == b'_' || c == b'$') =>
            {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
                {
                    self.i += 1;
                }
                std::str::from_utf8(&self.s[start..self.i])
                    .ok()
                    .map(str::to_string)
            }
            _ => None,
        }
    }

    fn object(&mut self) -> Option<Json> {
        self.enter()?;
        self.i += 1;
        let mut fields = Vec::new();
        self.skip_ws()?;
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Some(Json::Object(fields));
        }
        loop {
            self.skip_ws()?;
            let name = self.field_name()?;
            self.skip_ws()?;
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            let v = self.value()?;
            fields.push((name, v));
            self.skip_ws()?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        self.depth -= 1;
        Some(Json::Object(fields))
    }
}

/// Writes `s` as a JSON string literal, escaping as Jackson's generator does.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Jackson's rendering of a number token re-emitted by `copyCurrentStructure`: integers by
/// value, other numbers through `double` (Java's `Double.toString`).
pub(crate) fn number_text(v: &Json) -> Option<String> {
    match v {
        // Jackson re-emits an integer from its parsed value (`-0` is `0`).
        Json::Int(t) => Some(
            t.parse::<i64>()
                .map_or_else(|_| t.clone(), |v| v.to_string()),
        ),
        Json::Float(t) => {
            let d = float_value(t)?;
            Some(sabot_common::numbers::java_double_string(d))
        }
        _ => None,
    }
}

/// The double a number token stands for (`NaN`/`Infinity` included).
pub(crate) fn float_value(t: &str) -> Option<f64> {
    match t {
        "NaN" => Some(f64::NAN),
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        t => t.parse().ok(),
    }
}

/// Compact JSON text of a value (Jackson's generator after `copyCurrentStructure`).
pub fn to_text(v: &Json) -> String {
    let mut out = String::new();
    write(&mut out, v);
    out
}

fn write(out: &mut String, v: &Json) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(_) | Json::Float(_) => match number_text(v) {
            Some(t) if t == "NaN" || t.contains("Infinity") => write_str(out, &t),
            Some(t) => out.push_str(&t),
            None => out.push_str("null"),
        },
        Json::Str(s) => write_str(out, s),
        Json::Array(items) => {
            out.push('[');
            for (k, i) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write(out, i);
            }
            out.push(']');
        }
        Json::Object(fields) => {
            out.push('{');
            for (k, (n, i)) in fields.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_str(out, n);
                out.push(':');
                write(out, i);
            }
            out.push('}');
        }
    }
}
