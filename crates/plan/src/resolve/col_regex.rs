//! [`Expr::Regex`] (`df.colRegex`): the input columns whose whole name matches the pattern,
//! case-insensitively unless `spark.sql.caseSensitive` (Spark's `UnresolvedRegex.expand`).
//! Patterns are Java regular expressions in Spark; those the `regex` crate cannot read
//! (possessive quantifiers, look-around, back-references) are reported as unsupported.

use datafusion::common::Column;
use sabot_common::{Result, SparkError};

use super::expressions::{Named, Scope};
use super::names::{column_at, is_hidden, name_eq};

pub(crate) fn expand_regex(
    scope: &Scope<'_>,
    pattern: &str,
    qualifier: Option<&[String]>,
    plan_id: Option<i64>,
) -> Result<Vec<Named>> {
    if has_possessive_quantifier(pattern) {
        return Err(SparkError::unsupported(format!(
            "the column regex `{pattern}` (possessive quantifiers of Java regular expressions)"
        )));
    }
    let flags = if scope.conf.case_sensitive {
        ""
    } else {
        "(?i)"
    };
    let re = regex::Regex::new(&format!("{flags}^(?:{pattern})$")).map_err(|e| {
        SparkError::unsupported(format!(
            "the column regex `{pattern}` (Java regex syntax that Sabot cannot read: {e})"
        ))
    })?;
    let restrict = plan_id.and_then(|id| scope.plan_ids.get(&id));
    Ok(scope
        .schema
        .iter()
        .enumerate()
        .filter(|(_, (q, f))| {
            restrict.is_none_or(|t| t.has_column(&Column::new((*q).cloned(), f.name())))
        })
        .filter(|(_, (q, _))| match qualifier {
            None => true,
            // Spark compares the last part of the qualifier with the last part given.
            Some(parts) => match (q, parts.last()) {
                (Some(q), Some(last)) => !is_hidden(q) && name_eq(scope.conf, q.table(), last),
                _ => false,
            },
        })
        .filter(|(_, (_, f))| re.is_match(f.name()))
        .map(|(i, (_, f))| Named::new(column_at(scope.schema, i), f.name().clone()))
        .collect())
}

/// Whether a Java pattern has a possessive quantifier (`x?+`, `x*+`, `x++`, `x{n}+`), which
/// the `regex` crate would read as a greedy repetition of a repetition (a different match).
fn has_possessive_quantifier(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut prev_quantifier = false;
    let mut after_open_paren = false;
    while let Some(c) = chars.next() {
        let mut quantifier = false;
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '+' if !in_class && prev_quantifier => return true,
            // `(?` opens a group flag or look-around, not a quantifier.
            '?' if !in_class && after_open_paren => {}
            '?' | '*' | '+' | '}' if !in_class => quantifier = true,
            _ => {}
        }
        after_open_paren = c == '(' && !in_class;
        prev_quantifier = quantifier;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::has_possessive_quantifier;

    #[test]
    fn finds_possessive_quantifiers() {
        assert!(has_possessive_quantifier("(a1)?+.+"));
        assert!(has_possessive_quantifier("a*+b"));
        assert!(has_possessive_quantifier("a{2}+"));
        assert!(!has_possessive_quantifier("a+?b+"));
        assert!(!has_possessive_quantifier("(?i)a.*"));
        assert!(!has_possessive_quantifier("[?+]x"));
        assert!(!has_possessive_quantifier("a\\++"));
    }
}
