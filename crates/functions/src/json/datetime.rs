//! Dates and timestamps in JSON/CSV text: Spark's default parsing (`stringToDate` /
//! `stringToTimestamp`, what an unset `dateFormat`/`timestampFormat` falls back to) and the
//! subset of Spark's datetime patterns (`yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `SSS`, `XXX`,
//! quoted text) that maps onto chrono's formats.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use sabot_common::{Result, SparkError};

/// A Spark datetime pattern as a chrono format string; unsupported letters are an error.
pub(crate) fn chrono_format(pattern: &str) -> Result<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        let piece = match (c, n) {
            ('\'', _) => {
                // Quoted literal text; `''` is a single quote.
                let mut j = i + 1;
                let mut lit = String::new();
                while j < chars.len() && chars[j] != '\'' {
                    lit.push(chars[j]);
                    j += 1;
                }
                if j == i + 1 {
                    lit.push('\'');
                }
                out.push_str(&lit.replace('%', "%%"));
                i = j + 1;
                continue;
            }
            ('y' | 'u', 2) => "%y".to_string(),
            ('y' | 'u', _) => "%Y".to_string(),
            ('M', 1 | 2) => "%m".to_string(),
            ('M', 3) => "%b".to_string(),
            ('M', _) => "%B".to_string(),
            ('d', 1 | 2) => "%d".to_string(),
            ('H', 1 | 2) => "%H".to_string(),
            ('h', 1 | 2) => "%I".to_string(),
            ('m', 1 | 2) => "%M".to_string(),
            ('s', 1 | 2) => "%S".to_string(),
            ('S', k) if k <= 9 => format!("%{k}f"),
            ('a', 1) => "%p".to_string(),
            ('X', 1..=3) | ('x', 3) | ('Z', 5) => "%:z".to_string(),
            ('Z', 1..=3) | ('x', 2) => "%z".to_string(),
            ('E', 1..=3) => "%a".to_string(),
            ('E', _) => "%A".to_string(),
            (c, _) if c.is_ascii_alphabetic() => {
                return Err(SparkError::unsupported(format!(
                    "the datetime pattern letter '{c}' in JSON/CSV options"
                )));
            }
            (c, n) => std::iter::repeat_n(c, n)
                .collect::<String>()
                .replace('%', "%%"),
        };
        out.push_str(&piece);
        i += n;
    }
    Ok(out)
}

fn tz(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// Micros since the epoch of a local date-time in zone `zone` (earlier offset on overlap).
pub(crate) fn local_to_utc(local_micros: i64, zone: &str) -> Option<i64> {
    let naive = DateTime::<Utc>::from_timestamp_micros(local_micros)?.naive_utc();
    let off = match zone {
        "UTC" | "Z" | "" => 0,
        z => match tz(z) {
            Some(t) => t
                .from_local_datetime(&naive)
                .earliest()?
                .offset()
                .fix()
                .local_minus_utc(),
            None => fixed_offset(z)?,
        },
    };
    Some(local_micros - i64::from(off) * 1_000_000)
}

/// `+01:00`, `-0800`, `+1`, `UTC+01:00`, `GMT-8` as seconds east of UTC.
fn fixed_offset(z: &str) -> Option<i32> {
    let z = z
        .strip_prefix("UTC")
        .or_else(|| z.strip_prefix("GMT"))
        .unwrap_or(z);
    if z.is_empty() {
        return Some(0);
    }
    let (sign, rest) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if rest.len() == 4 => (rest[..2].parse().ok()?, rest[2..].parse().ok()?),
        None => (rest.parse().ok()?, 0),
    };
    (h <= 18 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// Spark's default timestamp parsing (`stringToTimestamp`): a zone suffix wins over `zone`;
/// `ntz` ignores zones.
pub fn default_timestamp(s: &str, zone: &str, ntz: bool) -> Option<i64> {
    let (local, tail) = sabot_sql::parse_local_timestamp(s)?;
    let tail = tail.trim();
    if ntz {
        return tail.is_empty().then_some(local);
    }
    if tail.is_empty() {
        local_to_utc(local, zone)
    } else {
        local_to_utc(local, tail)
    }
}

/// Spark's default date parsing (`stringToDate`).
pub fn default_date(s: &str) -> Option<i32> {
    sabot_sql::parse_date(s)
}

fn epoch() -> NaiveDate {
    NaiveDate::default()
}

/// Parses with a chrono format; a missing time is midnight; a zone in the text wins.
pub(crate) fn parse_timestamp(s: &str, fmt: &str, zone: &str, ntz: bool) -> Option<i64> {
    if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
        return Some(dt.timestamp_micros());
    }
    let naive = NaiveDateTime::parse_from_str(s, fmt)
        .ok()
        .or_else(|| NaiveDate::parse_from_str(s, fmt).ok()?.and_hms_opt(0, 0, 0))?;
    let local = naive.and_utc().timestamp_micros();
    if ntz {
        Some(local)
    } else {
        local_to_utc(local, zone)
    }
}

/// Parses a date with a chrono format.
pub(crate) fn parse_date(s: &str, fmt: &str) -> Option<i32> {
    let d = NaiveDate::parse_from_str(s, fmt)
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, fmt).ok().map(|t| t.date()))?;
    i32::try_from((d - epoch()).num_days()).ok()
}

/// Formats micros since the epoch in `zone` (`None`: as a local time).
pub(crate) fn format_timestamp(micros: i64, fmt: &str, zone: Option<&str>) -> String {
    let Some(utc) = DateTime::<Utc>::from_timestamp_micros(micros) else {
        return micros.to_string();
    };
    let offset = match zone {
        None => None,
        Some(z) => match tz(z) {
            Some(t) => Some(utc.with_timezone(&t).offset().fix().local_minus_utc()),
            None => fixed_offset(z),
        },
    };
    let Some(off) = offset else {
        let fmt = fmt.replace("%:z", "").replace("%z", "");
        return utc.naive_utc().format(&fmt).to_string();
    };
    // Spark's `XXX` prints `Z` for a zero offset, which chrono's `%:z` does not.
    let xxx = if off == 0 {
        "Z".to_string()
    } else {
        let a = off.abs();
        let sign = if off < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
    };
    let compact = xxx.replace(':', "");
    let fmt = fmt.replace("%:z", &xxx).replace("%z", &compact);
    let local = utc.naive_utc() + chrono::Duration::seconds(i64::from(off));
    local.format(&fmt).to_string()
}

/// Formats days since the epoch.
pub(crate) fn format_date(days: i32, fmt: &str) -> String {
    match epoch().checked_add_signed(chrono::Duration::days(i64::from(days))) {
        Some(d) => d.format(fmt).to_string(),
        None => days.to_string(),
    }
}
