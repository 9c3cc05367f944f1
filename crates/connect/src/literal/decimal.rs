//! Decimal literals: the value comes as a string (`"-12.345"`, `"1E+3"`), its type from the
//! optional precision/scale, as Spark's `LiteralValueProtoConverter` derives it.

use sabot_common::spec::{DataType, Literal};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::literal;

/// Spark's maximum decimal precision.
const MAX_PRECISION: u32 = 38;

/// A decimal number as digits and scale (Java's `BigDecimal`: `unscaled * 10^-scale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParsedDecimal {
    pub unscaled: i128,
    pub scale: u32,
}

impl ParsedDecimal {
    /// Digits of the unscaled value; zero has precision 1, like Java's `BigDecimal.precision`.
    pub fn precision(&self) -> u32 {
        let mut n = self.unscaled.unsigned_abs();
        let mut digits = 1;
        while n >= 10 {
            n /= 10;
            digits += 1;
        }
        digits
    }

    /// The value at another scale: exact when widening, rounded HALF_UP when narrowing (as
    /// Spark's `Decimal.toPrecision` does); `None` if it no longer fits in an `i128`.
    fn rescale(self, scale: u32) -> Option<Self> {
        let unscaled = if scale >= self.scale {
            self.unscaled
                .checked_mul(10i128.checked_pow(scale - self.scale)?)?
        } else {
            let factor = 10i128.checked_pow(self.scale - scale)?;
            let (q, r) = (self.unscaled / factor, self.unscaled % factor);
            if r.unsigned_abs() * 2 >= factor.unsigned_abs() {
                q + self.unscaled.signum()
            } else {
                q
            }
        };
        Some(Self { unscaled, scale })
    }
}

/// Parses `[+-]digits[.digits][e[+-]digits]`. A negative scale (`1E+3`) is normalised to
/// scale 0, since Spark does not allow negative decimal scales by default.
pub(crate) fn parse_decimal(s: &str) -> Result<ParsedDecimal> {
    let invalid = || SparkError::invalid_plan(format!("Invalid decimal literal: '{s}'"));
    let t = s.trim();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().map_err(|_| invalid())?),
        None => (t, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid());
    }
    let mut unscaled: i128 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = c.to_digit(10).ok_or_else(invalid)?;
        unscaled = unscaled
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(d)))
            .ok_or_else(invalid)?;
    }
    if negative {
        unscaled = -unscaled;
    }
    let scale = i64::try_from(frac_part.len()).map_err(|_| invalid())? - i64::from(exponent);
    let parsed = if scale >= 0 {
        ParsedDecimal {
            unscaled,
            scale: u32::try_from(scale).map_err(|_| invalid())?,
        }
    } else {
        let factor = u32::try_from(-scale)
            .ok()
            .and_then(|e| 10i128.checked_pow(e));
        ParsedDecimal {
            unscaled: factor
                .and_then(|f| unscaled.checked_mul(f))
                .ok_or_else(invalid)?,
            scale: 0,
        }
    };
    if parsed.precision() > MAX_PRECISION || parsed.scale > MAX_PRECISION {
        return Err(invalid());
    }
    Ok(parsed)
}

/// A decimal literal. With a declared type (`data_type` on the literal, or the element type of
/// an enclosing array, map or struct) the value takes exactly that type, rounded to its scale;
/// otherwise precision and scale are the larger of the value's own and the optional
/// ones sent with it (Spark's `LiteralValueProtoConverter.getInferredDataType`).
pub(crate) fn decimal_literal(
    d: &literal::Decimal,
    declared: Option<&DataType>,
) -> Result<Literal> {
    let value = parse_decimal(&d.value)?;
    let (precision, scale) = match declared {
        Some(DataType::Decimal { precision, scale }) => {
            (u32::from(*precision), u32::try_from(*scale).unwrap_or(0))
        }
        _ => {
            let given = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
            let precision = value.precision().max(given(d.precision));
            let scale = value.scale.max(given(d.scale));
            (precision.max(scale), scale)
        }
    };
    let does_not_fit = || {
        SparkError::invalid_plan(format!(
            "Decimal literal '{}' does not fit decimal({precision},{scale})",
            d.value
        ))
    };
    if precision > MAX_PRECISION {
        return Err(does_not_fit());
    }
    let value = value.rescale(scale).ok_or_else(does_not_fit)?;
    if value.precision() > precision && value.unscaled != 0 {
        return Err(does_not_fit());
    }
    Ok(Literal::Decimal {
        value: value.unscaled,
        // Both are at most 38 here.
        precision: precision as u8,
        scale: scale as i8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(value: &str, precision: Option<i32>, scale: Option<i32>) -> Result<Literal> {
        decimal_literal(
            &literal::Decimal {
                value: value.to_string(),
                precision,
                scale,
            },
            None,
        )
    }

    fn dec(value: i128, precision: u8, scale: i8) -> Literal {
        Literal::Decimal {
            value,
            precision,
            scale,
        }
    }

    #[test]
    fn derives_type_from_the_string() {
        assert_eq!(lit("-12.345", None, None).unwrap(), dec(-12345, 5, 3));
        // Java's BigDecimal("0.01") has precision 1, scale 2: Spark widens to decimal(2,2).
        assert_eq!(lit("0.01", None, None).unwrap(), dec(1, 2, 2));
        assert_eq!(lit("007", None, None).unwrap(), dec(7, 1, 0));
        assert_eq!(lit("1E+3", None, None).unwrap(), dec(1000, 4, 0));
        assert_eq!(lit("1.5e-3", None, None).unwrap(), dec(15, 4, 4));
    }

    #[test]
    fn widens_to_the_given_precision_and_scale() {
        // PySpark sends lit(Decimal("123.45")) as precision 10, scale 0.
        assert_eq!(lit("123.45", Some(10), Some(0)).unwrap(), dec(12345, 10, 2));
        assert_eq!(lit("1.5", Some(10), Some(3)).unwrap(), dec(1500, 10, 3));
    }

    #[test]
    fn declared_type_wins() {
        let d = literal::Decimal {
            value: "1.5".to_string(),
            precision: None,
            scale: None,
        };
        let declared = DataType::Decimal {
            precision: 6,
            scale: 2,
        };
        assert_eq!(
            decimal_literal(&d, Some(&declared)).unwrap(),
            dec(150, 6, 2)
        );
        // Rounded HALF_UP to a smaller declared scale, like Spark's `Decimal.toPrecision`.
        let integral = DataType::DEFAULT_DECIMAL;
        assert_eq!(decimal_literal(&d, Some(&integral)).unwrap(), dec(2, 10, 0));
        let negative = literal::Decimal {
            value: "-2.45".to_string(),
            precision: None,
            scale: None,
        };
        let one_digit = DataType::Decimal {
            precision: 3,
            scale: 1,
        };
        assert_eq!(
            decimal_literal(&negative, Some(&one_digit)).unwrap(),
            dec(-25, 3, 1)
        );
        // 123.4 does not fit decimal(2,0) even rounded.
        let big = literal::Decimal {
            value: "123.4".to_string(),
            precision: None,
            scale: None,
        };
        let narrow = DataType::Decimal {
            precision: 2,
            scale: 0,
        };
        assert!(decimal_literal(&big, Some(&narrow)).is_err());
    }

    #[test]
    fn rejects_bad_values() {
        for v in [
            "",
            "abc",
            "1.2.3",
            "1e",
            "--1",
            "123456789012345678901234567890123456789",
        ] {
            assert!(lit(v, None, None).is_err(), "{v}");
        }
        // 123.4 cannot be decimal(4,3).
        assert!(lit("123.4", Some(4), Some(3)).is_err());
    }
}
