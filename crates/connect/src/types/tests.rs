//! Round trips of every Spark type through Connect messages, and the defaults Spark applies
//! to partially filled messages.

use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};
use spark_connect_proto::connect::{self, data_type as dt, data_type::Kind};

use super::{data_type_from_proto, data_type_to_proto};

fn all_types() -> Vec<DataType> {
    let mut types = vec![
        DataType::Null,
        DataType::Boolean,
        DataType::Byte,
        DataType::Short,
        DataType::Integer,
        DataType::Long,
        DataType::Float,
        DataType::Double,
        DataType::Decimal {
            precision: 38,
            scale: 10,
        },
        DataType::String,
        DataType::Char(4),
        DataType::Varchar(12),
        DataType::Binary,
        DataType::Date,
        DataType::Timestamp,
        DataType::TimestampNtz,
        DataType::CalendarInterval,
        DataType::Variant,
    ];
    for (start, end) in [
        (DayTimeField::Day, DayTimeField::Second),
        (DayTimeField::Hour, DayTimeField::Minute),
        (DayTimeField::Second, DayTimeField::Second),
    ] {
        types.push(DataType::DayTimeInterval { start, end });
    }
    for (start, end) in [
        (YearMonthField::Year, YearMonthField::Month),
        (YearMonthField::Month, YearMonthField::Month),
    ] {
        types.push(DataType::YearMonthInterval { start, end });
    }
    let nested = DataType::Struct(vec![
        StructField::new("a", DataType::Long, false),
        StructField {
            metadata: Some(r#"{"comment":"hi"}"#.into()),
            ..StructField::new(
                "b",
                DataType::Map {
                    key: Box::new(DataType::String),
                    value: Box::new(DataType::Array {
                        element: Box::new(DataType::Date),
                        contains_null: false,
                    }),
                    value_contains_null: true,
                },
                true,
            )
        },
    ]);
    types.push(DataType::Array {
        element: Box::new(nested),
        contains_null: true,
    });
    types
}

#[test]
fn every_type_round_trips() {
    for t in all_types() {
        let proto = data_type_to_proto(&t);
        assert_eq!(data_type_from_proto(&proto).unwrap(), t, "{t}");
    }
}

#[test]
fn struct_field_metadata_is_sent_only_when_present() {
    let t = DataType::Struct(vec![StructField::new("a", DataType::Long, true)]);
    let Some(Kind::Struct(s)) = data_type_to_proto(&t).kind else {
        panic!("not a struct");
    };
    assert_eq!(s.fields[0].metadata, None);
    assert!(s.fields[0].nullable);
}

fn kind(k: Kind) -> connect::DataType {
    connect::DataType { kind: Some(k) }
}

#[test]
fn partial_messages_take_spark_defaults() {
    let decimal = kind(Kind::Decimal(dt::Decimal {
        scale: None,
        precision: None,
        type_variation_reference: 0,
    }));
    assert_eq!(
        data_type_from_proto(&decimal).unwrap(),
        DataType::DEFAULT_DECIMAL
    );
    let day_time = kind(Kind::DayTimeInterval(dt::DayTimeInterval {
        start_field: None,
        end_field: None,
        type_variation_reference: 0,
    }));
    assert_eq!(
        data_type_from_proto(&day_time).unwrap(),
        DataType::DayTimeInterval {
            start: DayTimeField::Day,
            end: DayTimeField::Second,
        }
    );
    let minute = kind(Kind::DayTimeInterval(dt::DayTimeInterval {
        start_field: Some(2),
        end_field: None,
        type_variation_reference: 0,
    }));
    assert_eq!(
        data_type_from_proto(&minute).unwrap(),
        DataType::DayTimeInterval {
            start: DayTimeField::Minute,
            end: DayTimeField::Minute,
        }
    );
    let year_month = kind(Kind::YearMonthInterval(dt::YearMonthInterval {
        start_field: None,
        end_field: None,
        type_variation_reference: 0,
    }));
    assert_eq!(
        data_type_from_proto(&year_month).unwrap(),
        DataType::YearMonthInterval {
            start: YearMonthField::Year,
            end: YearMonthField::Month,
        }
    );
    // Older clients leave the collation empty.
    let string = kind(Kind::String(dt::String {
        type_variation_reference: 0,
        collation: String::new(),
    }));
    assert_eq!(data_type_from_proto(&string).unwrap(), DataType::String);
}

#[test]
fn invalid_and_unsupported_types() {
    let reversed = kind(Kind::DayTimeInterval(dt::DayTimeInterval {
        start_field: Some(3),
        end_field: Some(0),
        type_variation_reference: 0,
    }));
    let big_decimal = kind(Kind::Decimal(dt::Decimal {
        scale: Some(0),
        precision: Some(39),
        type_variation_reference: 0,
    }));
    let no_element = kind(Kind::Array(Box::new(dt::Array {
        element_type: None,
        contains_null: true,
        type_variation_reference: 0,
    })));
    for t in [
        reversed,
        big_decimal,
        no_element,
        connect::DataType { kind: None },
    ] {
        assert!(data_type_from_proto(&t).is_err(), "{t:?}");
    }
    let collated = kind(Kind::String(dt::String {
        type_variation_reference: 0,
        collation: "UTF8_LCASE".into(),
    }));
    let udt = kind(Kind::Udt(Box::new(dt::Udt {
        r#type: "udt".into(),
        ..Default::default()
    })));
    let time = kind(Kind::Time(dt::Time {
        precision: Some(3),
        type_variation_reference: 0,
    }));
    assert_eq!(data_type_from_proto(&time).unwrap(), DataType::Time(3));
    for t in [collated, udt] {
        assert_eq!(
            data_type_from_proto(&t).unwrap_err().error_class.as_deref(),
            Some("UNSUPPORTED_FEATURE"),
            "{t:?}"
        );
    }
}

#[test]
fn unparsed_type_strings_go_through_sql() {
    let t = kind(Kind::Unparsed(dt::Unparsed {
        data_type_string: "array<int>".into(),
    }));
    assert_eq!(
        data_type_from_proto(&t).unwrap(),
        DataType::Array {
            element: Box::new(DataType::Integer),
            contains_null: true,
        }
    );
}
