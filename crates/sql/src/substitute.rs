//! `${var}` substitution in SQL text before parsing (Spark's `VariableSubstitution` with
//! `spark.sql.variable.substitute` on): `${key}`, `${spark:key}`, `${sparkconf:key}`,
//! `${hivevar:key}` and `${hiveconf:key}` become the configuration value (the empty string when
//! the key is unset, as Spark's `conf.getConfString(key, "")` gives), `${env:NAME}` an
//! environment variable; any other reference stays as written. A reference is `${` then
//! non-space characters up to the first `}` (Spark's `ConfigReader` pattern).

/// The prefixes that read the session configuration.
const CONF_PREFIXES: &[&str] = &["spark", "sparkconf", "hivevar", "hiveconf"];

/// `sql` with its variable references replaced; `conf` looks up a configuration value.
pub fn substitute_variables(sql: &str, conf: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(|c: char| c == '}' || c.is_whitespace());
        match end {
            Some(end) if end > 0 && after[end..].starts_with('}') => {
                let reference = &after[..end];
                match resolve(reference, conf) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[start..start + 3 + end]),
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of one reference (`prefix:name` or `name`); `None` keeps it as written.
fn resolve(reference: &str, conf: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let (prefix, name) = match reference.split_once(':') {
        Some((p, n))
            if !p.is_empty()
                && !n.is_empty()
                && p.chars().all(|c| c.is_alphanumeric() || c == '_') =>
        {
            (Some(p), n)
        }
        _ => (None, reference),
    };
    match prefix {
        None => Some(conf(name).unwrap_or_default()),
        Some(p) if CONF_PREFIXES.contains(&p) => Some(conf(name).unwrap_or_default()),
        Some("env") => std::env::var(name).ok(),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(key: &str) -> Option<String> {
        match key {
            "x" => Some("5".into()),
            "my.str" => Some("hello".into()),
            _ => None,
        }
    }

    #[test]
    fn substitutes_like_spark() {
        let s = |q: &str| substitute_variables(q, &conf);
        assert_eq!(s("SELECT ${x} + 1, '${my.str}'"), "SELECT 5 + 1, 'hello'");
        assert_eq!(s("'${undefined}'"), "''");
        assert_eq!(s("${hiveconf:x}${spark:x}"), "55");
        assert_eq!(s("'${system:nope}'"), "'${system:nope}'");
        assert_eq!(s("'$${x}' '${x' '${ x}'"), "'$5' '${x' '${ x}'");
    }
}
