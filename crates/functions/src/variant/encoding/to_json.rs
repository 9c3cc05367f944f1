//! Variant -> JSON text as Spark's `Variant.toJson(zoneId)` writes it: object keys in sorted
//! order, doubles and floats as Java prints them (non-finite ones quoted), decimals without
//! trailing zeros in plain notation, dates and timestamps quoted (timestamps in the session
//! zone with an offset), binary as base64.

use chrono::{DateTime, TimeZone};
use chrono_tz::Tz;
use sabot_common::numbers::{java_double_string, java_float_string, plain_decimal};

use super::reader::{Malformed, Scalar, VType, VariantRef};
use crate::json::to_json::base64;
use crate::json::value::write_str;

/// The JSON text of a variant; `zone` is the session time zone for `TIMESTAMP` values.
pub(crate) fn to_json(v: &VariantRef<'_>, zone: &str) -> Result<String, Malformed> {
    let mut out = String::new();
    write(&mut out, v, zone)?;
    Ok(out)
}

fn write(out: &mut String, v: &VariantRef<'_>, zone: &str) -> Result<(), Malformed> {
    match v.vtype()? {
        VType::Object => {
            out.push('{');
            for i in 0..v.object_len()? {
                if i > 0 {
                    out.push(',');
                }
                let (k, child) = v.object_field(i)?;
                write_str(out, k);
                out.push(':');
                write(out, &child, zone)?;
            }
            out.push('}');
        }
        VType::Array => {
            out.push('[');
            for i in 0..v.array_len()? {
                if i > 0 {
                    out.push(',');
                }
                write(out, &v.array_elem(i)?, zone)?;
            }
            out.push(']');
        }
        _ => write_scalar(out, &v.scalar()?, zone),
    }
    Ok(())
}

/// A scalar's JSON text.
pub(crate) fn write_scalar(out: &mut String, s: &Scalar<'_>, zone: &str) {
    match s {
        Scalar::Null => out.push_str("null"),
        Scalar::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Scalar::Long(v) => out.push_str(&v.to_string()),
        Scalar::Double(d) => {
            let t = java_double_string(*d);
            if d.is_finite() {
                out.push_str(&t)
            } else {
                write_str(out, &t)
            }
        }
        Scalar::Float(f) => {
            let t = java_float_string(*f);
            if f.is_finite() {
                out.push_str(&t)
            } else {
                write_str(out, &t)
            }
        }
        Scalar::Decimal(u, scale) => out.push_str(&decimal_text(*u, *scale)),
        Scalar::Date(d) => write_str(out, &date_text(*d)),
        Scalar::Timestamp(t) => write_str(out, &timestamp_text(*t, Some(zone))),
        Scalar::TimestampNtz(t) => write_str(out, &timestamp_text(*t, None)),
        Scalar::Str(x) => write_str(out, x),
        Scalar::Binary(b) => write_str(out, &base64(b)),
    }
}

/// `BigDecimal.stripTrailingZeros().toPlainString()` (Spark's `VariantUtil.getDecimal`).
pub(crate) fn decimal_text(unscaled: i128, scale: u8) -> String {
    let (mut u, mut s) = (unscaled, i16::from(scale));
    if u == 0 {
        return "0".to_string();
    }
    while s > 0 && u % 10 == 0 {
        u /= 10;
        s -= 1;
    }
    plain_decimal(&u.to_string(), s as i8)
}

/// `LocalDate.ofEpochDay(d).toString()`.
pub(crate) fn date_text(days: i32) -> String {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(i64::from(days))))
        .map_or_else(|| days.to_string(), |d| d.format("%Y-%m-%d").to_string())
}

/// Spark's `TIMESTAMP_FORMATTER`/`TIMESTAMP_NTZ_FORMATTER`: ISO local date, a space, ISO local
/// time (fraction without trailing zeros), and for zoned values the offset (`+00:00`).
pub(crate) fn timestamp_text(micros: i64, zone: Option<&str>) -> String {
    let Some(utc) = DateTime::from_timestamp_micros(micros) else {
        return micros.to_string();
    };
    let (local, offset) = match zone {
        None => (utc.naive_utc(), None),
        Some(z) => match z.parse::<Tz>() {
            Ok(tz) => {
                let t = tz.from_utc_datetime(&utc.naive_utc());
                (t.naive_local(), Some(t.format("%:z").to_string()))
            }
            Err(_) => (utc.naive_utc(), Some("+00:00".to_string())),
        },
    };
    let mut s = local.format("%Y-%m-%d %H:%M:%S").to_string();
    let nanos = local.and_utc().timestamp_subsec_nanos();
    if nanos > 0 {
        let f = format!("{nanos:09}");
        // Spark's formatter prints only the fraction digits needed.
        s.push('.');
        s.push_str(f.trim_end_matches('0'));
    }
    if let Some(o) = offset {
        s.push_str(&o);
    }
    s
}
