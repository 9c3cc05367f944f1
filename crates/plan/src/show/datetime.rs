//! Dates, timestamps and intervals as Spark casts them to strings.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use datafusion::arrow::array::timezone::Tz;
use sabot_common::spec::{DayTimeField, YearMonthField};
use sabot_common::{Result, SparkError};

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_MINUTE: i64 = 60 * MICROS_PER_SECOND;
const MICROS_PER_HOUR: i64 = 60 * MICROS_PER_MINUTE;
const MICROS_PER_DAY: i64 = 24 * MICROS_PER_HOUR;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// Parses a Spark session time zone: a region id (`America/Los_Angeles`, `UTC`) or an offset
/// (`+08:00`, also with a `GMT`/`UTC`/`UT` prefix as Java's `ZoneId.of` accepts).
pub fn parse_time_zone(tz: &str) -> Result<Tz> {
    let offset = ["GMT", "UTC", "UT"].iter().find_map(|p| {
        tz.strip_prefix(p)
            .filter(|rest| rest.starts_with('+') || rest.starts_with('-'))
    });
    let text = match offset {
        Some(o) => normalize_offset(o),
        None => tz.to_string(),
    };
    Tz::from_str(&text)
        .map_err(|e| SparkError::illegal_argument(format!("Invalid session time zone '{tz}': {e}")))
}

/// `+8` -> `+08:00`, `+8:30` -> `+08:30`; anything else is left as is.
fn normalize_offset(o: &str) -> String {
    let (sign, rest) = o.split_at(1);
    let (h, m) = rest.split_once(':').unwrap_or((rest, "00"));
    if h.len() == 1 && h.chars().all(|c| c.is_ascii_digit()) {
        format!("{sign}0{h}:{m}")
    } else if h.len() == 2 {
        format!("{sign}{h}:{m}")
    } else {
        o.to_string()
    }
}

/// A date given as days since 1970-01-01: `2024-01-02`, `-0044-03-15`, `+12345-01-01`.
pub fn format_date(days: i64) -> Result<String> {
    let date = i32::try_from(days)
        .ok()
        .and_then(|d| d.checked_add(UNIX_EPOCH_FROM_CE))
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| SparkError::unsupported(format!("the date {days} days after 1970")))?;
    // chrono writes years outside 0..=9999 with a sign, as Spark's formatter does.
    Ok(date.to_string())
}

fn utc_datetime(micros: i64) -> Result<NaiveDateTime> {
    DateTime::from_timestamp_micros(micros)
        .map(|d| d.naive_utc())
        .ok_or_else(|| SparkError::unsupported(format!("the timestamp {micros} microseconds")))
}

/// A `timestamp` (microseconds since the epoch) in the session time zone:
/// `2024-01-02 03:04:05`, with a fraction only if non-zero and without trailing zeros.
pub fn format_timestamp(micros: i64, tz: &Tz) -> Result<String> {
    let local = tz.from_utc_datetime(&utc_datetime(micros)?).naive_local();
    Ok(format_local(&local))
}

/// A `timestamp_ntz` (wall-clock microseconds since 1970-01-01 00:00:00).
pub fn format_timestamp_ntz(micros: i64) -> Result<String> {
    Ok(format_local(&utc_datetime(micros)?))
}

/// Mirrors Spark's `TimestampFormatter.getFractionFormatter` (`yyyy-MM-dd HH:mm:ss[.SSSSSS]`
/// with trailing zeros of the fraction dropped).
fn format_local(t: &NaiveDateTime) -> String {
    let mut out = format!(
        "{} {:02}:{:02}:{:02}",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let micros = t.nanosecond() / 1000;
    if micros != 0 {
        let frac = format!("{micros:06}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out
}

/// `BigDecimal.valueOf(micros, 6).stripTrailingZeros.toPlainString` for non-negative micros.
fn seconds_text(micros: i64) -> String {
    let whole = micros / MICROS_PER_SECOND;
    let frac = micros % MICROS_PER_SECOND;
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:06}").trim_end_matches('0'))
    }
}

fn day_time_name(f: DayTimeField) -> &'static str {
    match f {
        DayTimeField::Day => "DAY",
        DayTimeField::Hour => "HOUR",
        DayTimeField::Minute => "MINUTE",
        DayTimeField::Second => "SECOND",
    }
}

/// Mirrors Spark's `IntervalUtils.toDayTimeIntervalString` (ANSI style), e.g.
/// `INTERVAL '1 02:03:04.5' DAY TO SECOND`.
pub fn format_day_time_interval(micros: i64, start: DayTimeField, end: DayTimeField) -> String {
    let from = day_time_name(start);
    let to = day_time_name(end);
    let postfix = if start == end {
        format!("' {from}")
    } else {
        format!("' {from} TO {to}")
    };
    let sign = if micros < 0 { "-" } else { "" };
    // i64::MIN has no positive counterpart; i128 keeps the arithmetic exact.
    let mut rest = i128::from(micros).abs();
    let mut body = String::from(sign);
    let seconds = |rest: i128| {
        let rest = i64::try_from(rest).unwrap_or(i64::MAX);
        let lead = if rest < 10 * MICROS_PER_SECOND {
            "0"
        } else {
            ""
        };
        format!("{lead}{}", seconds_text(rest))
    };
    let unit = |f: DayTimeField| -> i128 {
        i128::from(match f {
            DayTimeField::Day => MICROS_PER_DAY,
            DayTimeField::Hour => MICROS_PER_HOUR,
            DayTimeField::Minute => MICROS_PER_MINUTE,
            DayTimeField::Second => MICROS_PER_SECOND,
        })
    };
    match start {
        DayTimeField::Day => body.push_str(&(rest / unit(start)).to_string()),
        DayTimeField::Hour | DayTimeField::Minute => {
            body.push_str(&format!("{:02}", rest / unit(start)))
        }
        DayTimeField::Second => body.push_str(&seconds(rest)),
    }
    if start != DayTimeField::Second {
        rest %= unit(start);
    }
    let (s, e) = (start as u8, end as u8);
    if s < DayTimeField::Hour as u8 && DayTimeField::Hour as u8 <= e {
        body.push_str(&format!(" {:02}", rest / unit(DayTimeField::Hour)));
        rest %= unit(DayTimeField::Hour);
    }
    if s < DayTimeField::Minute as u8 && DayTimeField::Minute as u8 <= e {
        body.push_str(&format!(":{:02}", rest / unit(DayTimeField::Minute)));
        rest %= unit(DayTimeField::Minute);
    }
    if s < DayTimeField::Second as u8 && DayTimeField::Second as u8 <= e {
        body.push(':');
        body.push_str(&seconds(rest));
    }
    format!("INTERVAL '{body}{postfix}")
}

/// Mirrors Spark's `IntervalUtils.toYearMonthIntervalString` (ANSI style), e.g.
/// `INTERVAL '1-2' YEAR TO MONTH`.
pub fn format_year_month_interval(
    months: i32,
    start: YearMonthField,
    end: YearMonthField,
) -> String {
    let sign = if months < 0 { "-" } else { "" };
    let abs = i64::from(months).abs();
    let year = format!("{sign}{}", abs / 12);
    let name = |f: YearMonthField| match f {
        YearMonthField::Year => "YEAR",
        YearMonthField::Month => "MONTH",
    };
    if start != end {
        format!(
            "INTERVAL '{year}-{}' {} TO {}",
            abs % 12,
            name(start),
            name(end)
        )
    } else if start == YearMonthField::Year {
        format!("INTERVAL '{year}' YEAR")
    } else {
        format!("INTERVAL '{months}' MONTH")
    }
}

/// Mirrors Spark's `CalendarInterval.toString`, e.g.
/// `1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds`.
pub fn format_calendar_interval(months: i32, days: i32, micros: i64) -> String {
    if months == 0 && days == 0 && micros == 0 {
        return "0 seconds".to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut unit = |value: i64, name: &str| {
        if value != 0 {
            parts.push(format!("{value} {name}"));
        }
    };
    if months != 0 {
        unit(i64::from(months / 12), "years");
        unit(i64::from(months % 12), "months");
    }
    unit(i64::from(days), "days");
    let mut rest = micros;
    if micros != 0 {
        unit(rest / MICROS_PER_HOUR, "hours");
        rest %= MICROS_PER_HOUR;
        unit(rest / MICROS_PER_MINUTE, "minutes");
        rest %= MICROS_PER_MINUTE;
    }
    if micros != 0 && rest != 0 {
        let sign = if rest < 0 { "-" } else { "" };
        parts.push(format!("{sign}{} seconds", seconds_text(rest.abs())));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn micros(d: i64, h: i64, m: i64, s: i64, us: i64) -> i64 {
        d * MICROS_PER_DAY
            + h * MICROS_PER_HOUR
            + m * MICROS_PER_MINUTE
            + s * MICROS_PER_SECOND
            + us
    }

    #[test]
    fn dates_like_spark() {
        assert_eq!(format_date(19724).unwrap(), "2024-01-02");
        assert_eq!(format_date(-719162).unwrap(), "0001-01-01");
        let bc = NaiveDate::from_ymd_opt(-44, 3, 15)
            .unwrap()
            .num_days_from_ce()
            - UNIX_EPOCH_FROM_CE;
        assert_eq!(format_date(i64::from(bc)).unwrap(), "-0044-03-15");
        let far = NaiveDate::from_ymd_opt(12345, 1, 1)
            .unwrap()
            .num_days_from_ce()
            - UNIX_EPOCH_FROM_CE;
        assert_eq!(format_date(i64::from(far)).unwrap(), "+12345-01-01");
        assert!(format_date(i64::from(i32::MAX)).is_err());
    }

    #[test]
    fn timestamps_in_the_session_zone() {
        let la = parse_time_zone("America/Los_Angeles").unwrap();
        // 2024-01-02 11:04:05.5 UTC is 03:04:05.5 in Los Angeles.
        let t = 1_704_193_445_500_000;
        assert_eq!(format_timestamp(t, &la).unwrap(), "2024-01-02 03:04:05.5");
        let utc = parse_time_zone("UTC").unwrap();
        assert_eq!(format_timestamp(t, &utc).unwrap(), "2024-01-02 11:04:05.5");
        let plus8 = parse_time_zone("GMT+8").unwrap();
        assert_eq!(
            format_timestamp(t, &plus8).unwrap(),
            "2024-01-02 19:04:05.5"
        );
        assert_eq!(
            format_timestamp_ntz(1_704_164_645_120_000).unwrap(),
            "2024-01-02 03:04:05.12"
        );
        assert_eq!(format_timestamp_ntz(0).unwrap(), "1970-01-01 00:00:00");
        assert_eq!(
            format_timestamp_ntz(1).unwrap(),
            "1970-01-01 00:00:00.000001"
        );
        assert!(parse_time_zone("Not/AZone").is_err());
    }

    /// Expected strings are Spark 4.3 output.
    #[test]
    fn day_time_intervals_like_spark() {
        use DayTimeField::*;
        assert_eq!(
            format_day_time_interval(micros(1, 2, 3, 4, 0), Day, Second),
            "INTERVAL '1 02:03:04' DAY TO SECOND"
        );
        assert_eq!(
            format_day_time_interval(-micros(1, 2, 3, 4, 500_000), Day, Second),
            "INTERVAL '-1 02:03:04.5' DAY TO SECOND"
        );
        assert_eq!(
            format_day_time_interval(micros(0, 3, 0, 0, 0), Hour, Hour),
            "INTERVAL '03' HOUR"
        );
        assert_eq!(
            format_day_time_interval(micros(0, 0, 10, 11, 0), Minute, Second),
            "INTERVAL '10:11' MINUTE TO SECOND"
        );
        assert_eq!(
            format_day_time_interval(micros(0, 1, 2, 3, 1), Hour, Second),
            "INTERVAL '01:02:03.000001' HOUR TO SECOND"
        );
        assert_eq!(
            format_day_time_interval(micros(0, 0, 0, 5, 500_000), Second, Second),
            "INTERVAL '05.5' SECOND"
        );
        assert_eq!(
            format_day_time_interval(micros(1, 0, 0, 0, 0), Day, Day),
            "INTERVAL '1' DAY"
        );
        assert_eq!(
            format_day_time_interval(i64::MIN, Day, Second),
            "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND"
        );
    }

    #[test]
    fn year_month_intervals_like_spark() {
        use YearMonthField::*;
        assert_eq!(
            format_year_month_interval(14, Year, Month),
            "INTERVAL '1-2' YEAR TO MONTH"
        );
        assert_eq!(
            format_year_month_interval(-3, Month, Month),
            "INTERVAL '-3' MONTH"
        );
        assert_eq!(
            format_year_month_interval(24, Year, Year),
            "INTERVAL '2' YEAR"
        );
        assert_eq!(
            format_year_month_interval(-14, Year, Month),
            "INTERVAL '-1-2' YEAR TO MONTH"
        );
    }

    #[test]
    fn calendar_intervals_like_spark() {
        assert_eq!(
            format_calendar_interval(14, 3, micros(0, 4, 5, 6, 500_000)),
            "1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds"
        );
        assert_eq!(format_calendar_interval(0, 0, 0), "0 seconds");
        assert_eq!(format_calendar_interval(0, 0, -1_500_000), "-1.5 seconds");
    }
}
