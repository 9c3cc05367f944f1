//! `mask(str[, upperChar, lowerChar, digitChar, otherChar])` (Spark's `Mask`): upper-case
//! letters become `upperChar` ('X'), lower-case `lowerChar` ('x'), digits `digitChar` ('n'),
//! anything else `otherChar` (kept when NULL); a NULL replacement keeps its class unmasked.
//! Its parameter names are what named arguments (`upperChar => 'U'`) refer to.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, lit,
};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{check_args, udf};

#[derive(Debug, PartialEq, Eq, Hash)]
struct Mask {
    signature: Signature,
}

static MASK: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(Mask {
        signature: Signature::any(5, Volatility::Immutable),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&MASK)]
}

/// Missing trailing arguments take Spark's defaults (also in the column name).
pub(crate) fn defaults(given: usize) -> Vec<DfExpr> {
    let all = [lit("X"), lit("x"), lit("n"), lit(ScalarValue::Utf8(None))];
    all.into_iter().skip(given.saturating_sub(1)).collect()
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("mask", &args, 1, 5)?;
    crate::utils::require_strings("mask", &args, ctx)?;
    let mut args = args;
    let n = args.len();
    args.extend(defaults(n));
    Ok(MASK.call(args))
}

/// The display of a call, with the defaults filled in as Spark shows them.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    let defaults = ["X", "x", "n", "NULL"];
    let mut all: Vec<String> = args.to_vec();
    for d in defaults.iter().skip(args.len().saturating_sub(1)) {
        all.push((*d).to_string());
    }
    format!("mask({})", all.join(", "))
}

fn strings(a: &ArrayRef) -> DfResult<ArrayRef> {
    Ok(cast(a, &ArrowType::Utf8)?)
}

impl ScalarUDFImpl for Mask {
    fn name(&self) -> &str {
        "spark_mask"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let arrays = arrays.iter().map(strings).collect::<DfResult<Vec<_>>>()?;
        let [input, upper, lower, digit, other] = arrays.as_slice() else {
            return exec_err!("spark_mask expects 5 arguments");
        };
        let (input, upper, lower, digit, other) = (
            input.as_string::<i32>(),
            upper.as_string::<i32>(),
            lower.as_string::<i32>(),
            digit.as_string::<i32>(),
            other.as_string::<i32>(),
        );
        let first = |a: &datafusion::arrow::array::StringArray, row: usize| {
            (!a.is_null(row))
                .then(|| a.value(row).chars().next())
                .flatten()
        };
        let mut out = StringBuilder::new();
        for row in 0..input.len() {
            if input.is_null(row) {
                out.append_null();
                continue;
            }
            let (u, l, d, o) = (
                first(upper, row),
                first(lower, row),
                first(digit, row),
                first(other, row),
            );
            let masked: String = input
                .value(row)
                .chars()
                .map(|c| {
                    let r = if c.is_uppercase() {
                        u
                    } else if c.is_lowercase() {
                        l
                    } else if c.is_ascii_digit() {
                        d
                    } else {
                        o
                    };
                    r.unwrap_or(c)
                })
                .collect();
            out.append_value(masked);
        }
        let result: ArrayRef = Arc::new(out.finish());
        crate::utils::columnar(result, &args.args)
    }
}
