//! Numbers as Spark prints them: Java's `Double.toString`/`Float.toString` and
//! `BigDecimal.toPlainString`.

/// Java's `Double.toString` (what Spark's cast of a double to string produces).
pub fn java_double_string(v: f64) -> String {
    if let Some(s) = special(v.is_nan(), v.is_infinite(), v == 0.0, v.is_sign_negative()) {
        return s;
    }
    let a = v.abs();
    let plain = (1e-3..1e7).contains(&a);
    java_layout(&format!("{v:e}"), &format!("{v:.1e}"), plain)
}

/// Java's `Float.toString`.
pub fn java_float_string(v: f32) -> String {
    if let Some(s) = special(v.is_nan(), v.is_infinite(), v == 0.0, v.is_sign_negative()) {
        return s;
    }
    let a = v.abs();
    let plain = (1e-3..1e7).contains(&a);
    java_layout(&format!("{v:e}"), &format!("{v:.1e}"), plain)
}

fn special(nan: bool, infinite: bool, zero: bool, negative: bool) -> Option<String> {
    let s = match (nan, infinite, zero, negative) {
        (true, ..) => "NaN",
        (_, true, _, false) => "Infinity",
        (_, true, _, true) => "-Infinity",
        (_, _, true, false) => "0.0",
        (_, _, true, true) => "-0.0",
        _ => return None,
    };
    Some(s.to_string())
}

/// Lays out Rust's shortest scientific form (`-1.25e-5`) as Java does: plain notation with at
/// least one fractional digit for magnitudes in [1e-3, 1e7), else `d.dddE[-]n`. Java's
/// scientific form always has a correctly rounded second digit (`1.4E-45` for the smallest
/// float, whose shortest form is `1e-45`), so `two_digits` (`{:.1e}`) is used when the shortest
/// form has a single digit.
fn java_layout(shortest: &str, two_digits: &str, plain: bool) -> String {
    let single_digit = !shortest.contains('.');
    let sci = if !plain && single_digit {
        two_digits
    } else {
        shortest
    };
    let (negative, sci) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return sci.to_string();
    }
    let mut out = String::from(if negative { "-" } else { "" });
    if plain {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.push_str(&"0".repeat(int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.push_str(&"0".repeat((-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if digits.len() > 1 { &digits[1..] } else { "0" });
        out.push_str(&format!("E{exp}"));
    }
    out
}

/// `java.math.BigDecimal.toPlainString` of an unscaled integer (as decimal text, optionally
/// signed) and a scale: `150`, 2 -> `1.50`; `-1`, 3 -> `-0.001`; `5`, -2 -> `500`.
pub fn plain_decimal(unscaled: &str, scale: i8) -> String {
    let (sign, digits) = match unscaled.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", unscaled),
    };
    if scale <= 0 {
        if digits == "0" {
            return "0".to_string();
        }
        return format!(
            "{sign}{digits}{}",
            "0".repeat(scale.unsigned_abs() as usize)
        );
    }
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits.to_string()
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected strings are Spark 4.3 (Java 17) `show()` output.
    #[test]
    fn doubles_like_java() {
        let cases = [
            (1.0, "1.0"),
            (1e10, "1.0E10"),
            (1e-5, "1.0E-5"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1e7, "1.0E7"),
            (9999999.0, "9999999.0"),
            (0.001, "0.001"),
            (0.0001, "1.0E-4"),
            (123.456, "123.456"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (0.3, "0.3"),
            (100.0, "100.0"),
            (1e20, "1.0E20"),
            (-1.5, "-1.5"),
            (1.7976931348623157e308, "1.7976931348623157E308"),
            (0.002, "0.002"),
            (4.9e-324, "4.9E-324"),
            (3e-5, "3.0E-5"),
        ];
        for (v, s) in cases {
            assert_eq!(java_double_string(v), s, "{v}");
        }
    }

    #[test]
    fn floats_like_java() {
        let cases = [
            (0.1f32, "0.1"),
            (1e10f32, "1.0E10"),
            (3.4028235e38f32, "3.4028235E38"),
            (1.4e-45f32, "1.4E-45"),
            (1.0e-5f32, "1.0E-5"),
            (123456.78f32, "123456.78"),
            (1.0e7f32, "1.0E7"),
            (0.001f32, "0.001"),
            (12345678.9f32, "1.2345679E7"),
            (2e10f32, "2.0E10"),
            (-1e-4f32, "-1.0E-4"),
        ];
        for (v, s) in cases {
            assert_eq!(java_float_string(v), s, "{v}");
        }
    }

    #[test]
    fn decimals_are_plain() {
        assert_eq!(plain_decimal("150", 2), "1.50");
        assert_eq!(plain_decimal("-10", 3), "-0.010");
        assert_eq!(plain_decimal("0", 5), "0.00000");
        assert_eq!(plain_decimal("7", 0), "7");
        assert_eq!(plain_decimal("5", -2), "500");
        assert_eq!(
            plain_decimal("1000000000000000000000000000000", 0),
            "1000000000000000000000000000000"
        );
    }
}
