//! Formatting a date-time with a compiled Spark pattern, as `java.time.format.DateTimeFormatter`
//! prints each field in the US locale (Spark's `Iso8601TimestampFormatter.format`).

use chrono::{Datelike, NaiveDateTime, Timelike};
use sabot_common::SparkError;

use super::pattern::{Item, Pattern};
use super::zone::{Zone, format_offset};

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Long zone names Java prints for `zzzz` (standard, daylight), for the common zones.
const LONG_NAMES: &[(&str, &str, &str)] = &[
    (
        "UTC",
        "Coordinated Universal Time",
        "Coordinated Universal Time",
    ),
    (
        "Etc/UTC",
        "Coordinated Universal Time",
        "Coordinated Universal Time",
    ),
    ("GMT", "Greenwich Mean Time", "Greenwich Mean Time"),
    (
        "America/Los_Angeles",
        "Pacific Standard Time",
        "Pacific Daylight Time",
    ),
    (
        "America/New_York",
        "Eastern Standard Time",
        "Eastern Daylight Time",
    ),
    (
        "America/Chicago",
        "Central Standard Time",
        "Central Daylight Time",
    ),
    (
        "America/Denver",
        "Mountain Standard Time",
        "Mountain Daylight Time",
    ),
    (
        "Europe/London",
        "Greenwich Mean Time",
        "British Summer Time",
    ),
    (
        "Europe/Paris",
        "Central European Standard Time",
        "Central European Summer Time",
    ),
    (
        "Europe/Berlin",
        "Central European Standard Time",
        "Central European Summer Time",
    ),
    (
        "Europe/Brussels",
        "Central European Standard Time",
        "Central European Summer Time",
    ),
    (
        "Europe/Amsterdam",
        "Central European Standard Time",
        "Central European Summer Time",
    ),
    ("Asia/Tokyo", "Japan Standard Time", "Japan Daylight Time"),
    ("Asia/Seoul", "Korean Standard Time", "Korean Daylight Time"),
    (
        "Asia/Shanghai",
        "China Standard Time",
        "China Daylight Time",
    ),
    ("Asia/Kolkata", "India Standard Time", "India Standard Time"),
];

pub(crate) fn long_zone_names() -> &'static [(&'static str, &'static str, &'static str)] {
    LONG_NAMES
}

/// Java's `+HH:mm`-style offset patterns: `X`/`x`/`Z` with their counts.
fn iso_offset(secs: i32, count: usize, zero: Option<&str>) -> String {
    if let (0, Some(z)) = (secs, zero) {
        return z.to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    match count {
        1 if m == 0 => format!("{sign}{h:02}"),
        1 | 2 => format!("{sign}{h:02}{m:02}"),
        3 => format!("{sign}{h:02}:{m:02}"),
        4 if s != 0 => format!("{sign}{h:02}{m:02}{s:02}"),
        4 => format!("{sign}{h:02}{m:02}"),
        _ => format_offset(secs, true, true),
    }
}

/// `O`/`OOOO`/`ZZZZ`: `GMT-8`, `GMT-08:00`, `GMT` for zero.
fn localized_offset(secs: i32, full: bool) -> String {
    if secs == 0 {
        return "GMT".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    let mut out = if full {
        format!("GMT{sign}{h:02}:{m:02}")
    } else if m != 0 || s != 0 {
        format!("GMT{sign}{h}:{m:02}")
    } else {
        format!("GMT{sign}{h}")
    };
    if s != 0 {
        out.push_str(&format!(":{s:02}"));
    }
    out
}

/// A year with `java.time`'s sign style for a count of `y` letters.
fn year_text(value: i64, count: usize) -> String {
    match count {
        1 => value.to_string(),
        2 => format!("{:02}", value.rem_euclid(100)),
        _ => {
            let digits = value.unsigned_abs().to_string();
            let padded = format!("{digits:0>count$}");
            if value < 0 {
                format!("-{padded}")
            } else if count >= 4 && digits.len() > count {
                format!("+{padded}")
            } else {
                padded
            }
        }
    }
}

fn quarter_text(q: u32, count: usize) -> String {
    match count {
        1 => q.to_string(),
        2 => format!("{q:02}"),
        3 => format!("Q{q}"),
        _ => format!(
            "{}{} quarter",
            q,
            match q {
                1 => "st",
                2 => "nd",
                3 => "rd",
                _ => "th",
            }
        ),
    }
}

fn padded(v: u32, count: usize) -> String {
    format!("{v:0>count$}")
}

/// Formats `local` (the wall-clock time in `zone`; `utc` is the same instant in UTC).
pub(crate) fn format(
    p: &Pattern,
    local: &NaiveDateTime,
    utc: &NaiveDateTime,
    zone: &Zone,
) -> Result<String, SparkError> {
    let mut out = String::new();
    let offset = zone.offset_at(utc).local_minus_utc();
    for item in &p.items {
        let (c, n) = match item {
            Item::Literal(s) => {
                out.push_str(s);
                continue;
            }
            Item::OptStart(_) | Item::OptEnd => continue,
            Item::Field(c, n) => (*c, *n),
        };
        let year = i64::from(local.year());
        let text = match c {
            'G' => match (year > 0, n >= 4) {
                (true, false) => "AD".to_string(),
                (false, false) => "BC".to_string(),
                (true, true) => "Anno Domini".to_string(),
                (false, true) => "Before Christ".to_string(),
            },
            'y' if p.has_era => year_text(if year > 0 { year } else { 1 - year }, n),
            'y' => year_text(year, n),
            'M' | 'L' => {
                let m = local.month();
                let name = MONTHS[m as usize - 1];
                match n {
                    1 | 2 => padded(m, n),
                    3 => name[..3].to_string(),
                    _ => name.to_string(),
                }
            }
            'd' => padded(local.day(), n),
            'D' => padded(local.ordinal(), n),
            'Q' | 'q' => quarter_text(local.month().div_ceil(3), n),
            'E' => {
                let name = DAYS[local.weekday().num_days_from_monday() as usize];
                if n >= 4 {
                    name.to_string()
                } else {
                    name[..3].to_string()
                }
            }
            'F' => ((local.day() - 1) % 7 + 1).to_string(),
            'a' => if local.hour() < 12 { "AM" } else { "PM" }.to_string(),
            'h' => padded((local.hour() + 11) % 12 + 1, n),
            'K' => padded(local.hour() % 12, n),
            'k' => padded(if local.hour() == 0 { 24 } else { local.hour() }, n),
            'H' => padded(local.hour(), n),
            'm' => padded(local.minute(), n),
            's' => padded(local.second(), n),
            'S' => {
                let nanos = format!("{:09}", local.nanosecond() % 1_000_000_000);
                nanos[..n].to_string()
            }
            'g' => {
                let mjd = i64::from(local.date().num_days_from_ce()) - 678_576;
                let digits = mjd.unsigned_abs().to_string();
                let sign = if mjd < 0 { "-" } else { "" };
                format!("{sign}{digits:0>n$}")
            }
            'V' => zone.id(),
            'z' => zone_name(zone, utc, offset, n >= 4)?,
            'O' => localized_offset(offset, n == 4),
            'X' => iso_offset(offset, n, Some("Z")),
            'x' => iso_offset(offset, n, None),
            'Z' => match n {
                4 => localized_offset(offset, true),
                5 => iso_offset(offset, 5, Some("Z")),
                _ => iso_offset(offset, 2, None),
            },
            other => {
                return Err(SparkError::unsupported(format!(
                    "the datetime pattern letter '{other}'"
                )));
            }
        };
        out.push_str(&text);
    }
    Ok(out)
}

/// `z` (short) and `zzzz` (long) zone names.
fn zone_name(
    zone: &Zone,
    utc: &NaiveDateTime,
    offset: i32,
    long: bool,
) -> Result<String, SparkError> {
    let id = zone.id();
    if matches!(zone, Zone::Fixed(_)) {
        return Ok(if offset == 0 { "Z".to_string() } else { id });
    }
    if long {
        let dst = zone.is_dst(utc);
        return LONG_NAMES
            .iter()
            .find(|(z, _, _)| *z == id)
            .map(|(_, std, daylight)| if dst { daylight } else { std }.to_string())
            .ok_or_else(|| {
                SparkError::unsupported(format!("the long zone name ('zzzz') of {id}"))
            });
    }
    match zone.abbreviation(utc) {
        // The tz database writes zones without a name as offsets (`+08`); Java has names for
        // most of them, which Sabot does not know.
        Some(a) if a.starts_with(['+', '-']) => Err(SparkError::unsupported(format!(
            "the short zone name ('z') of {id}"
        ))),
        Some(a) => Ok(a),
        None => Ok(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datetime::pattern::compile;

    fn fmt(pattern: &str, local: &str, zone: &str) -> String {
        let p = compile(pattern, false).unwrap();
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M:%S%.f").unwrap();
        let zone = Zone::parse(zone).unwrap();
        let utc = zone.utc_of(&local);
        format(&p, &local, &utc, &zone).unwrap()
    }

    #[test]
    fn formats_like_java() {
        let la = "America/Los_Angeles";
        assert_eq!(
            fmt(
                "yyyy-MM-dd HH:mm:ss.SSSSSS a E EEEE MMM MMMM D h k K z VV O XXX xx Z",
                "2024-03-05 14:07:09.123456",
                la
            ),
            "2024-03-05 14:07:09.123456 PM Tue Tuesday Mar March 65 2 14 2 PST America/Los_Angeles GMT-8 -08:00 -0800 -0800"
        );
        assert_eq!(
            fmt(
                "y yy yyy yyyy yyyyy M MM L LL d dd",
                "2024-03-05 00:00:00",
                la
            ),
            "2024 24 2024 2024 02024 3 03 3 03 5 05"
        );
        assert_eq!(
            fmt(
                "h hh H HH k kk K KK m mm s ss S SS SSS",
                "2024-03-05 00:07:09",
                la
            ),
            "12 12 0 00 24 24 0 00 7 07 9 09 0 00 000"
        );
        assert_eq!(
            fmt("q Q QQ QQQ QQQQ G GGGG F g", "2024-03-05 14:07:09", la),
            "1 1 01 Q1 1st quarter AD Anno Domini 5 60374"
        );
        assert_eq!(
            fmt(
                "X x XX XXXXX OOOO ZZZZ ZZZZZ zzzz",
                "2024-03-05 14:07:09",
                la
            ),
            "-08 -08 -0800 -08:00 GMT-08:00 GMT-08:00 -08:00 Pacific Standard Time"
        );
        assert_eq!(
            fmt("z zzzz O X", "2024-07-05 14:07:09", la),
            "PDT Pacific Daylight Time GMT-7 -07"
        );
        assert_eq!(fmt("y yyyy G", "-0044-03-15 12:00:00", la), "45 0045 BC");
        assert_eq!(fmt("X Z ZZZZ", "2024-03-05 14:07:09", "UTC"), "Z +0000 GMT");
    }
}
