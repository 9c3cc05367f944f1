//! The columns of a write: which are partition columns (matched by name as Spark's
//! `PartitioningUtils.validatePartitionColumn` does), which go into the files, and whether the
//! format can hold their types (`UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE` otherwise).

use std::sync::Arc;

use datafusion::arrow::datatypes::{Schema, SchemaRef};
use sabot_common::error::ExceptionKind;
use sabot_common::error::quote_identifier;
use sabot_common::spec::DataType;
use sabot_common::{Result, SparkError};

use super::spec::FileFormat;
use crate::resolve::type_sql::type_sql;
use crate::types::arrow_to_spark;

/// The column layout of a write.
#[derive(Debug, Clone)]
pub struct Columns {
    /// `(name as the data names it, column index)` of each partition column.
    pub partition: Vec<(String, usize)>,
    /// Indexes of the columns written into the files.
    pub data: Vec<usize>,
    /// The files' schema.
    pub data_schema: SchemaRef,
}

/// Splits `schema` into partition and data columns; checks the format can write them.
pub fn columns(
    schema: &Schema,
    partition_by: &[String],
    format: FileFormat,
    case_sensitive: bool,
) -> Result<Columns> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let same = |a: &str, b: &str| {
        if case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    };
    let mut partition: Vec<(String, usize)> = Vec::new();
    for p in partition_by {
        let Some(i) = names.iter().position(|n| same(n, p)) else {
            return Err(partition_column_not_found(p, schema)?);
        };
        if partition.iter().any(|(_, j)| *j == i) {
            return Err(duplicate_partition_column(p));
        }
        // The directory names use the name as `partitionBy` gave it (Spark does too).
        partition.push((p.clone(), i));
    }
    if !partition.is_empty() && partition.len() == names.len() {
        return Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
            "KD005",
            "Cannot use all columns for partition columns.",
        ));
    }
    for (_, i) in &partition {
        let t = arrow_to_spark(schema.field(*i).data_type())?;
        if !is_atomic(&t) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "INVALID_PARTITION_COLUMN_DATA_TYPE",
                "0A000",
                format!("Cannot use {} for partition column.", type_sql(&t)),
            )
            .param("type", type_sql(&t)));
        }
    }
    let data: Vec<usize> = (0..names.len())
        .filter(|i| !partition.iter().any(|(_, j)| j == i))
        .collect();
    let data_schema = Arc::new(Schema::new(
        data.iter()
            .map(|i| Arc::clone(&schema.fields()[*i]))
            .collect::<Vec<_>>(),
    ));
    for f in data_schema.fields() {
        let t = arrow_to_spark(f.data_type())?;
        check_supported(format, f.name(), &t)?;
    }
    if format == FileFormat::Text && data_schema.fields().len() != 1 {
        let mut e = SparkError::new(
            ExceptionKind::Analysis,
            format!(
                "Text data source supports only a single column, and you have {} columns.",
                data_schema.fields().len()
            ),
        );
        e.error_class = Some("_LEGACY_ERROR_TEMP_1290".into());
        return Err(e);
    }
    Ok(Columns {
        partition,
        data,
        data_schema,
    })
}

fn is_atomic(t: &DataType) -> bool {
    !matches!(
        t,
        DataType::Array { .. } | DataType::Map { .. } | DataType::Struct(_) | DataType::Variant
    )
}

/// Whether `format` can write a column of type `t` (Spark's `supportDataType` of each
/// `FileFormat`).
fn supports(format: FileFormat, t: &DataType) -> bool {
    let interval = matches!(
        t,
        DataType::CalendarInterval
            | DataType::DayTimeInterval { .. }
            | DataType::YearMonthInterval { .. }
    );
    match format {
        FileFormat::Text => matches!(
            t,
            DataType::String | DataType::Char(_) | DataType::Varchar(_)
        ),
        FileFormat::Csv => {
            !interval
                && !matches!(t, DataType::Null | DataType::Variant)
                && !matches!(
                    t,
                    DataType::Array { .. } | DataType::Map { .. } | DataType::Struct(_)
                )
        }
        FileFormat::Json | FileFormat::Parquet | FileFormat::Avro => match t {
            DataType::Array { element, .. } => supports(format, element),
            DataType::Map { key, value, .. } => supports(format, key) && supports(format, value),
            DataType::Struct(fields) => fields.iter().all(|f| supports(format, &f.data_type)),
            _ => !interval,
        },
        // Spark's `OrcFileFormat.supportDataType`: ANSI intervals too, no NULL or VARIANT.
        FileFormat::Orc => match t {
            DataType::Array { element, .. } => supports(format, element),
            DataType::Map { key, value, .. } => supports(format, key) && supports(format, value),
            DataType::Struct(fields) => fields.iter().all(|f| supports(format, &f.data_type)),
            DataType::CalendarInterval | DataType::Null | DataType::Variant => false,
            _ => true,
        },
    }
}

fn check_supported(format: FileFormat, column: &str, t: &DataType) -> Result<()> {
    if supports(format, t) {
        return Ok(());
    }
    let shown = match format {
        FileFormat::Parquet => "Parquet",
        FileFormat::Csv => "CSV",
        FileFormat::Json => "JSON",
        FileFormat::Text => "Text",
        FileFormat::Avro => "Avro",
        FileFormat::Orc => "ORC",
    };
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        "0A000",
        format!(
            "The {shown} datasource doesn't support the column {} of the type \"{}\".",
            quote_identifier(column),
            type_sql(t)
        ),
    )
    .param("format", shown)
    .param("columnName", quote_identifier(column))
    .param("columnType", format!("\"{}\"", type_sql(t))))
}

/// Spark's `QueryCompilationErrors.partitionColumnNotFoundInSchemaError`.
fn partition_column_not_found(column: &str, schema: &Schema) -> Result<SparkError> {
    let shown = crate::types::spark_schema(schema)?.simple_string();
    let mut e = SparkError::new(
        ExceptionKind::Analysis,
        format!("Partition column `{column}` not found in schema {shown}."),
    );
    e.error_class = Some("_LEGACY_ERROR_TEMP_1155".into());
    Ok(e)
}

/// Spark's `ColumnsWithSameName` check on partition columns (`COLUMN_ALREADY_EXISTS`).
fn duplicate_partition_column(column: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "COLUMN_ALREADY_EXISTS",
        "42711",
        format!(
            "The column {} already exists. Choose another name or rename the existing column.",
            quote_identifier(&column.to_lowercase())
        ),
    )
    .param("columnName", quote_identifier(&column.to_lowercase()))
}
