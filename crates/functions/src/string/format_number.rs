//! `format_number(x, d)` (Spark's `FormatNumber` over Java's `DecimalFormat`
//! `#,###,##0.000`): grouped thousands, `d` decimals rounded half-even, NULL for `d < 0`;
//! a negative value that rounds to zero keeps its sign (`-0.00`), NaN is `NaN` and infinity
//! `∞`. Doubles round their exact binary value; integers and decimals their exact digits.
//! A format-pattern string as `d` is not supported.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError};

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::{is_decimal, is_floating, is_integral, take_args};

static FROM_DOUBLE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_format_number_double",
        &[Kind::Float, Kind::Int],
        Kind::Str,
        |v| match v {
            [Val::Float(x), Val::Int(d)] if *d >= 0 => Ok(Out::Str(format_double(*x, *d))),
            _ => Ok(Out::Null),
        },
    )
});

static FROM_EXACT: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_format_number_exact",
        &[Kind::Str, Kind::Int],
        Kind::Str,
        |v| match v {
            [Val::Str(x), Val::Int(d)] if *d >= 0 => Ok(Out::Str(format_exact(x, *d))),
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&FROM_DOUBLE), Arc::clone(&FROM_EXACT)]
}

fn digits(d: i64) -> usize {
    usize::try_from(d).unwrap_or(usize::MAX).min(1000)
}

/// Groups the integer part of a plain decimal string (`-1234.5` -> `-1,234.5`).
fn group(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

pub(crate) fn format_double(x: f64, d: i64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "∞" } else { "-∞" }.to_string();
    }
    // Rust prints the exact binary value rounded half-even, as `DecimalFormat` does.
    group(&format!("{x:.prec$}", prec = digits(d)))
}

/// Rounds an exact plain decimal string half-even to `d` decimals.
pub(crate) fn format_exact(x: &str, d: i64) -> String {
    let d = digits(d);
    let (sign, rest) = match x.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", x),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let mut kept: Vec<u8> = int.bytes().chain(frac.bytes().take(d)).collect();
    kept.extend(std::iter::repeat_n(b'0', d.saturating_sub(frac.len())));
    let dropped = frac.as_bytes().get(d..).unwrap_or(&[]);
    let round_up = match dropped.first() {
        Some(b'6'..=b'9') => true,
        Some(b'5') => {
            dropped[1..].iter().any(|c| *c != b'0')
                || kept.last().is_some_and(|c| (c - b'0') % 2 == 1)
        }
        _ => false,
    };
    if round_up {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let split = kept.len() - d;
    let int_part = String::from_utf8_lossy(&kept[..split]).into_owned();
    let int_part = if int_part.is_empty() {
        "0".to_string()
    } else {
        int_part
    };
    let frac_part = String::from_utf8_lossy(&kept[split..]).into_owned();
    if d == 0 {
        group(&format!("{sign}{int_part}"))
    } else {
        group(&format!("{sign}{int_part}.{frac_part}"))
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x, d] = take_args("format_number", args)?;
    let dt = ctx.arg_type(&d)?;
    if !is_integral(&dt) && dt != ArrowType::Null {
        return Err(SparkError::unsupported(
            "format_number with a format pattern",
        ));
    }
    let t = ctx.arg_type(&x)?;
    if is_floating(&t) {
        Ok(FROM_DOUBLE.call(vec![x, d]))
    } else if is_integral(&t) || is_decimal(&t) || t == ArrowType::Null {
        Ok(FROM_EXACT.call(vec![x, d]))
    } else {
        Err(crate::errors::unexpected_input_type(
            "format_number",
            format!("the first argument requires a numeric type, got {t}"),
        ))
    }
}
