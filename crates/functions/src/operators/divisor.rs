//! `spark_divisor*`: guards the divisor of `/`, `div` and `%` on non-integral types — a zero
//! (including `-0.0`) becomes NULL when ANSI is off and raises `DIVIDE_BY_ZERO` /
//! `REMAINDER_BY_ZERO` when on (Spark's `DivModLike`, which checks `divisor == 0` for every
//! numeric type).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, ArrowNativeTypeOp, AsArray, BooleanArray};
use datafusion::arrow::compute::nullif;
use datafusion::arrow::datatypes::{
    ArrowPrimitiveType, DataType as ArrowType, Decimal128Type, Decimal256Type, Field, FieldRef,
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
};
use datafusion::common::{Result as DfResult, ScalarValue, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use sabot_common::SparkError;

use crate::errors::{remainder_by_zero, to_df};
use crate::utils::udf;

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct NonZeroDivisor {
    remainder: bool,
    ansi: bool,
    signature: Signature,
}

static UDFS: LazyLock<[Arc<ScalarUDF>; 4]> = LazyLock::new(|| {
    [(false, false), (false, true), (true, false), (true, true)].map(|(remainder, ansi)| {
        udf(NonZeroDivisor {
            remainder,
            ansi,
            signature: Signature::any(1, Volatility::Immutable),
        })
    })
});

/// `divisor`, guarded: for `/` and `div` (`remainder == false`) or `%`.
pub(crate) fn guard(divisor: DfExpr, remainder: bool, ansi: bool) -> DfExpr {
    let i = usize::from(remainder) * 2 + usize::from(ansi);
    UDFS[i].call(vec![divisor])
}

pub(crate) fn all_udfs() -> Vec<Arc<ScalarUDF>> {
    UDFS.iter().map(Arc::clone).collect()
}

impl ScalarUDFImpl for NonZeroDivisor {
    fn name(&self) -> &str {
        match (self.remainder, self.ansi) {
            (false, false) => "spark_divisor",
            (false, true) => "spark_divisor_ansi",
            (true, false) => "spark_mod_divisor",
            (true, true) => "spark_mod_divisor_ansi",
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[ArrowType]) -> DfResult<ArrowType> {
        match arg_types.first() {
            Some(t) => Ok(t.clone()),
            None => exec_err!("{} expects one argument", self.name()),
        }
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let t = match args.arg_fields.first() {
            Some(f) => f.data_type().clone(),
            None => return exec_err!("{} expects one argument", self.name()),
        };
        Ok(Arc::new(Field::new(self.name(), t, true)))
    }

    fn is_strict(&self) -> bool {
        true
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let Some(arg) = args.args.into_iter().next() else {
            return exec_err!("{} expects one argument", self.name());
        };
        let (array, scalar) = match arg {
            ColumnarValue::Array(a) => (a, false),
            ColumnarValue::Scalar(s) => (s.to_array()?, true),
        };
        let mask = match array.data_type() {
            ArrowType::Int8 => zeros::<Int8Type>(&array),
            ArrowType::Int16 => zeros::<Int16Type>(&array),
            ArrowType::Int32 => zeros::<Int32Type>(&array),
            ArrowType::Int64 => zeros::<Int64Type>(&array),
            ArrowType::Float32 => zeros::<Float32Type>(&array),
            ArrowType::Float64 => zeros::<Float64Type>(&array),
            ArrowType::Decimal128(_, _) => zeros::<Decimal128Type>(&array),
            ArrowType::Decimal256(_, _) => zeros::<Decimal256Type>(&array),
            ArrowType::Null => return Ok(ColumnarValue::Scalar(ScalarValue::Null)),
            other => return exec_err!("{} got unsupported input {other}", self.name()),
        };
        let out = if mask.true_count() == 0 {
            array
        } else if self.ansi {
            let e = if self.remainder {
                remainder_by_zero()
            } else {
                SparkError::divide_by_zero()
            };
            return Err(to_df(e));
        } else {
            nullif(&array, &mask)?
        };
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

fn zeros<T: ArrowPrimitiveType>(array: &ArrayRef) -> BooleanArray {
    array
        .as_primitive::<T>()
        .iter()
        .map(|v| v.map(|v| v.is_zero()))
        .collect()
}
