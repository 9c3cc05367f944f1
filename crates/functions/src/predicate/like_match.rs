//! `s LIKE 'a%b%c'` with a constant pattern that Arrow's LIKE kernel would turn into a regular
//! expression (a `%` inside the pattern, or any `_`). The kernel compiles that expression once
//! per batch (a DFA build, about a tenth of TPC-H q13); here the pattern is compiled once per
//! thread and pattern, and `%`-only patterns are matched segment by segment with `memchr`'s
//! substring search, without a regex. Semantics are Spark's `Like` (`StringUtils.escapeLikeRegex`
//! with `DOTALL`): `%` is any run of characters, `_` exactly one character, newlines included.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use memchr::memmem::Finder;
use regex::{Regex, RegexBuilder};

/// Compiled patterns kept per thread (the regexp functions' cache works the same way).
const CACHE_LIMIT: usize = 64;

thread_local! {
    static CACHE: RefCell<HashMap<String, Arc<Matcher>>> = RefCell::new(HashMap::new());
}

static LIKE_MATCH: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Arc::new(ScalarUDF::new_from_impl(LikeMatch::new())));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&LIKE_MATCH)]
}

/// Whether `s LIKE pattern` (default escape, case-sensitive) is better served by
/// [`LikeMatch`] than by the LIKE kernel: the pattern has no escape character and Arrow would
/// compile it into a regex (it is not `x`, `x%`, `%x` or `%x%` with a wildcard-free `x`).
pub(crate) fn wants(pattern: &str) -> bool {
    if pattern.contains('\\') {
        return false;
    }
    let inner = pattern.strip_prefix('%').unwrap_or(pattern);
    let inner = inner.strip_suffix('%').unwrap_or(inner);
    pattern.contains('_') || inner.contains('%')
}

pub(crate) fn call(s: DfExpr, pattern: DfExpr) -> DfExpr {
    LIKE_MATCH.call(vec![s, pattern])
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct LikeMatch {
    signature: Signature,
}

impl LikeMatch {
    fn new() -> Self {
        Self {
            signature: Signature::uniform(2, vec![ArrowType::Utf8], Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for LikeMatch {
    fn name(&self) -> &str {
        "spark_like_match"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let [s, pattern] = args.args.as_slice() else {
            return exec_err!("spark_like_match takes two arguments");
        };
        match pattern {
            ColumnarValue::Scalar(ScalarValue::Utf8(None)) => {
                Ok(ColumnarValue::Scalar(ScalarValue::Boolean(None)))
            }
            ColumnarValue::Scalar(ScalarValue::Utf8(Some(p))) => {
                let m = matcher(p)?;
                match s {
                    ColumnarValue::Scalar(ScalarValue::Utf8(v)) => Ok(ColumnarValue::Scalar(
                        ScalarValue::Boolean(v.as_deref().map(|v| m.is_match(v))),
                    )),
                    ColumnarValue::Array(a) => Ok(ColumnarValue::Array(match_all(a, &m))),
                    other => exec_err!("spark_like_match of {}", other.data_type()),
                }
            }
            _ => {
                // A pattern per row (not produced by `like`, which keeps the kernel for those).
                let arrays = ColumnarValue::values_to_arrays(&args.args)?;
                let (s, p) = (arrays[0].as_string::<i32>(), arrays[1].as_string::<i32>());
                let out = (0..s.len())
                    .map(|i| match (s.is_valid(i), p.is_valid(i)) {
                        (true, true) => matcher(p.value(i)).map(|m| Some(m.is_match(s.value(i)))),
                        _ => Ok(None),
                    })
                    .collect::<DfResult<BooleanArray>>()?;
                Ok(ColumnarValue::Array(Arc::new(out)))
            }
        }
    }
}

fn match_all(a: &ArrayRef, m: &Matcher) -> ArrayRef {
    let strings = a.as_string::<i32>();
    let values = (0..strings.len()).map(|i| m.is_match(strings.value(i)));
    let out = BooleanArray::new(values.collect(), strings.nulls().cloned());
    Arc::new(out)
}

fn matcher(pattern: &str) -> DfResult<Arc<Matcher>> {
    if let Some(m) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(m);
    }
    let m = Arc::new(Matcher::new(pattern)?);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(pattern.to_string(), Arc::clone(&m));
    });
    Ok(m)
}

/// A LIKE pattern without escapes, compiled.
#[derive(Debug)]
enum Matcher {
    /// `first%m1%m2%...%last`: a prefix, substrings in order, a suffix.
    Segments {
        first: String,
        middle: Vec<Finder<'static>>,
        last: String,
    },
    /// No `%` at all (and no `_`): equality.
    Exact(String),
    /// Patterns with `_`.
    Regex(Regex),
}

impl Matcher {
    fn new(pattern: &str) -> DfResult<Self> {
        if pattern.contains('_') {
            let mut re = String::with_capacity(pattern.len() * 2 + 2);
            re.push('^');
            for c in pattern.chars() {
                match c {
                    '%' => re.push_str(".*"),
                    '_' => re.push('.'),
                    c => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
                }
            }
            re.push('$');
            let regex = RegexBuilder::new(&re)
                .dot_matches_new_line(true)
                .build()
                .map_err(|e| datafusion::error::DataFusionError::Execution(e.to_string()))?;
            return Ok(Self::Regex(regex));
        }
        let parts: Vec<&str> = pattern.split('%').collect();
        match parts.as_slice() {
            [only] => Ok(Self::Exact((*only).to_string())),
            [first, middle @ .., last] => Ok(Self::Segments {
                first: (*first).to_string(),
                middle: middle
                    .iter()
                    .filter(|m| !m.is_empty())
                    .map(|m| Finder::new(m.as_bytes()).into_owned())
                    .collect(),
                last: (*last).to_string(),
            }),
            [] => Ok(Self::Exact(String::new())),
        }
    }

    fn is_match(&self, s: &str) -> bool {
        match self {
            Self::Exact(p) => s == p,
            Self::Regex(r) => r.is_match(s),
            Self::Segments {
                first,
                middle,
                last,
            } => {
                let bytes = s.as_bytes();
                if !bytes.starts_with(first.as_bytes()) {
                    return false;
                }
                let mut pos = first.len();
                for f in middle {
                    match f.find(&bytes[pos..]) {
                        Some(i) => pos += i + f.needle().len(),
                        None => return false,
                    }
                }
                bytes.len() - pos >= last.len() && bytes.ends_with(last.as_bytes())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn like(s: &str, p: &str) -> bool {
        Matcher::new(p).unwrap().is_match(s)
    }

    #[test]
    fn segments_match_in_order_without_overlap() {
        assert!(like("a special deposit requests", "%special%requests%"));
        assert!(!like("requests special", "%special%requests%"));
        assert!(like("abc", "a%c"));
        assert!(like("ac", "a%c"));
        assert!(!like("abcb", "a%c"));
        // The suffix may not reuse what the prefix matched.
        assert!(!like("aba", "aba%ba"));
        assert!(like("ababa", "aba%ba"));
        assert!(like("xay\nbz", "%a%b%"));
        assert!(like("", "%%"));
        assert!(like("anything", "%%"));
        assert!(like("ab", "a%%b"));
        assert!(!like("a", "a%%b"));
    }

    #[test]
    fn underscore_is_one_character_newlines_included() {
        assert!(like("a\nc", "a_c"));
        assert!(like("aéc", "a_c"));
        assert!(!like("ac", "a_c"));
        assert!(like("x.y+z(", "x._+%("));
        assert!(!like("xay+z(", "x._+%("));
    }

    #[test]
    fn routed_patterns() {
        assert!(wants("%special%requests%"));
        assert!(wants("a_c"));
        assert!(wants("a%c"));
        assert!(!wants("abc%") && !wants("%abc") && !wants("%abc%") && !wants("abc"));
        assert!(!wants("%a\\%b%"));
    }
}
