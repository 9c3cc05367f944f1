//! A scalar UDF whose result is nullable only when an argument is (Spark's default for
//! `UnaryExpression`/`BinaryExpression`, e.g. `ATAN2`, `HYPOT`, `hex`), around an
//! implementation that declares every result nullable. Everything else is delegated.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
};

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Strict {
    name: &'static str,
    inner: Arc<ScalarUDF>,
}

impl Strict {
    pub(crate) fn udf(name: &'static str, inner: Arc<ScalarUDF>) -> Arc<ScalarUDF> {
        Arc::new(ScalarUDF::new_from_impl(Self { name, inner }))
    }
}

impl ScalarUDFImpl for Strict {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        self.inner.signature()
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        self.inner.return_type(arg_types)
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        let inner = self.inner.return_field_from_args(args)?;
        Ok(Arc::new(Field::new(
            self.name,
            inner.data_type().clone(),
            nullable,
        )))
    }

    fn coerce_types(&self, arg_types: &[ArrowType]) -> DfResult<Vec<ArrowType>> {
        self.inner.coerce_types(arg_types)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        self.inner.invoke_with_args(args)
    }
}
