//! Strings to dates and timestamps without a pattern, as Spark's `Cast` reads them
//! (`SparkDateTimeUtils.stringToDate`/`stringToTimestamp`): trimmed,
//! `[+-]yyyy[-[m]m[-[d]d]]`, then for timestamps `[T| ]h[h]:m[m][:s[s][.fraction]]` and an
//! optional zone (`Z`, `UTC`, offsets, region ids).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::zone::Zone;

fn spark_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c.is_control())
}

/// The date at the start of `s` and the rest after a ` `/`T` separator.
fn date_prefix(s: &str) -> Option<(NaiveDate, Option<&str>)> {
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
    if segments.len() > 3 {
        return None;
    }
    for (i, seg) in segments.iter().enumerate() {
        let ok_len = if i == 0 {
            (4..=7).contains(&seg.len())
        } else {
            (1..=2).contains(&seg.len())
        };
        if !ok_len || !seg.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let year: i32 = segments[0].parse().ok()?;
    let year = if negative { -year } else { year };
    let month: u32 = segments.get(1).map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = segments.get(2).map_or(Some(1), |d| d.parse().ok())?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, rest))
}

/// `CAST(s AS DATE)`.
pub(crate) fn cast_date(s: &str) -> Option<NaiveDate> {
    let (date, _) = date_prefix(spark_trim(s))?;
    Some(date)
}

/// `CAST(s AS TIMESTAMP[_NTZ])`: the local date-time and the zone the text names. With
/// `today` (`TIMESTAMP` only), a time without a date (`10:00`, `T10:00`) is on that day.
pub(crate) fn cast_timestamp(
    s: &str,
    today: Option<NaiveDate>,
) -> Option<(NaiveDateTime, Option<Zone>)> {
    let s = spark_trim(s);
    let time_only = s.starts_with('T')
        || s.find(|c: char| !c.is_ascii_digit())
            .is_some_and(|p| p > 0 && s[p..].starts_with(':'));
    let (date, rest) = match today {
        Some(day) if time_only => (day, Some(s.strip_prefix('T').unwrap_or(s))),
        _ => date_prefix(s)?,
    };
    let Some(rest) = rest else {
        return Some((date.and_time(NaiveTime::MIN), None));
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(rest.len());
    let (time, tail) = rest.split_at(end);
    let (hms, fraction) = match time.find('.') {
        Some(p) => (&time[..p], Some(&time[p + 1..])),
        None => (time, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if !(1..=3).contains(&parts.len())
        || parts.iter().any(|p| p.is_empty() || p.len() > 2)
        || (fraction.is_some() && parts.len() != 3)
    {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts.get(1).map_or(Some(0), |p| p.parse().ok())?;
    let sec: u32 = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
    let mut micros = 0u32;
    if let Some(f) = fraction {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let six: String = f.chars().chain(std::iter::repeat('0')).take(6).collect();
        micros = six.parse().ok()?;
    }
    let time = NaiveTime::from_hms_micro_opt(h, m, sec, micros)?;
    let tail = tail.trim_start();
    let zone = if tail.is_empty() {
        None
    } else {
        Some(Zone::parse(tail)?)
    };
    Some((date.and_time(time), zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts() {
        assert_eq!(
            cast_date(" 2016-12-31 ").map(|d| d.to_string()),
            Some("2016-12-31".into())
        );
        assert_eq!(
            cast_date("2016-1").map(|d| d.to_string()),
            Some("2016-01-01".into())
        );
        assert_eq!(cast_date("garbage"), None);
        assert_eq!(cast_date("2016-02-30"), None);
        let (t, z) = cast_timestamp("2015-03-05T09:32:05.359", None).unwrap();
        assert_eq!(t.to_string(), "2015-03-05 09:32:05.359");
        assert!(z.is_none());
        let (t, z) = cast_timestamp("2017-07-14 02:40:00.0 +01:00", None).unwrap();
        assert_eq!(t.to_string(), "2017-07-14 02:40:00");
        assert_eq!(z.map(|z| z.id()), Some("+01:00".into()));
        assert!(cast_timestamp("2017-07-14 25:00", None).is_none());
        let day = NaiveDate::from_ymd_opt(2020, 1, 2);
        let (t, _) = cast_timestamp("T10:00", day).unwrap();
        assert_eq!(t.to_string(), "2020-01-02 10:00:00");
        let (t, _) = cast_timestamp("2024-03-05 10", None).unwrap();
        assert_eq!(t.to_string(), "2024-03-05 10:00:00");
        assert!(cast_timestamp("10:00:00", None).is_none());
    }
}
