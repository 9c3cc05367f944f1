//! Spark's `Cast.canUpCast`: casts that cannot lose information, the ones `df.to(schema)`
//! applies implicitly.

use sabot_common::spec::DataType;

fn numeric_precedence(t: &DataType) -> Option<u8> {
    Some(match t {
        DataType::Byte => 0,
        DataType::Short => 1,
        DataType::Integer => 2,
        DataType::Long => 3,
        DataType::Float => 4,
        DataType::Double => 5,
        _ => return None,
    })
}

/// The decimal an integral type fits in (`DecimalType.forType`).
fn as_decimal(t: &DataType) -> Option<(u8, i8)> {
    Some(match t {
        DataType::Byte => (3, 0),
        DataType::Short => (5, 0),
        DataType::Integer => (10, 0),
        DataType::Long => (20, 0),
        DataType::Decimal { precision, scale } => (*precision, *scale),
        _ => return None,
    })
}

/// `DecimalType.isWiderThan`: every value of `from` fits `to`.
fn decimal_wider(to: (u8, i8), from: (u8, i8)) -> bool {
    let (tp, ts) = (i16::from(to.0), i16::from(to.1));
    let (fp, fs) = (i16::from(from.0), i16::from(from.1));
    tp - ts >= fp - fs && ts >= fs
}

pub(crate) fn can_up_cast(from: &DataType, to: &DataType) -> bool {
    use DataType::*;
    if from == to {
        return true;
    }
    match (from, to) {
        (Null, _) => true,
        (f, Decimal { precision, scale }) if as_decimal(f).is_some() => {
            as_decimal(f).is_some_and(|d| decimal_wider((*precision, *scale), d))
        }
        (Decimal { precision, scale }, t) if numeric_precedence(t).is_some() => match t {
            Float | Double => true,
            _ => as_decimal(t).is_some_and(|d| decimal_wider(d, (*precision, *scale))),
        },
        (f, t) if numeric_precedence(f).is_some() && numeric_precedence(t).is_some() => {
            numeric_precedence(f) < numeric_precedence(t)
        }
        (Date, Timestamp | TimestampNtz) => true,
        (TimestampNtz, Timestamp) | (Timestamp, TimestampNtz) => true,
        (Timestamp, Long) | (Long, Timestamp) => true,
        (Array { .. } | Map { .. } | Struct(_), String) => false,
        (_, String) => true,
        (
            Array {
                element: f,
                contains_null: fnull,
            },
            Array {
                element: t,
                contains_null: tnull,
            },
        ) => (!fnull || *tnull) && can_up_cast(f, t),
        (
            Map {
                key: fk,
                value: fv,
                value_contains_null: fnull,
            },
            Map {
                key: tk,
                value: tv,
                value_contains_null: tnull,
            },
        ) => can_up_cast(fk, tk) && (!fnull || *tnull) && can_up_cast(fv, tv),
        (Struct(f), Struct(t)) => {
            f.len() == t.len()
                && f.iter().zip(t.iter()).all(|(a, b)| {
                    (!a.nullable || b.nullable) && can_up_cast(&a.data_type, &b.data_type)
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_up_casts() {
        assert!(can_up_cast(&DataType::Integer, &DataType::Long));
        assert!(!can_up_cast(&DataType::Long, &DataType::Integer));
        assert!(can_up_cast(&DataType::Integer, &DataType::String));
        assert!(!can_up_cast(&DataType::String, &DataType::Integer));
        assert!(can_up_cast(
            &DataType::Integer,
            &DataType::Decimal {
                precision: 10,
                scale: 0
            }
        ));
        assert!(!can_up_cast(
            &DataType::Long,
            &DataType::Decimal {
                precision: 10,
                scale: 0
            }
        ));
        assert!(can_up_cast(&DataType::Date, &DataType::Timestamp));
    }
}
