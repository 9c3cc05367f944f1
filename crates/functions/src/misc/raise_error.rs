//! `raise_error(msg)` and `assert_true(cond[, msg])` (Spark's `RaiseError`, `AssertTrue`):
//! fail the query with `USER_RAISED_EXCEPTION` (a `SparkRuntimeException`) when a row reaches
//! them. `assert_true` is `if(cond, NULL, raise_error(msg))`, its default message
//! `'<cond>' is not true!`.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, lit, when,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::{from_df, to_df};
use crate::utils::{check_args, take_args};

#[derive(Debug, PartialEq, Eq, Hash)]
struct RaiseError {
    signature: Signature,
}

fn user_raised(message: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "USER_RAISED_EXCEPTION",
        "P0001",
        message.to_string(),
    )
    .param("errorMessage", message)
}

impl ScalarUDFImpl for RaiseError {
    fn name(&self) -> &str {
        "spark_raise_error"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Null)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        if args.number_rows == 0 {
            return Ok(ColumnarValue::Scalar(ScalarValue::Null));
        }
        let message = match args.args.first() {
            Some(ColumnarValue::Scalar(v)) => (!v.is_null()).then(|| v.to_string()),
            Some(ColumnarValue::Array(a)) => {
                let s = cast(a, &ArrowType::Utf8)?;
                let s = s.as_string::<i32>();
                (!s.is_empty() && s.is_valid(0)).then(|| s.value(0).to_string())
            }
            None => None,
        };
        Err(to_df(user_raised(message.as_deref().unwrap_or("null"))))
    }
}

static RAISE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    crate::utils::udf(RaiseError {
        signature: Signature::any(1, Volatility::Volatile),
    })
});

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&RAISE)
}

pub(crate) fn build_raise_error(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [msg] = take_args("raise_error", args)?;
    Ok(RAISE.call(vec![msg]))
}

pub(crate) fn build_assert_true(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("assert_true", &args, 1, 2)?;
    let mut args = args.into_iter();
    let (Some(cond), msg) = (args.next(), args.next()) else {
        return Err(crate::errors::wrong_num_args("assert_true", "[1, 2]", 0));
    };
    if ctx.arg_type(&cond)? != ArrowType::Boolean {
        return Err(crate::errors::unexpected_input_type(
            "assert_true",
            "The first parameter requires the \"BOOLEAN\" type",
        ));
    }
    let msg = msg.unwrap_or_else(|| lit(format!("'{}' is not true!", cond.schema_name())));
    when(cond, lit(ScalarValue::Null))
        .otherwise(RAISE.call(vec![msg]))
        .map_err(from_df)
}

/// `assert_true(cond)`'s message argument, `'<cond SQL>' is not true!`, which Spark adds at
/// analysis (it shows in the column name).
pub(crate) fn default_message(arg_names: &[String]) -> Option<String> {
    match arg_names {
        [cond] => Some(format!("'{cond}' is not true!")),
        _ => None,
    }
}
