//! The common type of values that share a column or a result: stacked columns (union, set
//! operations), the values of `CASE`/`if`/`coalesce`, the elements of `array(...)`, `IN`
//! lists, as Spark's `TypeCoercion.findWiderTypeForTwo` (and `AnsiTypeCoercion`'s under ANSI
//! mode): numeric widening (decimals by `DecimalPrecision`), date/timestamp promotion, strings
//! (absorbing other atomic types, or under ANSI taking the other side's type), element-wise for
//! nested types.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};

/// The wider type of `a` and `b`, or `None` when Spark finds none.
pub(crate) fn wider_type(a: &ArrowType, b: &ArrowType, ansi: bool) -> Option<ArrowType> {
    wider(a, b, ansi, true)
}

/// Spark's `findWiderCommonType`: the wider type of all `types`, strings first (the fold is
/// not associative once strings are promoted: `(timestamp, int, string)` must be a string).
pub(crate) fn wider_common_type(types: &[ArrowType], ansi: bool) -> Option<ArrowType> {
    let (strings, others): (Vec<&ArrowType>, Vec<&ArrowType>) =
        types.iter().partition(|t| has_string(t));
    let mut distinct: Vec<&ArrowType> = Vec::new();
    for t in strings {
        if !distinct.contains(&t) {
            distinct.push(t);
        }
    }
    distinct
        .into_iter()
        .chain(others)
        .try_fold(ArrowType::Null, |acc, t| wider(&acc, t, ansi, true))
}

/// Spark's `findWiderTypeWithoutStringPromotion` (`greatest`, `least`): a string only widens
/// with a string.
pub(crate) fn wider_type_without_string_promotion(
    types: &[ArrowType],
    ansi: bool,
) -> Option<ArrowType> {
    types
        .iter()
        .try_fold(ArrowType::Null, |acc, t| wider(&acc, t, ansi, false))
}

fn has_string(t: &ArrowType) -> bool {
    match t {
        ArrowType::Utf8 | ArrowType::Utf8View | ArrowType::LargeUtf8 => true,
        ArrowType::List(f) | ArrowType::LargeList(f) => has_string(f.data_type()),
        ArrowType::Struct(fields) => fields.iter().any(|f| has_string(f.data_type())),
        ArrowType::Map(f, _) => has_string(f.data_type()),
        _ => false,
    }
}

fn wider(a: &ArrowType, b: &ArrowType, ansi: bool, promote: bool) -> Option<ArrowType> {
    use ArrowType::*;
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return Some(a);
    }
    match (&a, &b) {
        (Null, t) | (t, Null) => Some(t.clone()),
        _ if numeric_rank(&a).is_some() && numeric_rank(&b).is_some() => {
            wider_numeric(&a, &b, ansi)
        }
        (Date32, Timestamp(u, tz)) | (Timestamp(u, tz), Date32) => Some(Timestamp(*u, tz.clone())),
        // TIMESTAMP_NTZ and TIMESTAMP widen to TIMESTAMP (with the session zone).
        (Timestamp(u, Some(tz)), Timestamp(_, None))
        | (Timestamp(_, None), Timestamp(u, Some(tz))) => Some(Timestamp(*u, Some(Arc::clone(tz)))),
        // `AnsiTypeCoercion.findWiderTypeForString`: the string is read as the other type.
        (Utf8, t) | (t, Utf8) if promote && ansi => match t {
            Int8 | Int16 | Int32 | Int64 => Some(Int64),
            Float32 | Float64 | Decimal128(_, _) => Some(Float64),
            Interval(_) | Duration(_) => None,
            t if is_atomic(t) || *t == Binary => Some(t.clone()),
            _ => None,
        },
        // `TypeCoercion.stringPromotion`: any atomic type but a boolean or a binary.
        (Utf8, t) | (t, Utf8) if promote && is_atomic(t) && *t != Boolean => Some(Utf8),
        (List(x), List(y)) => {
            let element = wider(x.data_type(), y.data_type(), ansi, promote)?;
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
                    let t = wider(fx.data_type(), fy.data_type(), ansi, promote)?;
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
            let key = wider(xe[0].data_type(), ye[0].data_type(), ansi, promote)?;
            let value = wider(xe[1].data_type(), ye[1].data_type(), ansi, promote)?;
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

fn wider_numeric(a: &ArrowType, b: &ArrowType, ansi: bool) -> Option<ArrowType> {
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
    let wider = if ra >= rb { a } else { b };
    // `AnsiTypeCoercion.findTightestCommonType`: an integral next to a FLOAT is a DOUBLE, so no
    // digits are lost.
    if ansi && *wider == ArrowType::Float32 && (a.is_integer() || b.is_integer()) {
        return Some(ArrowType::Float64);
    }
    Some(wider.clone())
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

    #[test]
    fn common_types_as_spark_4() {
        use ArrowType::*;
        // Recorded from Spark 4.3 (ANSI): `if(c, 1, 2.5f)` is a double, `coalesce(1, '1',
        // 2.5BD)` reads the string as a bigint first, then widens to a decimal.
        assert_eq!(wider_common_type(&[Int32, Float32], true), Some(Float64));
        assert_eq!(wider_common_type(&[Int32, Float32], false), Some(Float32));
        assert_eq!(
            wider_common_type(&[Int32, Utf8, Decimal128(2, 1)], true),
            Some(Decimal128(21, 1))
        );
        assert_eq!(
            wider_common_type(&[Int32, Decimal128(2, 1)], true),
            Some(Decimal128(11, 1))
        );
        assert_eq!(wider_common_type(&[Int32, Boolean], true), None);
        assert_eq!(wider_common_type(&[Utf8, Boolean], false), None);
        assert_eq!(wider_common_type(&[Utf8, Boolean], true), Some(Boolean));
        // Strings first: a timestamp, an int and a string are a string without ANSI.
        let ts = Timestamp(datafusion::arrow::datatypes::TimeUnit::Microsecond, None);
        assert_eq!(wider_common_type(&[ts, Int32, Utf8], false), Some(Utf8));
        assert_eq!(
            wider_type_without_string_promotion(&[Utf8, Int32], true),
            None
        );
        assert_eq!(
            wider_type_without_string_promotion(&[Int32, Int64, Float64], true),
            Some(Float64)
        );
    }
}
