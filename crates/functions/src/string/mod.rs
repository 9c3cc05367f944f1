//! String functions.

mod ascii_soundex;
mod base64;
mod btrim;
mod case;
mod chr;
mod concat;
mod elt;
mod encode;
mod find_in_set;
mod format_number;
mod format_string;
mod initcap;
mod instr;
mod java_regex;
mod left_right;
mod length;
mod levenshtein;
mod locate;
mod mask;
mod octet_length;
mod overlay;
mod pad;
mod quote;
pub(crate) mod regexp;
mod repeat;
mod replace;
mod reverse;
pub(crate) mod rowwise;
mod search;
mod sentences;
mod space_luhn;
mod split;
mod split_part;
mod substring;
mod substring_index;
mod to_binary;
mod translate;
mod trim;
pub(crate) mod url;
mod utf8;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("ascii", ascii_soundex::build_ascii, display_call),
    scalar("base64", base64::build_base64, display_call),
    scalar("bit_length", octet_length::build_bit, display_call),
    scalar("btrim", btrim::build, display_call),
    scalar("char", chr::build, display_call),
    scalar("char_length", length::build, display_call),
    scalar("character_length", length::build, display_call),
    scalar("chr", chr::build, display_call),
    scalar("concat", concat::build_concat, display_call),
    scalar("concat_ws", concat::build_concat_ws, display_call),
    scalar("contains", search::build_contains, display_call),
    scalar("decode", encode::build_decode, display_call),
    scalar("elt", elt::build, display_call),
    scalar("encode", encode::build_encode, display_call),
    scalar("endswith", search::build_endswith, display_call),
    scalar("find_in_set", find_in_set::build, display_call),
    scalar("format_number", format_number::build, display_call),
    scalar("format_string", format_string::build, display_call),
    scalar("initcap", initcap::build, display_call),
    scalar("instr", instr::build, display_call),
    scalar("is_valid_utf8", utf8::build_is_valid, display_call),
    scalar("lcase", case::build_lower, display_call),
    scalar("left", left_right::build_left, display_call),
    scalar("len", length::build, display_call),
    scalar("length", length::build, display_call),
    scalar("levenshtein", levenshtein::build, display_call),
    scalar("locate", locate::build, locate::display),
    scalar("lower", case::build_lower, display_call),
    scalar("lpad", pad::build_lpad, pad::display),
    scalar("ltrim", trim::build_ltrim, trim::display),
    scalar("luhn_check", space_luhn::build_luhn_check, display_call),
    scalar("make_valid_utf8", utf8::build_make_valid, display_call),
    scalar("mask", mask::build, mask::display),
    scalar("octet_length", octet_length::build_octet, display_call),
    scalar("overlay", overlay::build, overlay::display),
    scalar("position", locate::build, locate::display),
    scalar("printf", format_string::build, display_call),
    scalar("quote", quote::build, display_call),
    scalar("regexp_count", regexp::build_count, display_call),
    scalar(
        "regexp_extract",
        regexp::build_extract,
        regexp::display_extract,
    ),
    scalar(
        "regexp_extract_all",
        regexp::build_extract_all,
        regexp::display_extract,
    ),
    scalar("regexp_instr", regexp::build_instr, regexp::display_instr),
    scalar(
        "regexp_replace",
        regexp::build_replace,
        regexp::display_replace,
    ),
    scalar("regexp_substr", regexp::build_substr, display_call),
    scalar("repeat", repeat::build, display_call),
    scalar("replace", replace::build, replace::display),
    scalar("reverse", reverse::build, display_call),
    scalar("right", left_right::build_right, display_call),
    scalar("rpad", pad::build_rpad, pad::display),
    scalar("rtrim", trim::build_rtrim, trim::display),
    scalar("sentences", sentences::build, sentences::display),
    scalar("soundex", ascii_soundex::build_soundex, display_call),
    scalar("space", space_luhn::build_space, display_call),
    scalar("split", split::build, split::display),
    scalar("split_part", split_part::build, display_call),
    scalar("startswith", search::build_startswith, display_call),
    scalar("substr", substring::build, substring::display),
    scalar("substring", substring::build, substring::display),
    scalar("substring_index", substring_index::build, display_call),
    scalar("to_binary", to_binary::build, display_call),
    scalar("translate", translate::build, display_call),
    scalar("trim", trim::build_trim, trim::display),
    scalar("try_to_binary", to_binary::build_try, display_call),
    scalar("try_validate_utf8", utf8::build_try_validate, display_call),
    scalar("ucase", case::build_upper, display_call),
    scalar("unbase64", base64::build_unbase64, display_call),
    scalar("upper", case::build_upper, display_call),
    scalar("url_decode", url::build_decode, display_call),
    scalar("url_encode", url::build_encode, display_call),
    scalar("validate_utf8", utf8::build_validate, display_call),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut udfs = vec![
        Arc::clone(&concat::CONCAT),
        Arc::clone(&concat::CONCAT_WS),
        Arc::clone(&initcap::INITCAP),
        Arc::clone(&length::LENGTH),
        Arc::clone(&substring::SUBSTRING),
        Arc::clone(&ascii_soundex::ASCII),
        Arc::clone(&ascii_soundex::SOUNDEX),
        Arc::clone(&space_luhn::SPACE),
        Arc::clone(&space_luhn::LUHN_CHECK),
        Arc::clone(&chr::CHR),
        base64::udf(),
        Arc::clone(&locate::LOCATE),
        substring_index::udf(),
        translate::udf(),
        split_part::udf(),
    ];
    udfs.extend(levenshtein::udfs());
    udfs.extend(regexp::udfs());
    udfs.push(split::udf());
    udfs.push(find_in_set::udf());
    udfs.extend(url::udfs());
    udfs.extend(elt::udfs());
    udfs.push(quote::udf());
    udfs.extend(format_number::udfs());
    udfs.push(Arc::clone(&format_string::FORMAT_STRING));
    udfs.extend(to_binary::udfs());
    udfs.extend(mask::udfs());
    udfs.push(sentences::udf_sentences());
    udfs
}

#[cfg(test)]
mod tests;
