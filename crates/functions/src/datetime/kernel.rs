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

/// Every kernel, by a stable key (`file.function`), alphabetical: how the plan codec names a
/// [`DtUdf`]'s kernel. An instance whose kernel is not here cannot be encoded (an error, never
/// a wrong function).
static KERNELS: &[(&str, Kernel)] = &[
    ("arith.add_days_kernel", super::arith::add_days_kernel),
    ("arith.add_months_kernel", super::arith::add_months_kernel),
    ("arith.datediff_kernel", super::arith::datediff_kernel),
    ("arith.last_day_kernel", super::arith::last_day_kernel),
    ("arith.next_day_kernel", super::arith::next_day_kernel),
    ("coerce.string_to_date", super::coerce::string_to_date),
    (
        "coerce.string_to_timestamp",
        super::coerce::string_to_timestamp,
    ),
    (
        "coerce.timestamp_to_string_kernel",
        super::coerce::timestamp_to_string_kernel,
    ),
    ("fields.field_kernel", super::fields::field_kernel),
    ("interval.calendar_kernel", super::interval::calendar_kernel),
    ("interval.dt_kernel", super::interval::dt_kernel),
    ("interval.ym_kernel", super::interval::ym_kernel),
    ("interval_extract.kernel", super::interval_extract::kernel),
    ("make.make_date_kernel", super::make::make_date_kernel),
    (
        "make.make_timestamp_kernel",
        super::make::make_timestamp_kernel,
    ),
    ("months_between.kernel", super::months_between::kernel),
    (
        "time.arith.difference_kernel",
        super::time::arith::difference_kernel,
    ),
    ("time.arith.kernel", super::time::arith::kernel),
    ("time.cast.string_kernel", super::time::cast::string_kernel),
    (
        "time.cast.time_to_string_kernel",
        super::time::cast::time_to_string_kernel,
    ),
    ("time.cast.to_ts_kernel", super::time::cast::to_ts_kernel),
    ("time.cast.ts_kernel", super::time::cast::ts_kernel),
    (
        "time.cast.whole_seconds_kernel",
        super::time::cast::whole_seconds_kernel,
    ),
    ("time.epoch.from_kernel", super::time::epoch::from_kernel),
    ("time.epoch.to_kernel", super::time::epoch::to_kernel),
    ("time.fields.kernel", super::time::fields::kernel),
    ("time.make.kernel", super::time::make::kernel),
    (
        "time.make_timestamp.kernel",
        super::time::make_timestamp::kernel,
    ),
    ("time.to_time.kernel", super::time::to_time::kernel),
    (
        "time.trunc_diff.diff_kernel",
        super::time::trunc_diff::diff_kernel,
    ),
    (
        "time.trunc_diff.trunc_kernel",
        super::time::trunc_diff::trunc_kernel,
    ),
    (
        "time.values.time_as_ntz_kernel",
        super::time::values::time_as_ntz_kernel,
    ),
    ("time_bucket.kernel", super::time_bucket::kernel),
    ("tsadd.add_kernel", super::tsadd::add_kernel),
    ("tsadd.diff_kernel", super::tsadd::diff_kernel),
    ("window_time.kernel", super::window_time::kernel),
];

fn kernel_key(k: Kernel) -> Option<&'static str> {
    // Compared as addresses: a function merged with an identical one finds that one's key,
    // which runs the same code.
    KERNELS
        .iter()
        .find(|(_, f)| *f as usize == k as usize)
        .map(|(key, _)| *key)
}

impl crate::portable::PortableUdf for DtUdf {
    const KEY: &'static str = "datetime_kernel";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let key = kernel_key(self.kernel).ok_or_else(|| {
            datafusion::common::DataFusionError::NotImplemented(format!(
                "[UNSUPPORTED_FEATURE] The kernel of `{}` cannot be serialised",
                self.name
            ))
        })?;
        e.str(key)
            .str(&self.name)
            .data_type(&self.ret)?
            .bool(self.ansi)
            .str(&self.param)
            .bool(self.strict);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let key = d.str()?;
        let kernel = KERNELS
            .binary_search_by(|(k, _)| k.cmp(&key.as_str()))
            .map(|i| KERNELS[i].1)
            .map_err(|_| {
                datafusion::common::DataFusionError::Internal(format!("unknown kernel {key}"))
            })?;
        Ok(Self {
            name: d.str()?,
            signature: Signature::variadic_any(Volatility::Immutable),
            ret: d.data_type()?,
            ansi: d.bool()?,
            param: d.str()?,
            strict: d.bool()?,
            kernel,
        })
    }
}

#[cfg(test)]
mod kernel_table_tests {
    use super::*;

    #[test]
    fn kernels_are_sorted_and_unique() {
        for w in KERNELS.windows(2) {
            assert!(w[0].0 < w[1].0, "{} !< {}", w[0].0, w[1].0);
        }
    }
}
