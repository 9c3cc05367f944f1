//! `log1p(x)` (Spark's `Log1p`, `StrictMath.log1p`): `ln(1 + x)` computed without losing the
//! precision of small `x`; NULL for `x <= -1`, like Spark's other logarithms.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{AsArray, Float64Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Float64Type};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::Result;

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{take_args, udf};

fn log1p(x: f64) -> Option<f64> {
    (x > -1.0 || x.is_nan()).then(|| x.ln_1p())
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Log1p {
    signature: Signature,
}

impl ScalarUDFImpl for Log1p {
    fn name(&self) -> &str {
        "spark_log1p"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Float64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        match args.args.first() {
            Some(ColumnarValue::Array(a)) => {
                let out: Float64Array = a
                    .as_primitive::<Float64Type>()
                    .iter()
                    .map(|v| v.and_then(log1p))
                    .collect();
                Ok(ColumnarValue::Array(Arc::new(out)))
            }
            Some(ColumnarValue::Scalar(ScalarValue::Float64(v))) => Ok(ColumnarValue::Scalar(
                ScalarValue::Float64(v.and_then(log1p)),
            )),
            _ => datafusion::common::exec_err!("spark_log1p expects one DOUBLE"),
        }
    }
}

pub(crate) static LOG1P: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Log1p {
        signature: Signature::exact(vec![ArrowType::Float64], Volatility::Immutable),
    })
});

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("log1p", args)?;
    Ok(LOG1P.call(vec![to_double(x, ctx)?]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn domain() {
        assert_eq!(super::log1p(-1.0), None);
        assert_eq!(super::log1p(0.0), Some(0.0));
        assert!(super::log1p(f64::NAN).is_some_and(f64::is_nan));
        assert_eq!(super::log1p(1e-20), Some(1e-20));
    }
}
