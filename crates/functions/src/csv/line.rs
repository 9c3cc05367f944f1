//! Splitting one CSV record into fields and writing one, as Spark's univocity settings do
//! (`CSVOptions`: `sep`, `quote`, `escape`).

use std::collections::HashMap;

/// The separator, quote and escape characters of the options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dialect {
    pub sep: String,
    pub quote: char,
    pub escape: char,
    pub null_value: String,
}

impl Dialect {
    pub fn new(opts: &HashMap<String, String>) -> Self {
        let ch = |k: &str, d: char| opts.get(k).and_then(|v| v.chars().next()).unwrap_or(d);
        Self {
            sep: opts
                .get("sep")
                .or_else(|| opts.get("delimiter"))
                .cloned()
                .map(|s| if s == "\\t" { "\t".to_string() } else { s })
                .unwrap_or_else(|| ",".to_string()),
            quote: ch("quote", '"'),
            escape: ch("escape", '\\'),
            null_value: opts.get("nullvalue").cloned().unwrap_or_default(),
        }
    }
}

/// The fields of a record; `None` for an empty unquoted field. A quoted field whose closing
/// quote is not followed by the separator keeps its raw text up to the next separator
/// (univocity's `STOP_AT_DELIMITER` handling of unescaped quotes).
pub fn split(line: &str, d: &Dialect) -> Vec<Option<String>> {
    let c: Vec<char> = line.chars().collect();
    let sep: Vec<char> = d.sep.chars().collect();
    let at_sep = |i: usize| !sep.is_empty() && c[i..].starts_with(&sep);
    let until_sep = |mut i: usize| {
        while i < c.len() && !at_sep(i) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        let (value, end) = if c.get(i) == Some(&d.quote) {
            let mut v = String::new();
            let mut j = i + 1;
            let mut closed = None;
            while j < c.len() {
                if c[j] == d.escape && c.get(j + 1) == Some(&d.quote) {
                    v.push(d.quote);
                    j += 2;
                } else if c[j] == d.quote {
                    closed = Some(j + 1);
                    break;
                } else {
                    v.push(c[j]);
                    j += 1;
                }
            }
            match closed {
                Some(k) if k == c.len() || at_sep(k) => (Some(v), k),
                _ => {
                    let e = until_sep(start);
                    (Some(c[start..e].iter().collect()), e)
                }
            }
        } else {
            let e = until_sep(i);
            let v: String = c[i..e].iter().collect();
            ((!v.is_empty()).then_some(v), e)
        };
        out.push(value);
        if end >= c.len() {
            break;
        }
        i = end + sep.len();
        if i > c.len() {
            break;
        }
        if i == c.len() {
            out.push(None);
            break;
        }
    }
    out
}

/// Writes one record: a field with the separator, quote, escape or a line break is quoted
/// (quotes escaped), leading/trailing whitespace is dropped, an empty string is `""`, NULL is
/// the null value.
pub(crate) fn join(fields: &[Option<String>], d: &Dialect) -> String {
    fields
        .iter()
        .map(|f| match f {
            None => d.null_value.clone(),
            Some(s) => {
                let s = s.trim_matches([' ', '\t']);
                if s.is_empty() {
                    format!("{0}{0}", d.quote)
                } else if s.contains(d.sep.as_str())
                    || s.contains(d.quote)
                    || s.contains(['\n', '\r'])
                {
                    let mut out = String::with_capacity(s.len() + 2);
                    out.push(d.quote);
                    for c in s.chars() {
                        if c == d.quote {
                            out.push(d.escape);
                        }
                        out.push(c);
                    }
                    out.push(d.quote);
                    out
                } else {
                    s.to_string()
                }
            }
        })
        .collect::<Vec<_>>()
        .join(&d.sep)
}
