//! `json_tuple(json, k1, k2, ...)` (Spark's `JsonTuple`, a generator of one row): the
//! top-level fields as strings in columns `c0, c1, ...`; a string value unquoted, others as
//! JSON text; all NULL when the text is not an object.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder, StructArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::value::{Json, ReadOptions, parse, to_text};
use crate::FunctionContext;
use crate::errors::wrong_num_args;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct JsonTuple {
    fields: Fields,
    signature: Signature,
}

/// The output column names of a call with `n` field arguments.
pub fn output_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

/// Builds the struct of the generator's output columns (the planner projects its fields).
pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.len() < 2 {
        return Err(wrong_num_args("json_tuple", "> 1", args.len()));
    }
    for a in &args {
        if !crate::utils::is_string(&ctx.arg_type(a)?) {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.NON_STRING_TYPE",
                "42K09",
                "Cannot resolve \"json_tuple\" due to data type mismatch: all arguments of the function `json_tuple` must be strings.",
            )
            .param("funcName", "`json_tuple`"));
        }
    }
    let fields: Fields = output_names(args.len() - 1)
        .into_iter()
        .map(|n| Field::new(n, ArrowType::Utf8, true))
        .collect();
    let udf = crate::utils::udf(JsonTuple {
        fields,
        signature: Signature::variadic_any(Volatility::Immutable),
    });
    Ok(udf.call(args))
}

impl ScalarUDFImpl for JsonTuple {
    fn name(&self) -> &str {
        "spark_json_tuple"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Struct(self.fields.clone()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let arrays = arrays
            .iter()
            .map(|a| cast(a, &ArrowType::Utf8))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let rows = arrays.first().map_or(0, |a| a.len());
        let mut builders: Vec<StringBuilder> =
            (1..arrays.len()).map(|_| StringBuilder::new()).collect();
        let opts = ReadOptions::default();
        for r in 0..rows {
            let json = arrays[0].as_string::<i32>();
            let parsed = if json.is_null(r) {
                None
            } else {
                parse(json.value(r), &opts)
            };
            for (k, b) in builders.iter_mut().enumerate() {
                let key = arrays[k + 1].as_string::<i32>();
                let v = match (&parsed, key.is_null(r)) {
                    (Some(Json::Object(fields)), false) => fields
                        .iter()
                        .find(|(n, _)| n == key.value(r))
                        .and_then(|(_, v)| match v {
                            Json::Null => None,
                            Json::Str(s) => Some(s.clone()),
                            other => Some(to_text(other)),
                        }),
                    _ => None,
                };
                b.append_option(v);
            }
        }
        let columns: Vec<ArrayRef> = builders
            .into_iter()
            .map(|mut b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let out: ArrayRef = Arc::new(StructArray::try_new(self.fields.clone(), columns, None)?);
        Ok(if scalar {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?)
        } else {
            ColumnarValue::Array(out)
        })
    }
}

// The plan codec rebuilds `json_tuple` from its output fields.
impl crate::portable::PortableUdf for JsonTuple {
    const KEY: &'static str = "json_tuple";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.data_type(&ArrowType::Struct(self.fields.clone()))?;
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let ArrowType::Struct(fields) = d.data_type()? else {
            return Err(datafusion::common::DataFusionError::Internal(
                "malformed json_tuple".into(),
            ));
        };
        Ok(Self {
            signature: Signature::variadic_any(Volatility::Immutable),
            fields,
        })
    }
}
