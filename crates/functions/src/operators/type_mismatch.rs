//! `DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES`: operands no implicit cast can reconcile (Spark's
//! `BinaryOperator.checkInputDataTypes`).

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// Spark's SQL name of an Arrow type, for error messages.
pub(crate) fn spark_type_sql(t: &ArrowType) -> String {
    match t {
        ArrowType::Null => "VOID".into(),
        ArrowType::Boolean => "BOOLEAN".into(),
        ArrowType::Int8 => "TINYINT".into(),
        ArrowType::Int16 => "SMALLINT".into(),
        ArrowType::Int32 => "INT".into(),
        ArrowType::Int64 => "BIGINT".into(),
        ArrowType::Float32 => "FLOAT".into(),
        ArrowType::Float64 => "DOUBLE".into(),
        ArrowType::Decimal128(p, s) => format!("DECIMAL({p},{s})"),
        ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View => "STRING".into(),
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => "BINARY".into(),
        ArrowType::Date32 => "DATE".into(),
        ArrowType::Timestamp(TimeUnit::Microsecond, Some(_)) => "TIMESTAMP".into(),
        ArrowType::Timestamp(_, None) => "TIMESTAMP_NTZ".into(),
        ArrowType::List(f) | ArrowType::LargeList(f) => {
            format!("ARRAY<{}>", spark_type_sql(f.data_type()))
        }
        ArrowType::Struct(fs) => format!(
            "STRUCT<{}>",
            fs.iter()
                .map(|f| format!("{}: {}", f.name(), spark_type_sql(f.data_type())))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string().to_ascii_uppercase(),
    }
}

pub(crate) fn binary_op_diff_types(symbol: &str, l: &ArrowType, r: &ArrowType) -> SparkError {
    let (l, r) = (spark_type_sql(l), spark_type_sql(r));
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
        "42K09",
        format!(
            "Cannot resolve the binary operator `{symbol}` due to data type mismatch: the left and right operands of the binary operator have incompatible types (\"{l}\" and \"{r}\")."
        ),
    )
    .param("left", format!("\"{l}\""))
    .param("right", format!("\"{r}\""))
}
