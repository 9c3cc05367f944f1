//! The placeholders the resolver leaves for the input-file functions and `_metadata` (see the
//! module docs): volatile UDFs that must never run ([`super::lift::apply`] replaces them).

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef, Fields, TimeUnit};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};

use super::super::super::PlanConfig;
use super::super::super::expressions::Named;

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Name,
    BlockStart,
    BlockLength,
    Metadata,
}

impl Kind {
    fn udf_name(self) -> &'static str {
        match self {
            Kind::Name => "__sabot_input_file_name",
            Kind::BlockStart => "__sabot_input_file_block_start",
            Kind::BlockLength => "__sabot_input_file_block_length",
            Kind::Metadata => "__sabot_file_metadata",
        }
    }
}

/// The `_metadata` struct of Spark's file sources (`FileFormat.BASE_METADATA_FIELDS`, all
/// non-null), with Parquet's `row_index` (`ParquetFileFormat.ROW_INDEX_FIELD`).
pub(crate) fn metadata_type(row_index: bool, time_zone: &str) -> ArrowType {
    let mut fields = vec![
        Field::new("file_path", ArrowType::Utf8, false),
        Field::new("file_name", ArrowType::Utf8, false),
        Field::new("file_size", ArrowType::Int64, false),
        Field::new("file_block_start", ArrowType::Int64, false),
        Field::new("file_block_length", ArrowType::Int64, false),
        Field::new(
            "file_modification_time",
            ArrowType::Timestamp(TimeUnit::Microsecond, Some(Arc::from(time_zone))),
            false,
        ),
    ];
    if row_index {
        fields.push(Field::new("row_index", ArrowType::Int64, false));
    }
    ArrowType::Struct(Fields::from(fields))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Placeholder {
    kind: Kind,
    /// The `_metadata` type assumed while resolving (the scan's own replaces it).
    time_zone: String,
    signature: Signature,
}

impl ScalarUDFImpl for Placeholder {
    fn name(&self) -> &str {
        self.kind.udf_name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(match self.kind {
            Kind::Name => ArrowType::Utf8,
            Kind::BlockStart | Kind::BlockLength => ArrowType::Int64,
            Kind::Metadata => metadata_type(true, &self.time_zone),
        })
    }

    fn return_field_from_args(&self, _: ReturnFieldArgs) -> DfResult<FieldRef> {
        Ok(Arc::new(Field::new(
            self.name(),
            self.return_type(&[])?,
            false,
        )))
    }

    fn invoke_with_args(&self, _: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        exec_err!("{} is a placeholder that was not replaced", self.name())
    }
}

fn placeholder(kind: Kind, time_zone: &str) -> DfExpr {
    ScalarUDF::new_from_impl(Placeholder {
        kind,
        time_zone: time_zone.to_string(),
        signature: Signature::nullary(Volatility::Volatile),
    })
    .call(vec![])
}

/// The placeholder kind `e` is, if it is one.
pub(crate) fn kind_of(e: &DfExpr) -> Option<Kind> {
    let DfExpr::ScalarFunction(f) = e else {
        return None;
    };
    [
        Kind::Name,
        Kind::BlockStart,
        Kind::BlockLength,
        Kind::Metadata,
    ]
    .into_iter()
    .find(|k| f.func.name() == k.udf_name())
}

/// `input_file_name()` and friends without arguments, named as Spark names them.
pub(crate) fn function_call(lower: &str, arg_count: usize, time_zone: &str) -> Option<Named> {
    let kind = match lower {
        "input_file_name" => Kind::Name,
        "input_file_block_start" => Kind::BlockStart,
        "input_file_block_length" => Kind::BlockLength,
        _ => return None,
    };
    (arg_count == 0).then(|| Named::new(placeholder(kind, time_zone), format!("{lower}()")))
}

/// `_metadata` (when no input column has the name): the placeholder and its assumed type.
pub(crate) fn metadata_column(conf: &PlanConfig, first: &str) -> Option<(Named, ArrowType)> {
    let same = if conf.case_sensitive {
        first == "_metadata"
    } else {
        first.eq_ignore_ascii_case("_metadata")
    };
    same.then(|| {
        (
            Named::new(placeholder(Kind::Metadata, &conf.time_zone), first),
            metadata_type(true, &conf.time_zone),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognized() {
        let n = function_call("input_file_name", 0, "UTC").unwrap();
        assert_eq!(n.name, "input_file_name()");
        assert_eq!(kind_of(&n.expr), Some(Kind::Name));
        assert!(function_call("input_file_name", 1, "UTC").is_none());
        assert!(function_call("upper", 0, "UTC").is_none());
        let ArrowType::Struct(f) = metadata_type(false, "UTC") else {
            panic!()
        };
        assert_eq!(f.len(), 6);
    }
}
