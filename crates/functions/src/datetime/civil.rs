//! Calendar helpers shared by the field, arithmetic and constructor functions: days and
//! microseconds <-> chrono values, session/argument time zones (Spark's `ZoneId` rules:
//! region ids, `Z`, `UTC`/`GMT` and `+hh:mm` offsets) and local <-> UTC conversion with
//! `java.time`'s gap/overlap choices.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset,
    TimeZone,
};
use chrono_tz::Tz;
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Date32Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result as DfResult, exec_err};

/// A time zone as Spark's `ZoneId.of` accepts it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Zone {
    Named(Tz),
    Fixed(FixedOffset),
}

/// Parses `+h`, `+hh`, `+hh:mm`, `+hhmm`, `+hh:mm:ss` (sign required).
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let parts: Vec<&str> = if rest.contains(':') {
        rest.split(':').collect()
    } else if rest.len() > 2 {
        let (h, m) = rest.split_at(rest.len().min(4) - 2);
        vec![h, m]
    } else {
        vec![rest]
    };
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    let mut secs = 0i32;
    for (i, p) in parts.iter().enumerate() {
        let v: i32 = p.parse().ok()?;
        let limit = if i == 0 { 18 } else { 59 };
        if v > limit {
            return None;
        }
        secs += v * [3600, 60, 1][i];
    }
    FixedOffset::east_opt(sign * secs)
}

/// Spark's zone id parsing (`DateTimeUtils.getZoneId`): region ids, `Z`, `UTC`, `GMT`, `UT`
/// with an optional offset, and bare offsets.
pub(crate) fn parse_zone(s: &str) -> Option<Zone> {
    let s = s.trim();
    if s == "Z" {
        return FixedOffset::east_opt(0).map(Zone::Fixed);
    }
    if s.starts_with('+') || s.starts_with('-') {
        return parse_offset(s).map(Zone::Fixed);
    }
    for prefix in ["UTC", "GMT", "UT"] {
        if let Some(rest) = s.strip_prefix(prefix)
            && (rest.starts_with('+') || rest.starts_with('-'))
        {
            return parse_offset(rest).map(Zone::Fixed);
        }
    }
    if let Ok(tz) = s.parse::<Tz>() {
        return Some(Zone::Named(tz));
    }
    // Region ids are case-insensitive for the short forms Spark users write (`utc`, `cet`).
    s.to_ascii_uppercase().parse::<Tz>().ok().map(Zone::Named)
}

impl Zone {
    /// The wall-clock time of a UTC instant.
    pub(crate) fn local(self, utc: NaiveDateTime) -> NaiveDateTime {
        match self {
            Self::Named(tz) => tz.from_utc_datetime(&utc).naive_local(),
            Self::Fixed(o) => o.from_utc_datetime(&utc).naive_local(),
        }
    }

    /// The UTC instant of a wall-clock time: the earlier offset in an overlap, and a time in
    /// a gap moved later by the gap's length (`java.time.ZonedDateTime.ofLocal`).
    pub(crate) fn utc_of(self, local: NaiveDateTime) -> NaiveDateTime {
        match self {
            Self::Fixed(o) => local - Duration::seconds(i64::from(o.local_minus_utc())),
            Self::Named(tz) => match tz.from_local_datetime(&local) {
                LocalResult::Single(t) => t.naive_utc(),
                LocalResult::Ambiguous(a, b) => a.naive_utc().min(b.naive_utc()),
                LocalResult::None => {
                    let before = tz
                        .offset_from_utc_datetime(&(local - Duration::hours(12)))
                        .fix()
                        .local_minus_utc();
                    local - Duration::seconds(i64::from(before))
                }
            },
        }
    }
}

/// The zone of a timestamp type: `Some` for `TIMESTAMP` (LTZ), `None` for `TIMESTAMP_NTZ`.
pub(crate) fn zone_of(t: &ArrowType) -> DfResult<Option<Zone>> {
    match t {
        ArrowType::Timestamp(_, Some(tz)) => match parse_zone(tz) {
            Some(z) => Ok(Some(z)),
            None => exec_err!("unknown time zone {tz}"),
        },
        _ => Ok(None),
    }
}

pub(crate) fn naive_of_micros(m: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_micros(m).map(|d| d.naive_utc())
}

pub(crate) fn micros_of_naive(n: NaiveDateTime) -> i64 {
    n.and_utc().timestamp_micros()
}

const EPOCH_DAYS_FROM_CE: i32 = 719_163;

pub(crate) fn date_of_days(d: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d.checked_add(EPOCH_DAYS_FROM_CE)?)
}

pub(crate) fn days_of_date(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// The wall-clock values of a `DATE` or `TIMESTAMP[_NTZ]` column (LTZ in its zone).
pub(crate) fn local_values(a: &ArrayRef) -> DfResult<Vec<Option<NaiveDateTime>>> {
    match a.data_type() {
        ArrowType::Date32 => Ok(a
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| date_of_days(v?).and_then(|d| d.and_hms_opt(0, 0, 0)))
            .collect()),
        t @ ArrowType::Timestamp(TimeUnit::Microsecond, _) => {
            let zone = zone_of(t)?;
            Ok(a.as_primitive::<TimestampMicrosecondType>()
                .iter()
                .map(|v| {
                    let utc = naive_of_micros(v?)?;
                    Some(zone.map_or(utc, |z| z.local(utc)))
                })
                .collect())
        }
        ArrowType::Null => Ok(vec![None; a.len()]),
        other => exec_err!("expected a date or timestamp, got {other}"),
    }
}

/// The last day of a month.
pub(crate) fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Spark's `DateTimeUtils.dateAddMonths`: the same day of month, clamped to the month's end.
pub(crate) fn add_months(d: NaiveDate, months: i32) -> Option<NaiveDate> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    let last = last_day_of_month(year, month)?;
    NaiveDate::from_ymd_opt(year, month, d.day().min(last.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_like_java() {
        assert!(matches!(parse_zone("UTC"), Some(Zone::Named(_))));
        assert!(
            matches!(parse_zone("+08:00"), Some(Zone::Fixed(o)) if o.local_minus_utc() == 8 * 3600)
        );
        assert!(
            matches!(parse_zone("GMT-5"), Some(Zone::Fixed(o)) if o.local_minus_utc() == -5 * 3600)
        );
        assert!(
            matches!(parse_zone("+0530"), Some(Zone::Fixed(o)) if o.local_minus_utc() == 19800)
        );
        assert!(parse_zone("Mars/Olympus").is_none());
    }

    #[test]
    fn months_clamp_to_month_end() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(add_months(d, 1), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(add_months(d, -13), NaiveDate::from_ymd_opt(2022, 12, 31));
        assert_eq!(date_of_days(0), NaiveDate::from_ymd_opt(1970, 1, 1));
    }

    #[test]
    fn gaps_move_forward() {
        let Some(z) = parse_zone("America/Los_Angeles") else {
            panic!("zone")
        };
        let local = NaiveDate::from_ymd_opt(2024, 3, 10)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        // 02:30 does not exist; java.time gives 03:30 PDT = 10:30 UTC.
        assert_eq!(z.utc_of(local).to_string(), "2024-03-10 10:30:00");
    }
}
