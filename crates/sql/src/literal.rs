//! Literal values as Spark's `AstBuilder` reads them: numeric literals with their type suffixes,
//! string escapes (`ParserUtils.unescapeSQLString`) and hex binary literals.

use sabot_common::Result;
use sabot_common::spec::Literal;

use crate::error::{decimal_precision_exceeded, invalid_typed_literal, numeric_literal_range};

/// Maximum precision of a Spark decimal.
const MAX_PRECISION: usize = 38;

/// Unescapes the body of a quoted string (without the quotes), as Spark's
/// `ParserUtils.unescapeSQLString` does: `\n`, `\t`, `\uXXXX`, octal `\101`, and `\%`/`\_`
/// kept with their backslash for LIKE patterns; a doubled quote stands for one quote.
pub fn unescape_string(body: &str, quote: char) -> String {
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == quote && chars.get(i + 1) == Some(&quote) {
            out.push(quote);
            i += 2;
            continue;
        }
        if c != '\\' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = chars[i + 1];
        if n == 'u' && i + 6 <= chars.len() {
            let hex: String = chars[i + 2..i + 6].iter().collect();
            if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                out.push(ch);
                i += 6;
                continue;
            }
        }
        if i + 4 <= chars.len()
            && ('0'..='3').contains(&n)
            && chars[i + 2..i + 4].iter().all(|d| ('0'..='7').contains(d))
        {
            let oct: String = chars[i + 1..i + 4].iter().collect();
            if let Some(ch) = u32::from_str_radix(&oct, 8).ok().and_then(char::from_u32) {
                out.push(ch);
                i += 4;
                continue;
            }
        }
        match n {
            '0' => out.push('\u{0000}'),
            'b' => out.push('\u{0008}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'Z' => out.push('\u{001A}'),
            '%' => out.push_str("\\%"),
            '_' => out.push_str("\\_"),
            other => out.push(other),
        }
        i += 2;
    }
    out
}

/// Parses a numeric literal token (`raw` without sign; `negative` applies a leading minus), as
/// Spark's `AstBuilder.visit*Literal` do: plain integers are `int`, else `bigint`, else
/// `decimal`; `1.5` is a decimal; `1e3` a double; suffixes pick the type.
pub fn parse_number(raw: &str, negative: bool) -> Result<Literal> {
    let upper = raw.to_ascii_uppercase();
    let sign = if negative { "-" } else { "" };
    // Error messages quote the digits as written, without the type suffix.
    let digits = |suffix_len: usize| format!("{sign}{}", &raw[..raw.len() - suffix_len]);
    if let Some(body) = upper.strip_suffix("BD") {
        return decimal_literal(&format!("{sign}{body}"));
    }
    if upper.ends_with('D') {
        return double_literal(&digits(1), raw, "double").map(Literal::Double);
    }
    if upper.ends_with('F') {
        let v = double_literal(&digits(1), raw, "float")?;
        if v.is_finite() && (v as f32).is_infinite() {
            return Err(numeric_literal_range(
                &digits(1),
                "-3.4028234663852886E+38",
                "3.4028234663852886E+38",
                "float",
            ));
        }
        return Ok(Literal::Float(v as f32));
    }
    if let Some(body) = upper.strip_suffix('L') {
        let text = format!("{sign}{body}");
        return text.parse::<i64>().map(Literal::Long).map_err(|_| {
            numeric_literal_range(
                &text,
                &i64::MIN.to_string(),
                &i64::MAX.to_string(),
                "bigint",
            )
        });
    }
    if let Some(body) = upper.strip_suffix('S') {
        let text = format!("{sign}{body}");
        return text
            .parse::<i16>()
            .map(Literal::Short)
            .map_err(|_| numeric_literal_range(&text, "-32768", "32767", "smallint"));
    }
    if let Some(body) = upper.strip_suffix('Y') {
        let text = format!("{sign}{body}");
        return text
            .parse::<i8>()
            .map(Literal::Byte)
            .map_err(|_| numeric_literal_range(&text, "-128", "127", "tinyint"));
    }
    if upper.contains('E') {
        // EXPONENT_VALUE is a double (unless spark.sql.legacy.exponentLiteralAsDecimal.enabled).
        return double_literal(&digits(0), raw, "double").map(Literal::Double);
    }
    if upper.contains('.') {
        return decimal_literal(&format!("{sign}{upper}"));
    }
    let text = format!("{sign}{upper}");
    if let Ok(v) = text.parse::<i32>() {
        return Ok(Literal::Integer(v));
    }
    if let Ok(v) = text.parse::<i64>() {
        return Ok(Literal::Long(v));
    }
    decimal_literal(&text)
}

fn double_literal(text: &str, raw: &str, type_name: &str) -> Result<f64> {
    let v: f64 = text
        .parse()
        .map_err(|_| invalid_typed_literal(type_name, raw))?;
    if v.is_infinite() {
        return Err(numeric_literal_range(
            text,
            "-1.7976931348623157E+308",
            "1.7976931348623157E+308",
            "double",
        ));
    }
    Ok(v)
}

/// A decimal literal with the precision and scale of Java's `BigDecimal` of the text, as Spark's
/// `DecimalType.fromDecimal` derives them: precision = max(digits, scale).
pub fn decimal_literal(text: &str) -> Result<Literal> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(p) => {
            let e: i64 = body[p + 1..]
                .parse()
                .map_err(|_| invalid_typed_literal("decimal", text))?;
            (&body[..p], e)
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, ""),
    };
    let mut digits = format!("{int_part}{frac_part}");
    let mut scale = frac_part.len() as i64 - exponent;
    if scale < 0 {
        // Spark keeps a negative scale out of literals: `1e2BD` is decimal(3,0).
        digits.push_str(&"0".repeat(scale.unsigned_abs() as usize));
        scale = 0;
    }
    let trimmed = digits.trim_start_matches('0');
    let precision = trimmed.len().max(1).max(scale as usize);
    if precision > MAX_PRECISION {
        return Err(decimal_precision_exceeded(precision));
    }
    let unscaled: i128 = if trimmed.is_empty() {
        0
    } else {
        trimmed
            .parse()
            .map_err(|_| invalid_typed_literal("decimal", text))?
    };
    Ok(Literal::Decimal {
        value: if negative { -unscaled } else { unscaled },
        precision: precision as u8,
        scale: scale as i8,
    })
}

/// `X'0A0B'`: hex digits, left-padded with a zero when their count is odd (Spark's
/// `visitTypeConstructor`).
pub fn binary_literal(value: &str) -> Result<Literal> {
    let padded = if value.len() % 2 == 1 {
        format!("0{value}")
    } else {
        value.to_string()
    };
    let bytes = padded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 2);
    for pair in bytes.chunks(2) {
        let hex = std::str::from_utf8(pair).map_err(|_| invalid_typed_literal("X", value))?;
        out.push(u8::from_str_radix(hex, 16).map_err(|_| invalid_typed_literal("X", value))?);
    }
    Ok(Literal::Binary(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(value: i128, precision: u8, scale: i8) -> Literal {
        Literal::Decimal {
            value,
            precision,
            scale,
        }
    }

    #[test]
    fn integers_widen_like_spark() {
        assert_eq!(parse_number("1", false).unwrap(), Literal::Integer(1));
        assert_eq!(
            parse_number("2147483648", true).unwrap(),
            Literal::Integer(i32::MIN)
        );
        assert_eq!(
            parse_number("2147483648", false).unwrap(),
            Literal::Long(2147483648)
        );
        assert_eq!(
            parse_number("9223372036854775808", false).unwrap(),
            dec(9223372036854775808, 19, 0)
        );
        let e = parse_number("123456789012345678901234567890123456789012", false).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION")
        );
    }

    #[test]
    fn decimals_and_doubles() {
        assert_eq!(parse_number("1.5", false).unwrap(), dec(15, 2, 1));
        assert_eq!(parse_number(".5", false).unwrap(), dec(5, 1, 1));
        assert_eq!(parse_number("1.", false).unwrap(), dec(1, 1, 0));
        assert_eq!(parse_number("0.001", false).unwrap(), dec(1, 3, 3));
        assert_eq!(parse_number("1e2BD", false).unwrap(), dec(100, 3, 0));
        assert_eq!(parse_number("1.5BD", true).unwrap(), dec(-15, 2, 1));
        assert_eq!(parse_number("1E2", false).unwrap(), Literal::Double(100.0));
        assert_eq!(
            parse_number("1.5e3", false).unwrap(),
            Literal::Double(1500.0)
        );
        assert_eq!(parse_number("2D", false).unwrap(), Literal::Double(2.0));
        assert_eq!(parse_number("2f", false).unwrap(), Literal::Float(2.0));
        let e = parse_number("1.0E400", false).unwrap_err();
        assert_eq!(
            e.error_class.as_deref(),
            Some("INVALID_NUMERIC_LITERAL_RANGE")
        );
    }

    #[test]
    fn suffixes_check_range() {
        assert_eq!(parse_number("1L", false).unwrap(), Literal::Long(1));
        assert_eq!(parse_number("7s", false).unwrap(), Literal::Short(7));
        assert_eq!(parse_number("128Y", true).unwrap(), Literal::Byte(-128));
        let e = parse_number("128Y", false).unwrap_err();
        assert_eq!(
            e.message,
            "Numeric literal 128 is outside the valid range for tinyint with minimum value of -128 and maximum value of 127. Please adjust the value accordingly."
        );
    }

    #[test]
    fn string_escapes() {
        assert_eq!(unescape_string(r"a\tb\u0041\101\%\q", '\''), "a\tbAA\\%q");
        assert_eq!(unescape_string("it''s", '\''), "it's");
        assert_eq!(unescape_string(r#"say \"hi\""#, '"'), "say \"hi\"");
    }

    #[test]
    fn hex_binary() {
        assert_eq!(
            binary_literal("abc").unwrap(),
            Literal::Binary(vec![0x0a, 0xbc])
        );
        let e = binary_literal("zz").unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("INVALID_TYPED_LITERAL"));
    }
}
