//! `parse_json(str)` / `try_parse_json(str)` (Spark's `ParseJson`): JSON text -> variant.
//! Malformed JSON (or a duplicate key) fails with `MALFORMED_RECORD_IN_PARSING` under
//! `parse_json` and is NULL under `try_parse_json`, whatever `spark.sql.ansi.enabled` says.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::encoding::{ParseError, parse_json};
use super::{arrow_type, build_array};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::{check_args, is_string};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    make("parse_json", args, ctx, false)
}

pub(crate) fn build_try(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    make("try_parse_json", args, ctx, true)
}

fn make(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>, try_: bool) -> Result<DfExpr> {
    check_args(name, &args, 1, 1)?;
    let t = ctx.arg_type(&args[0])?;
    let arg = match t {
        ArrowType::Null => datafusion::logical_expr::cast(args[0].clone(), ArrowType::Utf8),
        ref s if is_string(s) => args[0].clone(),
        other => {
            return Err(string_expected(
                &format!("{name}({})", args[0].schema_name()),
                &args[0].schema_name().to_string(),
                &other,
            ));
        }
    };
    Ok(crate::utils::udf(ParseJson {
        try_,
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![arg]))
}

/// `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` for a non-string first argument.
pub(crate) fn string_expected(call: &str, arg: &str, t: &ArrowType) -> SparkError {
    let shown = crate::json::to_json_type_sql(t);
    crate::errors::unexpected_input_type(
        call,
        format!(
            "The first parameter requires the \"STRING\" type, however \"{arg}\" has the type \"{shown}\""
        ),
    )
    .param("paramIndex", "first")
    .param("requiredType", "\"STRING\"")
    .param("inputSql", format!("\"{arg}\""))
    .param("inputType", format!("\"{shown}\""))
}

/// `MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION` (Spark's
/// `QueryExecutionErrors.malformedRecordsDetectedInRecordParsingError` in FAILFAST mode).
fn malformed_record(text: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        "22023",
        format!(
            "Malformed records are detected in record parsing: {text}.\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. "
        ),
    )
    .param("badRecord", text)
    .param("failFastMode", "FAILFAST")
}

/// `VARIANT_SIZE_LIMIT` (Spark's `QueryExecutionErrors.variantSizeLimitError`).
fn size_limit() -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "VARIANT_SIZE_LIMIT",
        "22023",
        "Cannot build variant bigger than 16.0 MiB in `parse_json`.\nPlease avoid large input strings to this expression (for example, add function calls(s) to check the expression size and convert it to NULL first if it is too big).",
    )
    .param("sizeLimit", "16.0 MiB")
    .param("functionName", "`parse_json`")
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ParseJson {
    try_: bool,
    signature: Signature,
}

impl ScalarUDFImpl for ParseJson {
    fn name(&self) -> &str {
        if self.try_ {
            "spark_try_parse_json"
        } else {
            "spark_parse_json"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(arrow_type())
    }

    /// `parse_json` is NULL only for NULL input; `try_parse_json` also for bad JSON.
    fn return_field_from_args(
        &self,
        args: datafusion::logical_expr::ReturnFieldArgs,
    ) -> DfResult<datafusion::arrow::datatypes::FieldRef> {
        let nullable = self.try_ || args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new(self.name(), arrow_type(), nullable),
        ))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let input = datafusion::arrow::compute::cast(&arrays[0], &ArrowType::Utf8)?;
        let strings = input.as_string::<i32>();
        let mut rows = Vec::with_capacity(strings.len());
        for i in 0..strings.len() {
            if strings.is_null(i) {
                rows.push(None);
                continue;
            }
            let text = strings.value(i);
            match parse_json(text) {
                Ok(v) => rows.push(Some(v)),
                Err(_) if self.try_ => rows.push(None),
                Err(ParseError::Malformed) => return Err(to_df(malformed_record(text))),
                Err(ParseError::TooLarge) => return Err(to_df(size_limit())),
            }
        }
        Ok(ColumnarValue::Array(build_array(rows)?))
    }
}

// The plan codec rebuilds `parse_json`/`try_parse_json` from the mode.
impl crate::portable::PortableUdf for ParseJson {
    const KEY: &'static str = "parse_json";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.bool(self.try_);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            try_: d.bool()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
