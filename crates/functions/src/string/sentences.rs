//! `sentences(str[, lang, country])` (Spark's `Sentences`): the string split into sentences
//! and each sentence into words, as `java.text.BreakIterator`'s sentence and word instances
//! split them, keeping the words whose first UTF-16 unit is a letter or a decimal digit.
//!
//! The JDK's break iterators for every locale but Thai use one rule set (the legacy
//! `sun.text.resources.BreakIteratorRules`); the rules below were checked against Spark 4.3.0
//! on Java 17 (cases in `python-tests/cases/strfn.py`). Thai text would need the JDK's
//! dictionary-based iterator: it is split by the generic rules here.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListBuilder, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field};
use datafusion::common::{Result as DfResult, internal_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use regex::RegexSet;
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{check_args, columnar, udf};

#[derive(Debug, PartialEq, Eq, Hash)]
struct Sentences {
    signature: Signature,
}

static SENTENCES: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Sentences {
        signature: Signature::any(1, Volatility::Immutable),
    })
});

pub(crate) fn udf_sentences() -> Arc<ScalarUDF> {
    Arc::clone(&SENTENCES)
}

/// `array<array<string NOT NULL> NOT NULL>`, as Spark types it.
fn words_type() -> ArrowType {
    ArrowType::List(Arc::new(Field::new("item", ArrowType::Utf8, false)))
}

fn result_type() -> ArrowType {
    ArrowType::List(Arc::new(Field::new("item", words_type(), false)))
}

impl ScalarUDFImpl for Sentences {
    fn name(&self) -> &str {
        "spark_sentences"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(result_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [input] = arrays.as_slice() else {
            return internal_err!("sentences takes one argument after planning");
        };
        let input = cast(input, &ArrowType::Utf8)?;
        let input = input.as_string::<i32>();
        let words = ListBuilder::new(StringBuilder::new()).with_field(Arc::new(Field::new(
            "item",
            ArrowType::Utf8,
            false,
        )));
        let mut out =
            ListBuilder::new(words).with_field(Arc::new(Field::new("item", words_type(), false)));
        for row in 0..input.len() {
            if input.is_null(row) {
                out.append_null();
                continue;
            }
            for sentence in sentences(input.value(row)) {
                for word in sentence {
                    out.values().values().append_value(word);
                }
                out.values().append(true);
            }
            out.append(true);
        }
        let result: ArrayRef = Arc::new(out.finish());
        columnar(result, &args.args)
    }
}

/// The character classes the JDK's legacy break rules use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Lowercase letter (`Ll`).
    Lower,
    /// Any other letter (`L`, or a spacing mark `Mc`), excluding the CJK sets below.
    Letter,
    Kanji,
    Katakana,
    Hiragana,
    /// Voiced sound marks and the prolonged sound mark, joining kana runs.
    KanaMark,
    /// A number (`N`); `decimal` tells `Nd` (Java's `isDigit`).
    Number {
        decimal: bool,
    },
    /// Whitespace: `Zs`, tab and the line separators.
    Space,
    /// Opening punctuation (`Ps`, `Pi`).
    Start,
    /// Closing punctuation (`Pe`, `Pf`).
    End,
    /// `"` and `'`: both opening and closing.
    Quote,
    /// `.` and `．`: may end a sentence.
    Period,
    /// `!`, `?`, `。` ...: always end a sentence.
    Term,
    /// `U+2029`, the paragraph separator.
    Paragraph,
    /// Dashes (`Pd`), connectors (`Pc`), soft hyphen, hyphenation point: may join letters.
    MidWord,
    /// `,` and `٫`: may join digits (as may quotes and periods).
    MidNum,
    /// Currency signs (`Sc`, but `¢`) and `#`: may prefix a number.
    PreNum,
    /// `%`, `&`, `¢`, `٪`, `‰`, `‱`: may follow a number.
    PostNum,
    /// Non-spacing and enclosing marks and format characters: transparent to the rules.
    Ignore,
    Other,
}

/// Unicode general categories, looked up through `regex`'s tables.
static CATEGORIES: LazyLock<Option<RegexSet>> = LazyLock::new(|| {
    RegexSet::new([
        r"\A\p{Ll}\z",
        r"\A[\p{L}\p{Mc}]\z",
        r"\A\p{Nd}\z",
        r"\A\p{N}\z",
        r"\A\p{Zs}\z",
        r"\A[\p{Ps}\p{Pi}]\z",
        r"\A[\p{Pe}\p{Pf}]\z",
        r"\A[\p{Pd}\p{Pc}]\z",
        r"\A\p{Sc}\z",
        r"\A[\p{Mn}\p{Me}\p{Cf}]\z",
    ])
    .ok()
});

fn classify(c: char) -> Class {
    match c {
        '.' | '\u{ff0e}' => return Class::Period,
        '"' | '\'' => return Class::Quote,
        '!'
        | '?'
        | '\u{589}'
        | '\u{61f}'
        | '\u{6d4}'
        | '\u{700}'..='\u{702}'
        | '\u{1362}'
        | '\u{1367}'
        | '\u{1368}'
        | '\u{104a}'
        | '\u{104b}'
        | '\u{166e}'
        | '\u{1803}'
        | '\u{1809}'
        | '\u{3002}'
        | '\u{ff01}'
        | '\u{ff1f}'
        | '\u{ff61}' => return Class::Term,
        '\t' | '\n' | '\r' | '\u{c}' | '\u{2028}' => return Class::Space,
        '\u{2029}' => return Class::Paragraph,
        ',' | '\u{66b}' => return Class::MidNum,
        '\u{ad}' | '\u{2027}' => return Class::MidWord,
        '#' => return Class::PreNum,
        '%' | '&' | '\u{a2}' | '\u{66a}' | '\u{2030}' | '\u{2031}' => return Class::PostNum,
        '\u{3005}' | '\u{4e00}'..='\u{9fa5}' | '\u{f900}'..='\u{fa2d}' => return Class::Kanji,
        '\u{30a1}'..='\u{30fa}' | '\u{30fd}' | '\u{30fe}' => return Class::Katakana,
        '\u{3041}'..='\u{3096}' | '\u{309d}' | '\u{309e}' => return Class::Hiragana,
        '\u{3099}'..='\u{309c}' | '\u{30fc}' => return Class::KanaMark,
        _ => {}
    }
    let Some(set) = CATEGORIES.as_ref() else {
        return Class::Other;
    };
    let mut buf = [0u8; 4];
    let m = set.matches(c.encode_utf8(&mut buf));
    if m.matched(0) {
        Class::Lower
    } else if m.matched(1) {
        Class::Letter
    } else if m.matched(3) {
        Class::Number {
            decimal: m.matched(2),
        }
    } else if m.matched(4) {
        Class::Space
    } else if m.matched(5) {
        Class::Start
    } else if m.matched(6) {
        Class::End
    } else if m.matched(7) {
        Class::MidWord
    } else if m.matched(8) {
        Class::PreNum
    } else if m.matched(9) {
        Class::Ignore
    } else {
        Class::Other
    }
}

/// A character with the ignorable characters that follow it: `end` is the byte offset after
/// them. Ignorable characters at the start of the text form a unit of their own.
#[derive(Debug, Clone, Copy)]
struct Unit {
    class: Class,
    start: usize,
    end: usize,
}

fn units(s: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let class = classify(c);
        let end = i + c.len_utf8();
        match (class, out.last_mut()) {
            (Class::Ignore, Some(last)) => last.end = end,
            _ => out.push(Unit {
                class,
                start: i,
                end,
            }),
        }
    }
    out
}

/// The sentences of `s`, each as its words.
fn sentences(s: &str) -> Vec<Vec<&str>> {
    let units = units(s);
    let mut out = Vec::new();
    let mut begin = 0;
    for cut in sentence_breaks(&units) {
        out.push(words(&units[begin..cut], s));
        begin = cut;
    }
    if begin < units.len() {
        out.push(words(&units[begin..], s));
    }
    out
}

fn class_at(units: &[Unit], i: usize) -> Option<Class> {
    units.get(i).map(|u| u.class)
}

/// May a sentence start with this class after a period and one space? Anything but a
/// lowercase letter, a digit, whitespace, punctuation that opens, closes or ends, or a comma.
fn sent_start(c: Class) -> bool {
    !matches!(
        c,
        Class::Lower
            | Class::Number { .. }
            | Class::Space
            | Class::Start
            | Class::End
            | Class::Quote
            | Class::Period
            | Class::Term
            | Class::Paragraph
            | Class::MidNum
            | Class::Ignore
    )
}

fn is_start(c: Class) -> bool {
    matches!(c, Class::Start | Class::Quote)
}

/// Does a run of opening punctuation from `i` lead into a sentence (not into whitespace or a
/// digit, and not at the end)?
fn opens_sentence(units: &[Unit], i: usize) -> bool {
    let mut j = i;
    while class_at(units, j).is_some_and(is_start) {
        j += 1;
    }
    j > i && class_at(units, j).is_some_and(|c| !matches!(c, Class::Space | Class::Number { .. }))
}

/// The unit indexes at which a new sentence starts.
fn sentence_breaks(units: &[Unit]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let n = units.len();
    let mut i = 0;
    while i < n {
        match units[i].class {
            Class::Paragraph => {
                cuts.push(i + 1);
                i += 1;
            }
            Class::Term => {
                // `?`/`!`, more terminators or closing punctuation, then any whitespace.
                let mut j = i + 1;
                while class_at(units, j).is_some_and(|c| {
                    matches!(c, Class::Term | Class::Period | Class::End | Class::Quote)
                }) {
                    j += 1;
                }
                while class_at(units, j) == Some(Class::Space) {
                    j += 1;
                }
                if j < n {
                    cuts.push(j);
                }
                i = j;
            }
            Class::Period => {
                let mut j = i + 1;
                while class_at(units, j)
                    .is_some_and(|c| matches!(c, Class::Period | Class::End | Class::Quote))
                {
                    j += 1;
                }
                let mut k = j;
                while class_at(units, k) == Some(Class::Space) {
                    k += 1;
                }
                let cut = if k >= n {
                    None
                } else if k - j >= 2 {
                    // A period and two or more whitespace characters end a sentence.
                    Some(k)
                } else if opens_sentence(units, k) {
                    Some(k)
                } else if k == j {
                    // No whitespace: quotes after the period may open the next sentence
                    // (`x."Y` breaks, `Hi.Bye` does not).
                    (i + 1..j).find(|&q| {
                        units[q..j].iter().all(|u| u.class == Class::Quote)
                            && opens_sentence(units, q)
                    })
                } else if sent_start(units[k].class) {
                    Some(k)
                } else {
                    None
                };
                if let Some(c) = cut {
                    cuts.push(c);
                    i = c;
                } else {
                    i = j;
                }
            }
            _ => i += 1,
        }
    }
    cuts
}

fn is_letter(c: Class) -> bool {
    matches!(c, Class::Lower | Class::Letter)
}

fn is_number(c: Class) -> bool {
    matches!(c, Class::Number { .. })
}

/// Letters, joined by single dashes, connectors, periods or quotes between letters.
fn word_end(units: &[Unit], mut i: usize) -> usize {
    while class_at(units, i).is_some_and(is_letter) {
        i += 1;
    }
    while class_at(units, i)
        .is_some_and(|c| matches!(c, Class::MidWord | Class::Period | Class::Quote))
        && class_at(units, i + 1).is_some_and(is_letter)
    {
        i += 1;
        while class_at(units, i).is_some_and(is_letter) {
            i += 1;
        }
    }
    i
}

/// Digits, joined by single commas, periods or quotes between digits.
fn number_end(units: &[Unit], mut i: usize) -> usize {
    while class_at(units, i).is_some_and(is_number) {
        i += 1;
    }
    while class_at(units, i)
        .is_some_and(|c| matches!(c, Class::MidNum | Class::Period | Class::Quote))
        && class_at(units, i + 1).is_some_and(is_number)
    {
        i += 1;
        while class_at(units, i).is_some_and(is_number) {
            i += 1;
        }
    }
    i
}

/// After an optional word: alternating numbers and words, the last number optionally followed
/// by a postfix (`100%`).
fn alternation_end(units: &[Unit], mut i: usize) -> usize {
    while class_at(units, i).is_some_and(is_number) {
        i = number_end(units, i);
        if class_at(units, i).is_some_and(is_letter) {
            i = word_end(units, i);
        } else {
            if class_at(units, i) == Some(Class::PostNum) {
                i += 1;
            }
            break;
        }
    }
    i
}

fn run_end(units: &[Unit], mut i: usize, f: impl Fn(Class) -> bool) -> usize {
    while class_at(units, i).is_some_and(&f) {
        i += 1;
    }
    i
}

/// The end of the word-iterator token starting at unit `i`.
fn token_end(units: &[Unit], i: usize) -> usize {
    let end = match units[i].class {
        c if is_letter(c) => alternation_end(units, word_end(units, i)),
        c if is_number(c) => alternation_end(units, i),
        // A prefix (`$`, `#`, `.`) binds to the number after it: `$100`, `.5`.
        Class::PreNum | Class::Period => alternation_end(units, i + 1),
        Class::Katakana => run_end(units, i, |c| matches!(c, Class::Katakana | Class::KanaMark)),
        Class::Hiragana => run_end(units, i, |c| matches!(c, Class::Hiragana | Class::KanaMark)),
        Class::KanaMark => run_end(units, i, |c| c == Class::KanaMark),
        Class::Kanji => run_end(units, i, |c| c == Class::Kanji),
        _ => i + 1,
    };
    end.max(i + 1)
}

/// The words of one sentence: the tokens whose first UTF-16 unit is a letter or a decimal
/// digit (`Character.isLetterOrDigit(word.charAt(0))`; a supplementary character is neither).
fn words<'a>(units: &[Unit], s: &'a str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let end = token_end(units, i);
        let first = units[i];
        let word = s.get(first.start..units[end - 1].end).unwrap_or("");
        let keeps = word.chars().next().is_some_and(|c| {
            u32::from(c) <= 0xffff
                && match classify(c) {
                    Class::Lower
                    | Class::Kanji
                    | Class::Katakana
                    | Class::Hiragana
                    | Class::Number { decimal: true } => true,
                    // `Mc` marks are not letters to Java; the prolonged sound mark is.
                    Class::Letter => !is_spacing_mark(c),
                    Class::KanaMark => c == '\u{30fc}',
                    _ => false,
                }
        });
        if keeps {
            out.push(word);
        }
        i = end;
    }
    out
}

static SPACING_MARK: LazyLock<Option<regex::Regex>> =
    LazyLock::new(|| regex::Regex::new(r"\A\p{Mc}\z").ok());

fn is_spacing_mark(c: char) -> bool {
    let mut buf = [0u8; 4];
    SPACING_MARK
        .as_ref()
        .is_some_and(|r| r.is_match(c.encode_utf8(&mut buf)))
}

/// `sentences(str)` is `sentences(str, '', '')`; the locale does not change the rules (see
/// the module comment), so only the string is passed on.
pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("sentences", &args, 1, 3)?;
    let mut args = args;
    args.truncate(1);
    Ok(SENTENCES.call(args))
}

pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    let mut all = args.to_vec();
    all.resize(3, String::new());
    format!("{name}({})", all.join(", "))
}

#[cfg(test)]
mod tests {
    use super::sentences;

    #[test]
    fn splits_as_java_break_iterator() {
        assert_eq!(
            sentences("Mr. Smith went to Washington. he said no."),
            vec![
                vec!["Mr"],
                vec!["Smith", "went", "to", "Washington", "he", "said", "no"]
            ]
        );
        assert_eq!(
            sentences("don't stop 3.14 and 1,000 x-ray e.g. it's $100 100% a_1"),
            vec![vec![
                "don't", "stop", "3.14", "and", "1,000", "x-ray", "e.g", "it's", "100%", "a", "1"
            ]]
        );
        assert_eq!(sentences(""), Vec::<Vec<&str>>::new());
        assert_eq!(sentences("   "), vec![Vec::<&str>::new()]);
        assert_eq!(
            sentences("q.\"Z Hi.Bye"),
            vec![vec!["q"], vec!["Z", "Hi.Bye"]]
        );
        assert_eq!(
            sentences("日本語のテキスト。次"),
            vec![vec!["日本語", "の", "テキスト"], vec!["次"]]
        );
    }
}
