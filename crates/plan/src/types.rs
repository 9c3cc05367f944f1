//! Spark type <-> Arrow type mapping (mirrors Spark's `org.apache.spark.sql.util.ArrowUtils`),
//! Spark schemas of Arrow results, and casting result batches to the Arrow types Spark would send.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch, RecordBatchOptions};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType as ArrowType, Field, FieldRef, Fields, IntervalUnit, Schema, SchemaRef, TimeUnit,
};
use sabot_common::spec::{DataType, DayTimeField, StructField, YearMonthField};
use sabot_common::{Result, SparkError};

/// The Arrow field metadata key that carries a Spark `StructField.metadata` JSON object.
pub const SPARK_METADATA_KEY: &str = "spark.metadata";

/// Spark's type -> the Arrow type Spark uses for it (`ArrowUtils.toArrowType`/`toArrowField`).
/// `time_zone` is the session time zone, attached to `timestamp` columns.
pub fn spark_to_arrow(t: &DataType, time_zone: &str) -> Result<ArrowType> {
    Ok(match t {
        DataType::Null => ArrowType::Null,
        DataType::Boolean => ArrowType::Boolean,
        DataType::Byte => ArrowType::Int8,
        DataType::Short => ArrowType::Int16,
        DataType::Integer => ArrowType::Int32,
        DataType::Long => ArrowType::Int64,
        DataType::Float => ArrowType::Float32,
        DataType::Double => ArrowType::Float64,
        DataType::Decimal { precision, scale } => ArrowType::Decimal128(*precision, *scale),
        DataType::String | DataType::Char(_) | DataType::Varchar(_) => ArrowType::Utf8,
        DataType::Binary => ArrowType::Binary,
        DataType::Date => ArrowType::Date32,
        DataType::Timestamp => {
            ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(time_zone)))
        }
        DataType::TimestampNtz => ArrowType::Timestamp(TimeUnit::Microsecond, None),
        // Spark Connect sends TIME as nanoseconds since midnight (PySpark's `pa.time64("ns")`).
        DataType::Time(_) => ArrowType::Time64(TimeUnit::Nanosecond),
        DataType::DayTimeInterval { .. } => ArrowType::Duration(TimeUnit::Microsecond),
        DataType::YearMonthInterval { .. } => ArrowType::Interval(IntervalUnit::YearMonth),
        DataType::CalendarInterval => ArrowType::Interval(IntervalUnit::MonthDayNano),
        DataType::Array {
            element,
            contains_null,
        } => ArrowType::List(Arc::new(Field::new(
            "element",
            spark_to_arrow(element, time_zone)?,
            *contains_null,
        ))),
        DataType::Map {
            key,
            value,
            value_contains_null,
        } => {
            // Spark: the entries struct and its key are never null; maps are not sorted.
            let entries = Fields::from(vec![
                Field::new("key", spark_to_arrow(key, time_zone)?, false),
                Field::new(
                    "value",
                    spark_to_arrow(value, time_zone)?,
                    *value_contains_null,
                ),
            ]);
            ArrowType::Map(
                Arc::new(Field::new("entries", ArrowType::Struct(entries), false)),
                false,
            )
        }
        DataType::Struct(fields) => ArrowType::Struct(
            fields
                .iter()
                .map(|f| struct_field_to_arrow(f, time_zone))
                .collect::<Result<Fields>>()?,
        ),
        // Spark's `ArrowUtils`: a struct of `value` and tagged `metadata` binaries.
        DataType::Variant => sabot_functions::variant::arrow_type(),
    })
}

/// A Spark struct field -> an Arrow field (name, type, nullability, `spark.metadata`).
pub fn struct_field_to_arrow(f: &StructField, time_zone: &str) -> Result<Field> {
    let field = Field::new(
        f.name.clone(),
        spark_to_arrow(&f.data_type, time_zone)?,
        f.nullable,
    );
    Ok(match &f.metadata {
        Some(m) => {
            field.with_metadata(HashMap::from([(SPARK_METADATA_KEY.to_string(), m.clone())]))
        }
        None => field,
    })
}

/// An Arrow type -> Spark's type (`ArrowUtils.fromArrowType`), also accepting the types
/// DataFusion produces that Spark never sends (views, large and unsigned types, other units).
pub fn arrow_to_spark(t: &ArrowType) -> Result<DataType> {
    Ok(match t {
        ArrowType::Null => DataType::Null,
        ArrowType::Boolean => DataType::Boolean,
        ArrowType::Int8 => DataType::Byte,
        ArrowType::Int16 | ArrowType::UInt8 => DataType::Short,
        ArrowType::Int32 | ArrowType::UInt16 => DataType::Integer,
        ArrowType::Int64 | ArrowType::UInt32 => DataType::Long,
        ArrowType::UInt64 => DataType::Decimal {
            precision: 20,
            scale: 0,
        },
        ArrowType::Float16 | ArrowType::Float32 => DataType::Float,
        ArrowType::Float64 => DataType::Double,
        ArrowType::Decimal32(p, s) | ArrowType::Decimal64(p, s) | ArrowType::Decimal128(p, s) => {
            decimal(*p, *s)?
        }
        ArrowType::Decimal256(p, s) if *p <= 38 => decimal(*p, *s)?,
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => DataType::String,
        ArrowType::Binary
        | ArrowType::LargeBinary
        | ArrowType::BinaryView
        | ArrowType::FixedSizeBinary(_) => DataType::Binary,
        ArrowType::Date32 | ArrowType::Date64 => DataType::Date,
        ArrowType::Timestamp(_, Some(_)) => DataType::Timestamp,
        ArrowType::Timestamp(_, None) => DataType::TimestampNtz,
        // Arrow does not carry the precision: Spark's default.
        ArrowType::Time32(_) | ArrowType::Time64(_) => {
            DataType::Time(sabot_common::time_of_day::DEFAULT_PRECISION)
        }
        ArrowType::Duration(_) => DataType::DayTimeInterval {
            start: DayTimeField::Day,
            end: DayTimeField::Second,
        },
        ArrowType::Interval(IntervalUnit::YearMonth) => DataType::YearMonthInterval {
            start: YearMonthField::Year,
            end: YearMonthField::Month,
        },
        // Spark has no (days, millis) interval; a calendar interval holds it without loss.
        ArrowType::Interval(IntervalUnit::DayTime | IntervalUnit::MonthDayNano) => {
            DataType::CalendarInterval
        }
        ArrowType::List(f)
        | ArrowType::LargeList(f)
        | ArrowType::ListView(f)
        | ArrowType::LargeListView(f)
        | ArrowType::FixedSizeList(f, _) => DataType::Array {
            element: Box::new(arrow_to_spark(f.data_type())?),
            contains_null: f.is_nullable(),
        },
        ArrowType::Map(entries, _) => match entries.data_type() {
            ArrowType::Struct(kv) if kv.len() == 2 => DataType::Map {
                key: Box::new(arrow_to_spark(kv[0].data_type())?),
                value: Box::new(arrow_to_spark(kv[1].data_type())?),
                value_contains_null: kv[1].is_nullable(),
            },
            other => {
                return Err(SparkError::unsupported(format!(
                    "Arrow map entries of type {other}"
                )));
            }
        },
        t if sabot_functions::variant::is_variant(t) => DataType::Variant,
        ArrowType::Struct(fields) => DataType::Struct(
            fields
                .iter()
                .map(|f| arrow_field_to_spark(f))
                .collect::<Result<Vec<_>>>()?,
        ),
        ArrowType::Dictionary(_, value) => arrow_to_spark(value)?,
        ArrowType::RunEndEncoded(_, values) => arrow_to_spark(values.data_type())?,
        other => {
            return Err(SparkError::unsupported(format!(
                "the Arrow type {other} in Spark results"
            )));
        }
    })
}

fn decimal(precision: u8, scale: i8) -> Result<DataType> {
    // Spark's DecimalType: 1 <= precision <= 38, 0 <= scale <= precision (negative scales are
    // a legacy option only).
    if precision == 0 || precision > 38 || scale < 0 || scale as u8 > precision {
        return Err(SparkError::unsupported(format!(
            "the decimal type decimal({precision},{scale})"
        )));
    }
    Ok(DataType::Decimal { precision, scale })
}

/// An Arrow field -> a Spark struct field, with `spark.metadata` as the field's metadata.
pub fn arrow_field_to_spark(f: &Field) -> Result<StructField> {
    let precision = f
        .metadata()
        .get(sabot_common::time_of_day::PRECISION_KEY)
        .and_then(|p| p.parse::<u8>().ok());
    let hour_to_second = f
        .metadata()
        .contains_key(sabot_common::time_of_day::HOUR_TO_SECOND_KEY);
    let day_only = f
        .metadata()
        .contains_key(sabot_common::time_of_day::DAY_INTERVAL_KEY);
    let data_type = match (arrow_to_spark(f.data_type())?, precision) {
        (DataType::Time(_), Some(p)) => DataType::Time(p),
        (DataType::DayTimeInterval { .. }, _) if day_only => DataType::DayTimeInterval {
            start: DayTimeField::Day,
            end: DayTimeField::Day,
        },
        (DataType::DayTimeInterval { .. }, _) if hour_to_second => DataType::DayTimeInterval {
            start: DayTimeField::Hour,
            end: DayTimeField::Second,
        },
        (t, _) => t,
    };
    Ok(StructField {
        name: f.name().clone(),
        data_type,
        nullable: f.is_nullable(),
        metadata: f.metadata().get(SPARK_METADATA_KEY).cloned(),
    })
}

/// The Spark schema (a struct type) of an Arrow schema.
pub fn spark_schema(schema: &Schema) -> Result<DataType> {
    Ok(DataType::Struct(
        schema
            .fields()
            .iter()
            .map(|f| arrow_field_to_spark(f))
            .collect::<Result<Vec<_>>>()?,
    ))
}

/// The Arrow schema Spark itself would send for these columns: each field's type mapped to
/// Spark's type and back, keeping names, nullability and metadata.
pub fn to_spark_arrow_schema(schema: &Schema, time_zone: &str) -> Result<SchemaRef> {
    let fields = schema
        .fields()
        .iter()
        .map(|f| to_spark_arrow_field(f, time_zone))
        .collect::<Result<Vec<FieldRef>>>()?;
    Ok(Arc::new(Schema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    )))
}

fn to_spark_arrow_field(f: &FieldRef, time_zone: &str) -> Result<FieldRef> {
    let spark = arrow_to_spark(f.data_type())?;
    let t = spark_to_arrow(&spark, time_zone)?;
    if &t == f.data_type() {
        return Ok(Arc::clone(f));
    }
    Ok(Arc::new(
        Field::new(f.name().clone(), t, f.is_nullable()).with_metadata(f.metadata().clone()),
    ))
}

/// Casts each column of `batch` to the type of the same column of `schema` (Arrow's `cast`,
/// which handles nested types), e.g. to normalise DataFusion results before a client sees them.
pub fn cast_batch_to_schema(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch> {
    if batch.num_columns() != schema.fields().len() {
        return Err(SparkError::internal(format!(
            "cannot cast a batch of {} columns to a schema of {} columns",
            batch.num_columns(),
            schema.fields().len()
        )));
    }
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| {
            if c.data_type() == f.data_type() {
                Ok(Arc::clone(c))
            } else {
                cast(c, f.data_type()).map_err(|e| {
                    SparkError::internal(format!(
                        "cannot cast column {} from {} to {}: {e}",
                        f.name(),
                        c.data_type(),
                        f.data_type()
                    ))
                })
            }
        })
        .collect::<Result<Vec<ArrayRef>>>()?;
    let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    RecordBatch::try_new_with_options(Arc::clone(schema), columns, &options)
        .map_err(|e| SparkError::internal(format!("cannot build the result batch: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{
        Array, AsArray, LargeStringArray, ListArray, StringViewArray, StructArray,
        TimestampNanosecondArray, UInt64Array,
    };
    use datafusion::arrow::datatypes::Int32Type;

    fn tz() -> &'static str {
        "America/Los_Angeles"
    }

    #[test]
    fn primitive_types_round_trip() {
        let types = [
            (DataType::Null, ArrowType::Null),
            (DataType::Boolean, ArrowType::Boolean),
            (DataType::Byte, ArrowType::Int8),
            (DataType::Short, ArrowType::Int16),
            (DataType::Integer, ArrowType::Int32),
            (DataType::Long, ArrowType::Int64),
            (DataType::Float, ArrowType::Float32),
            (DataType::Double, ArrowType::Float64),
            (
                DataType::Decimal {
                    precision: 10,
                    scale: 2,
                },
                ArrowType::Decimal128(10, 2),
            ),
            (DataType::String, ArrowType::Utf8),
            (DataType::Binary, ArrowType::Binary),
            (DataType::Date, ArrowType::Date32),
            (
                DataType::Timestamp,
                ArrowType::Timestamp(TimeUnit::Microsecond, Some(tz().into())),
            ),
            (
                DataType::TimestampNtz,
                ArrowType::Timestamp(TimeUnit::Microsecond, None),
            ),
            (
                DataType::DayTimeInterval {
                    start: DayTimeField::Day,
                    end: DayTimeField::Second,
                },
                ArrowType::Duration(TimeUnit::Microsecond),
            ),
            (
                DataType::YearMonthInterval {
                    start: YearMonthField::Year,
                    end: YearMonthField::Month,
                },
                ArrowType::Interval(IntervalUnit::YearMonth),
            ),
            (
                DataType::CalendarInterval,
                ArrowType::Interval(IntervalUnit::MonthDayNano),
            ),
        ];
        for (spark, arrow) in types {
            assert_eq!(spark_to_arrow(&spark, tz()).unwrap(), arrow, "{spark}");
            assert_eq!(arrow_to_spark(&arrow).unwrap(), spark, "{arrow}");
        }
        assert_eq!(
            spark_to_arrow(&DataType::Varchar(3), tz()).unwrap(),
            ArrowType::Utf8
        );
        let v = spark_to_arrow(&DataType::Variant, tz()).unwrap();
        assert_eq!(arrow_to_spark(&v).unwrap(), DataType::Variant);
    }

    #[test]
    fn nested_types_use_spark_field_names() {
        let t = DataType::Map {
            key: Box::new(DataType::String),
            value: Box::new(DataType::Array {
                element: Box::new(DataType::Integer),
                contains_null: false,
            }),
            value_contains_null: true,
        };
        let arrow = spark_to_arrow(&t, tz()).unwrap();
        assert_eq!(
            arrow.to_string(),
            r#"Map("entries": non-null Struct("key": non-null Utf8, "value": List(non-null Int32, field: 'element')), unsorted)"#
        );
        assert_eq!(arrow_to_spark(&arrow).unwrap(), t);
    }

    #[test]
    fn datafusion_types_map_to_spark() {
        let cases = [
            (ArrowType::Utf8View, DataType::String),
            (ArrowType::LargeUtf8, DataType::String),
            (ArrowType::BinaryView, DataType::Binary),
            (ArrowType::LargeBinary, DataType::Binary),
            (ArrowType::UInt8, DataType::Short),
            (ArrowType::UInt16, DataType::Integer),
            (ArrowType::UInt32, DataType::Long),
            (
                ArrowType::UInt64,
                DataType::Decimal {
                    precision: 20,
                    scale: 0,
                },
            ),
            (ArrowType::Float16, DataType::Float),
            (ArrowType::Date64, DataType::Date),
            (
                ArrowType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into())),
                DataType::Timestamp,
            ),
            (
                ArrowType::Timestamp(TimeUnit::Second, None),
                DataType::TimestampNtz,
            ),
            (
                ArrowType::Dictionary(Box::new(ArrowType::Int32), Box::new(ArrowType::Utf8)),
                DataType::String,
            ),
            (
                ArrowType::Decimal256(38, 5),
                DataType::Decimal {
                    precision: 38,
                    scale: 5,
                },
            ),
            (
                ArrowType::Interval(IntervalUnit::DayTime),
                DataType::CalendarInterval,
            ),
            (
                ArrowType::LargeList(Arc::new(Field::new("item", ArrowType::Int64, true))),
                DataType::Array {
                    element: Box::new(DataType::Long),
                    contains_null: true,
                },
            ),
            (
                ArrowType::FixedSizeList(Arc::new(Field::new("item", ArrowType::Int64, false)), 2),
                DataType::Array {
                    element: Box::new(DataType::Long),
                    contains_null: false,
                },
            ),
        ];
        for (arrow, spark) in cases {
            assert_eq!(arrow_to_spark(&arrow).unwrap(), spark, "{arrow}");
        }
        assert!(arrow_to_spark(&ArrowType::Decimal256(40, 0)).is_err());
        assert_eq!(
            arrow_to_spark(&ArrowType::Time64(TimeUnit::Microsecond)).unwrap(),
            DataType::Time(6)
        );
        assert_eq!(
            spark_to_arrow(&DataType::Time(3), "UTC").unwrap(),
            ArrowType::Time64(TimeUnit::Nanosecond)
        );
    }

    #[test]
    fn schema_keeps_nullability_and_metadata() {
        let schema = Schema::new(vec![
            Field::new("id", ArrowType::Int64, false),
            Field::new("s", ArrowType::Utf8View, true).with_metadata(HashMap::from([(
                SPARK_METADATA_KEY.to_string(),
                r#"{"comment":"x"}"#.to_string(),
            )])),
        ]);
        let spark = spark_schema(&schema).unwrap();
        let mut s = StructField::new("s", DataType::String, true);
        s.metadata = Some(r#"{"comment":"x"}"#.to_string());
        assert_eq!(
            spark,
            DataType::Struct(vec![StructField::new("id", DataType::Long, false), s])
        );
        let arrow = to_spark_arrow_schema(&schema, tz()).unwrap();
        assert_eq!(arrow.field(0).data_type(), &ArrowType::Int64);
        assert!(!arrow.field(0).is_nullable());
        assert_eq!(arrow.field(1).data_type(), &ArrowType::Utf8);
        assert_eq!(
            arrow.field(1).metadata().get(SPARK_METADATA_KEY).unwrap(),
            r#"{"comment":"x"}"#
        );
    }

    #[test]
    fn casts_batches_to_spark_types() {
        let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1), None]),
            None,
        ]);
        let strings = StringViewArray::from(vec![Some("a"), None]);
        let inner = StructArray::from(vec![(
            Arc::new(Field::new("x", ArrowType::LargeUtf8, true)),
            Arc::new(LargeStringArray::from(vec!["p", "q"])) as ArrayRef,
        )]);
        let ts = TimestampNanosecondArray::from(vec![1_500_000_000, 0]);
        let big = UInt64Array::from(vec![u64::MAX, 1]);
        let batch = RecordBatch::try_from_iter(vec![
            ("l", Arc::new(list) as ArrayRef),
            ("s", Arc::new(strings) as ArrayRef),
            ("st", Arc::new(inner) as ArrayRef),
            ("ts", Arc::new(ts) as ArrayRef),
            ("u", Arc::new(big) as ArrayRef),
        ])
        .unwrap();
        let schema = to_spark_arrow_schema(&batch.schema(), "UTC").unwrap();
        let out = cast_batch_to_schema(&batch, &schema).unwrap();
        assert_eq!(out.schema(), schema);
        assert_eq!(
            out.column(0).data_type(),
            &ArrowType::List(Arc::new(Field::new("element", ArrowType::Int32, true)))
        );
        assert_eq!(out.column(1).as_string::<i32>().value(0), "a");
        assert!(out.column(1).is_null(1));
        let st = out.column(2).as_struct();
        assert_eq!(st.column(0).as_string::<i32>().value(1), "q");
        assert_eq!(
            out.column(3).data_type(),
            &ArrowType::Timestamp(TimeUnit::Microsecond, None)
        );
        assert_eq!(
            out.column(3)
                .as_primitive::<datafusion::arrow::datatypes::TimestampMicrosecondType>()
                .value(0),
            1_500_000
        );
        assert_eq!(
            out.column(4)
                .as_primitive::<datafusion::arrow::datatypes::Decimal128Type>()
                .value(0),
            u64::MAX as i128
        );
        // Casting to another column count is an error, not a panic.
        let wrong = Arc::new(Schema::new(vec![Field::new("a", ArrowType::Int64, true)]));
        assert!(cast_batch_to_schema(&batch, &wrong).is_err());
    }
}
