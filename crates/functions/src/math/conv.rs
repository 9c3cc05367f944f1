//! `conv(num, from_base, to_base)` (Spark's `Conv`, `NumberConverter.convert`): reads the
//! digits of `num` in `from_base` (stopping at the first non-digit) as an unsigned 64-bit
//! number and writes it in `|to_base|` (signed when `to_base < 0`). Overflow reads as `-1`
//! (all ones), or raises `ARITHMETIC_OVERFLOW` under ANSI; a base outside `[2, 36]` gives NULL.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, AsArray, StringArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::{arithmetic_overflow, to_df};
use crate::utils::{cast_to, is_integral, is_string, take_args, udf};

/// Parses the leading digits of `digits` as an unsigned number (Spark's `encode`).
fn parse(digits: &str, radix: u32, ansi: bool) -> std::result::Result<u64, SparkError> {
    let r = u64::from(radix);
    let bound = (u64::MAX - r) / r;
    let mut v: u64 = 0;
    for c in digits.chars() {
        let Some(d) = c.to_digit(radix) else { break };
        let d = u64::from(d);
        if v >= bound && (u64::MAX - d) / r < v {
            if ansi {
                return Err(arithmetic_overflow("Overflow in function conv()", None));
            }
            return Ok(u64::MAX);
        }
        v = v.wrapping_mul(r).wrapping_add(d);
    }
    Ok(v)
}

/// Mirrors `NumberConverter.convert` (after `Conv`'s `UTF8String.trim`, which drops spaces).
fn convert(
    num: &str,
    from: i32,
    to: i32,
    ansi: bool,
) -> std::result::Result<Option<String>, SparkError> {
    let num = num.trim_matches(' ');
    if !(2..=36).contains(&from) || !(2..=36).contains(&to.unsigned_abs()) || num.is_empty() {
        return Ok(None);
    }
    let (mut negative, digits) = match num.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, num),
    };
    let mut v = parse(digits, from.unsigned_abs(), ansi)? as i64;
    if negative && to > 0 {
        v = if v < 0 { -1 } else { -v };
    }
    if to < 0 && v < 0 {
        v = v.wrapping_neg();
        negative = true;
    }
    let radix = u64::from(to.unsigned_abs());
    let mut q = v as u64;
    let mut out = Vec::new();
    while q != 0 {
        let d = (q % radix) as u32;
        out.push(char::from_digit(d, to.unsigned_abs()).map_or('0', |c| c.to_ascii_uppercase()));
        q /= radix;
    }
    if out.is_empty() {
        out.push('0');
    }
    if negative && to < 0 {
        out.push('-');
    }
    Ok(Some(out.iter().rev().collect()))
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Conv {
    ansi: bool,
    signature: Signature,
}

impl ScalarUDFImpl for Conv {
    fn name(&self) -> &str {
        if self.ansi {
            "spark_conv_ansi"
        } else {
            "spark_conv"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [n, from, to] = arrays.as_slice() else {
            return datafusion::common::exec_err!("spark_conv expects 3 arguments");
        };
        let (n, from, to) = (
            n.as_string::<i32>(),
            from.as_primitive::<Int32Type>(),
            to.as_primitive::<Int32Type>(),
        );
        let mut out = Vec::with_capacity(n.len());
        for i in 0..n.len() {
            if n.is_null(i) || from.is_null(i) || to.is_null(i) {
                out.push(None);
                continue;
            }
            out.push(convert(n.value(i), from.value(i), to.value(i), self.ansi).map_err(to_df)?);
        }
        let out: StringArray = out.into_iter().collect();
        if scalar {
            Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
        } else {
            Ok(ColumnarValue::Array(Arc::new(out)))
        }
    }
}

fn conv_udf(ansi: bool) -> Arc<ScalarUDF> {
    udf(Conv {
        ansi,
        signature: Signature::exact(
            vec![ArrowType::Utf8, ArrowType::Int32, ArrowType::Int32],
            Volatility::Immutable,
        ),
    })
}

pub(crate) static CONV: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| conv_udf(false));
pub(crate) static CONV_ANSI: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| conv_udf(true));

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [n, from, to] = take_args("conv", args)?;
    let nt = ctx.arg_type(&n)?;
    if !(is_string(&nt) || is_integral(&nt) || nt == ArrowType::Null) {
        return Err(SparkError::unsupported(format!("`conv` of {nt}")));
    }
    let mut base = Vec::with_capacity(2);
    for b in [from, to] {
        let t = ctx.arg_type(&b)?;
        if !(is_integral(&t) || t == ArrowType::Null) {
            return Err(crate::errors::unexpected_input_type(
                "conv",
                format!("`conv` requires INT bases, got {t}"),
            ));
        }
        base.push(cast_to(b, &t, &ArrowType::Int32));
    }
    let mut call = vec![cast_to(n, &nt, &ArrowType::Utf8)];
    call.extend(base);
    let f = if ctx.ansi { &CONV_ANSI } else { &CONV };
    Ok(f.call(call))
}

#[cfg(test)]
mod tests {
    use super::convert;

    fn c(n: &str, from: i32, to: i32) -> Option<String> {
        convert(n, from, to, false).ok().flatten()
    }

    #[test]
    fn converts_like_number_converter() {
        assert_eq!(c("100", 2, 10).as_deref(), Some("4"));
        assert_eq!(c("-10", 16, -10).as_deref(), Some("-16"));
        assert_eq!(c("-1", 10, 16).as_deref(), Some("FFFFFFFFFFFFFFFF"));
        assert_eq!(c("12z", 10, 16).as_deref(), Some("C"));
        assert_eq!(c("zz", 36, 2).as_deref(), Some("10100001111"));
        assert_eq!(c("1", 1, 10), None);
        assert_eq!(c(" 10 ", 10, 2).as_deref(), Some("1010"));
        assert_eq!(
            c("99999999999999999999", 10, 10).as_deref(),
            Some("18446744073709551615")
        );
        assert!(convert("99999999999999999999", 10, 10, true).is_err());
    }
}
