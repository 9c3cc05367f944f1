//! `spark_int_*`: integral arithmetic with Spark's overflow and zero-divisor semantics (Java
//! wrapping when ANSI is off, `ARITHMETIC_OVERFLOW` when on; mirrors Spark's `MathUtils`
//! `*Exact` helpers and `DivModLike`).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, ArrowNativeTypeOp, AsArray, PrimitiveArray};
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, DataType as ArrowType, Field, FieldRef, Int8Type, Int16Type, Int32Type,
    Int64Type,
};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::SparkError;

use crate::errors::{arithmetic_overflow, binary_arithmetic_overflow, remainder_by_zero, to_df};
use crate::utils::udf;

/// The integral operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum IntOp {
    Add,
    Sub,
    Mul,
    /// Integral division (`div`), truncating toward zero.
    Div,
    /// Remainder (`%`), with the sign of the dividend.
    Rem,
    Neg,
    Abs,
}

impl IntOp {
    const ALL: [IntOp; 7] = [
        IntOp::Add,
        IntOp::Sub,
        IntOp::Mul,
        IntOp::Div,
        IntOp::Rem,
        IntOp::Neg,
        IntOp::Abs,
    ];

    fn arity(self) -> usize {
        match self {
            IntOp::Neg | IntOp::Abs => 1,
            _ => 2,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            IntOp::Add => "+",
            IntOp::Sub => "-",
            IntOp::Mul => "*",
            IntOp::Div => "div",
            IntOp::Rem => "%",
            IntOp::Neg => "-",
            IntOp::Abs => "abs",
        }
    }

    fn try_fn(self) -> Option<&'static str> {
        match self {
            IntOp::Add => Some("try_add"),
            IntOp::Sub => Some("try_subtract"),
            IntOp::Mul => Some("try_multiply"),
            IntOp::Div => Some("try_divide"),
            IntOp::Rem => Some("try_mod"),
            IntOp::Neg | IntOp::Abs => None,
        }
    }
}

/// The UDF for one operation in one mode.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct IntArith {
    op: IntOp,
    ansi: bool,
    signature: Signature,
}

impl IntArith {
    fn new(op: IntOp, ansi: bool) -> Self {
        Self {
            op,
            ansi,
            signature: Signature::any(op.arity(), Volatility::Immutable),
        }
    }
}

static UDFS: LazyLock<Vec<Arc<ScalarUDF>>> = LazyLock::new(|| {
    IntOp::ALL
        .iter()
        .flat_map(|op| [false, true].map(|ansi| udf(IntArith::new(*op, ansi))))
        .collect()
});

/// The UDF for `op` in the given mode.
pub(crate) fn int_udf(op: IntOp, ansi: bool) -> Arc<ScalarUDF> {
    let i = IntOp::ALL.iter().position(|o| *o == op).unwrap_or(0) * 2 + usize::from(ansi);
    match UDFS.get(i) {
        Some(u) => Arc::clone(u),
        None => udf(IntArith::new(op, ansi)),
    }
}

/// All variants, for session registration.
pub(crate) fn all_udfs() -> Vec<Arc<ScalarUDF>> {
    UDFS.iter().map(Arc::clone).collect()
}

impl ScalarUDFImpl for IntArith {
    fn name(&self) -> &str {
        match (self.op, self.ansi) {
            (IntOp::Add, false) => "spark_int_add",
            (IntOp::Add, true) => "spark_int_add_ansi",
            (IntOp::Sub, false) => "spark_int_subtract",
            (IntOp::Sub, true) => "spark_int_subtract_ansi",
            (IntOp::Mul, false) => "spark_int_multiply",
            (IntOp::Mul, true) => "spark_int_multiply_ansi",
            (IntOp::Div, false) => "spark_int_div",
            (IntOp::Div, true) => "spark_int_div_ansi",
            (IntOp::Rem, false) => "spark_int_remainder",
            (IntOp::Rem, true) => "spark_int_remainder_ansi",
            (IntOp::Neg, false) => "spark_int_negative",
            (IntOp::Neg, true) => "spark_int_negative_ansi",
            (IntOp::Abs, false) => "spark_int_abs",
            (IntOp::Abs, true) => "spark_int_abs_ansi",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        match arg_types.first() {
            Some(t) if crate::utils::is_integral(t) => Ok(t.clone()),
            other => exec_err!("{} expects integral arguments, got {other:?}", self.name()),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let types: Vec<_> = args
            .arg_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        let t = self.return_type(&types)?;
        // A zero divisor gives NULL (or an error); Spark marks these nullable in both modes.
        let nullable = matches!(self.op, IntOp::Div | IntOp::Rem)
            || args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(self.name(), t, nullable)))
    }

    fn is_strict(&self) -> bool {
        true
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let result = match arrays.first().map(|a| a.data_type()) {
            Some(ArrowType::Int8) => eval::<Int8Type>(self.op, self.ansi, &arrays, "S"),
            Some(ArrowType::Int16) => eval::<Int16Type>(self.op, self.ansi, &arrays, "S"),
            Some(ArrowType::Int32) => eval::<Int32Type>(self.op, self.ansi, &arrays, ""),
            Some(ArrowType::Int64) => eval::<Int64Type>(self.op, self.ansi, &arrays, "L"),
            other => return exec_err!("{} got unsupported input {other:?}", self.name()),
        }?;
        crate::utils::columnar(result, &args.args)
    }
}

fn eval<T: ArrowPrimitiveType>(
    op: IntOp,
    ansi: bool,
    arrays: &[ArrayRef],
    suffix: &str,
) -> DfResult<ArrayRef>
where
    T::Native: std::fmt::Display,
{
    let left = arrays
        .first()
        .map(|a| a.as_primitive::<T>())
        .ok_or_else(|| datafusion::common::DataFusionError::Internal("missing argument".into()))?;
    // tinyint/smallint overflow has its own error class in Spark (the values are shown).
    let small = matches!(T::DATA_TYPE, ArrowType::Int8 | ArrowType::Int16);
    if op.arity() == 1 {
        let out: PrimitiveArray<T> = left
            .iter()
            .map(|v| v.map(|v| unary::<T>(op, ansi, v)).transpose())
            .collect::<Result<_, SparkError>>()
            .map_err(to_df)?;
        return Ok(Arc::new(out));
    }
    let right = match arrays.get(1) {
        Some(a) if a.data_type() == left.data_type() => a.as_primitive::<T>(),
        _ => return exec_err!("integral operands must have the same type"),
    };
    // Vectorized: Arrow's checked kernels fail exactly where Spark's ANSI arithmetic overflows
    // (the row-by-row path below then builds Spark's error), its wrapping ones are Java's.
    use datafusion::arrow::compute::kernels::numeric;
    let fast = match (op, ansi) {
        (IntOp::Add, true) => Some(numeric::add(left, right)),
        (IntOp::Add, false) => Some(numeric::add_wrapping(left, right)),
        (IntOp::Sub, true) => Some(numeric::sub(left, right)),
        (IntOp::Sub, false) => Some(numeric::sub_wrapping(left, right)),
        (IntOp::Mul, true) => Some(numeric::mul(left, right)),
        (IntOp::Mul, false) => Some(numeric::mul_wrapping(left, right)),
        _ => None,
    };
    if let Some(Ok(out)) = fast {
        return Ok(out);
    }
    let out: PrimitiveArray<T> = left
        .iter()
        .zip(right.iter())
        .map(|(l, r)| match (l, r) {
            (Some(l), Some(r)) => binary::<T>(op, ansi, l, r, small, suffix),
            _ => Ok(None),
        })
        .collect::<Result<_, SparkError>>()
        .map_err(to_df)?;
    Ok(Arc::new(out))
}

fn unary<T: ArrowPrimitiveType>(
    op: IntOp,
    ansi: bool,
    v: T::Native,
) -> Result<T::Native, SparkError> {
    let negative = v.is_lt(T::Native::default());
    let needs_neg = op == IntOp::Neg || negative;
    if !needs_neg {
        return Ok(v);
    }
    if ansi {
        v.neg_checked()
            .map_err(|_| arithmetic_overflow("overflow", None))
    } else {
        Ok(v.neg_wrapping())
    }
}

fn binary<T: ArrowPrimitiveType>(
    op: IntOp,
    ansi: bool,
    l: T::Native,
    r: T::Native,
    small: bool,
    suffix: &str,
) -> Result<Option<T::Native>, SparkError>
where
    T::Native: std::fmt::Display,
{
    if matches!(op, IntOp::Div | IntOp::Rem) && r.is_zero() {
        return match (ansi, op) {
            (false, _) => Ok(None),
            (true, IntOp::Rem) => Err(remainder_by_zero()),
            (true, _) => Err(SparkError::divide_by_zero()),
        };
    }
    let checked = match op {
        IntOp::Add => l.add_checked(r),
        IntOp::Sub => l.sub_checked(r),
        IntOp::Mul => l.mul_checked(r),
        IntOp::Div => l.div_checked(r),
        // MIN % -1 is 0 in Java, never an overflow.
        IntOp::Rem => Ok(l.mod_wrapping(r)),
        IntOp::Neg | IntOp::Abs => Ok(l),
    };
    match checked {
        Ok(v) => Ok(Some(v)),
        Err(_) if !ansi => Ok(Some(match op {
            IntOp::Add => l.add_wrapping(r),
            IntOp::Sub => l.sub_wrapping(r),
            IntOp::Mul => l.mul_wrapping(r),
            IntOp::Div => l.div_wrapping(r),
            _ => l.mod_wrapping(r),
        })),
        Err(_) => {
            let try_fn = op.try_fn().unwrap_or("try_add");
            if small {
                Err(binary_arithmetic_overflow(
                    &format!("{l}{suffix}"),
                    op.symbol(),
                    &format!("{r}{suffix}"),
                    try_fn,
                ))
            } else if op == IntOp::Div {
                Err(arithmetic_overflow(
                    "Overflow in integral divide",
                    Some(try_fn),
                ))
            } else {
                Err(arithmetic_overflow("overflow", Some(try_fn)))
            }
        }
    }
}
