//! The common type of two columns that are stacked (union, set operations), as Spark's
//! `TypeCoercion.findWiderTypeForTwo` (and `AnsiTypeCoercion`'s under ANSI mode): numeric
//! widening (decimals by `DecimalPrecision`), date/timestamp promotion, strings (absorbing other
//! atomic types, or under ANSI taking the other side's type), element-wise for nested types.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};

/// The wider type of `a` and `b`, or `None` when Spark finds none.
pub(crate) fn wider_type(a: &ArrowType, b: &ArrowType, ansi: bool) -> Option<ArrowType> {
    use ArrowType::*;
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return Some(a);
    }
    match (&a, &b) {
        (Null, t) | (t, Null) => Some(t.clone()),
        _ if numeric_rank(&a).is_some() && numeric_rank(&b).is_some() => wider_numeric(&a, &b),
        (Date32, Timestamp(u, tz)) | (Timestamp(u, tz), Date32) => Some(Timestamp(*u, tz.clone())),
        // TIMESTAMP_NTZ and TIMESTAMP widen to TIMESTAMP (with the session zone).
        (Timestamp(u, Some(tz)), Timestamp(_, None))
        | (Timestamp(_, None), Timestamp(u, Some(tz))) => Some(Timestamp(*u, Some(Arc::clone(tz)))),
        // `AnsiTypeCoercion.findWiderTypeForString`: the string is read as the other type.
        (Utf8, t) | (t, Utf8) if ansi => match t {
            Int8 | Int16 | Int32 | Int64 => Some(Int64),
            Float32 | Float64 | Decimal128(_, _) => Some(Float64),
            Interval(_) | Duration(_) => None,
            t if is_atomic(t) => Some(t.clone()),
            _ => None,
        },
        (Utf8, t) | (t, Utf8) if is_atomic(t) => Some(Utf8),
        (List(x), List(y)) => {
            let element = wider_type(x.data_type(), y.data_type(), ansi)?;
            Some(List(Arc::new(Field::new(
                x.name(),
                element,
                x.is_nullable() || y.is_nullable(),
            ))))
        }
        (Struct(x), Struct(y)) if x.len() == y.len() => {
            let fields = x
                .iter()
                .zip(y.iter())
                .map(|(fx, fy)| {
                    if !fx.name().eq_ignore_ascii_case(fy.name()) {
                        return None;
                    }
                    let t = wider_type(fx.data_type(), fy.data_type(), ansi)?;
                    Some(Field::new(
                        fx.name(),
                        t,
                        fx.is_nullable() || fy.is_nullable(),
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Struct(Fields::from(fields)))
        }
        (Map(x, sorted), Map(y, _)) => {
            let (ArrowType::Struct(xe), ArrowType::Struct(ye)) = (x.data_type(), y.data_type())
            else {
                return None;
            };
            if xe.len() != 2 || ye.len() != 2 {
                return None;
            }
            let key = wider_type(xe[0].data_type(), ye[0].data_type(), ansi)?;
            let value = wider_type(xe[1].data_type(), ye[1].data_type(), ansi)?;
            let entries = Fields::from(vec![
                Field::new(xe[0].name(), key, false),
                Field::new(
                    xe[1].name(),
                    value,
                    xe[1].is_nullable() || ye[1].is_nullable(),
                ),
            ]);
            Some(Map(
                Arc::new(Field::new(x.name(), ArrowType::Struct(entries), false)),
                *sorted,
            ))
        }
        _ => None,
    }
}

/// String and binary views are plain strings/binaries in Spark's type system.
fn normalize(t: &ArrowType) -> ArrowType {
    match t {
        ArrowType::Utf8View | ArrowType::LargeUtf8 => ArrowType::Utf8,
        ArrowType::BinaryView | ArrowType::LargeBinary => ArrowType::Binary,
        other => other.clone(),
    }
}

fn is_atomic(t: &ArrowType) -> bool {
    !matches!(
        t,
        ArrowType::List(_)
            | ArrowType::LargeList(_)
            | ArrowType::Struct(_)
            | ArrowType::Map(_, _)
            | ArrowType::Binary
    )
}

/// Spark's `numericPrecedence`: byte < short < int < long < float < double; decimals apart.
fn numeric_rank(t: &ArrowType) -> Option<u8> {
    Some(match t {
        ArrowType::Int8 => 0,
        ArrowType::Int16 => 1,
        ArrowType::Int32 => 2,
        ArrowType::Int64 => 3,
        ArrowType::Decimal128(_, _) => 4,
        ArrowType::Float32 => 5,
        ArrowType::Float64 => 6,
        _ => return None,
    })
}

/// The decimal an integral type fits in (`DecimalType.forType`).
fn integral_decimal(t: &ArrowType) -> Option<(u8, i8)> {
    Some(match t {
        ArrowType::Int8 => (3, 0),
        ArrowType::Int16 => (5, 0),
        ArrowType::Int32 => (10, 0),
        ArrowType::Int64 => (20, 0),
        ArrowType::Decimal128(p, s) => (*p, *s),
        _ => return None,
    })
}

fn wider_numeric(a: &ArrowType, b: &ArrowType) -> Option<ArrowType> {
    let is_decimal = |t: &ArrowType| matches!(t, ArrowType::Decimal128(_, _));
    let is_float = |t: &ArrowType| matches!(t, ArrowType::Float32 | ArrowType::Float64);
    if is_decimal(a) || is_decimal(b) {
        if is_float(a) || is_float(b) {
            return Some(ArrowType::Float64);
        }
        // `DecimalPrecision.widerDecimalType`: keep the larger integral range and scale.
        let (p1, s1) = integral_decimal(a)?;
        let (p2, s2) = integral_decimal(b)?;
        let scale = s1.max(s2);
        let range = (i16::from(p1) - i16::from(s1)).max(i16::from(p2) - i16::from(s2));
        let precision = (range + i16::from(scale)).min(38);
        let scale = scale.min(precision as i8);
        return Some(ArrowType::Decimal128(precision as u8, scale));
    }
    let (ra, rb) = (numeric_rank(a)?, numeric_rank(b)?);
    Some(if ra >= rb { a.clone() } else { b.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::TimeUnit;

    fn legacy(a: &ArrowType, b: &ArrowType) -> Option<ArrowType> {
        wider_type(a, b, false)
    }

    #[test]
    fn numeric_widening() {
        use ArrowType::*;
        assert_eq!(legacy(&Int32, &Int64), Some(Int64));
        assert_eq!(legacy(&Int64, &Float32), Some(Float32));
        assert_eq!(legacy(&Decimal128(5, 2), &Int32), Some(Decimal128(12, 2)));
        assert_eq!(legacy(&Decimal128(5, 2), &Float64), Some(Float64));
        assert_eq!(legacy(&Null, &Utf8View), Some(Utf8));
    }

    #[test]
    fn dates_strings_and_nested() {
        use ArrowType::*;
        let ts = Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
        assert_eq!(legacy(&Date32, &ts), Some(ts.clone()));
        assert_eq!(legacy(&Int32, &Utf8), Some(Utf8));
        assert_eq!(legacy(&Boolean, &Int32), None);
        assert_eq!(legacy(&Date32, &Int64), None);
        let l = |t: ArrowType| List(Arc::new(Field::new("element", t, true)));
        assert_eq!(legacy(&l(Int32), &l(Int64)), Some(l(Int64)));
    }

    #[test]
    fn ansi_reads_strings_as_the_other_type() {
        use ArrowType::*;
        // Recorded from Spark 4.3: union of int and string is bigint, of string and double
        // is double.
        assert_eq!(wider_type(&Int32, &Utf8, true), Some(Int64));
        assert_eq!(wider_type(&Utf8, &Float64, true), Some(Float64));
        assert_eq!(wider_type(&Utf8, &Date32, true), Some(Date32));
        assert_eq!(wider_type(&Utf8, &Utf8View, true), Some(Utf8));
    }
}
