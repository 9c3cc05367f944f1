//! Date and timestamp strings of typed literals (`DATE '...'`, `TIMESTAMP_NTZ '...'`), parsed
//! as Spark's `SparkDateTimeUtils.stringToDate` / `stringToTimestamp` accept them.

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date part of a date or timestamp string and the rest after it (what follows a ` ` or
/// `T` separator), as `(days, rest)`. Accepts `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`.
fn parse_date_prefix(s: &str) -> Option<(i64, Option<&str>)> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (date_part, rest) = match body.find([' ', 'T']) {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    let segments: Vec<&str> = date_part.split('-').collect();
    if segments.is_empty() || segments.len() > 3 {
        return None;
    }
    let valid = |i: usize, seg: &str| {
        seg.bytes().all(|b| b.is_ascii_digit())
            && if i == 0 {
                (4..=6).contains(&seg.len())
            } else {
                (1..=2).contains(&seg.len())
            }
    };
    if !segments.iter().enumerate().all(|(i, seg)| valid(i, seg)) {
        return None;
    }
    // A time part needs a full date before it.
    if rest.is_some() && segments.len() < 3 {
        return None;
    }
    let year: i64 = segments[0].parse().ok()?;
    let year = if negative { -year } else { year };
    let month: u32 = segments.get(1).map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = segments.get(2).map_or(Some(1), |d| d.parse().ok())?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some((days_from_civil(year, month, day), rest))
}

/// `DATE '...'`: days since the epoch. Anything after a ` `/`T` separator is ignored.
pub fn parse_date(s: &str) -> Option<i32> {
    let (days, _) = parse_date_prefix(s.trim())?;
    i32::try_from(days).ok()
}

/// A local date-time without a zone, in microseconds since the epoch, plus whatever follows
/// the time (a zone id or offset, possibly empty).
pub fn parse_local_timestamp(s: &str) -> Option<(i64, &str)> {
    let (days, rest) = parse_date_prefix(s.trim())?;
    let mut micros = 0i64;
    let mut tail = "";
    if let Some(rest) = rest {
        let (time_micros, after) = parse_time(rest)?;
        micros = time_micros;
        tail = after;
    }
    Some((days * 86_400_000_000 + micros, tail))
}

/// `h[h]:m[m][:s[s][.fraction]]`, the fraction truncated to microseconds.
fn parse_time(s: &str) -> Option<(i64, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(s.len());
    let (time, rest) = s.split_at(end);
    let (hms, fraction) = match time.find('.') {
        Some(p) => (&time[..p], Some(&time[p + 1..])),
        None => (time, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts.iter().any(|p| p.is_empty() || p.len() > 2)
        || (fraction.is_some() && parts.len() != 3)
    {
        return None;
    }
    let h: i64 = parts[0].parse().ok()?;
    let m: i64 = parts[1].parse().ok()?;
    let sec: i64 = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let mut frac_micros = 0i64;
    if let Some(f) = fraction {
        if f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let six: String = f.chars().chain(std::iter::repeat('0')).take(6).collect();
        frac_micros = six.parse().ok()?;
    }
    Some((((h * 60 + m) * 60 + sec) * 1_000_000 + frac_micros, rest))
}

/// Whether `s` is a zone suffix Spark accepts after a timestamp: `Z`, `UTC`, `+01:00`,
/// `America/Los_Angeles`, ... (checked loosely; the cast resolves it).
pub fn is_zone_suffix(s: &str) -> bool {
    let z = s.trim();
    z.is_empty()
        || (z
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '+' || c == '-')
            && z.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-:/_".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2024-01-02"), Some(19724));
        assert_eq!(parse_date(" 2024-1-2T99 "), Some(19724));
        assert_eq!(parse_date("2024"), Some(19723));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("abc"), None);
    }

    #[test]
    fn local_timestamps() {
        assert_eq!(
            parse_local_timestamp("2024-01-02 03:04:05.123456789"),
            Some((19724 * 86_400_000_000 + 11_045_123_456, ""))
        );
        assert_eq!(
            parse_local_timestamp("1970-01-01T00:00:01Z"),
            Some((1_000_000, "Z"))
        );
        assert_eq!(parse_local_timestamp("1970-01-01 25:00:00"), None);
        assert!(is_zone_suffix(" America/Los_Angeles"));
        assert!(!is_zone_suffix(" garbage!"));
    }
}
