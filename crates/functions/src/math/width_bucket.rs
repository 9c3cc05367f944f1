//! `width_bucket(v, min, max, n)` on numbers (Spark's `WidthBucket.computeBucketNumberNotNull`):
//! the 1-based bucket of `v` among `n` equal-width buckets over `[min, max)` (or `(max, min]`
//! when `min > max`), 0 below and `n + 1` above; NULL for a non-positive `n`, `n = Long.MAX`, a
//! NaN value, equal bounds or non-finite bounds. `datafusion-spark`'s version differs on
//! infinite values and rounds through a bucket width, so this is Sabot's own kernel.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, AsArray, Int64Array};
use datafusion::arrow::datatypes::{DataType as ArrowType, Float64Type, Int64Type};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::{Result, SparkError};

use super::sqrt_exp::to_double;
use crate::FunctionContext;
use crate::utils::{cast_to, is_decimal, is_floating, is_integral, take_args, udf};

/// Spark's bucket number for non-NULL inputs.
fn bucket(value: f64, min: f64, max: f64, n: i64) -> Option<i64> {
    if n <= 0
        || n == i64::MAX
        || value.is_nan()
        || min == max
        || !min.is_finite()
        || !max.is_finite()
    {
        return None;
    }
    let (lower, upper) = (min.min(max), min.max(max));
    // `as i64` truncates toward zero, like Scala's `toLong`.
    Some(if min < max {
        if value < lower {
            0
        } else if value >= upper {
            n + 1
        } else {
            (n as f64 * (value - lower) / (upper - lower)) as i64 + 1
        }
    } else if value > upper {
        0
    } else if value <= lower {
        n + 1
    } else {
        (n as f64 * (upper - value) / (upper - lower)) as i64 + 1
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct WidthBucket {
    signature: Signature,
}

impl ScalarUDFImpl for WidthBucket {
    fn name(&self) -> &str {
        "spark_width_bucket"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [v, lo, hi, n] = arrays.as_slice() else {
            return datafusion::common::exec_err!("spark_width_bucket expects 4 arguments");
        };
        let (v, lo, hi) = (
            v.as_primitive::<Float64Type>(),
            lo.as_primitive::<Float64Type>(),
            hi.as_primitive::<Float64Type>(),
        );
        let n = n.as_primitive::<Int64Type>();
        let out: Int64Array = (0..v.len())
            .map(|i| {
                let x = v.is_valid(i).then(|| v.value(i))?;
                let l = lo.is_valid(i).then(|| lo.value(i))?;
                let h = hi.is_valid(i).then(|| hi.value(i))?;
                let k = n.is_valid(i).then(|| n.value(i))?;
                bucket(x, l, h, k)
            })
            .collect();
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let out = ColumnarValue::Array(Arc::new(out));
        if scalar {
            Ok(ColumnarValue::Scalar(
                datafusion::common::ScalarValue::try_from_array(&out.into_array(1)?, 0)?,
            ))
        } else {
            Ok(out)
        }
    }
}

pub(crate) static WIDTH_BUCKET: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(WidthBucket {
        signature: Signature::exact(
            vec![
                ArrowType::Float64,
                ArrowType::Float64,
                ArrowType::Float64,
                ArrowType::Int64,
            ],
            Volatility::Immutable,
        ),
    })
});

fn numeric(t: &ArrowType) -> bool {
    is_integral(t) || is_floating(t) || is_decimal(t) || *t == ArrowType::Null
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [v, lo, hi, n] = take_args("width_bucket", args)?;
    for a in [&v, &lo, &hi] {
        let t = ctx.arg_type(a)?;
        if !numeric(&t) {
            return Err(SparkError::unsupported(format!("`width_bucket` over {t}")));
        }
    }
    let nt = ctx.arg_type(&n)?;
    if !(is_integral(&nt) || nt == ArrowType::Null) {
        return Err(crate::errors::unexpected_input_type(
            "width_bucket",
            format!("`width_bucket` requires a BIGINT bucket count, got {nt}"),
        ));
    }
    Ok(WIDTH_BUCKET.call(vec![
        to_double(v, ctx)?,
        to_double(lo, ctx)?,
        to_double(hi, ctx)?,
        cast_to(n, &nt, &ArrowType::Int64),
    ]))
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn buckets_like_spark() {
        assert_eq!(bucket(5.3, 0.2, 10.6, 5), Some(3));
        assert_eq!(bucket(-2.1, 1.3, 3.4, 3), Some(0));
        assert_eq!(bucket(8.1, 0.0, 5.7, 4), Some(5));
        assert_eq!(bucket(-0.9, 5.2, 0.5, 2), Some(3));
        assert_eq!(bucket(f64::INFINITY, 0.0, 1.0, 2), Some(3));
        assert_eq!(bucket(1.0, 0.0, 0.0, 2), None);
        assert_eq!(bucket(1.0, 0.0, 2.0, 0), None);
        assert_eq!(bucket(1.0, 0.0, 2.0, i64::MAX), None);
    }
}
