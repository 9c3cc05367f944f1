//! One value of a Spark-typed Arrow array -> Connect `Expression.Literal`, as Spark's
//! `LiteralValueProtoConverter.toLiteralProto` sends values to the client (observed metrics).
//! Nested literals carry their types in the per-kind type fields both client lines read.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{
    Date32Type, Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type,
    Int64Type, IntervalMonthDayNanoType, TimestampMicrosecondType,
};
use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::expression::Literal as ProtoLiteral;
use spark_connect_proto::connect::expression::literal::{self, LiteralType};

use crate::types::data_type_to_proto;

/// The literal for `array[row]`, whose Spark type is `t`.
pub fn literal_to_proto(array: &dyn Array, row: usize, t: &DataType) -> Result<ProtoLiteral> {
    Ok(ProtoLiteral {
        data_type: None,
        literal_type: Some(value(array, row, t)?),
    })
}

fn unsupported(t: &DataType) -> SparkError {
    SparkError::unsupported(format!("a {t:?} value as a Spark Connect literal"))
}

#[allow(deprecated)] // the per-kind type fields are what 3.5 and 4.x clients read
fn value(array: &dyn Array, row: usize, t: &DataType) -> Result<LiteralType> {
    if array.is_null(row) {
        return Ok(LiteralType::Null(data_type_to_proto(t)));
    }
    let v = match t {
        DataType::Null => LiteralType::Null(data_type_to_proto(t)),
        DataType::Boolean => LiteralType::Boolean(array.as_boolean().value(row)),
        DataType::Byte => LiteralType::Byte(i32::from(array.as_primitive::<Int8Type>().value(row))),
        DataType::Short => {
            LiteralType::Short(i32::from(array.as_primitive::<Int16Type>().value(row)))
        }
        DataType::Integer => LiteralType::Integer(array.as_primitive::<Int32Type>().value(row)),
        DataType::Long => LiteralType::Long(array.as_primitive::<Int64Type>().value(row)),
        DataType::Float => LiteralType::Float(array.as_primitive::<Float32Type>().value(row)),
        DataType::Double => LiteralType::Double(array.as_primitive::<Float64Type>().value(row)),
        DataType::Decimal { precision, scale } => {
            let a = array.as_primitive::<Decimal128Type>();
            LiteralType::Decimal(literal::Decimal {
                value: a.value_as_string(row),
                precision: Some(i32::from(*precision)),
                scale: Some(i32::from(*scale)),
            })
        }
        DataType::String | DataType::Char(_) | DataType::Varchar(_) => {
            let s = datafusion::arrow::util::display::array_value_to_string(array, row)
                .map_err(|e| SparkError::internal(e.to_string()))?;
            LiteralType::String(s)
        }
        DataType::Binary => LiteralType::Binary(binary(array, row).ok_or_else(|| unsupported(t))?),
        DataType::Date => LiteralType::Date(array.as_primitive::<Date32Type>().value(row)),
        DataType::Timestamp => {
            LiteralType::Timestamp(array.as_primitive::<TimestampMicrosecondType>().value(row))
        }
        DataType::TimestampNtz => {
            LiteralType::TimestampNtz(array.as_primitive::<TimestampMicrosecondType>().value(row))
        }
        DataType::CalendarInterval => {
            let v = array.as_primitive::<IntervalMonthDayNanoType>().value(row);
            LiteralType::CalendarInterval(literal::CalendarInterval {
                months: v.months,
                days: v.days,
                microseconds: v.nanoseconds / 1000,
            })
        }
        DataType::Array { element, .. } => {
            let list = array.as_list_opt::<i32>().ok_or_else(|| unsupported(t))?;
            let items = list.value(row);
            let elements = (0..items.len())
                .map(|i| literal_to_proto(items.as_ref(), i, element))
                .collect::<Result<Vec<_>>>()?;
            LiteralType::Array(literal::Array {
                element_type: Some(data_type_to_proto(element)),
                elements,
            })
        }
        DataType::Map { key, value: v, .. } => {
            let map = array.as_map_opt().ok_or_else(|| unsupported(t))?;
            let entries = map.value(row);
            let (keys, values) = (entries.column(0), entries.column(1));
            LiteralType::Map(literal::Map {
                key_type: Some(data_type_to_proto(key)),
                value_type: Some(data_type_to_proto(v)),
                keys: (0..entries.len())
                    .map(|i| literal_to_proto(keys.as_ref(), i, key))
                    .collect::<Result<_>>()?,
                values: (0..entries.len())
                    .map(|i| literal_to_proto(values.as_ref(), i, v))
                    .collect::<Result<_>>()?,
            })
        }
        DataType::Struct(fields) => {
            let s = array.as_struct_opt().ok_or_else(|| unsupported(t))?;
            let elements = fields
                .iter()
                .zip(s.columns())
                .map(|(f, c)| literal_to_proto(c.as_ref(), row, &f.data_type))
                .collect::<Result<Vec<_>>>()?;
            LiteralType::Struct(literal::Struct {
                struct_type: Some(data_type_to_proto(t)),
                elements,
            })
        }
        _ => return Err(unsupported(t)),
    };
    Ok(v)
}

fn binary(array: &dyn Array, row: usize) -> Option<Vec<u8>> {
    if let Some(a) = array.as_binary_opt::<i32>() {
        return Some(a.value(row).to_vec());
    }
    if let Some(a) = array.as_binary_opt::<i64>() {
        return Some(a.value(row).to_vec());
    }
    array.as_binary_view_opt().map(|a| a.value(row).to_vec())
}
