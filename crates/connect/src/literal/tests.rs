//! Tests of literal conversion, for both the PySpark 3.5/4.x shape (types in the deprecated
//! per-kind fields) and the Spark 4.1+ shape (`data_type` on the root literal).

#![allow(deprecated)]

use super::*;
use crate::types::data_type_to_proto;
use sabot_common::error::ExceptionKind;
use spark_connect_proto::connect;

fn lit(kind: LiteralType) -> ProtoLiteral {
    ProtoLiteral {
        data_type: None,
        literal_type: Some(kind),
    }
}

fn typed(kind: LiteralType, t: &DataType) -> ProtoLiteral {
    ProtoLiteral {
        data_type: Some(data_type_to_proto(t)),
        literal_type: Some(kind),
    }
}

fn array_of(t: DataType) -> DataType {
    DataType::Array {
        element: Box::new(t),
        contains_null: true,
    }
}

#[test]
fn primitives() {
    let cases = [
        (LiteralType::Boolean(true), Literal::Boolean(true)),
        (LiteralType::Byte(-5), Literal::Byte(-5)),
        (LiteralType::Short(300), Literal::Short(300)),
        (LiteralType::Integer(7), Literal::Integer(7)),
        (LiteralType::Long(1 << 40), Literal::Long(1 << 40)),
        (LiteralType::Float(1.5), Literal::Float(1.5)),
        (LiteralType::Double(-2.25), Literal::Double(-2.25)),
        (
            LiteralType::String("hé".into()),
            Literal::String("hé".into()),
        ),
        (LiteralType::Binary(vec![1, 2]), Literal::Binary(vec![1, 2])),
        (LiteralType::Date(19000), Literal::Date(19000)),
        (
            LiteralType::Timestamp(1_700_000_000_000_000),
            Literal::Timestamp(1_700_000_000_000_000),
        ),
        (LiteralType::TimestampNtz(-1), Literal::TimestampNtz(-1)),
        (
            LiteralType::CalendarInterval(literal::CalendarInterval {
                months: 1,
                days: 2,
                microseconds: 3,
            }),
            Literal::CalendarInterval {
                months: 1,
                days: 2,
                micros: 3,
            },
        ),
        (
            LiteralType::Decimal(literal::Decimal {
                value: "1.25".into(),
                precision: Some(10),
                scale: Some(0),
            }),
            Literal::Decimal {
                value: 125,
                precision: 10,
                scale: 2,
            },
        ),
    ];
    for (kind, expected) in cases {
        assert_eq!(literal_from_proto(&lit(kind)).unwrap(), expected);
    }
}

#[test]
fn byte_and_short_out_of_range() {
    assert!(literal_from_proto(&lit(LiteralType::Byte(200))).is_err());
    let err = literal_from_proto(&lit(LiteralType::Short(40_000))).unwrap_err();
    assert_eq!(err.kind, ExceptionKind::InvalidPlanInput);
}

#[test]
fn nulls_take_their_type() {
    let null_int = LiteralType::Null(data_type_to_proto(&DataType::Integer));
    assert_eq!(
        literal_from_proto(&lit(null_int)).unwrap(),
        Literal::Null(DataType::Integer)
    );
    // Spark 4.1+: an empty type on `null`, the real one on the literal.
    let empty = LiteralType::Null(connect::DataType { kind: None });
    assert_eq!(
        literal_from_proto(&typed(empty.clone(), &DataType::Date)).unwrap(),
        Literal::Null(DataType::Date)
    );
    assert_eq!(
        literal_from_proto(&lit(empty)).unwrap(),
        Literal::Null(DataType::Null)
    );
}

#[test]
fn intervals_default_or_declared_fields() {
    assert_eq!(
        literal_from_proto(&lit(LiteralType::DayTimeInterval(5))).unwrap(),
        Literal::DayTimeInterval {
            micros: 5,
            data_type: DataType::DayTimeInterval {
                start: DayTimeField::Day,
                end: DayTimeField::Second,
            },
        }
    );
    let hour = DataType::DayTimeInterval {
        start: DayTimeField::Hour,
        end: DayTimeField::Hour,
    };
    assert_eq!(
        literal_from_proto(&typed(LiteralType::DayTimeInterval(5), &hour)).unwrap(),
        Literal::DayTimeInterval {
            micros: 5,
            data_type: hour,
        }
    );
    assert_eq!(
        literal_from_proto(&lit(LiteralType::YearMonthInterval(14))).unwrap(),
        Literal::YearMonthInterval {
            months: 14,
            data_type: DataType::YearMonthInterval {
                start: YearMonthField::Year,
                end: YearMonthField::Month,
            },
        }
    );
}

#[test]
fn array_with_deprecated_element_type() {
    // What PySpark sends for lit([1, None]).
    let a = LiteralType::Array(literal::Array {
        element_type: Some(data_type_to_proto(&DataType::Integer)),
        elements: vec![
            lit(LiteralType::Integer(1)),
            lit(LiteralType::Null(data_type_to_proto(&DataType::Integer))),
        ],
    });
    let l = literal_from_proto(&lit(a)).unwrap();
    assert_eq!(
        l,
        Literal::Array {
            element_type: DataType::Integer,
            values: vec![Literal::Integer(1), Literal::Null(DataType::Integer)],
        }
    );
    assert_eq!(l.data_type(), array_of(DataType::Integer));
}

#[test]
fn nested_array_typed_at_the_root() {
    // Spark 4.1+: only the root literal carries the type; nested NULLs get theirs from it.
    let inner = |elements| {
        lit(LiteralType::Array(literal::Array {
            element_type: None,
            elements,
        }))
    };
    let root = typed(
        LiteralType::Array(literal::Array {
            element_type: None,
            elements: vec![
                inner(vec![lit(LiteralType::Long(1))]),
                inner(vec![]),
                inner(vec![lit(LiteralType::Null(connect::DataType {
                    kind: None,
                }))]),
            ],
        }),
        &array_of(array_of(DataType::Long)),
    );
    assert_eq!(
        literal_from_proto(&root).unwrap(),
        Literal::Array {
            element_type: array_of(DataType::Long),
            values: vec![
                Literal::Array {
                    element_type: DataType::Long,
                    values: vec![Literal::Long(1)],
                },
                Literal::Array {
                    element_type: DataType::Long,
                    values: vec![],
                },
                Literal::Array {
                    element_type: DataType::Long,
                    values: vec![Literal::Null(DataType::Long)],
                },
            ],
        }
    );
}

#[test]
fn array_type_inferred_from_first_element_or_missing() {
    let a = |elements| {
        lit(LiteralType::Array(literal::Array {
            element_type: None,
            elements,
        }))
    };
    assert_eq!(
        literal_from_proto(&a(vec![lit(LiteralType::String("x".into()))])).unwrap(),
        Literal::Array {
            element_type: DataType::String,
            values: vec![Literal::String("x".into())],
        }
    );
    let err = literal_from_proto(&a(vec![])).unwrap_err();
    assert_eq!(err.kind, ExceptionKind::InvalidPlanInput);
}

#[test]
fn maps() {
    let m = LiteralType::Map(literal::Map {
        key_type: Some(data_type_to_proto(&DataType::String)),
        value_type: Some(data_type_to_proto(&DataType::Double)),
        keys: vec![lit(LiteralType::String("a".into()))],
        values: vec![lit(LiteralType::Double(1.0))],
    });
    assert_eq!(
        literal_from_proto(&lit(m)).unwrap(),
        Literal::Map {
            key_type: DataType::String,
            value_type: DataType::Double,
            keys: vec![Literal::String("a".into())],
            values: vec![Literal::Double(1.0)],
        }
    );
    let uneven = LiteralType::Map(literal::Map {
        key_type: Some(data_type_to_proto(&DataType::String)),
        value_type: Some(data_type_to_proto(&DataType::Double)),
        keys: vec![lit(LiteralType::String("a".into()))],
        values: vec![],
    });
    assert!(literal_from_proto(&lit(uneven)).is_err());
}

#[test]
fn structs_deprecated_and_root_typed() {
    let st = DataType::Struct(vec![
        StructField::new("a", DataType::Integer, false),
        StructField::new("b", DataType::String, true),
    ]);
    let elements = vec![
        lit(LiteralType::Integer(1)),
        lit(LiteralType::Null(connect::DataType { kind: None })),
    ];
    let expected = Literal::Struct {
        data_type: st.clone(),
        values: vec![Literal::Integer(1), Literal::Null(DataType::String)],
    };
    let old = lit(LiteralType::Struct(literal::Struct {
        struct_type: Some(data_type_to_proto(&st)),
        elements: elements.clone(),
    }));
    assert_eq!(literal_from_proto(&old).unwrap(), expected);
    let new = typed(
        LiteralType::Struct(literal::Struct {
            struct_type: None,
            elements: elements.clone(),
        }),
        &st,
    );
    assert_eq!(literal_from_proto(&new).unwrap(), expected);
    let untyped = lit(LiteralType::Struct(literal::Struct {
        struct_type: None,
        elements,
    }));
    assert!(literal_from_proto(&untyped).is_err());
}

#[test]
fn specialized_arrays() {
    let a = LiteralType::SpecializedArray(literal::SpecializedArray {
        value_type: Some(specialized_array::ValueType::Longs(connect::Longs {
            values: vec![1, 2],
        })),
    });
    assert_eq!(
        literal_from_proto(&lit(a)).unwrap(),
        Literal::Array {
            element_type: DataType::Long,
            values: vec![Literal::Long(1), Literal::Long(2)],
        }
    );
}

#[test]
fn unsupported_and_empty() {
    let time = LiteralType::Time(literal::Time {
        nano: 5_000,
        precision: None,
    });
    assert_eq!(
        literal_from_proto(&lit(time)).unwrap(),
        Literal::Time {
            nanos: 5_000,
            precision: 6
        }
    );
    let bad = LiteralType::Time(literal::Time {
        nano: 86_400_000_000_000,
        precision: Some(3),
    });
    assert!(literal_from_proto(&lit(bad)).is_err());
    let empty = ProtoLiteral {
        data_type: None,
        literal_type: None,
    };
    assert_eq!(
        literal_from_proto(&empty).unwrap_err().kind,
        ExceptionKind::InvalidPlanInput
    );
}
