//! One scalar UDF shape for the calendar functions: arguments already coerced by the builder,
//! a row kernel over arrays, a fixed result type and the ANSI flag (errors vs NULL).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};

/// What a kernel sees besides its argument arrays.
pub(crate) struct KernelCtx<'a> {
    pub ret: &'a ArrowType,
    pub ansi: bool,
    /// A builder-chosen parameter (a field name, a unit).
    pub param: &'a str,
}

pub(crate) type Kernel = fn(&[ArrayRef], &KernelCtx<'_>) -> DfResult<ArrayRef>;

#[derive(Debug)]
pub(crate) struct DtUdf {
    name: String,
    signature: Signature,
    ret: ArrowType,
    ansi: bool,
    param: String,
    /// NULL only for a NULL argument (Spark's null-intolerant expressions): the result's
    /// nullability is the arguments'.
    strict: bool,
    kernel: Kernel,
}

// Equality ignores the kernel pointer: the name and parameters identify the function.
impl PartialEq for DtUdf {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name
            && self.ret == o.ret
            && self.ansi == o.ansi
            && self.param == o.param
            && self.strict == o.strict
    }
}

impl Eq for DtUdf {}

impl Hash for DtUdf {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.name.hash(h);
        self.ret.hash(h);
        self.ansi.hash(h);
        self.param.hash(h);
        self.strict.hash(h);
    }
}

impl ScalarUDFImpl for DtUdf {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(self.ret.clone())
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = !self.strict || args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(&self.name, self.ret.clone(), nullable)))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let rows = if scalar { 1 } else { args.number_rows };
        let arrays = args
            .args
            .iter()
            .map(|a| a.to_array(rows))
            .collect::<DfResult<Vec<_>>>()?;
        let ctx = KernelCtx {
            ret: &self.ret,
            ansi: self.ansi,
            param: &self.param,
        };
        let out = (self.kernel)(&arrays, &ctx)?;
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// A call of kernel `kernel` named `spark_<name>` over already-coerced `args`; the result
/// may be NULL for any row.
pub(crate) fn call(
    name: &str,
    param: &str,
    ret: ArrowType,
    ansi: bool,
    kernel: Kernel,
    args: Vec<DfExpr>,
) -> DfExpr {
    make(name, param, ret, ansi, false, kernel, args)
}

/// Like [`call`], for kernels that give NULL only for a NULL argument.
pub(crate) fn call_strict(
    name: &str,
    param: &str,
    ret: ArrowType,
    ansi: bool,
    kernel: Kernel,
    args: Vec<DfExpr>,
) -> DfExpr {
    make(name, param, ret, ansi, true, kernel, args)
}

/// [`call`] or [`call_strict`], by `strict`.
pub(crate) fn make(
    name: &str,
    param: &str,
    ret: ArrowType,
    ansi: bool,
    strict: bool,
    kernel: Kernel,
    args: Vec<DfExpr>,
) -> DfExpr {
    let suffix = if ansi { "_ansi" } else { "" };
    let u = DtUdf {
        name: format!("spark_{name}{suffix}"),
        signature: Signature::variadic_any(Volatility::Immutable),
        ret,
        ansi,
        param: param.to_string(),
        strict,
        kernel,
    };
    Arc::new(ScalarUDF::new_from_impl(u)).call(args)
}
