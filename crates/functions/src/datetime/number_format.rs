//! Spark's number format strings of `to_char`/`to_number` (Spark's `ToNumberParser`):
//! `[MI|S] [$] [0|9|G|,]* [.|D] [0|9]* [PR|MI|S]`, validated with Spark's `INVALID_FORMAT.*`
//! errors, then used to print a decimal (digits, separators, signs, `#` on overflow) or to read
//! one back.

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    /// `S`: `+` or `-`.
    Plus,
    /// `MI`: `-` or a space.
    Minus,
    /// `PR`: `<...>` around negative values.
    Angle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Sign(Sign),
    Dollar,
    /// A run of `0`/`9`: whether it starts with `0`, and its length.
    Digits(bool, usize),
    Sep,
    Point,
}

/// A validated number format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberFormat {
    lead: Option<Sign>,
    trail: Option<Sign>,
    dollar: bool,
    /// The tokens before the decimal point: digit runs and separators.
    int_toks: Vec<Tok>,
    has_point: bool,
    frac_digits: usize,
    /// The format as written, for error messages.
    original: String,
}

const STRUCTURE: &str = "`[MI|S]` `[$]` `[0|9|G|,]*` `[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`";

fn invalid(sub: &str, format: &str, detail: &str) -> SparkError {
    let quoted = format!("'{format}'");
    SparkError::with_class(
        ExceptionKind::Analysis,
        &format!("INVALID_FORMAT.{sub}"),
        "42601",
        format!("The format is invalid: {quoted}. {detail}"),
    )
    .param("format", quoted)
}

fn tokenize(text: &str) -> Result<Vec<Tok>, SparkError> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(2).collect();
        match c {
            '0' | '9' => {
                let n = chars[i..]
                    .iter()
                    .take_while(|c| matches!(c, '0' | '9'))
                    .count();
                toks.push(Tok::Digits(c == '0', n));
                i += n;
                continue;
            }
            ',' | 'G' => toks.push(Tok::Sep),
            '.' | 'D' => toks.push(Tok::Point),
            '$' => toks.push(Tok::Dollar),
            'S' => toks.push(Tok::Sign(Sign::Plus)),
            _ if rest == "MI" => {
                toks.push(Tok::Sign(Sign::Minus));
                i += 2;
                continue;
            }
            _ if rest == "PR" => {
                toks.push(Tok::Sign(Sign::Angle));
                i += 2;
                continue;
            }
            other => {
                return Err(invalid(
                    "UNEXPECTED_TOKEN",
                    text,
                    &format!(
                        "Found the unexpected character '{other}' in the format string; the structure of the format string must match: {STRUCTURE}."
                    ),
                ));
            }
        }
        i += 1;
    }
    Ok(toks)
}

fn token_name(t: &Tok) -> &'static str {
    match t {
        Tok::Sign(Sign::Plus) => "S",
        Tok::Sign(Sign::Minus) => "MI",
        Tok::Sign(Sign::Angle) => "PR",
        Tok::Dollar => "$",
        Tok::Digits(..) => "digit sequence",
        Tok::Sep => "thousands separator",
        Tok::Point => "decimal point",
    }
}

impl NumberFormat {
    /// Parses and validates a format, with Spark's checks in Spark's order.
    pub(crate) fn parse(original: &str) -> Result<NumberFormat, SparkError> {
        let text = original.to_uppercase();
        if text.is_empty() {
            return Err(invalid(
                "EMPTY",
                &text,
                "The number format string cannot be empty.",
            ));
        }
        let has_digits = text.chars().any(|c| matches!(c, '0' | '9'));
        if !has_digits {
            return Err(invalid(
                "WRONG_NUM_DIGIT",
                &text,
                "The format string requires at least one number digit.",
            ));
        }
        let toks = tokenize(&text)?;
        let count = |f: &dyn Fn(&Tok) -> bool| toks.iter().filter(|t| f(t)).count();
        for (pred, name) in [
            (
                &(|t: &Tok| *t == Tok::Point) as &dyn Fn(&Tok) -> bool,
                ". or D",
            ),
            (&|t: &Tok| *t == Tok::Dollar, "$"),
            (&|t: &Tok| *t == Tok::Sign(Sign::Minus), "MI"),
            (&|t: &Tok| *t == Tok::Sign(Sign::Plus), "S"),
            (&|t: &Tok| *t == Tok::Sign(Sign::Angle), "PR"),
        ] {
            if count(pred) > 1 {
                return Err(invalid(
                    "WRONG_NUM_TOKEN",
                    &text,
                    &format!("At most one {name} is allowed in the number format."),
                ));
            }
        }
        let pos = |t: Tok| toks.iter().position(|x| *x == t);
        let first_digit = toks.iter().position(|t| matches!(t, Tok::Digits(..)));
        if let (Some(d), Some(fd)) = (pos(Tok::Dollar), first_digit)
            && d > fd
        {
            return Err(invalid(
                "CUR_MUST_BEFORE_DIGIT",
                &text,
                "Currency characters must appear before digits in the number format.",
            ));
        }
        for (i, t) in toks.iter().enumerate() {
            if *t == Tok::Sep {
                let before = i > 0 && matches!(toks[i - 1], Tok::Digits(..));
                let after = matches!(toks.get(i + 1), Some(Tok::Digits(..)));
                if !before || !after {
                    return Err(invalid(
                        "CONT_THOUSANDS_SEPS",
                        &text,
                        "Thousands separators (, or G) must have digits in between them in the number format.",
                    ));
                }
            }
        }
        // Order: lead sign, $, integer digits/separators, point, fraction digits, trail sign.
        let mut stage = 0;
        let mut f = NumberFormat {
            lead: None,
            trail: None,
            dollar: false,
            int_toks: Vec::new(),
            has_point: false,
            frac_digits: 0,
            original: original.to_string(),
        };
        for (i, t) in toks.iter().enumerate() {
            let next_stage = match t {
                Tok::Sign(Sign::Angle) => 5,
                Tok::Sign(s) if i == 0 => {
                    f.lead = Some(*s);
                    stage = 1;
                    continue;
                }
                Tok::Sign(_) => 5,
                Tok::Dollar => 1,
                Tok::Digits(..) | Tok::Sep if stage <= 2 => 2,
                Tok::Digits(..) => 4,
                Tok::Sep => 6,
                Tok::Point => 3,
            };
            if next_stage < stage
                || (next_stage == stage && matches!(stage, 1 | 3 | 5))
                || next_stage == 6
            {
                return Err(invalid(
                    "UNEXPECTED_TOKEN",
                    &text,
                    &format!(
                        "Found the unexpected {} in the format string; the structure of the format string must match: {STRUCTURE}.",
                        token_name(t)
                    ),
                ));
            }
            stage = next_stage;
            match t {
                Tok::Dollar => f.dollar = true,
                Tok::Sign(s) => f.trail = Some(*s),
                Tok::Point => f.has_point = true,
                Tok::Digits(_, n) if stage == 4 => f.frac_digits += n,
                _ => f.int_toks.push(*t),
            }
        }
        Ok(f)
    }

    fn int_digits(&self) -> usize {
        self.int_toks
            .iter()
            .map(|t| if let Tok::Digits(_, n) = t { *n } else { 0 })
            .sum()
    }

    /// The decimal's precision and scale of `to_number`'s result.
    pub(crate) fn precision_scale(&self) -> (u8, i8) {
        let p = (self.int_digits() + self.frac_digits).clamp(1, 38);
        (p as u8, self.frac_digits.min(38) as i8)
    }

    /// The digits of an overflowing value: `#` for every digit, spaces for separators.
    fn overflow_body(&self) -> String {
        let mut out = String::new();
        if self.dollar {
            out.push('$');
        }
        for t in &self.int_toks {
            match t {
                Tok::Digits(_, n) => out.push_str(&"#".repeat(*n)),
                _ => out.push(' '),
            }
        }
        if self.has_point {
            if self.frac_digits == 0 {
                out.push(' ');
            } else {
                out.push('.');
                out.push_str(&"#".repeat(self.frac_digits));
            }
        }
        out
    }

    /// `to_char`: a plain decimal string (`-12.50`) printed with the format.
    pub(crate) fn format(&self, plain: &str) -> String {
        let (negative, body) = match plain.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, plain),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let negative = negative && (!int.is_empty() || !frac.is_empty());
        let out = if int.len() > self.int_digits() || frac.len() > self.frac_digits {
            self.overflow_body()
        } else {
            self.digits_body(int, frac)
        };
        self.with_signs(out, negative)
    }

    fn digits_body(&self, int: &str, frac: &str) -> String {
        let padded: Vec<char> = format!("{int:>width$}", width = self.int_digits())
            .chars()
            .collect();
        let mut out = String::new();
        if self.dollar {
            out.push('$');
        }
        let mut k = 0;
        for t in &self.int_toks {
            match t {
                Tok::Digits(zero, n) => {
                    for _ in 0..*n {
                        let c = padded.get(k).copied().unwrap_or(' ');
                        out.push(if c == ' ' && *zero { '0' } else { c });
                        k += 1;
                    }
                }
                _ => out.push(if out.ends_with(|c: char| c.is_ascii_digit()) {
                    ','
                } else {
                    ' '
                }),
            }
        }
        if self.has_point {
            if self.frac_digits == 0 {
                out.push(' ');
            } else {
                // A value without integer digits prints `0.` unless a leading sign takes
                // that place.
                if out.ends_with(' ') && self.lead.is_none() {
                    out.pop();
                    out.push('0');
                }
                out.push('.');
                out.push_str(&format!("{frac:0<width$}", width = self.frac_digits));
            }
        }
        out
    }

    fn with_signs(&self, mut out: String, negative: bool) -> String {
        // A leading sign or `<` goes right before the first printed character.
        let lead = match (self.lead, self.trail) {
            (Some(Sign::Plus), _) => Some(if negative { '-' } else { '+' }),
            (Some(Sign::Minus), _) => Some(if negative { '-' } else { ' ' }),
            (_, Some(Sign::Angle)) if negative => Some('<'),
            _ => None,
        };
        if let Some(c) = lead {
            let at = out.find(|ch: char| ch != ' ').unwrap_or(out.len());
            out.insert(at, c);
        }
        match self.trail {
            Some(Sign::Plus) => out.push(if negative { '-' } else { '+' }),
            Some(Sign::Minus) => out.push(if negative { '-' } else { ' ' }),
            Some(Sign::Angle) => out.push_str(if negative { ">" } else { "  " }),
            None => {}
        }
        out
    }

    /// `to_number`: the value as a plain decimal string with the format's scale, or `None`
    /// when the input does not match.
    pub(crate) fn parse_input(&self, input: &str) -> Option<String> {
        let mut s: String = input.chars().filter(|c| *c != ' ').collect();
        let mut negative = false;
        if self.trail == Some(Sign::Angle) && s.starts_with('<') && s.ends_with('>') && s.len() >= 2
        {
            s = s[1..s.len() - 1].to_string();
            negative = true;
        }
        let take_sign = |s: &mut String, at_start: bool, sign: Sign| -> Option<bool> {
            let c = if at_start {
                s.chars().next()
            } else {
                s.chars().last()
            }?;
            let neg = match (c, sign) {
                ('-', Sign::Plus | Sign::Minus) => true,
                ('+', Sign::Plus) => false,
                _ => return None,
            };
            if at_start {
                s.remove(0);
            } else {
                s.pop();
            }
            Some(neg)
        };
        if let Some(sign) = self.lead {
            negative |= take_sign(&mut s, true, sign).unwrap_or(false);
        }
        if let Some(sign) = self.trail.filter(|t| *t != Sign::Angle) {
            negative |= take_sign(&mut s, false, sign).unwrap_or(false);
        }
        if self.dollar {
            s = s.strip_prefix('$')?.to_string();
        }
        let (int, frac) = match s.split_once('.') {
            Some(_) if !self.has_point => return None,
            Some((i, f)) => (i, f),
            None => (s.as_str(), ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || frac.len() > self.frac_digits {
            return None;
        }
        let groups: Vec<&str> = int.split(',').collect();
        if groups
            .iter()
            .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let mut format_groups: Vec<(bool, usize)> = vec![(false, 0)];
        for t in &self.int_toks {
            match t {
                Tok::Digits(zero, n) => {
                    if let Some(last) = format_groups.last_mut() {
                        if last.1 == 0 {
                            last.0 = *zero;
                        }
                        last.1 += n;
                    }
                }
                _ => format_groups.push((false, 0)),
            }
        }
        if groups.len() > format_groups.len() {
            return None;
        }
        let aligned = &format_groups[format_groups.len() - groups.len()..];
        for (i, (g, (zero, n))) in groups.iter().zip(aligned).enumerate() {
            let fits = if i == 0 {
                g.len() <= *n && (!*zero || groups.len() > 1 || g.len() == *n)
            } else {
                g.len() == *n
            };
            if !fits || (i > 0 && g.is_empty()) {
                return None;
            }
        }
        let digits: String = groups.concat();
        let digits = digits.trim_start_matches('0');
        let int_part = if digits.is_empty() { "0" } else { digits };
        let sign = if negative && (int_part != "0" || frac.bytes().any(|b| b != b'0')) {
            "-"
        } else {
            ""
        };
        if self.frac_digits == 0 {
            Some(format!("{sign}{int_part}"))
        } else {
            Some(format!(
                "{sign}{int_part}.{frac:0<width$}",
                width = self.frac_digits
            ))
        }
    }

    /// `INVALID_FORMAT.MISMATCH_INPUT` for `to_number`.
    pub(crate) fn mismatch(&self, input: &str) -> SparkError {
        SparkError::with_class(
            ExceptionKind::IllegalArgument,
            "INVALID_FORMAT.MISMATCH_INPUT",
            "42601",
            format!(
                "The format is invalid: {}. The input \"STRING\" {input} does not match the format.",
                self.original
            ),
        )
        .param("inputType", "\"STRING\"")
        .param("input", input)
        .param("format", self.original.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: &str, f: &str) -> String {
        NumberFormat::parse(f).unwrap().format(v)
    }

    fn num(v: &str, f: &str) -> Option<String> {
        NumberFormat::parse(f).unwrap().parse_input(v)
    }

    fn err(f: &str) -> String {
        NumberFormat::parse(f)
            .err()
            .and_then(|e| e.error_class)
            .unwrap_or_default()
    }

    #[test]
    fn formats_like_spark() {
        assert_eq!(fmt("454", "999"), "454");
        assert_eq!(fmt("454.00", "000D00"), "454.00");
        assert_eq!(fmt("12454", "99G999"), "12,454");
        assert_eq!(fmt("78.12", "$99.99"), "$78.12");
        assert_eq!(fmt("-12454.8", "99G999D9S"), "12,454.8-");
        assert_eq!(fmt("12454.8", "99G999D9S"), "12,454.8+");
        assert_eq!(fmt("-12454.8", "MI99G999D9"), "-12,454.8");
        assert_eq!(fmt("-12454.8", "99G999D9PR"), "<12,454.8>");
        assert_eq!(fmt("12454.8", "99G999D9PR"), "12,454.8  ");
        assert_eq!(fmt("454", "9"), "#");
        assert_eq!(fmt("454", "9999"), " 454");
        assert_eq!(fmt("0.5", "9.99"), "0.50");
        assert_eq!(fmt("0", "9"), " ");
        assert_eq!(fmt("0", "0"), "0");
        assert_eq!(fmt("1234567.891", "999,999,999.99"), "### ### ###.##");
        assert_eq!(fmt("454", "999.99"), "454.00");
        assert_eq!(fmt("-5", "999"), "  5");
        assert_eq!(fmt("5", "S999"), "  +5");
        assert_eq!(fmt("-5", "999PR"), "  <5>");
        assert_eq!(fmt("454", "999."), "454 ");
        assert_eq!(fmt("454.5", "999."), "### ");
        assert_eq!(fmt("4", "0G999"), "0,  4");
        assert_eq!(fmt("5", "$999"), "$  5");
        assert_eq!(fmt("-5.5", "$99.99PR"), "<$ 5.50>");
        assert_eq!(fmt("0.05", ".99"), ".05");
        assert_eq!(fmt("-0.5", "S0.9"), "-0.5");
        assert_eq!(fmt("5.5", "MI9.9"), " 5.5");
        assert_eq!(fmt("-0.25", "S9,999.99"), "     -.25");
        assert_eq!(fmt("0.25", "S9.99"), " +.25");
        assert_eq!(fmt("-0.25", "99.99MI"), " 0.25-");
        assert_eq!(fmt("78.12", "99.9S"), "##.#+");
        assert_eq!(fmt("-78.12", "9.9PR"), "<#.#>");
        assert_eq!(fmt("78.12", "9G9.9"), "# #.#");
    }

    #[test]
    fn parses_like_spark() {
        assert_eq!(num("454", "999").as_deref(), Some("454"));
        assert_eq!(num("12,454", "99,999").as_deref(), Some("12454"));
        assert_eq!(num("$78.12", "$99.99").as_deref(), Some("78.12"));
        assert_eq!(num("12,454.8-", "99,999.9S").as_deref(), Some("-12454.8"));
        assert_eq!(num("<12>", "99PR").as_deref(), Some("-12"));
        assert_eq!(num("454", "99"), None);
        assert_eq!(num("454", "0000"), None);
        assert_eq!(num("0454", "0000").as_deref(), Some("454"));
        assert_eq!(num("1,234", "9,999,999").as_deref(), Some("1234"));
        assert_eq!(num("1234,567", "9,999,999"), None);
        assert_eq!(num("12", "9,9"), None);
        assert_eq!(num("4 54", "999").as_deref(), Some("454"));
        assert_eq!(num(".5", "9.99").as_deref(), Some("0.50"));
        assert_eq!(num("", "9"), None);
        assert_eq!(num("-5", "9"), None);
        assert_eq!(num("78.12", "$99.99"), None);
    }

    #[test]
    fn format_errors() {
        assert_eq!(err(""), "INVALID_FORMAT.EMPTY");
        assert_eq!(err("abc"), "INVALID_FORMAT.WRONG_NUM_DIGIT");
        assert_eq!(err("9,"), "INVALID_FORMAT.CONT_THOUSANDS_SEPS");
        assert_eq!(err("99.9.9"), "INVALID_FORMAT.WRONG_NUM_TOKEN");
        assert_eq!(err("S999S"), "INVALID_FORMAT.WRONG_NUM_TOKEN");
        assert_eq!(err("999$"), "INVALID_FORMAT.CUR_MUST_BEFORE_DIGIT");
        assert_eq!(err("PR99"), "INVALID_FORMAT.UNEXPECTED_TOKEN");
        assert_eq!(err("9PRS"), "INVALID_FORMAT.UNEXPECTED_TOKEN");
    }
}
