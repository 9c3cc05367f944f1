//! Spark's `TIME(p)` values (nanoseconds since midnight): parsing the text of casts and
//! `TIME '...'` literals (mirrors `SparkDateTimeUtils.stringToTime`) and formatting them as
//! Spark's default `TimeFormatter` does (`HH:mm:ss` plus the fraction without trailing zeros).

/// Nanoseconds in a day: TIME values lie in `[0, NANOS_PER_DAY)`.
pub const NANOS_PER_DAY: i64 = 86_400_000_000_000;
/// Spark's default TIME precision (microseconds).
pub const DEFAULT_PRECISION: u8 = 6;
/// The largest TIME precision (nanoseconds).
pub const MAX_PRECISION: u8 = 9;
/// The Arrow field metadata key that carries a result column's TIME precision when it is not
/// the default (Arrow's `time64` has no precision).
pub const PRECISION_KEY: &str = "sabot.time.precision";
/// The Arrow field metadata key marking a difference of TIME values, Spark's
/// `INTERVAL HOUR TO SECOND` (Arrow's `duration` maps to `INTERVAL DAY TO SECOND`).
pub const HOUR_TO_SECOND_KEY: &str = "sabot.interval.hourToSecond";
/// The Arrow field metadata key marking Spark's `INTERVAL DAY` (a day-time interval of whole
/// days, e.g. the literal `INTERVAL 14 DAYS`): `date + INTERVAL DAY` stays a date.
pub const DAY_INTERVAL_KEY: &str = "sabot.interval.day";

/// A parsed time string: nanoseconds since midnight and how many fraction digits it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTime {
    pub nanos: i64,
    pub fraction_digits: usize,
}

/// Parses `[T]h[h]:m[m][:s[s][.fraction]]`, surrounded by optional whitespace; a zone or any
/// other text makes it invalid. Fraction digits past nanoseconds are dropped.
pub fn parse_time(s: &str) -> Option<ParsedTime> {
    // Spark drops a leading `T` before trimming: ` T12:34` is invalid, `T12:34 ` is not.
    let s = s.strip_prefix('T').unwrap_or(s).trim();
    let (hms, fraction) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut parts = hms.split(':');
    let hour = field(parts.next()?)?;
    let minute = field(parts.next()?)?;
    let second = match parts.next() {
        Some(p) => field(p)?,
        None if fraction.is_none() => 0,
        None => return None,
    };
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let (frac_nanos, fraction_digits) = match fraction {
        Some(f) => {
            if !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut n = 0i64;
            for (i, b) in f.bytes().take(9).enumerate() {
                n += i64::from(b - b'0') * 10i64.pow(8 - i as u32);
            }
            (n, f.len())
        }
        None => (0, 0),
    };
    Some(ParsedTime {
        nanos: ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + frac_nanos,
        fraction_digits,
    })
}

/// One or two ASCII digits.
fn field(p: &str) -> Option<i64> {
    if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    p.parse().ok()
}

/// `HH:mm:ss[.fraction]` with the fraction's trailing zeros removed (`12:00:00.0001`).
pub fn format_time(nanos: i64) -> String {
    let nanos = nanos.rem_euclid(NANOS_PER_DAY);
    let secs = nanos / 1_000_000_000;
    let frac = nanos % 1_000_000_000;
    let base = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if frac == 0 {
        return base;
    }
    let digits = format!("{frac:09}");
    format!("{base}.{}", digits.trim_end_matches('0'))
}

/// Truncates a TIME value to `precision` fraction digits (Spark's `DateTimeUtils.truncateTimeToPrecision`).
pub fn truncate_to_precision(nanos: i64, precision: u8) -> i64 {
    let unit = 10i64.pow(u32::from(MAX_PRECISION.saturating_sub(precision)));
    nanos - nanos.rem_euclid(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spark_time_strings() {
        let p = |s: &str| parse_time(s).map(|p| (p.nanos, p.fraction_digits));
        assert_eq!(p("12:34:56"), Some((45_296_000_000_000, 0)));
        assert_eq!(p("T1:2 "), Some((3_720_000_000_000, 0)));
        assert_eq!(p(" T1:2"), None);
        assert_eq!(p("00:00:00.123456789"), Some((123_456_789, 9)));
        assert_eq!(p("00:00:00.1234567891"), Some((123_456_789, 10)));
        assert_eq!(p("00:00:01.5"), Some((1_500_000_000, 1)));
        for bad in [
            "12",
            "24:00:00",
            "12:60:00",
            "12:34:56Z",
            "x",
            "12:34:56 UTC",
            "1:2:3:4",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_and_truncates() {
        assert_eq!(format_time(0), "00:00:00");
        assert_eq!(format_time(43_200_000_100_000), "12:00:00.0001");
        assert_eq!(format_time(45_296_123_456_789), "12:34:56.123456789");
        assert_eq!(
            truncate_to_precision(45_296_123_456_789, 3),
            45_296_123_000_000
        );
        assert_eq!(
            truncate_to_precision(45_296_123_456_789, 9),
            45_296_123_456_789
        );
    }
}
