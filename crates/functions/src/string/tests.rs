//! Tests of the string functions against Spark's documented results.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, cast, lit};

use crate::lookup;
use crate::test_util::{eval, eval_one, one_row};

fn null_str() -> DfExpr {
    cast(lit(ScalarValue::Null), ArrowType::Utf8)
}

#[tokio::test]
async fn substring_positions_follow_spark() {
    let s = || lit("Spark SQL");
    assert_eq!(
        eval_one("substring", vec![s(), lit(-3)], true)
            .await
            .unwrap(),
        "SQL"
    );
    assert_eq!(
        eval_one("substring", vec![s(), lit(0), lit(2)], true)
            .await
            .unwrap(),
        "Sp"
    );
    assert_eq!(
        eval_one("substr", vec![s(), lit(-3), lit(2)], true)
            .await
            .unwrap(),
        "SQ"
    );
    assert_eq!(
        eval_one("substring", vec![s(), lit(-20), lit(13)], true)
            .await
            .unwrap(),
        "Sp"
    );
    assert_eq!(
        eval_one("substring", vec![s(), lit(5), lit(-1)], true)
            .await
            .unwrap(),
        ""
    );
    assert_eq!(
        eval_one("substring", vec![s(), lit(100)], true)
            .await
            .unwrap(),
        ""
    );
}

#[tokio::test]
async fn concat_and_case() {
    assert_eq!(
        eval_one("concat", vec![lit("a"), null_str()], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("concat", vec![lit("a"), lit("b")], true)
            .await
            .unwrap(),
        "ab"
    );
    let args = vec![lit(","), lit("a"), null_str(), lit("b")];
    assert_eq!(eval_one("concat_ws", args, true).await.unwrap(), "a,b");
    assert_eq!(eval_one("upper", vec![lit("ß")], true).await.unwrap(), "SS");
    assert_eq!(
        eval_one("lcase", vec![lit("AbC")], true).await.unwrap(),
        "abc"
    );
    assert_eq!(
        eval_one("initcap", vec![lit("a-b c_d")], true)
            .await
            .unwrap(),
        "A-b C_d"
    );
    let (_, f) = eval(one_row(), "length", vec![lit("ab ")], false, true)
        .await
        .unwrap();
    assert_eq!(f.data_type(), &ArrowType::Int32);
    assert_eq!(
        eval_one("char_length", vec![lit("héllo")], true)
            .await
            .unwrap(),
        "5"
    );
}

#[tokio::test]
async fn trim_pad_replace() {
    assert_eq!(
        eval_one("trim", vec![lit("  a  ")], true).await.unwrap(),
        "a"
    );
    assert_eq!(
        eval_one("trim", vec![lit("x"), lit("xxaxx")], true)
            .await
            .unwrap(),
        "a"
    );
    assert_eq!(
        eval_one("ltrim", vec![lit("  a ")], true).await.unwrap(),
        "a "
    );
    assert_eq!(
        eval_one("lpad", vec![lit("abc"), lit(2), lit("x")], true)
            .await
            .unwrap(),
        "ab"
    );
    assert_eq!(
        eval_one("lpad", vec![lit("abc"), lit(5)], true)
            .await
            .unwrap(),
        "  abc"
    );
    assert_eq!(
        eval_one("lpad", vec![lit("abc"), lit(5), lit("")], true)
            .await
            .unwrap(),
        "abc"
    );
    assert_eq!(
        eval_one("rpad", vec![lit("abc"), lit(6), lit("xy")], true)
            .await
            .unwrap(),
        "abcxyx"
    );
    assert_eq!(
        eval_one("replace", vec![lit("abc"), lit("b"), lit("X")], true)
            .await
            .unwrap(),
        "aXc"
    );
    assert_eq!(
        eval_one("replace", vec![lit("abc"), lit("b")], true)
            .await
            .unwrap(),
        "ac"
    );
    assert_eq!(
        eval_one("replace", vec![lit("abc"), lit(""), lit("X")], true)
            .await
            .unwrap(),
        "abc"
    );
    assert_eq!(
        eval_one("replace", vec![lit("abc"), lit("b"), null_str()], true)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn search_functions() {
    assert_eq!(
        eval_one("instr", vec![lit("hello"), lit("l")], true)
            .await
            .unwrap(),
        "3"
    );
    assert_eq!(
        eval_one("instr", vec![lit("hello"), lit("")], true)
            .await
            .unwrap(),
        "1"
    );
    assert_eq!(
        eval_one("repeat", vec![lit("ab"), lit(2)], true)
            .await
            .unwrap(),
        "abab"
    );
    assert_eq!(
        eval_one("repeat", vec![lit("ab"), lit(-1)], true)
            .await
            .unwrap(),
        ""
    );
    assert_eq!(
        eval_one("reverse", vec![lit("abc")], true).await.unwrap(),
        "cba"
    );
    assert_eq!(
        eval_one("startswith", vec![lit("abc"), lit("a")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("endswith", vec![lit("abc"), null_str()], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("contains", vec![lit("abc"), lit("")], true)
            .await
            .unwrap(),
        "true"
    );
}

#[test]
fn display_names() {
    let d = |n: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        (lookup(n).unwrap().display)(n, &args, false)
    };
    assert_eq!(d("substring", &["s", "1", "2"]), "substring(s, 1, 2)");
    assert_eq!(d("substring", &["s", "2"]), "substring(s, 2, 2147483647)");
    assert_eq!(d("lpad", &["s", "3"]), "lpad(s, 3,  )");
    assert_eq!(d("replace", &["s", "l"]), "replace(s, l, )");
    assert_eq!(d("trim", &["s"]), "trim(s)");
    assert_eq!(d("trim", &["x", "s"]), "TRIM(BOTH x FROM s)");
    assert_eq!(d("ltrim", &["x", "s"]), "TRIM(LEADING x FROM s)");
    assert_eq!(d("ucase", &["s"]), "ucase(s)");
    assert_eq!(d("concat_ws", &[",", "s"]), "concat_ws(,, s)");
}

#[test]
fn locate_follows_utf8string_index_of() {
    use super::locate::locate;
    assert_eq!(locate("S", "Spark SQL", 1), 1);
    assert_eq!(locate("S", "Spark SQL", 3), 7);
    assert_eq!(locate("", "", 2), 1);
    assert_eq!(locate("l", "héllo", 0), 0);
    assert_eq!(locate("l", "héllo wörld", 5), 10);
    assert_eq!(locate("x", "abc", 10), 0);
}

#[test]
fn substring_index_counts_from_both_ends() {
    use super::substring_index::substring_index as si;
    assert_eq!(si("a,b,,c", ",", 2), "a,b");
    assert_eq!(si("a,b,,c", ",", -2), ",c");
    assert_eq!(si("a,b,,c", ",", 0), "");
    assert_eq!(si("a,b", "", 1), "");
    assert_eq!(si("héllo", "l", 10), "héllo");
    assert_eq!(si("aaa", "aa", 2), "a");
    assert_eq!(si("www.apache.org", ".", -2), "apache.org");
}

#[test]
fn translate_keeps_first_mapping_and_deletes() {
    use super::translate::translate;
    assert_eq!(translate("Spark SQL", "SQa", "1"), "1prk 1L");
    assert_eq!(translate("héllo wörld", "lL", "xyz"), "héxxo wörxd");
    assert_eq!(translate("héllo wörld", "ll", "ab"), "héaao wörad");
}

#[test]
fn split_part_and_levenshtein() {
    use super::levenshtein::distance;
    use super::split_part::split_part;
    assert_eq!(split_part("a,b,,c", ",", -1).unwrap(), "c");
    assert_eq!(split_part("a,b,,c", ",", 3).unwrap(), "");
    assert_eq!(split_part("a,b,,c", ",", 9).unwrap(), "");
    assert_eq!(split_part("abc", "", 1).unwrap(), "abc");
    assert_eq!(split_part("abc", "", 2).unwrap(), "");
    assert!(split_part("abc", ",", 0).is_err());
    assert_eq!(distance("kitten", "sitting"), 3);
    assert_eq!(distance("héllo", "hello"), 1);
    assert_eq!(distance("", "abc"), 3);
}

#[tokio::test]
async fn left_right_and_registry_calls() {
    let s = || lit("Spark SQL");
    assert_eq!(
        eval_one("left", vec![s(), lit(2)], true).await.unwrap(),
        "Sp"
    );
    assert_eq!(
        eval_one("left", vec![s(), lit(-1)], true).await.unwrap(),
        ""
    );
    assert_eq!(
        eval_one("right", vec![s(), lit(2)], true).await.unwrap(),
        "QL"
    );
    assert_eq!(
        eval_one("right", vec![s(), lit(0)], true).await.unwrap(),
        ""
    );
    assert_eq!(
        eval_one("right", vec![null_str(), lit(2)], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(eval_one("ascii", vec![s()], true).await.unwrap(), "83");
    assert_eq!(
        eval_one("btrim", vec![lit(" a ")], true).await.unwrap(),
        "a"
    );
    assert_eq!(
        eval_one("locate", vec![lit("Q"), s()], true).await.unwrap(),
        "8"
    );
    assert_eq!(
        eval_one("split_part", vec![lit("a,b"), lit(","), lit(2)], true)
            .await
            .unwrap(),
        "b"
    );
}

#[test]
fn java_regex_translation() {
    use super::java_regex::{replacement, translate};
    assert_eq!(translate(r"\d+").unwrap(), "[0-9]+");
    assert_eq!(translate(r"[\d,]").unwrap(), "[0-9,]");
    assert_eq!(translate(r"\Qa.b\E.").unwrap(), r"a\.b.");
    assert!(translate(r"a(?=b)").is_err());
    assert!(translate(r"(a)\1").is_err());
    assert!(translate(r"a++").is_err());
    assert!(translate(r"a+?").is_ok());
    assert!(translate(r"[+]+").is_ok());
    assert_eq!(replacement("$1a", 1).unwrap(), "${1}a");
    assert_eq!(replacement("$12", 12).unwrap(), "${12}");
    assert_eq!(replacement("$12", 1).unwrap(), "${1}2");
    assert_eq!(replacement(r"\$x", 0).unwrap(), "$$x");
    assert!(replacement("$2", 1).is_err());
}

#[test]
fn split_follows_java_pattern_split() {
    use super::split::split;
    assert_eq!(split("a1b22", r"\d", -1).unwrap(), vec!["a", "b", "", ""]);
    assert_eq!(split("100-200", r"\d", 2).unwrap(), vec!["", "00-200"]);
    assert_eq!(split("abc", "", 0).unwrap(), vec!["a", "b", "c"]);
    assert_eq!(split("abc", "", 2).unwrap(), vec!["a", "bc"]);
    assert_eq!(split("", "x", -1).unwrap(), vec![""]);
    assert_eq!(split("abc", "x", -1).unwrap(), vec!["abc"]);
}

#[tokio::test]
async fn regexp_functions() {
    let s = || lit("a1b22c333");
    assert_eq!(
        eval_one(
            "regexp_replace",
            vec![s(), lit(r"(\d+)"), lit("<$1>")],
            true
        )
        .await
        .unwrap(),
        "a<1>b<22>c<333>"
    );
    assert_eq!(
        eval_one("regexp_extract", vec![s(), lit(r"(\d+)")], true)
            .await
            .unwrap(),
        "1"
    );
    assert_eq!(
        eval_one("regexp_count", vec![s(), lit(r"\d+")], true)
            .await
            .unwrap(),
        "3"
    );
    assert_eq!(
        eval_one("regexp_instr", vec![s(), lit("b")], true)
            .await
            .unwrap(),
        "3"
    );
    assert!(
        eval_one("regexp_extract", vec![s(), lit(r"(\d+)"), lit(2)], true)
            .await
            .is_err()
    );
}

#[test]
fn find_in_set_and_url_coding() {
    use super::find_in_set::find_in_set;
    use super::url::{decode, encode};
    assert_eq!(find_in_set("b", "a,b,c"), 2);
    assert_eq!(find_in_set("a,b", "a,b"), 0);
    assert_eq!(find_in_set("", "a,,b"), 2);
    assert_eq!(find_in_set("d", "a,b"), 0);
    assert_eq!(encode("a b&c=d/é~*"), "a+b%26c%3Dd%2F%C3%A9%7E*");
    assert_eq!(decode("a%2Bb+c").unwrap(), "a+b c");
    assert!(decode("a%zz").is_err());
    assert!(decode("a%2").is_err());
}

#[tokio::test]
async fn overlay_and_elt() {
    let s = || lit("Spark SQL");
    assert_eq!(
        eval_one("overlay", vec![s(), lit("__"), lit(3)], true)
            .await
            .unwrap(),
        "Sp__k SQL"
    );
    assert_eq!(
        eval_one("overlay", vec![s(), lit("_"), lit(1), lit(5)], true)
            .await
            .unwrap(),
        "_ SQL"
    );
    assert_eq!(
        eval_one("elt", vec![lit(2), lit("a"), lit("b")], true)
            .await
            .unwrap(),
        "b"
    );
    assert!(
        eval_one("elt", vec![lit(3), lit("a"), lit("b")], true)
            .await
            .is_err()
    );
    assert_eq!(
        eval_one("elt", vec![lit(3), lit("a"), lit("b")], false)
            .await
            .unwrap(),
        "NULL"
    );
}

#[tokio::test]
async fn quote_and_encode() {
    assert_eq!(super::quote::quote("it's"), "'it\\'s'");
    assert_eq!(super::quote::quote("a\\b"), "'a\\b'");
    assert_eq!(
        eval_one("decode", vec![lit("abc"), lit("utf-8")], true)
            .await
            .unwrap(),
        "abc"
    );
    let err = eval_one("encode", vec![lit("abc"), lit("NOPE")], true)
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("INVALID_PARAMETER_VALUE.CHARSET"));
    assert!(
        eval_one("encode", vec![lit("abc"), lit("UTF-16")], true)
            .await
            .is_err()
    );
}

#[test]
fn format_number_rounds_half_even() {
    use super::format_number::{format_double, format_exact};
    assert_eq!(format_double(1234567.891, 2), "1,234,567.89");
    assert_eq!(format_double(0.125, 2), "0.12");
    assert_eq!(format_double(2.5, 0), "2");
    assert_eq!(format_double(-0.001, 2), "-0.00");
    assert_eq!(format_double(1e20, 0), "100,000,000,000,000,000,000");
    assert_eq!(format_double(f64::INFINITY, 2), "∞");
    assert_eq!(format_exact("1234567", 3), "1,234,567.000");
    assert_eq!(format_exact("1234.5650", 2), "1,234.56");
    assert_eq!(format_exact("1234.5650", 0), "1,235");
    assert_eq!(format_exact("0.0150", 2), "0.02");
    assert_eq!(format_exact("-0.0050", 0), "-0");
    assert_eq!(format_exact("999.5", 0), "1,000");
    assert_eq!(format_exact("-5", 0), "-5");
}

#[tokio::test]
async fn utf8_validity_of_arrow_strings() {
    assert_eq!(
        eval_one("is_valid_utf8", vec![lit("é")], true)
            .await
            .unwrap(),
        "true"
    );
    assert_eq!(
        eval_one("is_valid_utf8", vec![null_str()], true)
            .await
            .unwrap(),
        "NULL"
    );
    assert_eq!(
        eval_one("make_valid_utf8", vec![lit("é")], true)
            .await
            .unwrap(),
        "é"
    );
    assert!(eval_one("validate_utf8", vec![lit(1)], true).await.is_err());
}

#[tokio::test]
async fn format_string_follows_java_formatter() {
    assert_eq!(
        eval_one("printf", vec![lit("%05d|%-3s|"), lit(-42), lit("x")], true)
            .await
            .unwrap(),
        "-0042|x  |"
    );
}

#[test]
fn format_string_conversion_scan() {
    use super::format_string::has_string_conversion as has;
    assert!(has("%s"));
    assert!(has("a %-5S b"));
    assert!(!has("%.2f %% %5d"));
    assert!(!has("%,d %x"));
}

#[test]
fn to_binary_unhex() {
    use super::to_binary::unhex_ok;
    assert_eq!(unhex_ok("4a6B").unwrap(), vec![0x4a, 0x6b]);
    assert_eq!(unhex_ok("abc").unwrap(), vec![0x0a, 0xbc]);
    assert_eq!(unhex_ok("").unwrap(), Vec::<u8>::new());
    assert!(unhex_ok("zz").is_err());
}
