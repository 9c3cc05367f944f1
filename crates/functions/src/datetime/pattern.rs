//! Spark's datetime patterns ("Datetime Patterns for Formatting and Parsing") compiled into a
//! list of items, with Spark's pattern errors: the letters Spark 3+ rejects
//! (`DateTimeFormatterHelper.convertIncompatiblePattern`: week-based fields, `A B n N p`, `E F q Q`
//! when parsing, narrow text styles, years of 11+ digits), then `java.time`'s
//! `DateTimeFormatterBuilder.appendPattern` rules (letter counts, quotes, `[`/`]`, reserved
//! `{ } #`). Like Spark's `checkLegacyFormatter`, a pattern that fails but that the legacy
//! `SimpleDateFormat` accepts is reported as `DATETIME_PATTERN_RECOGNITION`.

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A pattern letter and how many times it repeats.
    Field(char, usize),
    Literal(String),
    /// `[`: the index of the matching `]` item.
    OptStart(usize),
    OptEnd,
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    pub(crate) items: Vec<Item>,
    /// Whether an era (`G`) appears: then `y` is the year of era, else the proleptic year
    /// (Spark substitutes `u` for `y` when no `G` is present).
    pub(crate) has_era: bool,
}

const DOCROOT: &str = "https://spark.apache.org/docs/latest";
const WEEK_BASED: &[char] = &['Y', 'W', 'w', 'u', 'e', 'c'];
const UNSUPPORTED: &[char] = &['A', 'B', 'n', 'N', 'p'];
const UNSUPPORTED_FOR_PARSING: &[char] = &['E', 'F', 'q', 'Q'];
/// The letters `java.text.SimpleDateFormat` knows.
const LEGACY_LETTERS: &str = "GyMdkHmsSEDFwWahKzZYuXL";

fn recognition_error(pattern: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Upgrade,
        "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION",
        "42K0B",
        format!(
            "You may get a different result due to the upgrading to Spark >= 3.0: Fail to recognize '{pattern}' pattern in the DateTimeFormatter. 1) You can set \"spark.sql.legacy.timeParserPolicy\" to \"LEGACY\" to restore the behavior before Spark 3.0. 2) You can form a valid datetime pattern with the guide from '{DOCROOT}/sql-ref-datetime-pattern.html'."
        ),
    )
    .param("pattern", format!("'{pattern}'"))
    .param("config", "\"spark.sql.legacy.timeParserPolicy\"")
    .param("docroot", DOCROOT)
}

/// Why Java/Spark reject a pattern, before the legacy check.
enum Problem {
    WeekBased(char),
    Illegal(char),
    Other,
}

fn problem_error(pattern: &str, p: Problem) -> SparkError {
    match p {
        Problem::WeekBased(c) => SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN",
            "42K0B",
            format!(
                "You may get a different result due to the upgrading to Spark >= 3.0: All week-based patterns are unsupported since Spark 3.0, detected week-based character: {c}. Please use the SQL function EXTRACT instead."
            ),
        )
        .param("c", c.to_string()),
        Problem::Illegal(c) => SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER",
            "22007",
            format!(
                "Unrecognized datetime pattern: {pattern}. Illegal pattern character found in datetime pattern: {c}. Please provide legal character."
            ),
        )
        .param("pattern", pattern)
        .param("c", c.to_string()),
        Problem::Other => {
            let quoted = format!("'{}'", pattern.replace('\\', "\\\\").replace('\'', "\\'"));
            SparkError::with_class(
                ExceptionKind::Runtime,
                "INVALID_DATETIME_PATTERN.WITH_SUGGESTION",
                "22007",
                format!(
                    "Unrecognized datetime pattern: {quoted}. You can form a valid datetime pattern with the guide from '{DOCROOT}/sql-ref-datetime-pattern.html'."
                ),
            )
            .param("pattern", quoted)
            .param("docroot", DOCROOT)
        }
    }
}

/// Whether `SimpleDateFormat` compiles the pattern.
fn legacy_accepts(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // `''` is a quote; otherwise text up to the closing quote.
            if chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    None => return false,
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => j += 2,
                    Some('\'') => break,
                    Some(_) => j += 1,
                }
            }
            i = j + 1;
            continue;
        }
        if c.is_ascii_alphabetic() {
            if !LEGACY_LETTERS.contains(c) {
                return false;
            }
            let run = chars[i..].iter().take_while(|d| **d == c).count();
            if c == 'X' && run > 3 {
                return false;
            }
            i += run;
            continue;
        }
        i += 1;
    }
    true
}

/// Spark's own checks on the unquoted parts of a pattern.
fn spark_checks(pattern: &str, parsing: bool) -> Result<(), Problem> {
    let with_space = format!("{pattern} ");
    for (index, part) in with_space.split('\'').enumerate() {
        if index % 2 != 0 {
            continue;
        }
        if let Some(c) = part.chars().find(|c| WEEK_BASED.contains(c)) {
            return Err(Problem::WeekBased(c));
        }
        if let Some(c) = part
            .chars()
            .find(|c| UNSUPPORTED.contains(c) || (parsing && UNSUPPORTED_FOR_PARSING.contains(c)))
        {
            return Err(Problem::Illegal(c));
        }
        for l in ['G', 'M', 'L', 'E', 'Q', 'q'] {
            if part.contains(&l.to_string().repeat(5)) {
                return Err(Problem::Other);
            }
        }
        if part.contains(&"y".repeat(11)) {
            return Err(Problem::Other);
        }
    }
    Ok(())
}

/// The largest count `java.time` allows for a letter (`None`: not a pattern letter).
fn max_count(c: char) -> Option<usize> {
    Some(match c {
        'G' | 'M' | 'L' | 'E' | 'Q' | 'q' => 5,
        // Spark 4 rejects 7 or more (found by experiment; `java.time` itself allows 19).
        'y' => 6,
        'd' | 'h' | 'H' | 'k' | 'K' | 'm' | 's' => 2,
        'D' => 3,
        'a' | 'F' => 1,
        'S' => 9,
        'g' => 19,
        'V' => 2,
        'z' => 4,
        'O' => 4,
        'X' | 'x' | 'Z' => 5,
        _ => return None,
    })
}

fn java_compile(pattern: &str) -> Result<Vec<Item>, Problem> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut items: Vec<Item> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    let push_lit = |items: &mut Vec<Item>, s: &str| {
        if let Some(Item::Literal(prev)) = items.last_mut() {
            prev.push_str(s);
        } else {
            items.push(Item::Literal(s.to_string()));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let run = chars[i..].iter().take_while(|d| **d == c).count();
            let max = max_count(c).ok_or(Problem::Other)?;
            let ok = match c {
                'V' => run == 2,
                'O' => run == 1 || run == 4,
                _ => run <= max,
            };
            if !ok {
                return Err(Problem::Other);
            }
            items.push(Item::Field(c, run));
            i += run;
        } else if c == '\'' {
            let mut j = i + 1;
            let mut text = String::new();
            loop {
                match chars.get(j) {
                    None => return Err(Problem::Other),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        text.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(ch) => {
                        text.push(*ch);
                        j += 1;
                    }
                }
            }
            if j == i + 1 {
                text.push('\'');
            }
            push_lit(&mut items, &text);
            i = j + 1;
        } else if c == '[' {
            open.push(items.len());
            items.push(Item::OptStart(0));
            i += 1;
        } else if c == ']' {
            let start = open.pop().ok_or(Problem::Other)?;
            items[start] = Item::OptStart(items.len());
            items.push(Item::OptEnd);
            i += 1;
        } else if matches!(c, '{' | '}' | '#') {
            return Err(Problem::Other);
        } else {
            push_lit(&mut items, &c.to_string());
            i += 1;
        }
    }
    // Unclosed `[` sections end with the pattern (`optionalEnd` is implicit in `toFormatter`).
    while let Some(start) = open.pop() {
        items[start] = Item::OptStart(items.len());
        items.push(Item::OptEnd);
    }
    Ok(items)
}

/// Compiles a pattern for formatting (`parsing == false`) or parsing.
pub(crate) fn compile(pattern: &str, parsing: bool) -> Result<Pattern, SparkError> {
    let result = spark_checks(pattern, parsing).and_then(|()| java_compile(pattern));
    match result {
        Ok(items) => {
            let has_era = items.iter().any(|i| matches!(i, Item::Field('G', _)));
            Ok(Pattern { items, has_era })
        }
        Err(_) if legacy_accepts(pattern) => Err(recognition_error(pattern)),
        Err(p) => Err(problem_error(pattern, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(p: &str, parsing: bool) -> String {
        compile(p, parsing)
            .err()
            .and_then(|e| e.error_class)
            .unwrap_or_default()
    }

    #[test]
    fn compiles_fields_literals_and_sections() {
        let p = compile("yyyy-MM-dd['T'HH]''", false).unwrap();
        assert_eq!(
            p.items,
            vec![
                Item::Field('y', 4),
                Item::Literal("-".into()),
                Item::Field('M', 2),
                Item::Literal("-".into()),
                Item::Field('d', 2),
                Item::OptStart(8),
                Item::Literal("T".into()),
                Item::Field('H', 2),
                Item::OptEnd,
                Item::Literal("'".into()),
            ]
        );
        assert!(!p.has_era);
    }

    #[test]
    fn spark_errors() {
        let recognition = "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION";
        assert_eq!(class("YYYY", false), recognition);
        assert_eq!(class("EEEEE", false), recognition);
        assert_eq!(class("ddd", false), recognition);
        assert_eq!(class("{}#", false), recognition);
        assert_eq!(class("E yyyy", true), recognition);
        assert_eq!(
            class("e", false),
            "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN"
        );
        assert_eq!(
            class("B", false),
            "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"
        );
        assert_eq!(
            class("yyyy QQQ", true),
            "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"
        );
        assert_eq!(
            class("V", false),
            "INVALID_DATETIME_PATTERN.WITH_SUGGESTION"
        );
        assert_eq!(
            class("yyyy 'x", false),
            "INVALID_DATETIME_PATTERN.WITH_SUGGESTION"
        );
        assert_eq!(
            class("XXXXXX", false),
            "INVALID_DATETIME_PATTERN.WITH_SUGGESTION"
        );
        assert_eq!(class("[yyyy]]", false), recognition);
        assert!(compile("[yyyy", false).is_ok());
        assert!(compile("q Q QQ QQQ QQQQ G GGGG F g", false).is_ok());
    }
}
