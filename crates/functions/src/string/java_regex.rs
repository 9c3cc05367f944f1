//! Java regular expressions (Spark's `java.util.regex`) on Rust's `regex` crate: the common
//! syntax is shared; `\d`, `\w`, `\s` are made ASCII-only as in Java, `\Q...\E` is quoted,
//! and Java-only constructs (look-around, back-references, possessive quantifiers, atomic
//! groups) are rejected as unsupported rather than matched differently. Compiled patterns
//! are cached per thread because the pattern is usually the same literal on every row.

use std::cell::RefCell;
use std::collections::HashMap;

use datafusion::common::Result as DfResult;
use regex::Regex;
use sabot_common::{SparkError, error::ExceptionKind};

use crate::errors::to_df;

const CACHE_LIMIT: usize = 64;

thread_local! {
    static CACHE: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// `INVALID_PARAMETER_VALUE.PATTERN` (Spark's `QueryExecutionErrors.invalidPatternError`).
pub(crate) fn invalid_pattern(function: &str, pattern: &str, detail: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_PARAMETER_VALUE.PATTERN",
        "22023",
        format!(
            "The value of parameter(s) `regexp` in `{function}` is invalid: {detail}: {pattern}"
        ),
    )
    .param("parameter", "`regexp`")
    .param("functionName", format!("`{function}`"))
}

/// Compiles (or takes from the cache) the Rust equivalent of Java pattern `pattern`.
pub(crate) fn compile(function: &str, pattern: &str) -> DfResult<Regex> {
    if let Some(r) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(r);
    }
    let translated = translate(pattern).map_err(to_df)?;
    let re = Regex::new(&translated)
        .map_err(|e| to_df(invalid_pattern(function, pattern, &e.to_string())))?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(pattern.to_string(), re.clone());
    });
    Ok(re)
}

fn unsupported(what: &str, pattern: &str) -> SparkError {
    SparkError::unsupported(format!(
        "Java regular expression construct {what} (in pattern '{pattern}')"
    ))
}

/// Rewrites Java syntax into Rust `regex` syntax with the same meaning.
pub(crate) fn translate(pattern: &str) -> sabot_common::Result<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut in_class = 0usize;
    let mut prev_quantifier = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let mut quantifier = false;
        match c {
            '\\' => {
                let Some(n) = next else {
                    out.push('\\');
                    i += 1;
                    continue;
                };
                i += 2;
                match n {
                    'd' | 'w' | 's' | 'D' | 'W' | 'S' => {
                        let set = match n.to_ascii_lowercase() {
                            'd' => "0-9",
                            'w' => "a-zA-Z0-9_",
                            _ => " \\t\\n\\x0B\\f\\r",
                        };
                        if n.is_ascii_uppercase() {
                            if in_class > 0 {
                                return Err(unsupported(&format!("\\{n} inside a class"), pattern));
                            }
                            out.push_str(&format!("[^{set}]"));
                        } else if in_class > 0 {
                            out.push_str(set);
                        } else {
                            out.push_str(&format!("[{set}]"));
                        }
                    }
                    'Q' => {
                        let rest: String = chars[i..].iter().collect();
                        let (quoted, after) = match rest.find("\\E") {
                            Some(end) => (&rest[..end], end + 2),
                            None => (rest.as_str(), rest.len()),
                        };
                        out.push_str(&regex::escape(quoted));
                        i += rest[..after].chars().count();
                    }
                    '1'..='9' | 'k' => {
                        return Err(unsupported("back-reference", pattern));
                    }
                    'Z' | 'G' | 'R' | 'X' | 'h' | 'H' | 'V' | 'v' => {
                        return Err(unsupported(&format!("\\{n}"), pattern));
                    }
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
                prev_quantifier = false;
                continue;
            }
            '[' => {
                in_class += 1;
                out.push(c);
                // A leading `]` (or `^]`) is a literal in both dialects.
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
                i += 1;
                prev_quantifier = false;
                continue;
            }
            ']' if in_class > 0 => in_class -= 1,
            '(' if in_class == 0 && next == Some('?') => {
                let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
                if rest.starts_with("(?=")
                    || rest.starts_with("(?!")
                    || rest.starts_with("(?<=")
                    || rest.starts_with("(?<!")
                {
                    return Err(unsupported("look-around", pattern));
                }
                if rest.starts_with("(?>") {
                    return Err(unsupported("atomic group", pattern));
                }
            }
            '+' if in_class == 0 && prev_quantifier => {
                return Err(unsupported("possessive quantifier", pattern));
            }
            '*' | '+' | '?' | '}' if in_class == 0 => quantifier = true,
            _ => {}
        }
        // `??`, `*?`, `+?` are lazy quantifiers in both dialects, not a new quantifier.
        prev_quantifier = quantifier && !(c == '?' && prev_quantifier);
        out.push(c);
        i += 1;
    }
    Ok(out)
}

/// Rewrites a Java replacement (`$1`, `${name}`, `\$`) into a Rust one (`${1}`, `${name}`,
/// `$$`). Mirrors `Matcher.appendReplacement`: a group number takes further digits only while
/// it stays a valid group; a reference to a missing group fails.
pub(crate) fn replacement(rep: &str, groups: usize) -> DfResult<String> {
    let chars: Vec<char> = rep.chars().collect();
    let mut out = String::with_capacity(rep.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let Some(n) = chars.get(i + 1) else {
                    return Err(to_df(SparkError::illegal_argument(
                        "character to be escaped is missing",
                    )));
                };
                if *n == '$' {
                    out.push_str("$$");
                } else {
                    out.push(*n);
                }
                i += 2;
            }
            '$' => {
                i += 1;
                if chars.get(i) == Some(&'{') {
                    let name: String = chars[i + 1..].iter().take_while(|c| **c != '}').collect();
                    out.push_str(&format!("${{{name}}}"));
                    i += name.chars().count() + 2;
                    continue;
                }
                let mut num = match chars.get(i).and_then(|c| c.to_digit(10)) {
                    Some(d) => d as usize,
                    None => {
                        return Err(to_df(SparkError::illegal_argument(
                            "Illegal group reference",
                        )));
                    }
                };
                i += 1;
                while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                    let longer = num * 10 + d as usize;
                    if longer > groups {
                        break;
                    }
                    num = longer;
                    i += 1;
                }
                if num > groups {
                    return Err(to_df(SparkError::new(
                        ExceptionKind::ArrayIndexOutOfBounds,
                        format!("No group {num}"),
                    )));
                }
                out.push_str(&format!("${{{num}}}"));
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}
