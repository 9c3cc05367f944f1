//! `CAST(calendar interval AS STRING)`: Spark's `CalendarInterval.toString` (`1 years 2 months
//! 3 days 4 hours 5 minutes 6.5 seconds`, `0 seconds` when empty).

use datafusion::arrow::array::{ArrayRef, AsArray, StringArray};
use datafusion::arrow::datatypes::{IntervalMonthDayNano, IntervalMonthDayNanoType};

fn unit(parts: &mut Vec<String>, value: i64, name: &str) {
    if value != 0 {
        parts.push(format!("{value} {name}"));
    }
}

/// Spark's rendering of one calendar interval (nanoseconds are truncated to microseconds).
pub(crate) fn calendar_string(v: IntervalMonthDayNano) -> String {
    let micros = v.nanoseconds / 1000;
    if v.months == 0 && v.days == 0 && micros == 0 {
        return "0 seconds".into();
    }
    let mut parts = Vec::new();
    unit(&mut parts, i64::from(v.months / 12), "years");
    unit(&mut parts, i64::from(v.months % 12), "months");
    unit(&mut parts, i64::from(v.days), "days");
    unit(&mut parts, micros / 3_600_000_000, "hours");
    let rest = micros % 3_600_000_000;
    unit(&mut parts, rest / 60_000_000, "minutes");
    let rest = rest % 60_000_000;
    if rest != 0 {
        // `BigDecimal.valueOf(rest, 6).stripTrailingZeros().toPlainString()`.
        let sign = if rest < 0 { "-" } else { "" };
        let abs = rest.unsigned_abs();
        let frac = format!("{:06}", abs % 1_000_000);
        let frac = frac.trim_end_matches('0');
        let secs = abs / 1_000_000;
        parts.push(if frac.is_empty() {
            format!("{sign}{secs} seconds")
        } else {
            format!("{sign}{secs}.{frac} seconds")
        });
    }
    parts.join(" ")
}

pub(crate) fn calendar_strings(input: &ArrayRef) -> StringArray {
    input
        .as_primitive::<IntervalMonthDayNanoType>()
        .iter()
        .map(|v| v.map(calendar_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_spark() {
        let v = IntervalMonthDayNano::new(1211, 8, 45_001_001_001_000);
        assert_eq!(
            calendar_string(v),
            "100 years 11 months 8 days 12 hours 30 minutes 1.001001 seconds"
        );
        assert_eq!(
            calendar_string(IntervalMonthDayNano::new(1, 0, 0)),
            "1 months"
        );
        assert_eq!(
            calendar_string(IntervalMonthDayNano::new(0, 0, 0)),
            "0 seconds"
        );
        assert_eq!(
            calendar_string(IntervalMonthDayNano::new(0, 0, -1_500_000_000)),
            "-1.5 seconds"
        );
    }
}
