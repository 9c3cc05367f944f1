//! Splitting CSV text into records: one line per record, or (with `multiLine`) line breaks
//! inside quoted fields kept; blank lines and comment lines are skipped, as univocity does
//! for Spark.

use super::super::lines::lines;
use super::options::CsvOptions;

/// The records of a file's text.
pub(crate) fn records(text: &str, o: &CsvOptions) -> Vec<String> {
    let raw = if o.multi_line {
        quoted_aware(text, o)
    } else {
        lines(text, o.line_sep.as_deref())
    };
    raw.into_iter()
        .filter(|r| !r.is_empty())
        .filter(|r| o.comment.is_none_or(|c| !r.starts_with(c)))
        .map(str::to_string)
        .collect()
}

/// Records split at line breaks outside quotes (`multiLine`).
fn quoted_aware<'a>(text: &'a str, o: &CsvOptions) -> Vec<&'a str> {
    let (quote, escape) = (o.dialect.quote, o.dialect.escape);
    let sep = o.line_sep.as_deref().filter(|s| !s.is_empty());
    let mut out = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if in_quote {
            if c == escape && escape != quote && it.peek().is_some_and(|(_, n)| *n == quote) {
                it.next();
            } else if c == quote {
                in_quote = false;
            }
            continue;
        }
        if c == quote {
            in_quote = true;
            continue;
        }
        let at_break = match sep {
            Some(s) => text[i..].starts_with(s),
            None => c == '\n' || c == '\r',
        };
        if at_break {
            out.push(&text[start..i]);
            let mut next = i + c.len_utf8();
            match sep {
                Some(s) => {
                    next = i + s.len();
                    while it.peek().is_some_and(|(j, _)| *j < next) {
                        it.next();
                    }
                }
                None if c == '\r' && it.peek().is_some_and(|(_, n)| *n == '\n') => {
                    it.next();
                    next += 1;
                }
                None => {}
            }
            start = next;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::super::options::Options;
    use super::*;

    fn opts(kv: &[(&str, &str)]) -> CsvOptions {
        let o = Options::new(
            &kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        CsvOptions::new(&o, "UTC").unwrap()
    }

    #[test]
    fn line_records() {
        assert_eq!(
            records("a\r\nb\n\nc\rd", &opts(&[])),
            vec!["a", "b", "c", "d"]
        );
        assert_eq!(records("a;b;", &opts(&[("lineSep", ";")])), vec!["a", "b"]);
        assert_eq!(records("#x\na", &opts(&[("comment", "#")])), vec!["a"]);
    }

    #[test]
    fn multi_line_records() {
        let o = opts(&[("multiLine", "true")]);
        assert_eq!(records("1,\"a\nb\"\n2,c\n", &o), vec!["1,\"a\nb\"", "2,c"]);
        assert_eq!(records("1,\"a\\\"\nb\"\n", &o), vec!["1,\"a\\\"\nb\""]);
    }
}
