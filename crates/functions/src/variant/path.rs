//! Variant extraction paths (Spark's `VariantPathParser`): `$` then segments `.name`,
//! `['name']`, `["name"]` or `[index]`; and walking a variant along one.

use super::encoding::{Malformed, VType, VariantRef};

/// One path segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Parses a path; `None` if it is not valid.
pub(crate) fn parse(path: &str) -> Option<Vec<Segment>> {
    let s = path.strip_prefix('$')?;
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'.' && b[j] != b'[' {
                    j += 1;
                }
                if j == start {
                    return None;
                }
                out.push(Segment::Key(s.get(start..j)?.to_string()));
                i = j;
            }
            b'[' => {
                let rest = s.get(i + 1..)?;
                let q = rest.as_bytes().first().copied()?;
                if q == b'\'' || q == b'"' {
                    // A quoted key runs to the first matching quote that is followed by `]`.
                    let body = rest.get(1..)?;
                    let close = [q as char, ']'].iter().collect::<String>();
                    let end = body.find(close.as_str())?;
                    out.push(Segment::Key(body.get(..end)?.to_string()));
                    i += 1 + 1 + end + 2;
                } else {
                    let end = rest.find(']')?;
                    let digits = rest.get(..end)?;
                    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    // Spark reads the index as an `Int`.
                    let n: i32 = digits.parse().ok()?;
                    out.push(Segment::Index(n as usize));
                    i += 1 + end + 1;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The value at `path`, `None` if a key is missing, an index is out of range, or a segment
/// meets the wrong kind of value.
pub(crate) fn walk<'a>(
    mut v: VariantRef<'a>,
    path: &[Segment],
) -> Result<Option<VariantRef<'a>>, Malformed> {
    for seg in path {
        let next = match (seg, v.vtype()?) {
            (Segment::Key(k), VType::Object) => v.object_get(k)?,
            (Segment::Index(n), VType::Array) if *n < v.array_len()? => Some(v.array_elem(*n)?),
            _ => None,
        };
        match next {
            Some(n) => v = n,
            None => return Ok(None),
        }
    }
    Ok(Some(v))
}
