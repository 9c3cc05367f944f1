//! Splitting a file's text into lines: at `lineSep`, or at `\n`, `\r\n` and `\r` (Hadoop's
//! `LineReader` defaults, which Spark's line-based sources use).

/// Lines at `sep`, or at `\n`, `\r\n` and `\r`.
pub(crate) fn lines<'a>(text: &'a str, sep: Option<&str>) -> Vec<&'a str> {
    match sep {
        Some(sep) if !sep.is_empty() => {
            let mut v: Vec<&str> = text.split(sep).collect();
            if v.last() == Some(&"") {
                v.pop();
            }
            v
        }
        _ => {
            let mut out = Vec::new();
            let b = text.as_bytes();
            let mut start = 0;
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'\n' => {
                        out.push(&text[start..i]);
                        start = i + 1;
                    }
                    b'\r' => {
                        out.push(&text[start..i]);
                        if b.get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            if start < b.len() {
                out.push(&text[start..]);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks() {
        assert_eq!(lines("a\r\nb\n\nc\rd", None), vec!["a", "b", "", "c", "d"]);
        assert_eq!(lines("a;b;", Some(";")), vec!["a", "b"]);
        assert_eq!(lines("a\n", None), vec!["a"]);
    }
}
