//! Variant -> a SQL type (Spark's `VariantGet.cast`, used by `variant_get`, `try_variant_get`
//! and `CAST(v AS t)`): a variant null is NULL; a scalar is TRY-cast from its own type
//! (`bigint`, `double`, `decimal(p,s)`, `string`, ...) and an impossible or failed cast is
//! `INVALID_VARIANT_CAST` (or NULL when not failing); arrays, objects (as maps or structs by
//! field name) cast element by element; objects and arrays cast to string as JSON.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, MapArray, StringArray, StructArray};
use datafusion::arrow::buffer::OffsetBuffer;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields, TimeUnit};
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use sabot_common::error::ExceptionKind;
use sabot_common::numbers::{java_double_string, java_float_string};
use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use super::encoding::to_json;
use super::encoding::{Builder, Scalar, VType, VariantRef};
use super::{arrow_type, build_array, is_variant, malformed};
use crate::errors::to_df;

/// How a cast treats failures, and the session zone for timestamps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CastCtx {
    /// Raise `INVALID_VARIANT_CAST` (else the failing value is NULL).
    pub fail: bool,
    pub zone: String,
}

/// The Arrow type of a `variant_get` target (every nested field nullable).
pub(crate) fn target_arrow(t: &DataType, zone: &str) -> Result<ArrowType> {
    Ok(match t {
        DataType::Variant => arrow_type(),
        DataType::Array { element, .. } => ArrowType::List(Arc::new(Field::new(
            "element",
            target_arrow(element, zone)?,
            true,
        ))),
        DataType::Map { key, value, .. } => {
            if !matches!(**key, DataType::String) {
                return Err(SparkError::unsupported(
                    "variant_get to a map whose key type is not STRING",
                ));
            }
            map_type(target_arrow(value, zone)?)
        }
        DataType::Struct(fields) => ArrowType::Struct(
            fields
                .iter()
                .map(|f| {
                    Ok(Field::new(
                        f.name.clone(),
                        target_arrow(&f.data_type, zone)?,
                        true,
                    ))
                })
                .collect::<Result<Fields>>()?,
        ),
        DataType::Null => {
            return Err(SparkError::unsupported("variant_get to the VOID type"));
        }
        other => crate::json::schema::nullable_arrow(other, zone)?,
    })
}

fn map_type(value: ArrowType) -> ArrowType {
    ArrowType::Map(
        Arc::new(Field::new(
            "entries",
            ArrowType::Struct(Fields::from(vec![
                Field::new("key", ArrowType::Utf8, false),
                Field::new("value", value, true),
            ])),
            false,
        )),
        false,
    )
}

/// Spark's SQL name of a target type (`INT`, `ARRAY<INT>`, `STRUCT<a: STRING>`).
pub(crate) fn type_sql(t: &ArrowType) -> String {
    match t {
        t if is_variant(t) => "VARIANT".into(),
        ArrowType::List(f) => format!("ARRAY<{}>", type_sql(f.data_type())),
        ArrowType::Map(e, _) => match e.data_type() {
            ArrowType::Struct(kv) if kv.len() == 2 => format!(
                "MAP<{}, {}>",
                type_sql(kv[0].data_type()),
                type_sql(kv[1].data_type())
            ),
            other => other.to_string(),
        },
        ArrowType::Struct(fs) => format!(
            "STRUCT<{}>",
            fs.iter()
                .map(|f| format!("{}: {}", f.name(), type_sql(f.data_type())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => crate::json::to_json_type_sql(other),
    }
}

/// `INVALID_VARIANT_CAST`.
fn invalid_cast(v: &VariantRef<'_>, t: &ArrowType, zone: &str) -> DataFusionError {
    let value = match to_json(v, zone) {
        Ok(j) => j,
        Err(_) => return malformed(),
    };
    let shown = format!("\"{}\"", type_sql(t));
    to_df(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "INVALID_VARIANT_CAST",
            "22023",
            format!(
                "The variant value `{value}` cannot be cast into `{shown}`. Please use `try_variant_get` instead."
            ),
        )
        .param("value", value)
        .param("dataType", shown),
    )
}

/// Casts each row (already walked to its sub-value; `None` is NULL) to `t`.
pub(crate) fn cast_rows(
    rows: &[Option<VariantRef<'_>>],
    t: &ArrowType,
    ctx: &CastCtx,
) -> DfResult<ArrayRef> {
    if is_variant(t) {
        let out = rows
            .iter()
            .map(|r| r.as_ref().map(rebuild).transpose())
            .collect::<DfResult<Vec<_>>>()?;
        return build_array(out);
    }
    let values = rows
        .iter()
        .map(|r| match r {
            Some(v) => cast_value(v, t, ctx),
            None => ScalarValue::try_from(t),
        })
        .collect::<DfResult<Vec<_>>>()?;
    if values.is_empty() {
        return Ok(datafusion::arrow::array::new_empty_array(t));
    }
    ScalarValue::iter_to_array(values)
}

/// A sub-variant as a standalone variant (its own dictionary), as Spark's `VariantGet`
/// rebuilds it.
fn rebuild(v: &VariantRef<'_>) -> DfResult<(Vec<u8>, Vec<u8>)> {
    let mut b = Builder::new();
    b.append_variant(v).map_err(|_| malformed())?;
    b.result().ok_or_else(malformed)
}

/// One value cast to `t`.
fn cast_value(v: &VariantRef<'_>, t: &ArrowType, ctx: &CastCtx) -> DfResult<ScalarValue> {
    let m = |_| malformed();
    let vt = v.vtype().map_err(m)?;
    if vt == VType::Null {
        return ScalarValue::try_from(t);
    }
    let invalid = || -> DfResult<ScalarValue> {
        if ctx.fail {
            Err(invalid_cast(v, t, &ctx.zone))
        } else {
            ScalarValue::try_from(t)
        }
    };
    if is_variant(t) {
        let (value, meta) = rebuild(v)?;
        let arr = build_array(vec![Some((value, meta))])?;
        return ScalarValue::try_from_array(&arr, 0);
    }
    match (vt, t) {
        (VType::Object | VType::Array, ArrowType::Utf8) => {
            Ok(ScalarValue::Utf8(Some(to_json(v, &ctx.zone).map_err(m)?)))
        }
        (VType::Array, ArrowType::List(f)) => {
            let n = v.array_len().map_err(m)?;
            let mut rows = Vec::with_capacity(n);
            for i in 0..n {
                rows.push(Some(v.array_elem(i).map_err(m)?));
            }
            let values = cast_rows(&rows, f.data_type(), ctx)?;
            Ok(ScalarValue::List(Arc::new(
                datafusion::arrow::array::ListArray::try_new(
                    Arc::clone(f),
                    OffsetBuffer::from_lengths([values.len()]),
                    values,
                    None,
                )?,
            )))
        }
        (VType::Object, ArrowType::Map(entries, _)) => {
            let ArrowType::Struct(kv) = entries.data_type() else {
                return invalid();
            };
            let n = v.object_len().map_err(m)?;
            let mut keys = Vec::with_capacity(n);
            let mut rows = Vec::with_capacity(n);
            for i in 0..n {
                let (k, child) = v.object_field(i).map_err(m)?;
                keys.push(k.to_string());
                rows.push(Some(child));
            }
            let values = cast_rows(&rows, kv[1].data_type(), ctx)?;
            let entries_arr = StructArray::try_new(
                kv.clone(),
                vec![Arc::new(StringArray::from(keys)), values],
                None,
            )?;
            Ok(ScalarValue::Map(Arc::new(MapArray::try_new(
                Arc::clone(entries),
                OffsetBuffer::from_lengths([n]),
                entries_arr,
                None,
                false,
            )?)))
        }
        (VType::Object, ArrowType::Struct(fields)) => {
            let mut cols = Vec::with_capacity(fields.len());
            for f in fields.iter() {
                let child = v.object_get(f.name()).map_err(m)?;
                cols.push(cast_rows(&[child], f.data_type(), ctx)?);
            }
            Ok(ScalarValue::Struct(Arc::new(StructArray::try_new(
                fields.clone(),
                cols,
                None,
            )?)))
        }
        (VType::Object | VType::Array, _) => invalid(),
        (_, t) if !is_atomic(t) => invalid(),
        _ => {
            let s = v.scalar().map_err(m)?;
            match cast_scalar(&s, t, &ctx.zone) {
                Some(out) => Ok(out),
                None => invalid(),
            }
        }
    }
}

fn is_atomic(t: &ArrowType) -> bool {
    !matches!(
        t,
        ArrowType::List(_) | ArrowType::Map(..) | ArrowType::Struct(_)
    )
}

/// A scalar TRY-cast to an atomic type; `None` when the cast is not allowed or fails.
fn cast_scalar(s: &Scalar<'_>, t: &ArrowType, zone: &str) -> Option<ScalarValue> {
    use ArrowType as A;
    match t {
        A::Utf8 => Some(ScalarValue::Utf8(Some(scalar_string(s, zone)?))),
        A::Boolean => Some(ScalarValue::Boolean(Some(match s {
            Scalar::Bool(b) => *b,
            Scalar::Long(v) => *v != 0,
            Scalar::Double(d) => *d != 0.0,
            Scalar::Float(d) => *d != 0.0,
            Scalar::Decimal(u, _) => *u != 0,
            Scalar::Str(x) => parse_bool(x)?,
            _ => return None,
        }))),
        A::Int8 | A::Int16 | A::Int32 | A::Int64 => {
            let v: i64 = match s {
                Scalar::Bool(b) => i64::from(*b),
                Scalar::Long(v) => *v,
                Scalar::Double(d) => float_to_long(*d)?,
                Scalar::Float(d) => float_to_long(f64::from(*d))?,
                Scalar::Decimal(u, scale) => {
                    i64::try_from(*u / 10i128.checked_pow(u32::from(*scale))?).ok()?
                }
                Scalar::Str(x) => x.trim().parse::<i64>().ok()?,
                _ => return None,
            };
            Some(match t {
                A::Int8 => ScalarValue::Int8(Some(i8::try_from(v).ok()?)),
                A::Int16 => ScalarValue::Int16(Some(i16::try_from(v).ok()?)),
                A::Int32 => ScalarValue::Int32(Some(i32::try_from(v).ok()?)),
                _ => ScalarValue::Int64(Some(v)),
            })
        }
        A::Float32 | A::Float64 => {
            let d = match s {
                Scalar::Bool(b) => f64::from(u8::from(*b)),
                Scalar::Long(v) => *v as f64,
                Scalar::Double(d) => *d,
                Scalar::Float(f) if matches!(t, A::Float32) => {
                    return Some(ScalarValue::Float32(Some(*f)));
                }
                Scalar::Float(f) => f64::from(*f),
                Scalar::Decimal(u, scale) => format!("{u}e-{scale}").parse::<f64>().ok()?,
                Scalar::Str(x) => parse_double(x.trim())?,
                _ => return None,
            };
            Some(if matches!(t, A::Float32) {
                ScalarValue::Float32(Some(d as f32))
            } else {
                ScalarValue::Float64(Some(d))
            })
        }
        A::Decimal128(p, scale) => {
            let (u, from_scale): (i128, i32) = match s {
                Scalar::Bool(b) => (i128::from(*b), 0),
                Scalar::Long(v) => (i128::from(*v), 0),
                Scalar::Decimal(u, sc) => (*u, i32::from(*sc)),
                Scalar::Double(d) => decimal_of_text(&java_double_string(*d))?,
                Scalar::Float(f) => decimal_of_text(&java_float_string(*f))?,
                Scalar::Str(x) => decimal_of_text(x.trim())?,
                _ => return None,
            };
            let v = rescale(u, from_scale, i32::from(*scale))?;
            let limit = 10i128.checked_pow(u32::from(*p))?;
            (v.abs() < limit).then_some(ScalarValue::Decimal128(Some(v), *p, *scale))
        }
        A::Binary => match s {
            Scalar::Binary(b) => Some(ScalarValue::Binary(Some(b.to_vec()))),
            Scalar::Str(x) => Some(ScalarValue::Binary(Some(x.as_bytes().to_vec()))),
            _ => None,
        },
        A::Date32 => match s {
            Scalar::Date(d) => Some(ScalarValue::Date32(Some(*d))),
            Scalar::Str(_) | Scalar::Timestamp(_) | Scalar::TimestampNtz(_) => {
                arrow_cast_scalar(s, t, zone)
            }
            _ => None,
        },
        A::Timestamp(TimeUnit::Microsecond, _) => match s {
            Scalar::Str(_) | Scalar::Date(_) | Scalar::Timestamp(_) | Scalar::TimestampNtz(_) => {
                arrow_cast_scalar(s, t, zone)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Date/time conversions through Arrow's cast (zone-less text read in the target's zone).
fn arrow_cast_scalar(s: &Scalar<'_>, t: &ArrowType, zone: &str) -> Option<ScalarValue> {
    let from = match s {
        Scalar::Str(x) => ScalarValue::Utf8(Some(x.trim().to_string())),
        Scalar::Date(d) => ScalarValue::Date32(Some(*d)),
        Scalar::Timestamp(m) => ScalarValue::TimestampMicrosecond(Some(*m), Some(Arc::from(zone))),
        Scalar::TimestampNtz(m) => ScalarValue::TimestampMicrosecond(Some(*m), None),
        _ => return None,
    };
    let arr = from.to_array().ok()?;
    let out = datafusion::arrow::compute::cast(&arr, t).ok()?;
    if out.is_null(0) {
        return None;
    }
    ScalarValue::try_from_array(&out, 0).ok()
}

/// A scalar as text (Spark's cast to string of the scalar's own type).
fn scalar_string(s: &Scalar<'_>, zone: &str) -> Option<String> {
    Some(match s {
        Scalar::Null => return None,
        Scalar::Bool(b) => b.to_string(),
        Scalar::Long(v) => v.to_string(),
        Scalar::Double(d) => java_double_string(*d),
        Scalar::Float(f) => java_float_string(*f),
        Scalar::Decimal(u, sc) => super::encoding::decimal_text(*u, *sc),
        Scalar::Date(d) => super::encoding::date_text(*d),
        Scalar::Timestamp(m) => spark_timestamp_string(*m, Some(zone)),
        Scalar::TimestampNtz(m) => spark_timestamp_string(*m, None),
        Scalar::Str(x) => (*x).to_string(),
        Scalar::Binary(b) => String::from_utf8_lossy(b).into_owned(),
    })
}

/// Spark's timestamp-to-string: `yyyy-MM-dd HH:mm:ss[.fraction]` in the session zone.
pub(crate) fn spark_timestamp_string(micros: i64, zone: Option<&str>) -> String {
    let mut s = super::encoding::timestamp_text(micros, zone);
    // The variant JSON form ends with an offset that a cast to string does not print.
    if let (Some(_), Some(i)) = (zone, s.rfind(['+', '-']))
        && i > 10
    {
        s.truncate(i);
    }
    s
}

/// Spark's `UTF8String` boolean parsing (`StringUtils.isTrueString`/`isFalseString`).
fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "1" => Some(true),
        "f" | "false" | "n" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// Spark's string-to-double: Java's syntax plus `NaN`/`Infinity`/`inf` spellings.
fn parse_double(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        "nan" => return Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    let body = s.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(s);
    if body
        .chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    body.parse().ok()
}

/// A double's integral part when it fits a long (Spark's TRY cast; NaN and infinities fail).
fn float_to_long(d: f64) -> Option<i64> {
    if !d.is_finite() {
        return None;
    }
    let t = d.trunc();
    (-9.223_372_036_854_776e18..9.223_372_036_854_776e18)
        .contains(&t)
        .then_some(t as i64)
}

/// Decimal text (digits, optional point and exponent) -> (unscaled, scale).
fn decimal_of_text(s: &str) -> Option<(i128, i32)> {
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant.strip_prefix('+').unwrap_or(mant)),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    if digits.len() > 38 {
        return None;
    }
    let u: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some((if neg { -u } else { u }, frac.len() as i32 - exp))
}

/// Changes a decimal's scale, rounding half up (Spark's `Decimal.changePrecision`).
fn rescale(u: i128, from: i32, to: i32) -> Option<i128> {
    if to >= from {
        return u.checked_mul(10i128.checked_pow(u32::try_from(to - from).ok()?)?);
    }
    let d = 10i128.checked_pow(u32::try_from(from - to).ok()?)?;
    let q = u / d;
    let r = (u % d).abs();
    Some(if r * 2 >= d { q + u.signum() } else { q })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_rescale_half_up() {
        assert_eq!(rescale(155, 2, 1), Some(16));
        assert_eq!(rescale(-155, 2, 1), Some(-16));
        assert_eq!(rescale(15, 1, 3), Some(1500));
        assert_eq!(decimal_of_text("1.0E20"), Some((10, -19)));
        assert_eq!(parse_double("NaN").map(f64::is_nan), Some(true));
        assert_eq!(float_to_long(1e30), None);
    }
}
