//! Time-zone ids as Spark's `DateTimeUtils.getZoneId` reads them (region ids, `Z`/`UTC`,
//! `(+|-)HH[:mm[:ss]]` offsets, `GMT+h`/`UTC+h` prefixed offsets) and the conversions between
//! instants and local date-times in a zone, resolving gaps and overlaps as `java.time` does.

use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// A zone: a tz-database region or a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Zone {
    Region(Tz),
    Fixed(FixedOffset),
}

/// `java.time.ZoneId.SHORT_IDS`, which Spark's `DateTimeUtils.getZoneId` applies.
const SHORT_IDS: &[(&str, &str)] = &[
    ("ACT", "Australia/Darwin"),
    ("AET", "Australia/Sydney"),
    ("AGT", "America/Argentina/Buenos_Aires"),
    ("ART", "Africa/Cairo"),
    ("AST", "America/Anchorage"),
    ("BET", "America/Sao_Paulo"),
    ("BST", "Asia/Dhaka"),
    ("CAT", "Africa/Harare"),
    ("CNT", "America/St_Johns"),
    ("CST", "America/Chicago"),
    ("CTT", "Asia/Shanghai"),
    ("EAT", "Africa/Addis_Ababa"),
    ("ECT", "Europe/Paris"),
    ("EST", "-05:00"),
    ("HST", "-10:00"),
    ("IET", "America/Indiana/Indianapolis"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("MIT", "Pacific/Apia"),
    ("MST", "-07:00"),
    ("NET", "Asia/Yerevan"),
    ("NST", "Pacific/Auckland"),
    ("PLT", "Asia/Karachi"),
    ("PNT", "America/Phoenix"),
    ("PRT", "America/Puerto_Rico"),
    ("PST", "America/Los_Angeles"),
    ("SST", "Pacific/Guadalcanal"),
    ("VST", "Asia/Ho_Chi_Minh"),
];

/// `INVALID_TIMEZONE` (Spark's `QueryExecutionErrors.invalidTimeZoneError`).
pub(crate) fn invalid_time_zone(id: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::DateTime,
        "INVALID_TIMEZONE",
        "22009",
        format!(
            "The timezone: {id} is invalid. The timezone must be either a region-based zone ID or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format '(+|-)HH', '(+|-)HH:mm’ or '(+|-)HH:mm:ss', e.g '-08' , '+01:00' or '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'."
        ),
    )
    .param("timeZone", id)
}

/// `(+|-)H[H][[:]mm[[:]ss]]` as seconds.
fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let parts: Vec<&str> = if rest.contains(':') {
        rest.split(':').collect()
    } else if rest.len() <= 2 {
        vec![rest]
    } else if rest.len() == 4 || rest.len() == 6 {
        (0..rest.len() / 2)
            .map(|i| &rest[2 * i..2 * i + 2])
            .collect()
    } else {
        return None;
    };
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut secs = 0i32;
    for (i, p) in parts.iter().enumerate() {
        let ok_len = if i == 0 {
            (1..=2).contains(&p.len())
        } else {
            p.len() == 2
        };
        if !ok_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i32 = p.parse().ok()?;
        if i > 0 && v > 59 {
            return None;
        }
        secs += v * [3600, 60, 1][i];
    }
    (secs <= 18 * 3600).then_some(sign * secs)
}

impl Zone {
    /// The zone named `id`, or `None` if Java's `ZoneId.of` would reject it.
    pub(crate) fn parse(id: &str) -> Option<Zone> {
        let fixed = |secs: i32| FixedOffset::east_opt(secs).map(Zone::Fixed);
        if id == "Z" {
            return fixed(0);
        }
        if id.starts_with(['+', '-']) {
            return parse_offset(id).and_then(fixed);
        }
        for prefix in ["UTC", "GMT", "UT"] {
            if let Some(rest) = id.strip_prefix(prefix) {
                if rest.is_empty() {
                    break;
                }
                if rest.starts_with(['+', '-']) {
                    return parse_offset(rest).and_then(fixed);
                }
            }
        }
        // Spark resolves ids through `ZoneId.SHORT_IDS` first; the tz database knows the region
        // and link names Java knows.
        if let Some((_, target)) = SHORT_IDS.iter().find(|(short, _)| *short == id) {
            return Zone::parse(target);
        }
        id.parse::<Tz>().ok().map(Zone::Region)
    }

    /// Like [`Zone::parse`], with Spark's `INVALID_TIMEZONE` error.
    pub(crate) fn of(id: &str) -> Result<Zone, SparkError> {
        Zone::parse(id).ok_or_else(|| invalid_time_zone(id))
    }

    /// The offset in effect at an instant.
    pub(crate) fn offset_at(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Region(tz) => tz.offset_from_utc_datetime(utc).fix(),
            Zone::Fixed(f) => *f,
        }
    }

    /// The short zone name at an instant (`PST`), or `None` for a fixed zone. Java names a
    /// zone by its standard or daylight name even before standard time (the tz database's
    /// `LMT`), so those instants take the name of a modern instant with the same daylight flag.
    pub(crate) fn abbreviation(&self, utc: &NaiveDateTime) -> Option<String> {
        let Zone::Region(tz) = self else { return None };
        let offset = tz.offset_from_utc_datetime(utc);
        let name = offset.abbreviation()?;
        if name != "LMT" {
            return Some(name.to_string());
        }
        let dst = !offset.dst_offset().is_zero();
        [1, 7].into_iter().find_map(|month| {
            let t =
                chrono::NaiveDate::from_ymd_opt(2000, month, 15)?.and_time(chrono::NaiveTime::MIN);
            let o = tz.offset_from_utc_datetime(&t);
            (o.dst_offset().is_zero() != dst)
                .then(|| o.abbreviation().map(str::to_string))
                .flatten()
        })
    }

    /// Whether daylight saving time is in effect at an instant.
    pub(crate) fn is_dst(&self, utc: &NaiveDateTime) -> bool {
        match self {
            Zone::Region(tz) => !tz.offset_from_utc_datetime(utc).dst_offset().is_zero(),
            Zone::Fixed(_) => false,
        }
    }

    /// The zone's id as Java prints it (`America/Los_Angeles`, `+01:00`, `Z`).
    pub(crate) fn id(&self) -> String {
        match self {
            Zone::Region(tz) => tz.name().to_string(),
            Zone::Fixed(f) => {
                let s = f.local_minus_utc();
                if s == 0 {
                    "Z".to_string()
                } else {
                    format_offset(s, true, true)
                }
            }
        }
    }

    /// The instant of a local date-time: in a gap the time moves forward by the gap's length,
    /// in an overlap the earlier offset wins (`java.time.ZonedDateTime.of`).
    pub(crate) fn utc_of(&self, local: &NaiveDateTime) -> NaiveDateTime {
        match self {
            Zone::Fixed(f) => *local - Duration::seconds(i64::from(f.local_minus_utc())),
            Zone::Region(tz) => match tz.from_local_datetime(local) {
                chrono::LocalResult::Single(t) => t.naive_utc(),
                chrono::LocalResult::Ambiguous(a, b) => a.naive_utc().min(b.naive_utc()),
                chrono::LocalResult::None => {
                    // The offset before the transition applies to the shifted time.
                    let before = tz
                        .offset_from_utc_datetime(&(*local - Duration::days(1)))
                        .fix()
                        .local_minus_utc();
                    *local - Duration::seconds(i64::from(before))
                }
            },
        }
    }

    /// The local date-time of an instant.
    pub(crate) fn local_of(&self, utc: &NaiveDateTime) -> NaiveDateTime {
        *utc + Duration::seconds(i64::from(self.offset_at(utc).local_minus_utc()))
    }
}

/// `+HH:MM[:SS]` (or without colons), for an offset in seconds.
pub(crate) fn format_offset(secs: i32, colons: bool, with_seconds: bool) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    let sep = if colons { ":" } else { "" };
    if with_seconds && s != 0 {
        format!("{sign}{h:02}{sep}{m:02}{sep}{s:02}")
    } else {
        format!("{sign}{h:02}{sep}{m:02}")
    }
}

/// Microseconds since the epoch as a UTC date-time.
pub(crate) fn micros_to_naive(micros: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_micros(micros).map(|d| d.naive_utc())
}

/// A UTC date-time as microseconds since the epoch.
pub(crate) fn naive_to_micros(t: &NaiveDateTime) -> Option<i64> {
    let secs = t.and_utc().timestamp();
    secs.checked_mul(1_000_000)?
        .checked_add(i64::from(t.and_utc().timestamp_subsec_micros()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids() {
        assert_eq!(Zone::parse("Z"), FixedOffset::east_opt(0).map(Zone::Fixed));
        assert_eq!(
            Zone::parse("GMT+1"),
            FixedOffset::east_opt(3600).map(Zone::Fixed)
        );
        assert_eq!(
            Zone::parse("+05:30"),
            FixedOffset::east_opt(19800).map(Zone::Fixed)
        );
        assert_eq!(
            Zone::parse("-0800"),
            FixedOffset::east_opt(-28800).map(Zone::Fixed)
        );
        assert!(matches!(Zone::parse("Asia/Seoul"), Some(Zone::Region(_))));
        assert!(matches!(Zone::parse("UTC"), Some(Zone::Region(_))));
        assert_eq!(Zone::parse("bogus"), None);
        assert_eq!(Zone::parse("utc"), None);
        assert_eq!(
            Zone::parse("PST").map(|z| z.id()),
            Some("America/Los_Angeles".into())
        );
        assert_eq!(Zone::parse("EST").map(|z| z.id()), Some("-05:00".into()));
        assert_eq!(Zone::parse("+19:00"), None);
    }

    #[test]
    fn gaps_move_forward() {
        let la = Zone::parse("America/Los_Angeles").unwrap();
        let local = chrono::NaiveDate::from_ymd_opt(2024, 3, 10)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        let utc = la.utc_of(&local);
        assert_eq!(utc.to_string(), "2024-03-10 10:30:00");
        assert_eq!(la.local_of(&utc).to_string(), "2024-03-10 03:30:00");
    }
}
