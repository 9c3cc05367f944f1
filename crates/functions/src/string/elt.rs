//! `elt(n, input1, input2, ...)` (Spark's `Elt`): the `n`-th input (1-based); NULL for a
//! NULL `n`; out of range NULL, or `INVALID_ARRAY_INDEX` under ANSI mode. String inputs
//! only (binary `elt` is not supported).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Int64Type};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::{check_args, is_string, udf};

#[derive(Debug, PartialEq, Eq, Hash)]
struct Elt {
    ansi: bool,
    signature: Signature,
}

static ELT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| make(false));
static ELT_ANSI: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| make(true));

fn make(ansi: bool) -> Arc<ScalarUDF> {
    udf(Elt {
        ansi,
        signature: Signature::variadic_any(Volatility::Immutable),
    })
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&ELT), Arc::clone(&ELT_ANSI)]
}

/// `INVALID_ARRAY_INDEX` (Spark's `QueryExecutionErrors.invalidArrayIndexError`).
fn invalid_index(index: i64, size: usize) -> SparkError {
    let config = "\"spark.sql.ansi.enabled\"";
    SparkError::with_class(
        ExceptionKind::ArrayIndexOutOfBounds,
        "INVALID_ARRAY_INDEX",
        "22003",
        format!(
            "The index {index} is out of bounds. The array has {size} elements. Use the SQL function `get()` to tolerate accessing element at invalid index and return NULL instead. If necessary set {config} to \"false\" to bypass this error."
        ),
    )
    .param("indexValue", index.to_string())
    .param("arraySize", size.to_string())
    .param("ansiConfig", config)
}

impl ScalarUDFImpl for Elt {
    fn name(&self) -> &str {
        if self.ansi {
            "spark_elt_ansi"
        } else {
            "spark_elt"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some((n, inputs)) = arrays.split_first() else {
            return Ok(ColumnarValue::Scalar(ScalarValue::Utf8(None)));
        };
        let n = cast(n, &ArrowType::Int64)?;
        let n = n.as_primitive::<Int64Type>();
        let inputs = inputs
            .iter()
            .map(|a| cast(a, &ArrowType::Utf8))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = StringBuilder::new();
        for row in 0..n.len() {
            if n.is_null(row) {
                out.append_null();
                continue;
            }
            let i = n.value(row);
            let picked = usize::try_from(i - 1).ok().and_then(|k| inputs.get(k));
            match picked {
                Some(a) if !a.is_null(row) => out.append_value(a.as_string::<i32>().value(row)),
                Some(_) => out.append_null(),
                None if self.ansi => return Err(to_df(invalid_index(i, inputs.len()))),
                None => out.append_null(),
            }
        }
        let result: ArrayRef = Arc::new(out.finish());
        crate::utils::columnar(result, &args.args)
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("elt", &args, 2, usize::MAX)?;
    for t in ctx.arg_types(args.get(1..).unwrap_or(&[]))? {
        if !is_string(&t) && t != ArrowType::Null {
            return Err(SparkError::unsupported(format!("elt over {t} inputs")));
        }
    }
    Ok(if ctx.ansi { &ELT_ANSI } else { &ELT }.call(args))
}
