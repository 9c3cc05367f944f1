//! Partition directory names as Spark writes them: `key=value`, both escaped as Hive does
//! (mirrors Spark's `ExternalCatalogUtils.escapePathName` / `getPartitionPathString`), NULL and
//! empty values as `__HIVE_DEFAULT_PARTITION__`.

/// The directory name of a NULL or empty partition value (Spark's
/// `ExternalCatalogUtils.DEFAULT_PARTITION_NAME`).
pub const DEFAULT_PARTITION_NAME: &str = "__HIVE_DEFAULT_PARTITION__";

/// Whether Spark's `ExternalCatalogUtils.charToEscape` escapes `c`: the control characters
/// U+0001..U+001F (not U+0000), `"#%'*/:=?\{[]^` and DEL. Non-ASCII characters are kept.
fn needs_escape(c: char) -> bool {
    let code = c as u32;
    (0x01..0x20).contains(&code)
        || code == 0x7F
        || matches!(
            c,
            '"' | '#' | '%' | '\'' | '*' | '/' | ':' | '=' | '?' | '\\' | '{' | '[' | ']' | '^'
        )
}

/// `ExternalCatalogUtils.escapePathName`: each character to escape becomes `%XX` (upper-case
/// hex of its code point).
pub fn escape_path_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if needs_escape(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// One `key=value` directory name; `value` is the partition value cast to a string (`None`
/// for NULL).
pub fn partition_dir(key: &str, value: Option<&str>) -> String {
    let value = match value {
        None | Some("") => DEFAULT_PARTITION_NAME.to_string(),
        Some(v) => escape_path_name(v),
    };
    format!("{}={value}", escape_path_name(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_spark_does() {
        assert_eq!(escape_path_name("a/b"), "a%2Fb");
        assert_eq!(escape_path_name("c=d"), "c%3Dd");
        assert_eq!(escape_path_name("x y"), "x y");
        assert_eq!(escape_path_name("%"), "%25");
        assert_eq!(escape_path_name("é#?"), "é%23%3F");
        assert_eq!(
            escape_path_name("2024-01-02 03:04:05"),
            "2024-01-02 03%3A04%3A05"
        );
        assert_eq!(escape_path_name("a\tb\u{7f}"), "a%09b%7F");
        assert_eq!(escape_path_name("{[]}^'\"*\\"), "%7B%5B%5D}%5E%27%22%2A%5C");
        assert_eq!(escape_path_name("a,b;c-d_e.f~g"), "a,b;c-d_e.f~g");
    }

    #[test]
    fn null_and_empty_values_are_the_default_partition() {
        assert_eq!(partition_dir("k", None), "k=__HIVE_DEFAULT_PARTITION__");
        assert_eq!(partition_dir("k", Some("")), "k=__HIVE_DEFAULT_PARTITION__");
        assert_eq!(partition_dir("a=b", Some("1")), "a%3Db=1");
    }
}
