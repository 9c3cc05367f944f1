//! Parsing text with a compiled Spark pattern, as Spark's `Iso8601TimestampFormatter.parse`
//! does over `java.time`: case-insensitive, strict field ranges, adjacent-value parsing for
//! patterns like `yyyyMMdd`, 1 to n digits for `S`*n, optional `[...]` sections, then Spark's
//! defaults for missing fields (`DateTimeFormatterHelper.toLocalDate`/`toLocalTime`: year 1970,
//! month and day 1, midnight) and `java.time`'s cross-checks. Errors carry `java.time`'s
//! `DateTimeParseException` message.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::format::{MONTHS, long_zone_names};
use super::pattern::{Item, Pattern};
use super::zone::Zone;

/// A parsed local date-time and the zone or offset the text named, if any.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parsed {
    pub(crate) local: NaiveDateTime,
    pub(crate) zone: Option<Zone>,
}

#[derive(Debug, Clone, Default)]
struct Fields {
    era: Option<i64>,
    year: Option<i64>,
    month: Option<i64>,
    day: Option<i64>,
    day_of_year: Option<i64>,
    hour_of_day: Option<i64>,
    clock_hour_ampm: Option<i64>,
    hour_ampm: Option<i64>,
    clock_hour_day: Option<i64>,
    ampm: Option<i64>,
    minute: Option<i64>,
    second: Option<i64>,
    nanos: Option<i64>,
    zone: Option<Zone>,
}

enum Fail {
    /// The text does not match at this (character) index.
    At(usize),
}

struct Parser<'a> {
    p: &'a Pattern,
    text: Vec<char>,
    f: Fields,
}

#[derive(Clone, Copy, PartialEq)]
enum Sign {
    Normal,
    ExceedsPad,
    NotNegative,
}

/// A numeric field's width rule: `(min, max, sign)`; `None` for non-numeric items.
fn numeric_width(c: char, n: usize) -> Option<(usize, usize, Sign)> {
    Some(match (c, n) {
        ('y', 1) => (1, 19, Sign::Normal),
        ('y', 2) => (2, 2, Sign::NotNegative),
        ('y', 3) => (3, 19, Sign::Normal),
        ('y', n) => (n, 19, Sign::ExceedsPad),
        ('M' | 'L', 1) | ('d' | 'h' | 'H' | 'k' | 'K' | 'm' | 's' | 'D', 1) => {
            (1, 19, Sign::NotNegative)
        }
        ('M' | 'L', 2) | ('d' | 'h' | 'H' | 'k' | 'K' | 'm' | 's', 2) => (2, 2, Sign::NotNegative),
        ('D', 2) => (2, 3, Sign::NotNegative),
        ('D', 3) => (3, 3, Sign::NotNegative),
        _ => return None,
    })
}

fn lower(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

impl Parser<'_> {
    fn matches_at(&self, pos: usize, word: &str) -> bool {
        let w = lower(word);
        pos + w.len() <= self.text.len()
            && self.text[pos..pos + w.len()]
                .iter()
                .zip(&w)
                .all(|(a, b)| a.to_lowercase().eq(std::iter::once(*b)))
    }

    /// The longest of `words` at `pos`, as (index, length).
    fn text_choice(&self, pos: usize, words: &[&str]) -> Option<(usize, usize)> {
        words
            .iter()
            .enumerate()
            .filter(|(_, w)| self.matches_at(pos, w))
            .map(|(i, w)| (i, w.chars().count()))
            .max_by_key(|(_, l)| *l)
    }

    fn digits_at(&self, pos: usize, max: usize) -> usize {
        self.text[pos.min(self.text.len())..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count()
    }

    fn number(
        &self,
        pos: usize,
        min: usize,
        max: usize,
        sign: Sign,
        strict_pad: bool,
    ) -> Result<(i64, usize), Fail> {
        let mut at = pos;
        let mut negative = false;
        let mut signed = false;
        match self.text.get(at) {
            Some('+') if sign == Sign::ExceedsPad => {
                signed = true;
                at += 1;
            }
            Some('-') if matches!(sign, Sign::ExceedsPad | Sign::Normal) => {
                negative = true;
                signed = true;
                at += 1;
            }
            _ => {}
        }
        let n = self.digits_at(at, max);
        // Java's strict `EXCEEDS_PAD`: more digits than the pattern's need a sign, and a `+`
        // needs more digits.
        let pad_ok = !strict_pad
            || sign != Sign::ExceedsPad
            || if signed && !negative {
                n > min
            } else {
                signed || n <= min
            };
        if n < min || !pad_ok {
            return Err(Fail::At(pos));
        }
        let s: String = self.text[at..at + n].iter().collect();
        let v: i64 = s.parse().map_err(|_| Fail::At(pos))?;
        Ok((if negative { -v } else { v }, at + n))
    }

    /// The total width of fixed-width numeric fields right after item `i` (Java reserves
    /// it for them when a variable-width number comes first: adjacent value parsing).
    fn subsequent_width(&self, i: usize) -> usize {
        let mut w = 0;
        for item in &self.p.items[i + 1..] {
            match item {
                Item::Field(c, n) => match numeric_width(*c, *n) {
                    Some((min, max, _)) if min == max => w += min,
                    _ => break,
                },
                _ => break,
            }
        }
        w
    }

    fn set(&mut self, c: char, n: usize, v: i64) {
        let f = &mut self.f;
        let slot = match c {
            'y' if self.p.has_era => {
                f.year = Some(v);
                return;
            }
            'y' if n == 2 => {
                f.year = Some(2000 + v);
                return;
            }
            'y' => &mut f.year,
            'M' | 'L' => &mut f.month,
            'd' => &mut f.day,
            'D' => &mut f.day_of_year,
            'H' => &mut f.hour_of_day,
            'h' => &mut f.clock_hour_ampm,
            'K' => &mut f.hour_ampm,
            'k' => &mut f.clock_hour_day,
            'm' => &mut f.minute,
            's' => &mut f.second,
            _ => return,
        };
        *slot = Some(v);
    }

    /// Parses items `[from, to)` at `pos`; returns the position after them.
    fn seq(&mut self, from: usize, to: usize, mut pos: usize) -> Result<usize, Fail> {
        let mut i = from;
        while i < to {
            match &self.p.items[i] {
                Item::Literal(s) => {
                    if !self.matches_at(pos, s) {
                        return Err(Fail::At(pos));
                    }
                    pos += s.chars().count();
                }
                Item::OptStart(end) => {
                    let end = *end;
                    let saved = self.f.clone();
                    match self.seq(i + 1, end, pos) {
                        Ok(p) => pos = p,
                        Err(_) => self.f = saved,
                    }
                    i = end;
                }
                Item::OptEnd => {}
                Item::Field(c, n) => pos = self.field(i, *c, *n, pos)?,
            }
            i += 1;
        }
        Ok(pos)
    }

    fn field(&mut self, i: usize, c: char, n: usize, pos: usize) -> Result<usize, Fail> {
        if let Some((min, max, sign)) = numeric_width(c, n) {
            let sub = if min < max {
                self.subsequent_width(i)
            } else {
                0
            };
            let (mut v, mut end) =
                self.number(pos, min, max.saturating_add(sub), sign, sub == 0)?;
            if sub > 0 {
                let len = end - pos;
                let eff = min.max(len.saturating_sub(sub));
                (v, end) = self.number(pos, min, eff, sign, true)?;
            }
            self.set(c, n, v);
            return Ok(end);
        }
        match c {
            'S' => {
                let d = self.digits_at(pos, n);
                if d == 0 {
                    return Err(Fail::At(pos));
                }
                let s: String = self.text[pos..pos + d].iter().collect();
                let padded = format!("{s:0<9}");
                self.f.nanos = Some(padded.parse().map_err(|_| Fail::At(pos))?);
                Ok(pos + d)
            }
            'M' | 'L' => {
                let names: Vec<&str> = if n == 3 {
                    MONTHS.iter().map(|m| &m[..3]).collect()
                } else {
                    MONTHS.to_vec()
                };
                let (idx, len) = self.text_choice(pos, &names).ok_or(Fail::At(pos))?;
                self.f.month = Some(idx as i64 + 1);
                Ok(pos + len)
            }
            'a' => {
                let (idx, len) = self.text_choice(pos, &["AM", "PM"]).ok_or(Fail::At(pos))?;
                self.f.ampm = Some(idx as i64);
                Ok(pos + len)
            }
            'G' => {
                let words: &[&str] = if n >= 4 {
                    &["Before Christ", "Anno Domini"]
                } else {
                    &["BC", "AD"]
                };
                let (idx, len) = self.text_choice(pos, words).ok_or(Fail::At(pos))?;
                self.f.era = Some(idx as i64);
                Ok(pos + len)
            }
            'V' => self.zone_id(pos),
            'z' => self.zone_text(pos),
            'O' => self.localized_offset(pos),
            'X' | 'x' | 'Z' => self.iso_offset(pos, c, n),
            _ => Err(Fail::At(pos)),
        }
    }

    fn zone_id(&mut self, pos: usize) -> Result<usize, Fail> {
        let run = self.text[pos..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || "/_+-:".contains(**c))
            .count();
        for len in (1..=run).rev() {
            let s: String = self.text[pos..pos + len].iter().collect();
            if let Some(z) = Zone::parse(&s) {
                self.f.zone = Some(z);
                return Ok(pos + len);
            }
        }
        Err(Fail::At(pos))
    }

    fn zone_text(&mut self, pos: usize) -> Result<usize, Fail> {
        // Java's zone-name parser knows every locale name; Sabot knows the names it prints.
        const SHORT: &[(&str, &str)] = &[
            ("UTC", "UTC"),
            ("GMT", "GMT"),
            ("PST", "America/Los_Angeles"),
            ("PDT", "America/Los_Angeles"),
            ("MST", "America/Denver"),
            ("MDT", "America/Denver"),
            ("CST", "America/Chicago"),
            ("CDT", "America/Chicago"),
            ("EST", "America/New_York"),
            ("EDT", "America/New_York"),
            ("CET", "CET"),
            ("CEST", "CET"),
            ("JST", "Asia/Tokyo"),
            ("KST", "Asia/Seoul"),
        ];
        let mut names: Vec<(&str, &str)> = SHORT.to_vec();
        for (id, std, daylight) in long_zone_names() {
            names.push((std, id));
            names.push((daylight, id));
        }
        let words: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        if let Some((idx, len)) = self.text_choice(pos, &words) {
            self.f.zone = Zone::parse(names[idx].1);
            if self.f.zone.is_some() {
                return Ok(pos + len);
            }
        }
        self.zone_id(pos)
    }

    /// `(+|-)HH[[:]mm[[:]ss]]` after `pos`, as seconds; `colon` says whether `:` separates.
    fn offset_body(&self, pos: usize, colon: bool, need_minutes: bool) -> Option<(i32, usize)> {
        let sign = match self.text.get(pos)? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let two = |at: usize| -> Option<i32> {
            (self.digits_at(at, 2) == 2)
                .then(|| {
                    self.text[at..at + 2]
                        .iter()
                        .collect::<String>()
                        .parse()
                        .ok()
                })
                .flatten()
        };
        let mut at = pos + 1;
        let h = two(at)?;
        at += 2;
        let mut secs = h * 3600;
        for (k, unit) in [60, 1].into_iter().enumerate() {
            let sep = usize::from(colon);
            if colon && self.text.get(at) != Some(&':') {
                if k == 0 && need_minutes {
                    return None;
                }
                break;
            }
            match two(at + sep) {
                Some(v) if v < 60 => {
                    secs += v * unit;
                    at += sep + 2;
                }
                _ if k == 0 && need_minutes => return None,
                _ => break,
            }
        }
        (h <= 18).then_some((sign * secs, at))
    }

    fn set_offset(&mut self, secs: i32) {
        self.f.zone = chrono::FixedOffset::east_opt(secs).map(Zone::Fixed);
    }

    fn iso_offset(&mut self, pos: usize, c: char, n: usize) -> Result<usize, Fail> {
        if c == 'Z' && n == 4 {
            return self.localized_offset(pos);
        }
        let zero_z = c == 'X' || (c == 'Z' && n == 5);
        if zero_z
            && self
                .text
                .get(pos)
                .is_some_and(|ch| ch.eq_ignore_ascii_case(&'Z'))
        {
            self.set_offset(0);
            return Ok(pos + 1);
        }
        let colon = matches!((c, n), ('X' | 'x', 3 | 5) | ('Z', 5));
        let need_minutes = !(matches!(c, 'X' | 'x') && n == 1);
        let (secs, end) = self
            .offset_body(pos, colon, need_minutes)
            .ok_or(Fail::At(pos))?;
        self.set_offset(secs);
        Ok(end)
    }

    fn localized_offset(&mut self, pos: usize) -> Result<usize, Fail> {
        if !self.matches_at(pos, "GMT") {
            return Err(Fail::At(pos));
        }
        let at = pos + 3;
        let sign = match self.text.get(at) {
            Some('+') => 1,
            Some('-') => -1,
            _ => {
                self.set_offset(0);
                return Ok(at);
            }
        };
        let hd = self.digits_at(at + 1, 2);
        if hd == 0 {
            return Err(Fail::At(pos));
        }
        let h: i32 = self.text[at + 1..at + 1 + hd]
            .iter()
            .collect::<String>()
            .parse()
            .map_err(|_| Fail::At(pos))?;
        let mut end = at + 1 + hd;
        let mut secs = h * 3600;
        if self.text.get(end) == Some(&':') && self.digits_at(end + 1, 2) == 2 {
            let m: i32 = self.text[end + 1..end + 3]
                .iter()
                .collect::<String>()
                .parse()
                .map_err(|_| Fail::At(pos))?;
            secs += m * 60;
            end += 3;
        }
        self.set_offset(sign * secs);
        Ok(end)
    }
}

fn check_range(name: &str, v: Option<i64>, lo: i64, hi: &str) -> Result<(), String> {
    let Some(v) = v else { return Ok(()) };
    let hi_v: i64 = hi
        .rsplit('/')
        .next()
        .and_then(|h| h.parse().ok())
        .unwrap_or(i64::MAX);
    if v < lo || v > hi_v {
        return Err(format!(
            "Invalid value for {name} (valid values {lo} - {hi}): {v}"
        ));
    }
    Ok(())
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// `LocalDate.of`'s errors: `Invalid date 'FEBRUARY 30'`.
fn local_date(y: i64, m: i64, d: i64) -> Result<NaiveDate, String> {
    let year = i32::try_from(y).map_err(|_| format!("Invalid value for Year: {y}"))?;
    NaiveDate::from_ymd_opt(year, m as u32, d as u32).ok_or_else(|| {
        let name = MONTHS[(m - 1) as usize];
        if m == 2 && d == 29 {
            format!("Invalid date 'February 29' as '{y}' is not a leap year")
        } else {
            format!("Invalid date '{} {d}'", name.to_uppercase())
        }
    })
}

fn resolve(f: &Fields) -> Result<NaiveDateTime, String> {
    check_range("MonthOfYear", f.month, 1, "12")?;
    check_range("DayOfMonth", f.day, 1, "28/31")?;
    check_range("DayOfYear", f.day_of_year, 1, "365/366")?;
    check_range("HourOfDay", f.hour_of_day, 0, "23")?;
    check_range("ClockHourOfAmPm", f.clock_hour_ampm, 1, "12")?;
    check_range("HourOfAmPm", f.hour_ampm, 0, "11")?;
    check_range("ClockHourOfDay", f.clock_hour_day, 1, "24")?;
    check_range("MinuteOfHour", f.minute, 0, "59")?;
    check_range("SecondOfMinute", f.second, 0, "59")?;
    // Year: with an era, `y` is the year of era.
    let year = match (f.era, f.year) {
        (Some(0), Some(y)) => Some(1 - y),
        (_, y) => y,
    };
    let year = year.unwrap_or(1970);
    let date = match (f.month, f.day, f.day_of_year) {
        (Some(m), Some(d), doy) => {
            let date = local_date(year, m, d)?;
            if let Some(doy) = doy {
                let derived = i64::from(date.ordinal());
                if derived != doy {
                    return Err(format!(
                        "Conflict found: Field DayOfYear {derived} differs from DayOfYear {doy} derived from {date}"
                    ));
                }
            }
            date
        }
        (m, d, Some(doy)) => {
            if doy == 366 && !is_leap(year) {
                return Err(format!(
                    "Invalid date 'DayOfYear 366' as '{year}' is not a leap year"
                ));
            }
            let y32 = i32::try_from(year).map_err(|_| format!("Invalid value for Year: {year}"))?;
            let date = NaiveDate::from_yo_opt(y32, doy as u32)
                .ok_or_else(|| format!("Invalid value for DayOfYear: {doy}"))?;
            let month = m.unwrap_or(i64::from(date.month()));
            let day = d.unwrap_or(i64::from(date.day()));
            if month != i64::from(date.month()) {
                return Err(format!(
                    "Conflict found: Field MonthOfYear {} differs from MonthOfYear {month} derived from {date}",
                    date.month()
                ));
            }
            local_date(year, month, day)?
        }
        (m, d, None) => local_date(year, m.unwrap_or(1), d.unwrap_or(1))?,
    };
    // Hours: `k` 24 is midnight; `h` 12 is hour 0 of the half day.
    let mut hour_of_day = f.hour_of_day;
    if let Some(k) = f.clock_hour_day {
        hour_of_day = Some(k % 24);
    }
    let hour_ampm = f.clock_hour_ampm.map(|h| h % 12).or(f.hour_ampm);
    match (hour_of_day, hour_ampm, f.ampm) {
        (Some(h), _, Some(ap)) if h / 12 != ap => {
            return Err(format!(
                "Conflict found: Field AmPmOfDay {} differs from AmPmOfDay {ap} derived from {:02}:00",
                h / 12,
                h
            ));
        }
        (None, Some(h), Some(ap)) => hour_of_day = Some(ap * 12 + h),
        _ => {}
    }
    let hour = match (hour_of_day, hour_ampm, f.ampm) {
        (Some(h), _, _) => h,
        (None, Some(h), _) => h,
        (None, None, Some(1)) => 12,
        _ => 0,
    };
    let time = NaiveTime::from_hms_nano_opt(
        hour as u32,
        f.minute.unwrap_or(0) as u32,
        f.second.unwrap_or(0) as u32,
        f.nanos.unwrap_or(0) as u32,
    )
    .ok_or_else(|| "Invalid time".to_string())?;
    Ok(date.and_time(time))
}

/// Parses `text`; the error is `java.time`'s message.
pub(crate) fn parse(p: &Pattern, text: &str) -> Result<Parsed, String> {
    let mut parser = Parser {
        p,
        text: text.chars().collect(),
        f: Fields::default(),
    };
    match parser.seq(0, p.items.len(), 0) {
        Err(Fail::At(i)) => Err(format!("Text '{text}' could not be parsed at index {i}")),
        Ok(end) if end < parser.text.len() => Err(format!(
            "Text '{text}' could not be parsed, unparsed text found at index {end}"
        )),
        Ok(_) => {
            let local = resolve(&parser.f)
                .map_err(|m| format!("Text '{text}' could not be parsed: {m}"))?;
            Ok(Parsed {
                local,
                zone: parser.f.zone,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::pattern::compile;

    fn ok(pattern: &str, text: &str) -> String {
        let p = compile(pattern, true).unwrap();
        let r = parse(&p, text).unwrap();
        let z = r.zone.map(|z| z.id()).unwrap_or_default();
        format!(
            "{}{}",
            r.local,
            if z.is_empty() {
                String::new()
            } else {
                format!(" {z}")
            }
        )
    }

    fn err(pattern: &str, text: &str) -> String {
        parse(&compile(pattern, true).unwrap(), text).unwrap_err()
    }

    #[test]
    fn parses_fields() {
        assert_eq!(ok("yyyy-MM-dd", "2016-12-31"), "2016-12-31 00:00:00");
        assert_eq!(ok("MM/dd/yyyy", "12/31/2016"), "2016-12-31 00:00:00");
        assert_eq!(ok("yyyyMMddHH", "2024030512"), "2024-03-05 12:00:00");
        assert_eq!(
            ok("MMM d yyyy h:mm a", "Mar 5 2024 2:07 PM"),
            "2024-03-05 14:07:00"
        );
        assert_eq!(ok("yyyy-M-d", "2024-03-05"), "2024-03-05 00:00:00");
        assert_eq!(ok("yy-MM-dd", "70-03-05"), "2070-03-05 00:00:00");
        assert_eq!(ok("yyyy-DDD", "2024-065"), "2024-03-05 00:00:00");
        assert_eq!(ok("MM", "12"), "1970-12-01 00:00:00");
        assert_eq!(ok("yyyy-MM-dd a", "2024-03-05 pm"), "2024-03-05 12:00:00");
        assert_eq!(ok("yyyy-MM-dd k", "2024-03-05 24"), "2024-03-05 00:00:00");
        assert_eq!(
            ok("yyyy-MM-dd HH a", "2024-03-05 15 PM"),
            "2024-03-05 15:00:00"
        );
        assert_eq!(ok("MMMM dd yyyy", "march 05 2024"), "2024-03-05 00:00:00");
        assert_eq!(
            ok("yyyy-MM-dd HH:mm:ss[.SSSSSS]", "2024-03-05 12:00:00.000123"),
            "2024-03-05 12:00:00.000123"
        );
        assert_eq!(
            ok("yyyy-MM-dd[ HH:mm]", "2024-03-05"),
            "2024-03-05 00:00:00"
        );
        assert_eq!(
            ok("yyyy-MM-dd XXX", "2024-03-05 +05:30"),
            "2024-03-05 00:00:00 +05:30"
        );
        assert_eq!(
            ok("yyyy-MM-dd O", "2024-03-05 GMT+5"),
            "2024-03-05 00:00:00 +05:00"
        );
        assert_eq!(
            ok("yyyy-MM-dd Z", "2024-03-05 +0530"),
            "2024-03-05 00:00:00 +05:30"
        );
        assert_eq!(
            ok("yyyy-MM-dd'T'HH:mm:ssX", "2024-03-05T14:07:09Z"),
            "2024-03-05 14:07:09 Z"
        );
        assert_eq!(
            ok("yyyy-MM-dd VV", "2024-03-05 America/New_York"),
            "2024-03-05 00:00:00 America/New_York"
        );
        assert_eq!(
            ok("yyyy-MM-dd zzzz", "2024-03-05 Pacific Standard Time"),
            "2024-03-05 00:00:00 America/Los_Angeles"
        );
    }

    #[test]
    fn java_errors() {
        assert_eq!(
            err("yyyy-MM-dd", "2016-12-31x"),
            "Text '2016-12-31x' could not be parsed, unparsed text found at index 10"
        );
        assert_eq!(
            err("yyyy-MM-dd", "12024-03-05"),
            "Text '12024-03-05' could not be parsed at index 0"
        );
        assert_eq!(
            err("yyyyMMdd", "2024035"),
            "Text '2024035' could not be parsed at index 6"
        );
        assert_eq!(
            err("yyyy-MM-dd", "2016-02-30"),
            "Text '2016-02-30' could not be parsed: Invalid date 'FEBRUARY 30'"
        );
        assert_eq!(
            err("yyyy-MM-dd", "2023-02-29"),
            "Text '2023-02-29' could not be parsed: Invalid date 'February 29' as '2023' is not a leap year"
        );
        assert_eq!(
            err("yyyy-MM-dd hh", "2024-03-05 13"),
            "Text '2024-03-05 13' could not be parsed: Invalid value for ClockHourOfAmPm (valid values 1 - 12): 13"
        );
        assert_eq!(
            err("yyyy-MM-dd H a", "2024-03-05 3 PM"),
            "Text '2024-03-05 3 PM' could not be parsed: Conflict found: Field AmPmOfDay 0 differs from AmPmOfDay 1 derived from 03:00"
        );
        assert_eq!(
            err("yyyy-MM-dd DDD", "2024-03-05 066"),
            "Text '2024-03-05 066' could not be parsed: Conflict found: Field DayOfYear 65 differs from DayOfYear 66 derived from 2024-03-05"
        );
        assert_eq!(
            err("yyyy-MM-dd HH:mm:ss.SSS", "2024-03-05 12:00:00"),
            "Text '2024-03-05 12:00:00' could not be parsed at index 19"
        );
        assert_eq!(
            err("yyyy-MM-dd Z", "2024-03-05 Z"),
            "Text '2024-03-05 Z' could not be parsed at index 11"
        );
    }
}
