//! `INTERVAL` literals as Spark 3.2+ reads them with ANSI interval types
//! (`AstBuilder.visitInterval` / `IntervalUtils`): `INTERVAL '1' DAY`, `INTERVAL 1 DAY 2 HOURS`,
//! `INTERVAL '1 02:03:04' DAY TO SECOND`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 day'`.
//! Year-month units give a year-month interval, the others a day-time interval; mixing fails.

use sabot_common::error::ExceptionKind;
use sabot_common::spec::{DataType, DayTimeField, Literal, YearMonthField};
use sabot_common::{Result, SparkError};

use crate::data_type::{IntervalField, interval_type};
use crate::error::invalid_typed_literal;
use crate::lexer::TokenKind;
use crate::parser::Parser;

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;

/// A unit of a multi-unit interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
    Microsecond,
}

impl Unit {
    fn from_name(name: &str) -> Option<Self> {
        let upper = name.to_ascii_uppercase();
        let singular = upper.strip_suffix('S').unwrap_or(&upper);
        Some(match singular {
            "YEAR" => Self::Year,
            "MONTH" => Self::Month,
            "WEEK" => Self::Week,
            "DAY" => Self::Day,
            "HOUR" => Self::Hour,
            "MINUTE" => Self::Minute,
            "SECOND" => Self::Second,
            "MILLISECOND" => Self::Millisecond,
            "MICROSECOND" => Self::Microsecond,
            _ => return None,
        })
    }

    /// The interval type field this unit contributes (weeks count as days, sub-seconds as
    /// seconds).
    fn field(self) -> IntervalField {
        match self {
            Self::Year => IntervalField::YearMonth(YearMonthField::Year),
            Self::Month => IntervalField::YearMonth(YearMonthField::Month),
            Self::Week | Self::Day => IntervalField::DayTime(DayTimeField::Day),
            Self::Hour => IntervalField::DayTime(DayTimeField::Hour),
            Self::Minute => IntervalField::DayTime(DayTimeField::Minute),
            Self::Second | Self::Millisecond | Self::Microsecond => {
                IntervalField::DayTime(DayTimeField::Second)
            }
        }
    }

    /// Months (year-month units) or microseconds (day-time units) in one unit.
    fn factor(self) -> i64 {
        match self {
            Self::Year => 12,
            Self::Month => 1,
            Self::Week => 7 * MICROS_PER_DAY,
            Self::Day => MICROS_PER_DAY,
            Self::Hour => MICROS_PER_HOUR,
            Self::Minute => MICROS_PER_MINUTE,
            Self::Second => MICROS_PER_SECOND,
            Self::Millisecond => 1_000,
            Self::Microsecond => 1,
        }
    }
}

impl Parser<'_> {
    /// Whether the current token can start an interval value: a number, string, or sign.
    pub fn at_interval_value(&self) -> bool {
        let starts = |k: &TokenKind| matches!(k, TokenKind::Number | TokenKind::String);
        starts(&self.peek().kind)
            || ((self.at_symbol("-") || self.at_symbol("+")) && starts(&self.peek_at(1).kind))
    }

    /// The rest of an `INTERVAL ...` literal, after the `INTERVAL` keyword.
    pub fn parse_interval_literal(&mut self) -> Result<Literal> {
        let mut items: Vec<(String, Unit)> = Vec::new();
        let mut source = vec!["interval".to_string()];
        loop {
            let negative = if self.eat_symbol("-") {
                true
            } else {
                self.eat_symbol("+");
                false
            };
            let value = self.next_token();
            let text = value.text.trim().to_string();
            let signed = if negative {
                negate_text(&text)
            } else {
                text.clone()
            };
            let unit_token = self.peek().clone();
            let field = IntervalField::from_name(&unit_token.text);
            if items.is_empty() && value.kind == TokenKind::String {
                if unit_token.kind != TokenKind::Word || Unit::from_name(&unit_token.text).is_none()
                {
                    // `INTERVAL '1 day 2 hours'`: the units are inside the string.
                    return parse_unit_string(&signed, &value.text);
                }
                if let Some(from) = field
                    && self.peek_at(1).is_keyword("TO")
                {
                    self.next_token();
                    self.next_token();
                    let to_token = self.next_token();
                    let to = IntervalField::from_name(&to_token.text)
                        .ok_or_else(|| invalid_typed_literal("interval", &value.text))?;
                    return parse_from_to(&signed, from, to, &value.text);
                }
            }
            let unit = Unit::from_name(&unit_token.text)
                .filter(|_| unit_token.kind == TokenKind::Word)
                .ok_or_else(|| invalid_typed_literal("interval", &value.text))?;
            self.next_token();
            source.push(value.raw.clone());
            source.push(unit_token.raw.clone());
            items.push((signed, unit));
            if !(self.at_interval_value() && self.next_is_interval_item()) {
                break;
            }
        }
        units_to_literal(&items, &source.join(" "))
    }

    /// Whether a `value unit` pair follows (so `INTERVAL 1 DAY - x` is not read as units).
    fn next_is_interval_item(&self) -> bool {
        let unit_at = if self.at_symbol("-") || self.at_symbol("+") {
            2
        } else {
            1
        };
        let t = self.peek_at(unit_at);
        t.kind == TokenKind::Word && Unit::from_name(&t.text).is_some()
    }
}

fn negate_text(text: &str) -> String {
    match text.strip_prefix('-') {
        Some(rest) => rest.to_string(),
        None => format!("-{}", text.strip_prefix('+').unwrap_or(text)),
    }
}

/// `_LEGACY_ERROR_TEMP_0029`: year-month and day-time units in one literal.
fn mixed_units(source: &str) -> SparkError {
    let mut e = SparkError::new(
        ExceptionKind::Parse,
        format!("Cannot mix year-month and day-time fields: {source}."),
    )
    .param("literal", source);
    e.error_class = Some("_LEGACY_ERROR_TEMP_0029".into());
    e
}

/// Sums `(value, unit)` pairs into a typed interval literal.
fn units_to_literal(items: &[(String, Unit)], source: &str) -> Result<Literal> {
    let fields: Vec<IntervalField> = items.iter().map(|(_, u)| u.field()).collect();
    let year_month = fields
        .iter()
        .all(|f| matches!(f, IntervalField::YearMonth(_)));
    let day_time = fields
        .iter()
        .all(|f| matches!(f, IntervalField::DayTime(_)));
    if !year_month && !day_time {
        return Err(mixed_units(source));
    }
    let rank = |f: &IntervalField| match f {
        IntervalField::YearMonth(x) => *x as u8,
        IntervalField::DayTime(x) => *x as u8,
    };
    let (Some(start), Some(end)) = (
        fields.iter().min_by_key(|f| rank(f)),
        fields.iter().max_by_key(|f| rank(f)),
    ) else {
        return Err(invalid_typed_literal("interval", source));
    };
    let data_type =
        interval_type(*start, *end).ok_or_else(|| invalid_typed_literal("interval", source))?;
    let mut total: i64 = 0;
    for (value, unit) in items {
        let amount = if *unit == Unit::Second {
            parse_seconds(value).ok_or_else(|| invalid_typed_literal("interval", value))?
        } else {
            value
                .parse::<i64>()
                .ok()
                .and_then(|v| v.checked_mul(unit.factor()))
                .ok_or_else(|| invalid_typed_literal("interval", value))?
        };
        total = total
            .checked_add(amount)
            .ok_or_else(|| invalid_typed_literal("interval", source))?;
    }
    make_literal(total, data_type, source)
}

fn make_literal(total: i64, data_type: DataType, source: &str) -> Result<Literal> {
    match data_type {
        DataType::YearMonthInterval { .. } => Ok(Literal::YearMonthInterval {
            months: i32::try_from(total).map_err(|_| invalid_typed_literal("interval", source))?,
            data_type,
        }),
        _ => Ok(Literal::DayTimeInterval {
            micros: total,
            data_type,
        }),
    }
}

/// Seconds with an optional fraction (up to microseconds), as microseconds.
fn parse_seconds(s: &str) -> Option<i64> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, frac) = match body.find('.') {
        Some(p) => (&body[..p], &body[p + 1..]),
        None => (body, ""),
    };
    if whole.is_empty() && frac.is_empty() || frac.len() > 9 {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secs: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let micros: i64 = frac
        .chars()
        .chain(std::iter::repeat('0'))
        .take(6)
        .collect::<String>()
        .parse()
        .ok()?;
    let v = secs.checked_mul(MICROS_PER_SECOND)?.checked_add(micros)?;
    Some(if negative { -v } else { v })
}

/// `INTERVAL '1 day 2 hours'`: value/unit pairs inside the string.
fn parse_unit_string(s: &str, raw: &str) -> Result<Literal> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b.trim_start()),
        None => (false, s),
    };
    let words: Vec<&str> = body.split_whitespace().collect();
    let words = match words.first() {
        Some(w) if w.eq_ignore_ascii_case("interval") => &words[1..],
        _ => &words[..],
    };
    if words.is_empty() || words.len() % 2 != 0 {
        return Err(invalid_typed_literal("interval", raw));
    }
    let mut items = Vec::new();
    for pair in words.chunks(2) {
        let unit =
            Unit::from_name(pair[1]).ok_or_else(|| invalid_typed_literal("interval", raw))?;
        let value = if negative {
            negate_text(pair[0])
        } else {
            pair[0].to_string()
        };
        items.push((value, unit));
    }
    units_to_literal(&items, &format!("interval '{raw}'"))
}

/// `INTERVAL 'str' FROM TO TO`: the string's layout is fixed by the two fields.
fn parse_from_to(s: &str, from: IntervalField, to: IntervalField, raw: &str) -> Result<Literal> {
    let invalid = || invalid_typed_literal("interval", raw);
    let data_type = interval_type(from, to).ok_or_else(invalid)?;
    let (negative, body) = match s.trim().strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.trim().strip_prefix('+').unwrap_or(s.trim())),
    };
    let total = match (from, to) {
        (IntervalField::YearMonth(_), IntervalField::YearMonth(_)) => {
            let (y, m) = body.split_once('-').ok_or_else(invalid)?;
            let y: i64 = y.parse().map_err(|_| invalid())?;
            let m: i64 = m.parse().map_err(|_| invalid())?;
            if m > 11 {
                return Err(invalid());
            }
            y.checked_mul(12)
                .and_then(|v| v.checked_add(m))
                .ok_or_else(invalid)?
        }
        (IntervalField::DayTime(f), IntervalField::DayTime(t)) => {
            day_time_micros(body, f, t).ok_or_else(invalid)?
        }
        _ => return Err(invalid()),
    };
    make_literal(if negative { -total } else { total }, data_type, raw)
}

/// `d h:m:s.f` restricted to the fields `from..=to`; fields after the first are bounded.
fn day_time_micros(body: &str, from: DayTimeField, to: DayTimeField) -> Option<i64> {
    let (day_part, time_part) = if from == DayTimeField::Day {
        match body.split_once(' ') {
            Some((d, t)) => (Some(d), t.trim()),
            None if to == DayTimeField::Day => (Some(body), ""),
            None => return None,
        }
    } else {
        (None, body)
    };
    let mut total: i64 = 0;
    if let Some(d) = day_part {
        total = d.parse::<i64>().ok()?.checked_mul(MICROS_PER_DAY)?;
    }
    let first_time = if from == DayTimeField::Day {
        DayTimeField::Hour
    } else {
        from
    };
    if to == DayTimeField::Day {
        return time_part.is_empty().then_some(total);
    }
    let parts: Vec<&str> = time_part.split(':').collect();
    let expected = (to as usize) - (first_time as usize) + 1;
    if parts.len() != expected {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        let field = first_time as usize + i;
        let leading = day_part.is_none() && i == 0;
        let micros = if field == DayTimeField::Second as usize {
            let v = parse_seconds(part)?;
            if !leading && !(0..60 * MICROS_PER_SECOND).contains(&v) {
                return None;
            }
            v
        } else {
            let v: i64 = part.parse().ok()?;
            let (limit, factor) = if field == DayTimeField::Hour as usize {
                (23, MICROS_PER_HOUR)
            } else {
                (59, MICROS_PER_MINUTE)
            };
            if !leading && !(0..=limit).contains(&v) {
                return None;
            }
            v.checked_mul(factor)?
        };
        total = total.checked_add(micros)?;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Literal> {
        let mut p = Parser::new(s, None)?;
        p.expect_keyword("INTERVAL")?;
        let lit = p.parse_interval_literal()?;
        p.expect_end()?;
        Ok(lit)
    }

    fn day_time(micros: i64, start: DayTimeField, end: DayTimeField) -> Literal {
        Literal::DayTimeInterval {
            micros,
            data_type: DataType::DayTimeInterval { start, end },
        }
    }

    #[test]
    fn single_and_multi_units() {
        use DayTimeField::*;
        assert_eq!(
            parse("INTERVAL '1' DAY").unwrap(),
            day_time(MICROS_PER_DAY, Day, Day)
        );
        assert_eq!(
            parse("interval 1 week").unwrap(),
            day_time(7 * MICROS_PER_DAY, Day, Day)
        );
        assert_eq!(
            parse("interval 1 day 2 hours").unwrap(),
            day_time(MICROS_PER_DAY + 2 * MICROS_PER_HOUR, Day, Hour)
        );
        assert_eq!(
            parse("interval '1' millisecond").unwrap(),
            day_time(1000, Second, Second)
        );
        assert_eq!(
            parse("interval -'1' day").unwrap(),
            day_time(-MICROS_PER_DAY, Day, Day)
        );
        assert_eq!(
            parse("interval '-1' day").unwrap(),
            day_time(-MICROS_PER_DAY, Day, Day)
        );
        assert_eq!(
            parse("interval '1 day'").unwrap(),
            day_time(MICROS_PER_DAY, Day, Day)
        );
        assert_eq!(
            parse("interval 1.5 seconds").unwrap(),
            day_time(1_500_000, Second, Second)
        );
        assert_eq!(
            parse("interval 3 months 1 year").unwrap(),
            Literal::YearMonthInterval {
                months: 15,
                data_type: DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month
                }
            }
        );
    }

    #[test]
    fn from_to_forms() {
        use DayTimeField::*;
        assert_eq!(
            parse("interval '1 2:03:04.5' day to second").unwrap(),
            day_time(
                MICROS_PER_DAY + 2 * MICROS_PER_HOUR + 3 * MICROS_PER_MINUTE + 4_500_000,
                Day,
                Second
            )
        );
        assert_eq!(
            parse("interval '-1-2' year to month").unwrap(),
            Literal::YearMonthInterval {
                months: -14,
                data_type: DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month
                }
            }
        );
        assert_eq!(
            parse("interval '100:30' minute to second").unwrap(),
            day_time(
                100 * MICROS_PER_MINUTE + 30 * MICROS_PER_SECOND,
                Minute,
                Second
            )
        );
        assert!(parse("interval '1 25' day to hour").is_err());
    }

    #[test]
    fn errors() {
        let e = parse("interval 1 year 2 day").unwrap_err();
        assert_eq!(
            e.message,
            "Cannot mix year-month and day-time fields: interval 1 year 2 day."
        );
        let e = parse("interval '1' foo").unwrap_err();
        assert_eq!(e.error_class.as_deref(), Some("INVALID_TYPED_LITERAL"));
        assert!(parse("interval '1 2' day").is_err());
    }
}
