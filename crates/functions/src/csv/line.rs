//! Splitting one CSV record into fields and writing one, as Spark's univocity settings do
//! (`CSVOptions`: `sep`, `quote`, `escape`).

use std::collections::HashMap;

/// The separator, quote and escape characters of the options.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Dialect {
    pub sep: String,
    pub quote: char,
    pub escape: char,
    pub null_value: String,
}

impl Dialect {
    pub(crate) fn new(opts: &HashMap<String, String>) -> Self {
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

/// The fields of a record; `None` for an empty unquoted field.
pub(crate) fn split(line: &str, d: &Dialect) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = line.chars().peekable();
    let sep: Vec<char> = d.sep.chars().collect();
    let mut pending: Vec<char> = Vec::new();
    while let Some(c) = chars.next() {
        if quoted {
            if c == d.escape && chars.peek() == Some(&d.quote) {
                cur.push(d.quote);
                chars.next();
            } else if c == d.quote {
                if chars.peek() == Some(&d.quote) {
                    cur.push(d.quote);
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                cur.push(c);
            }
            continue;
        }
        if c == d.quote && cur.is_empty() && !was_quoted {
            quoted = true;
            was_quoted = true;
            continue;
        }
        pending.push(c);
        if pending.len() == sep.len() && pending == sep {
            out.push(field(std::mem::take(&mut cur), was_quoted));
            was_quoted = false;
            pending.clear();
        } else if !sep.starts_with(&pending) {
            cur.extend(pending.drain(..));
        }
    }
    cur.extend(pending);
    out.push(field(cur, was_quoted));
    out
}

fn field(s: String, quoted: bool) -> Option<String> {
    if s.is_empty() && !quoted {
        None
    } else {
        Some(s)
    }
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
