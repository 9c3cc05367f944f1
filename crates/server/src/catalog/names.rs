//! Multi-part names -> (database, table), as Spark's `SessionCatalog` qualifies them: `t` is in
//! the current database, `db.t`, `spark_catalog.db.t`; `global_temp.v` names a global temporary
//! view. Names are case-insensitive (lower-cased).

use sabot_catalog::{CATALOG_NAME, GLOBAL_TEMP_DATABASE};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

/// A qualified table name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableName {
    pub database: String,
    pub table: String,
    /// Whether the name was a single part (may name a temp view).
    pub bare: bool,
}

impl TableName {
    pub fn is_global_temp(&self) -> bool {
        !self.bare && self.database == GLOBAL_TEMP_DATABASE
    }
}

/// `REQUIRES_SINGLE_PART_NAMESPACE` / a catalog other than `spark_catalog`.
fn bad_name(parts: &[String]) -> SparkError {
    if parts.len() > 3 || parts.len() == 3 && !parts[0].eq_ignore_ascii_case(CATALOG_NAME) {
        return SparkError::unsupported(format!(
            "catalogs other than {CATALOG_NAME} (name {})",
            parts.join(".")
        ));
    }
    SparkError::with_class(
        ExceptionKind::Parse,
        "PARSE_SYNTAX_ERROR",
        "42601",
        format!("Syntax error at or near '{}'.", parts.join(".")),
    )
}

/// Qualifies a table name in `current` database.
pub fn table_name(parts: &[String], current: &str) -> Result<TableName> {
    let lower: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
    match lower.as_slice() {
        [t] => Ok(TableName {
            database: current.to_string(),
            table: t.clone(),
            bare: true,
        }),
        [db, t] => Ok(TableName {
            database: db.clone(),
            table: t.clone(),
            bare: false,
        }),
        [c, db, t] if c == CATALOG_NAME => Ok(TableName {
            database: db.clone(),
            table: t.clone(),
            bare: false,
        }),
        _ => Err(bad_name(parts)),
    }
}

/// A database name: `db` or `spark_catalog.db`.
pub fn database_name(parts: &[String]) -> Result<String> {
    let lower: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
    match lower.as_slice() {
        [db] => Ok(db.clone()),
        [c, db] if c == CATALOG_NAME => Ok(db.clone()),
        _ => Err(bad_name(parts)),
    }
}

/// Spark's `StringUtils.filterPattern` for `SHOW ... LIKE`: `|` separates alternatives, `*` is
/// any text; case-insensitive.
pub fn matches_pattern(name: &str, pattern: Option<&str>) -> bool {
    let Some(pattern) = pattern else { return true };
    pattern.split('|').any(|alt| {
        let re = format!(
            "(?i)^{}$",
            alt.trim()
                .split('*')
                .map(regex_escape)
                .collect::<Vec<_>>()
                .join(".*")
        );
        regex_lite_match(&re, name)
    })
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+?()[]{}^$|".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn regex_lite_match(re: &str, name: &str) -> bool {
    regex::Regex::new(re).is_ok_and(|r| r.is_match(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_qualified_in_the_current_database() {
        let n = table_name(&["T".into()], "db").unwrap();
        assert_eq!(
            (n.database.as_str(), n.table.as_str(), n.bare),
            ("db", "t", true)
        );
        let n = table_name(&["spark_catalog".into(), "D".into(), "t".into()], "x").unwrap();
        assert_eq!((n.database.as_str(), n.bare), ("d", false));
        assert!(
            table_name(&["global_temp".into(), "v".into()], "x")
                .unwrap()
                .is_global_temp()
        );
        assert!(table_name(&["other".into(), "d".into(), "t".into()], "x").is_err());
    }

    #[test]
    fn show_patterns() {
        assert!(matches_pattern("d1", Some("d*")));
        assert!(matches_pattern("Abc", Some("x|a*")));
        assert!(!matches_pattern("abc", Some("b*")));
        assert!(matches_pattern("a.b", Some("a.b")));
        assert!(!matches_pattern("axb", Some("a.b")));
    }
}
