//! `initcap(str)` (Spark's `InitCap`): lower-cases the string, then upper-cases the first
//! letter and every letter after a space (only a space delimits words, unlike DataFusion's
//! `initcap`, which also splits on punctuation).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue, cast::as_string_array, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility, cast,
};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{take_args, udf};

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct InitCap {
    signature: Signature,
}

pub(crate) static INITCAP: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    udf(InitCap {
        signature: Signature::exact(vec![ArrowType::Utf8], Volatility::Immutable),
    })
});

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("initcap", args)?;
    let s = if ctx.arg_type(&s)? == ArrowType::Utf8 {
        s
    } else {
        cast(s, ArrowType::Utf8)
    };
    Ok(INITCAP.call(vec![s]))
}

fn initcap(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_space = true;
    for c in s.chars() {
        if after_space {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        after_space = c == ' ';
    }
    out
}

impl ScalarUDFImpl for InitCap {
    fn name(&self) -> &str {
        "spark_initcap"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(self.name(), ArrowType::Utf8, nullable)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        match args.args.first() {
            Some(ColumnarValue::Scalar(ScalarValue::Utf8(v))) => Ok(ColumnarValue::Scalar(
                ScalarValue::Utf8(v.as_deref().map(initcap)),
            )),
            Some(ColumnarValue::Array(a)) => {
                let a = as_string_array(a)?;
                let out: StringArray = a.iter().map(|v| v.map(initcap)).collect();
                Ok(ColumnarValue::Array(Arc::new(out)))
            }
            other => exec_err!("spark_initcap got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_spaces_delimit_words() {
        assert_eq!(super::initcap("hELLO wORLD"), "Hello World");
        assert_eq!(super::initcap("a-b c_d"), "A-b C_d");
    }
}
