//! Text measurements of `Dataset.showString`: display width, meta-character escaping, truncation.

/// Mirrors Spark's `Utils.stringHalfWidth`: the string's Java length (UTF-16 units) plus one
/// for each full-width (East Asian wide) character, so that those take two columns.
pub fn string_half_width(s: &str) -> usize {
    s.encode_utf16().count() + s.chars().filter(|c| is_full_width(*c)).count()
}

/// The character ranges of Spark's `Utils.fullWidthRegex`.
fn is_full_width(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE6F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}')
}

/// Mirrors Spark's `SchemaUtils.escapeMetaCharacters`, so that a value or a column name cannot
/// break the table layout.
pub fn escape_meta_characters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{000C}' => out.push_str("\\f"),
            '\u{0008}' => out.push_str("\\b"),
            '\u{000B}' => out.push_str("\\v"),
            '\u{0007}' => out.push_str("\\a"),
            c => out.push(c),
        }
    }
    out
}

/// `Dataset.getRows`' truncation: a cell longer than `truncate` (in Java chars) keeps its first
/// `truncate - 3` chars followed by `...`, or just its first `truncate` chars if `truncate < 4`.
pub fn truncate_cell(s: String, truncate: usize) -> String {
    if truncate == 0 {
        return s;
    }
    let units: Vec<u16> = s.encode_utf16().collect();
    if units.len() <= truncate {
        return s;
    }
    if truncate < 4 {
        String::from_utf16_lossy(&units[..truncate])
    } else {
        let mut out = String::from_utf16_lossy(&units[..truncate - 3]);
        out.push_str("...");
        out
    }
}

/// `StringUtils.leftPad`/`rightPad` to a display width.
pub fn pad(s: &str, width: usize, left: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(string_half_width(s)));
    if left {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(string_half_width("abc"), 3);
        assert_eq!(string_half_width("日本語テキスト"), 14);
        assert_eq!(string_half_width("é"), 1);
        // A character outside the BMP is two Java chars.
        assert_eq!(string_half_width("😀"), 2);
    }

    #[test]
    fn escapes_like_spark() {
        assert_eq!(escape_meta_characters("a\tb\nc"), "a\\tb\\nc");
        assert_eq!(
            escape_meta_characters("\u{7}\u{8}\u{b}\u{c}\r"),
            "\\a\\b\\v\\f\\r"
        );
    }

    #[test]
    fn truncates_like_spark() {
        assert_eq!(truncate_cell("hello world".into(), 5), "he...");
        assert_eq!(truncate_cell("hello world".into(), 3), "hel");
        assert_eq!(truncate_cell("hello".into(), 5), "hello");
        assert_eq!(truncate_cell("hello".into(), 0), "hello");
        assert_eq!(truncate_cell("日本語テキスト".into(), 5), "日本...");
    }
}
