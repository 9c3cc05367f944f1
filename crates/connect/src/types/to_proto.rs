//! Spec [`DataType`] -> Connect `DataType` message, as a Spark server sends schemas to clients
//! (Spark's `DataTypeProtoConverter.toConnectProtoType`).

use sabot_common::spec::{DataType, StructField};
use spark_connect_proto::connect::{self, data_type as dt, data_type::Kind};

/// Converts a Spark type to its Connect message.
pub fn data_type_to_proto(t: &DataType) -> connect::DataType {
    let kind = match t {
        DataType::Null => Kind::Null(dt::Null::default()),
        DataType::Boolean => Kind::Boolean(dt::Boolean::default()),
        DataType::Byte => Kind::Byte(dt::Byte::default()),
        DataType::Short => Kind::Short(dt::Short::default()),
        DataType::Integer => Kind::Integer(dt::Integer::default()),
        DataType::Long => Kind::Long(dt::Long::default()),
        DataType::Float => Kind::Float(dt::Float::default()),
        DataType::Double => Kind::Double(dt::Double::default()),
        DataType::Decimal { precision, scale } => Kind::Decimal(dt::Decimal {
            precision: Some(i32::from(*precision)),
            scale: Some(i32::from(*scale)),
            type_variation_reference: 0,
        }),
        // Spark names the default collation explicitly.
        DataType::String => Kind::String(dt::String {
            type_variation_reference: 0,
            collation: "UTF8_BINARY".to_string(),
        }),
        DataType::Char(n) => Kind::Char(dt::Char {
            length: i32::try_from(*n).unwrap_or(i32::MAX),
            type_variation_reference: 0,
        }),
        DataType::Varchar(n) => Kind::VarChar(dt::VarChar {
            length: i32::try_from(*n).unwrap_or(i32::MAX),
            type_variation_reference: 0,
        }),
        DataType::Binary => Kind::Binary(dt::Binary::default()),
        DataType::Date => Kind::Date(dt::Date::default()),
        DataType::Timestamp => Kind::Timestamp(dt::Timestamp::default()),
        DataType::TimestampNtz => Kind::TimestampNtz(dt::TimestampNtz::default()),
        DataType::Time(p) => Kind::Time(dt::Time {
            precision: Some(i32::from(*p)),
            type_variation_reference: 0,
        }),
        DataType::DayTimeInterval { start, end } => Kind::DayTimeInterval(dt::DayTimeInterval {
            start_field: Some(*start as i32),
            end_field: Some(*end as i32),
            type_variation_reference: 0,
        }),
        DataType::YearMonthInterval { start, end } => {
            Kind::YearMonthInterval(dt::YearMonthInterval {
                start_field: Some(*start as i32),
                end_field: Some(*end as i32),
                type_variation_reference: 0,
            })
        }
        DataType::CalendarInterval => Kind::CalendarInterval(dt::CalendarInterval::default()),
        DataType::Array {
            element,
            contains_null,
        } => Kind::Array(Box::new(dt::Array {
            element_type: Some(Box::new(data_type_to_proto(element))),
            contains_null: *contains_null,
            type_variation_reference: 0,
        })),
        DataType::Map {
            key,
            value,
            value_contains_null,
        } => Kind::Map(Box::new(dt::Map {
            key_type: Some(Box::new(data_type_to_proto(key))),
            value_type: Some(Box::new(data_type_to_proto(value))),
            value_contains_null: *value_contains_null,
            type_variation_reference: 0,
        })),
        DataType::Struct(fields) => Kind::Struct(dt::Struct {
            fields: fields.iter().map(field_to_proto).collect(),
            type_variation_reference: 0,
        }),
        DataType::Variant => Kind::Variant(dt::Variant::default()),
    };
    connect::DataType { kind: Some(kind) }
}

fn field_to_proto(f: &StructField) -> dt::StructField {
    dt::StructField {
        name: f.name.clone(),
        data_type: Some(data_type_to_proto(&f.data_type)),
        nullable: f.nullable,
        metadata: f.metadata.clone(),
    }
}
