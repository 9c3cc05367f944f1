//! `DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES`: operands no implicit cast can reconcile (Spark's
//! `BinaryOperator.checkInputDataTypes`).

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// Spark's SQL name of an Arrow type, for error messages.
fn spark_type_sql(t: &ArrowType) -> String {
    match t {
        t if crate::variant::is_variant(t) => "VARIANT".into(),
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
        ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::YearMonth) => {
            "INTERVAL YEAR TO MONTH".into()
        }
        ArrowType::Duration(_) => "INTERVAL DAY TO SECOND".into(),
        ArrowType::Map(f, _) => match f.data_type() {
            ArrowType::Struct(kv) if kv.len() == 2 => format!(
                "MAP<{}, {}>",
                spark_type_sql(kv[0].data_type()),
                spark_type_sql(kv[1].data_type())
            ),
            other => spark_type_sql(other),
        },
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

/// `DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE`: an arithmetic operand that is not a number or an
/// interval (Spark 4 under ANSI no longer casts `string + string`).
pub(crate) fn binary_op_wrong_type(symbol: &str, t: &ArrowType) -> SparkError {
    let t = spark_type_sql(t);
    let required =
        "(\"NUMERIC\" or \"INTERVAL DAY TO SECOND\" or \"INTERVAL YEAR TO MONTH\" or \"INTERVAL\")";
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE",
        "42K09",
        format!(
            "Cannot resolve the binary operator `{symbol}` due to data type mismatch: the binary operator requires the input type {required}, not \"{t}\"."
        ),
    )
    .param("inputType", required)
    .param("actualDataType", format!("\"{t}\""))
}

/// `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for a parameter of the wrong type.
pub(crate) fn unexpected_type(
    function: &str,
    index: &str,
    required: &str,
    t: &ArrowType,
) -> SparkError {
    let t = spark_type_sql(t);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "42K09",
        format!(
            "Cannot resolve `{function}` due to data type mismatch: The {index} parameter requires the \"{required}\" type, however the argument has the type \"{t}\"."
        ),
    )
    .param("paramIndex", index)
    .param("requiredType", format!("\"{required}\""))
    .param("inputType", format!("\"{t}\""))
}

/// `DATATYPE_MISMATCH.INVALID_ORDERING_TYPE`: a comparison of maps (Spark's
/// `TypeUtils.checkForOrderingExpr`).
pub(crate) fn invalid_ordering_type(symbol: &str, t: &ArrowType) -> SparkError {
    let t = spark_type_sql(t);
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE",
        "42K09",
        format!(
            "Cannot resolve the comparison due to data type mismatch: The `{symbol}` does not support ordering on type \"{t}\"."
        ),
    )
    .param("functionName", format!("`{symbol}`"))
    .param("dataType", format!("\"{t}\""))
}

/// Spark's analysis error for an arithmetic operator over operands no rule computes (after
/// `BinaryArithmeticWithDatetimeResolver` rewrote the datetime forms it knows into `DateAdd`,
/// `TimeAdd`, ... whose input checks then fail): `UNEXPECTED_INPUT_TYPE` where such a rewrite
/// applies, `BINARY_OP_WRONG_TYPE` for operands of one type (or text with a datetime) the
/// operator does not take, `BINARY_OP_DIFF_TYPES` otherwise.
pub(crate) fn arithmetic_type_error(symbol: &str, l: &ArrowType, r: &ArrowType) -> SparkError {
    #[derive(Clone, Copy, PartialEq)]
    enum K {
        Number,
        Text,
        Date,
        Time,
        TimeNtz,
        DayTime,
        YearMonth,
        Other,
    }
    let kind = |t: &ArrowType| match t {
        t if crate::utils::is_numeric(t) => K::Number,
        t if crate::utils::is_string(t) => K::Text,
        ArrowType::Date32 => K::Date,
        ArrowType::Timestamp(_, Some(_)) => K::Time,
        ArrowType::Timestamp(_, None) => K::TimeNtz,
        ArrowType::Duration(_) => K::DayTime,
        ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::YearMonth) => K::YearMonth,
        _ => K::Other,
    };
    let (a, b) = (kind(l), kind(r));
    let interval = |k: K| matches!(k, K::DayTime | K::YearMonth);
    let datetime = |k: K| matches!(k, K::Date | K::Time | K::TimeNtz);
    let unexpected = || {
        crate::errors::unexpected_input_type(
            symbol,
            format!("the operator `{symbol}` does not accept these operand types"),
        )
    };
    match symbol {
        // ANSI arithmetic takes text only beside numbers (it is then read as a double).
        _ if (a == K::Text && b != K::Number) || (b == K::Text && a != K::Number) => {
            binary_op_wrong_type(symbol, if a == K::Text { r } else { l })
        }
        "+" if a == K::Date || b == K::Date => unexpected(),
        "+" if (a == K::Number && b == K::DayTime) || (a == K::DayTime && b == K::Number) => {
            unexpected()
        }
        "-" if (datetime(a) && b == K::Number) || (a == K::Number && datetime(b)) => unexpected(),
        "-" if a == K::Number && b == K::DayTime => unexpected(),
        "*" if interval(a) && interval(b) => unexpected(),
        "*" if (interval(a) && datetime(b)) || (datetime(a) && interval(b)) => unexpected(),
        "/" if interval(a) && (interval(b) || datetime(b)) => unexpected(),
        _ if a == b && a != K::Other => binary_op_wrong_type(symbol, l),
        _ => binary_op_diff_types(symbol, l, r),
    }
}
