//! DataFusion errors -> [`SparkError`]s with the Spark exception class and error class a client
//! would see for the same failure.

use std::error::Error;
use std::str::FromStr;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::arrow::error::ArrowError;
use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;
use sabot_common::spec::DataType;

use crate::types::arrow_to_spark;

const ANSI_CONFIG: &str = "\"spark.sql.ansi.enabled\"";

/// Converts a DataFusion error to the Spark error a client should see. A [`SparkError`] raised
/// inside DataFusion (e.g. by a Sabot function) comes back unchanged; wrappers (`Context`,
/// `Shared`, `Diagnostic`, external errors) are looked through.
pub fn from_datafusion(e: DataFusionError) -> SparkError {
    convert(&e)
}

fn convert(e: &DataFusionError) -> SparkError {
    match e {
        DataFusionError::External(inner) => from_external(inner.as_ref(), e),
        DataFusionError::Context(_, inner) => convert(inner),
        DataFusionError::Shared(inner) => convert(inner),
        DataFusionError::Diagnostic(_, inner) => convert(inner),
        DataFusionError::Collection(errors) => match errors.first() {
            Some(first) => convert(first),
            None => SparkError::internal(e.strip_backtrace()),
        },
        DataFusionError::ArrowError(inner, _) => from_arrow(inner),
        DataFusionError::NotImplemented(m) => SparkError::unsupported(m.clone()),
        DataFusionError::ResourcesExhausted(m) => out_of_memory(m),
        DataFusionError::SchemaError(inner, _) => from_schema_error(inner, e),
        DataFusionError::Plan(m) => SparkError::new(ExceptionKind::Analysis, m.clone()),
        DataFusionError::SQL(_, _) => SparkError::new(ExceptionKind::Parse, e.strip_backtrace()),
        DataFusionError::Configuration(m) => SparkError::illegal_argument(m.clone()),
        DataFusionError::ObjectStore(inner) => crate::stores::from_object_store(inner),
        // Spark's `QueryExecutionErrors.multipleRowScalarSubqueryError`.
        DataFusionError::Execution(m)
            if m.starts_with("Scalar subquery returned more than one row") =>
        {
            SparkError::with_class(
                ExceptionKind::Internal,
                "SCALAR_SUBQUERY_TOO_MANY_ROWS",
                "21000",
                "More than one row returned by a subquery used as an expression.",
            )
        }
        DataFusionError::Execution(m) => {
            map_key_error(m).unwrap_or_else(|| SparkError::internal(m.clone()))
        }
        _ => SparkError::internal(e.strip_backtrace()),
    }
}

/// An error boxed inside `External` or Arrow's `ExternalError`: a Sabot error, or another
/// DataFusion or Arrow error to convert.
fn from_external(
    inner: &(dyn Error + Send + Sync + 'static),
    outer: &DataFusionError,
) -> SparkError {
    if let Some(s) = inner.downcast_ref::<SparkError>() {
        return s.clone();
    }
    if let Some(d) = inner.downcast_ref::<DataFusionError>() {
        return convert(d);
    }
    if let Some(a) = inner.downcast_ref::<ArrowError>() {
        return from_arrow(a);
    }
    SparkError::internal(outer.strip_backtrace())
}

/// Arrow's "V is too large to store in a Decimal128 of precision P" (a decimal result that
/// does not fit its type under ANSI) as Spark's `NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION`.
fn decimal_out_of_range(m: &str) -> SparkError {
    let value = m.split_whitespace().next().unwrap_or("").to_string();
    let precision = m
        .split("of precision ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .unwrap_or("38")
        .to_string();
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
        "22003",
        format!(
            "The {value} cannot be represented as Decimal({precision}). If necessary set {ANSI_CONFIG} to \"false\" to bypass this error, and return NULL instead."
        ),
    )
    .param("value", value)
    .param("precision", precision)
    .param("config", ANSI_CONFIG)
}

/// DataFusion's `map` key checks as Spark's `NULL_MAP_KEY` / `DUPLICATED_MAP_KEY` (Spark's
/// `ArrayBasedMapBuilder` with the default `spark.sql.mapKeyDedupPolicy=EXCEPTION`).
fn map_key_error(m: &str) -> Option<SparkError> {
    if m == "map key cannot be null" {
        return Some(SparkError::with_class(
            ExceptionKind::Runtime,
            "NULL_MAP_KEY",
            "2200E",
            "Cannot use null as map key.",
        ));
    }
    let key = m.strip_prefix("map key must be unique, duplicate key found: ")?;
    let key = key.trim_matches('"');
    Some(
        SparkError::with_class(
            ExceptionKind::Runtime,
            "DUPLICATED_MAP_KEY",
            "23505",
            format!("Duplicate map key {key} was found, please check the input data. If you want to remove the duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to \"LAST_WIN\" so that the key inserted at last takes precedence."),
        )
        .param("key", key)
        .param("mapKeyDedupPolicy", "\"spark.sql.mapKeyDedupPolicy\""),
    )
}

fn from_arrow(e: &ArrowError) -> SparkError {
    match e {
        ArrowError::ExternalError(inner) => {
            if let Some(s) = inner.downcast_ref::<SparkError>() {
                return s.clone();
            }
            if let Some(d) = inner.downcast_ref::<DataFusionError>() {
                return convert(d);
            }
            if let Some(a) = inner.downcast_ref::<ArrowError>() {
                return from_arrow(a);
            }
            SparkError::internal(e.to_string())
        }
        ArrowError::DivideByZero => SparkError::divide_by_zero(),
        ArrowError::ArithmeticOverflow(m) => arithmetic_overflow(m),
        ArrowError::CastError(m) | ArrowError::ParseError(m) => cast_invalid_input(m)
            .unwrap_or_else(|| SparkError::new(ExceptionKind::Runtime, e.to_string())),
        ArrowError::NotYetImplemented(m) => SparkError::unsupported(m.clone()),
        ArrowError::MemoryError(m) => out_of_memory(m),
        ArrowError::InvalidArgumentError(m) if m.contains("is too large to store in a Decimal") => {
            decimal_out_of_range(m)
        }
        ArrowError::ComputeError(_) | ArrowError::InvalidArgumentError(_) => {
            SparkError::new(ExceptionKind::Runtime, e.to_string())
        }
        _ => SparkError::internal(e.to_string()),
    }
}

/// Spark's `ARITHMETIC_OVERFLOW` (22003) with DataFusion's description as its `message`.
fn arithmetic_overflow(message: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Arithmetic,
        "ARITHMETIC_OVERFLOW",
        "22003",
        format!("{message}. If necessary set {ANSI_CONFIG} to \"false\" to bypass this error."),
    )
    .param("message", message)
    .param("alternative", "")
    .param("config", ANSI_CONFIG)
}

/// Spark's `CAST_INVALID_INPUT` (22018) for Arrow's "Cannot cast string 'v' to value of T type";
/// the exception is a `SparkNumberFormatException` for numbers, `SparkDateTimeException` for
/// dates and timestamps and `SparkRuntimeException` otherwise, as in Spark.
fn cast_invalid_input(message: &str) -> Option<SparkError> {
    // Arrow words its string -> boolean failure "Cannot cast value 'v' ...".
    let rest = message
        .strip_prefix("Cannot cast string '")
        .or_else(|| message.strip_prefix("Cannot cast value '"))?;
    let (value, target) = rest.rsplit_once("' to value of ")?;
    let target = target.strip_suffix(" type")?;
    let target = ArrowType::from_str(target)
        .ok()
        .and_then(|t| arrow_to_spark(&t).ok())?;
    let kind = if target.is_numeric() {
        ExceptionKind::NumberFormat
    } else if matches!(
        target,
        DataType::Date | DataType::Timestamp | DataType::TimestampNtz
    ) {
        ExceptionKind::DateTime
    } else {
        ExceptionKind::Runtime
    };
    let expression = format!("'{}'", value.replace('\'', "\\'"));
    let target = format!("\"{}\"", target.simple_string().to_uppercase());
    Some(
        SparkError::with_class(
            kind,
            "CAST_INVALID_INPUT",
            "22018",
            format!(
                "The value {expression} of the type \"STRING\" cannot be cast to {target} because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
            ),
        )
        .param("expression", expression)
        .param("sourceType", "\"STRING\"")
        .param("targetType", target)
        .param("ansiConfig", ANSI_CONFIG),
    )
}

/// Memory limits reached: Spark's `UNABLE_TO_ACQUIRE_MEMORY` (53200) class, as a runtime error.
fn out_of_memory(message: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "UNABLE_TO_ACQUIRE_MEMORY",
        "53200",
        format!("Unable to acquire memory: {message}"),
    )
}

fn from_schema_error(e: &SchemaError, outer: &DataFusionError) -> SparkError {
    match e {
        SchemaError::FieldNotFound {
            field,
            valid_fields,
        } => {
            let candidates: Vec<String> = valid_fields.iter().map(|c| c.name.clone()).collect();
            SparkError::unresolved_column(&field.name, &candidates)
        }
        SchemaError::AmbiguousReference { field } => {
            let name = sabot_common::error::quote_identifier(&field.name);
            SparkError::with_class(
                ExceptionKind::Analysis,
                "AMBIGUOUS_REFERENCE",
                "42704",
                format!(
                    "Reference {name} is ambiguous. ({})",
                    outer.strip_backtrace()
                ),
            )
            .param("name", name)
        }
        _ => SparkError::new(ExceptionKind::Analysis, outer.strip_backtrace()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::common::Column;

    use super::*;

    #[test]
    fn keeps_spark_errors_raised_inside_datafusion() {
        let original = SparkError::unresolved_routine("foo");
        let wrapped = DataFusionError::Context(
            "while planning".into(),
            Box::new(DataFusionError::Shared(Arc::new(
                DataFusionError::External(Box::new(original.clone())),
            ))),
        );
        assert_eq!(from_datafusion(wrapped), original);
        let in_arrow = DataFusionError::ArrowError(
            Box::new(ArrowError::ExternalError(Box::new(original.clone()))),
            None,
        );
        assert_eq!(from_datafusion(in_arrow), original);
    }

    #[test]
    fn divide_by_zero_and_overflow_are_arithmetic() {
        let e = from_datafusion(DataFusionError::ArrowError(
            Box::new(ArrowError::DivideByZero),
            None,
        ));
        assert_eq!(e.error_class.as_deref(), Some("DIVIDE_BY_ZERO"));
        assert_eq!(e.kind, ExceptionKind::Arithmetic);

        let e = from_datafusion(DataFusionError::ArrowError(
            Box::new(ArrowError::ArithmeticOverflow(
                "Overflow happened on: 9223372036854775807 + 1".into(),
            )),
            None,
        ));
        assert_eq!(e.error_class.as_deref(), Some("ARITHMETIC_OVERFLOW"));
        assert_eq!(e.sql_state.as_deref(), Some("22003"));
        assert_eq!(e.kind, ExceptionKind::Arithmetic);
        assert!(e.message.contains("9223372036854775807 + 1"));
    }

    #[test]
    fn string_casts_are_cast_invalid_input() {
        let cast = |m: &str| {
            from_datafusion(DataFusionError::ArrowError(
                Box::new(ArrowError::CastError(m.into())),
                None,
            ))
        };
        let e = cast("Cannot cast string 'abc' to value of Int32 type");
        assert_eq!(e.error_class.as_deref(), Some("CAST_INVALID_INPUT"));
        assert_eq!(e.kind, ExceptionKind::NumberFormat);
        // Spark 4.3's message for `cast('abc' as int)`.
        assert_eq!(
            e.display_message(),
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \"INT\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"
        );
        assert_eq!(
            e.params.get("targetType").map(String::as_str),
            Some("\"INT\"")
        );

        let e = cast("Cannot cast string '1.2.3' to value of Decimal128(10, 2) type");
        assert_eq!(
            e.params.get("targetType").map(String::as_str),
            Some("\"DECIMAL(10,2)\"")
        );
        assert_eq!(e.kind, ExceptionKind::NumberFormat);

        let e = cast("Cannot cast string 'x' to value of Date32 type");
        assert_eq!(e.kind, ExceptionKind::DateTime);

        let e = cast("Cannot cast to struct");
        assert_eq!(e.kind, ExceptionKind::Runtime);
        assert_eq!(e.error_class, None);
        assert!(e.message.contains("Cannot cast to struct"));
    }

    #[test]
    fn schema_errors_are_analysis_errors() {
        let e = from_datafusion(DataFusionError::SchemaError(
            Box::new(SchemaError::FieldNotFound {
                field: Box::new(Column::new_unqualified("a")),
                valid_fields: vec![Column::new_unqualified("b")],
            }),
            Box::new(None),
        ));
        assert_eq!(
            e.error_class.as_deref(),
            Some("UNRESOLVED_COLUMN.WITH_SUGGESTION")
        );
        assert_eq!(e.kind, ExceptionKind::Analysis);
        assert_eq!(e.params.get("proposal").map(String::as_str), Some("`b`"));

        let e = from_datafusion(DataFusionError::SchemaError(
            Box::new(SchemaError::AmbiguousReference {
                field: Box::new(Column::new_unqualified("x")),
            }),
            Box::new(None),
        ));
        assert_eq!(e.error_class.as_deref(), Some("AMBIGUOUS_REFERENCE"));
        assert_eq!(e.kind, ExceptionKind::Analysis);

        let e = from_datafusion(DataFusionError::Plan("bad plan".into()));
        assert_eq!(e.kind, ExceptionKind::Analysis);
        assert_eq!(e.message, "bad plan");
    }

    #[test]
    fn other_errors_keep_datafusion_text() {
        let e = from_datafusion(DataFusionError::NotImplemented("LATERAL joins".into()));
        assert_eq!(e.error_class.as_deref(), Some("UNSUPPORTED_FEATURE"));
        assert!(e.message.contains("LATERAL joins"));

        let e = from_datafusion(DataFusionError::ResourcesExhausted(
            "Failed to allocate 100 bytes".into(),
        ));
        assert_eq!(e.kind, ExceptionKind::Runtime);
        assert_eq!(e.error_class.as_deref(), Some("UNABLE_TO_ACQUIRE_MEMORY"));
        assert!(e.message.contains("Failed to allocate 100 bytes"));

        let e = from_datafusion(DataFusionError::Execution("boom".into()));
        assert_eq!(e.kind, ExceptionKind::Internal);
        assert_eq!(e.message, "boom");

        let e = from_datafusion(DataFusionError::Diagnostic(
            Box::new(datafusion::common::Diagnostic::new_error("bad", None)),
            Box::new(DataFusionError::Execution("inner".into())),
        ));
        assert_eq!(e.message, "inner");
    }
}
