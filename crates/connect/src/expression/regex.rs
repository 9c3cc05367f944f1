//! `UnresolvedRegex` (`df.colRegex`) -> [`Expr::Regex`], or a plain column when the name is
//! not back-quoted. Mirrors `SparkConnectPlanner.transformUnresolvedRegex` with
//! `ParserUtils.escapedIdentifier` (`` `re` ``) and `qualifiedEscapedIdentifier` (`` t.`re` ``).

use sabot_common::Result;
use sabot_common::spec::Expr;
use spark_connect_proto::connect::expression as pexpr;

pub(super) fn unresolved_regex(r: &pexpr::UnresolvedRegex) -> Result<Expr> {
    let name = r.col_name.as_str();
    if let Some((qualifier, pattern)) = split_regex(name) {
        let qualifier = match qualifier {
            Some(q) => Some(sabot_sql::parse_multipart_identifier(q)?),
            None => None,
        };
        return Ok(Expr::Regex {
            pattern: pattern.to_string(),
            qualifier,
            plan_id: r.plan_id,
        });
    }
    Ok(Expr::Column {
        name: sabot_sql::parse_multipart_identifier(name)?,
        plan_id: r.plan_id,
    })
}

/// `` `re` `` -> `(None, "re")`; `` q.`re` `` -> `(Some("q"), "re")`; otherwise `None`.
fn split_regex(name: &str) -> Option<(Option<&str>, &str)> {
    let body = name.strip_suffix('`')?;
    if let Some(pattern) = body.strip_prefix('`')
        && !pattern.is_empty()
    {
        return Some((None, pattern));
    }
    // Spark's `((?s).+)\.`((?s).+)``: the greedy qualifier takes everything up to the last ".`".
    let at = body.rfind(".`")?;
    let (qualifier, pattern) = (&body[..at], &body[at + 2..]);
    (!qualifier.is_empty() && !pattern.is_empty()).then_some((Some(qualifier), pattern))
}

#[cfg(test)]
mod tests {
    use super::split_regex;

    #[test]
    fn splits_quoted_patterns() {
        assert_eq!(split_regex("`a.*`"), Some((None, "a.*")));
        assert_eq!(split_regex("t.`a.*`"), Some((Some("t"), "a.*")));
        assert_eq!(split_regex("a"), None);
        assert_eq!(split_regex("``"), None);
    }
}
