//! JSON text -> variant (Spark's `VariantBuilder.parseJson` over a default Jackson parser):
//! integers that fit a `long` narrow to the smallest integer type; other numbers become a
//! decimal when written with only digits, sign and point and precision and scale <= 38, else
//! a double; duplicate object keys are an error. Only the first JSON value is read.

use super::builder::Builder;
use crate::json::value::{Json, ReadOptions, parse};

/// Why a JSON text could not be parsed into a variant.
#[derive(Debug, PartialEq)]
pub(crate) enum ParseError {
    /// Malformed JSON or a duplicate key.
    Malformed,
    /// The result is larger than the size limit.
    TooLarge,
}

/// Jackson's `JsonFactory` defaults: strict JSON.
fn strict() -> ReadOptions {
    ReadOptions {
        allow_comments: false,
        allow_unquoted_field_names: false,
        allow_single_quotes: false,
        allow_numeric_leading_zeros: false,
        allow_non_numeric_numbers: false,
        allow_backslash_escaping_any: false,
        allow_unquoted_control_chars: false,
    }
}

/// An already parsed JSON value as (value, metadata).
pub(crate) fn json_value(json: &Json) -> Result<(Vec<u8>, Vec<u8>), ParseError> {
    let mut b = Builder::new();
    build(&mut b, json)?;
    b.result().ok_or(ParseError::TooLarge)
}

/// Parses JSON text into (value, metadata).
pub(crate) fn parse_json(text: &str) -> Result<(Vec<u8>, Vec<u8>), ParseError> {
    let json = parse(text, &strict()).ok_or(ParseError::Malformed)?;
    let mut b = Builder::new();
    build(&mut b, &json)?;
    b.result().ok_or(ParseError::TooLarge)
}

fn build(b: &mut Builder, v: &Json) -> Result<(), ParseError> {
    match v {
        Json::Null => b.append_null(),
        Json::Bool(x) => b.append_bool(*x),
        Json::Int(t) => match t.parse::<i64>() {
            Ok(n) => b.append_long(n),
            Err(_) => floating(b, t)?,
        },
        Json::Float(t) => floating(b, t)?,
        Json::Str(s) => b.append_string(s),
        Json::Array(items) => {
            let start = b.pos();
            let mut offsets = Vec::with_capacity(items.len());
            for item in items {
                offsets.push(b.pos() - start);
                build(b, item)?;
            }
            b.finish_array(start, &offsets);
        }
        Json::Object(fields) => {
            let start = b.pos();
            let mut entries = Vec::with_capacity(fields.len());
            for (k, item) in fields {
                b.field(&mut entries, start, k);
                build(b, item)?;
            }
            b.finish_object(start, entries)
                .map_err(|_| ParseError::Malformed)?;
        }
    }
    Ok(())
}

/// Spark's `parseFloatingPoint`: a decimal if `tryParseDecimal` accepts the text, else a
/// double.
fn floating(b: &mut Builder, text: &str) -> Result<(), ParseError> {
    if let Some((unscaled, scale)) = try_decimal(text) {
        b.append_decimal(unscaled, scale);
        return Ok(());
    }
    let d: f64 = text.parse().map_err(|_| ParseError::Malformed)?;
    b.append_double(d);
    Ok(())
}

/// Spark's `tryParseDecimal`: only `-`, `.` and digits, precision and scale at most 38.
pub(crate) fn try_decimal(text: &str) -> Option<(i128, u8)> {
    if !text
        .bytes()
        .all(|c| c == b'-' || c == b'.' || c.is_ascii_digit())
    {
        return None;
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac) = body.split_once('.').unwrap_or((body, ""));
    let scale = frac.len();
    let digits = format!("{int_part}{frac}");
    let digits = digits.trim_start_matches('0');
    // BigDecimal's precision counts the unscaled value's digits (1 for zero).
    if scale > 38 || digits.len() > 38 {
        return None;
    }
    let unscaled: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some((if neg { -unscaled } else { unscaled }, scale as u8))
}
