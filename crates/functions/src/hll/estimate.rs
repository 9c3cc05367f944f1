//! `hll_sketch_estimate(sketch)` (Spark's `HllSketchEstimate`): `Math.round` of the sketch's
//! estimate (HIP, or composite for out-of-order sketches); NULL for NULL; invalid bytes fail
//! with `HLL_INVALID_INPUT_SKETCH_BUFFER`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{ArrayRef, AsArray, Int64Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use sabot_common::Result;

use super::state::Hll;
use super::union_agg::binary_arg;
use crate::FunctionContext;
use crate::errors::wrong_num_args;
use crate::utils::udf;

const NAME: &str = "hll_sketch_estimate";

#[derive(Debug, PartialEq, Eq, Hash)]
struct Estimate {
    signature: Signature,
}

impl ScalarUDFImpl for Estimate {
    fn name(&self) -> &str {
        "spark_hll_sketch_estimate"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Int64)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(
            self.name(),
            ArrowType::Int64,
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some(a) = arrays.first() else {
            return datafusion::common::exec_err!("{NAME} expects 1 argument");
        };
        let out = a
            .as_binary::<i32>()
            .iter()
            .map(|v| {
                v.map(|b| {
                    let e = Hll::deserialize(b, NAME)?.estimate()?;
                    // Java's Math.round.
                    Ok((e + 0.5).floor() as i64)
                })
                .transpose()
            })
            .collect::<DfResult<Int64Array>>()?;
        Ok(ColumnarValue::Array(Arc::new(out) as ArrayRef))
    }
}

static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Estimate {
        signature: Signature::any(1, Volatility::Immutable),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&UDF)]
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let n = args.len();
    let [x]: [DfExpr; 1] = args.try_into().map_err(|_| wrong_num_args(NAME, "1", n))?;
    Ok(UDF.call(vec![binary_arg(x, ctx, NAME, "first")?]))
}
