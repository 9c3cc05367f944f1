//! `percentile(x, percentage[, frequency])` and `median(x)` (Spark's `Percentile`, `Median`):
//! the exact percentile(s) of the non-NULL values, each counted `frequency` times,
//! interpolated linearly between the two nearest ranks; a double (or an array of doubles for
//! an array of percentages), NULL for an empty group.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::params::{one_or_array, percentages};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::{cast_to, check_args, is_integral};

/// `NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION`.
fn negative_frequency(frequency: i64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION",
        "22003",
        format!(
            "Found the negative value in \"frequency\": {frequency}L, but expected a positive integral value."
        ),
    )
    .param("frequencyExpression", "\"frequency\"")
    .param("negativeValue", format!("{frequency}L"))
}

/// Rows are `(x as double, frequency as bigint)`; params are the percentages and whether
/// they were given as an array.
pub(crate) fn finish(params: &[ScalarValue], rows: &Rows) -> DfResult<ScalarValue> {
    let mut counted: Vec<(ScalarValue, i64)> = Vec::new();
    for r in rows {
        let [x, f] = r.as_slice() else { continue };
        let (ScalarValue::Float64(Some(_)), ScalarValue::Int64(Some(f))) = (x, f) else {
            continue;
        };
        if *f < 0 {
            return Err(to_df(negative_frequency(*f)));
        }
        if *f > 0 {
            counted.push((x.clone(), *f));
        }
    }
    let (ps, is_array) = split_params(params);
    if counted.is_empty() {
        return ScalarValue::try_from(&result_type(is_array));
    }
    counted.sort_by(|a, b| spark_cmp(&a.0, &b.0));
    // Accumulated counts per distinct value, as Spark's `Percentile.getPercentiles`.
    let mut acc: Vec<(f64, i64)> = Vec::new();
    for (x, c) in counted {
        let ScalarValue::Float64(Some(x)) = x else {
            continue;
        };
        match acc.last_mut() {
            Some((last, total))
                if spark_cmp(
                    &ScalarValue::Float64(Some(*last)),
                    &ScalarValue::Float64(Some(x)),
                )
                .is_eq() =>
            {
                *total += c;
            }
            _ => {
                let before = acc.last().map_or(0, |(_, t)| *t);
                acc.push((x, before + c));
            }
        }
    }
    let max_position = (acc.last().map_or(0, |(_, t)| *t) - 1) as f64;
    let values: Vec<ScalarValue> = ps
        .iter()
        .map(|p| ScalarValue::Float64(Some(percentile_at(&acc, max_position * p))))
        .collect();
    Ok(one_or_array(values, is_array, &ArrowType::Float64))
}

/// The value at a (fractional) 0-based position of the accumulated counts.
fn percentile_at(acc: &[(f64, i64)], position: f64) -> f64 {
    let lower = position.floor() as i64;
    let higher = position.ceil() as i64;
    // The first distinct value whose accumulated count exceeds the position.
    let at = |pos: i64| {
        let i = acc.partition_point(|(_, total)| *total < pos + 1);
        acc[i.min(acc.len() - 1)].0
    };
    let lower_key = at(lower);
    if higher == lower {
        return lower_key;
    }
    let higher_key = at(higher);
    if higher_key == lower_key {
        return lower_key;
    }
    (higher as f64 - position) * lower_key + (position - lower as f64) * higher_key
}

fn split_params(params: &[ScalarValue]) -> (Vec<f64>, bool) {
    let is_array = matches!(params.first(), Some(ScalarValue::Boolean(Some(true))));
    let ps = params
        .iter()
        .skip(1)
        .filter_map(|p| match p {
            ScalarValue::Float64(Some(v)) => Some(*v),
            _ => None,
        })
        .collect();
    (ps, is_array)
}

fn result_type(is_array: bool) -> ArrowType {
    if is_array {
        ArrowType::List(std::sync::Arc::new(
            datafusion::arrow::datatypes::Field::new_list_field(ArrowType::Float64, true),
        ))
    } else {
        ArrowType::Float64
    }
}

fn numeric(name: &str, x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&x)?;
    if !(t.is_numeric() || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            name,
            format!("`{name}` requires a numeric input, got {t}"),
        ));
    }
    Ok(cast_to(x, &t, &ArrowType::Float64))
}

pub(crate) fn percentile_call(
    x: DfExpr,
    ps: Vec<f64>,
    is_array: bool,
    frequency: DfExpr,
    distinct: bool,
) -> Result<DfExpr> {
    let mut params = vec![ScalarValue::Boolean(Some(is_array))];
    params.extend(ps.into_iter().map(|p| ScalarValue::Float64(Some(p))));
    with_distinct(
        call(
            Kind::Percentile,
            params,
            result_type(is_array),
            true,
            vec![x, frequency],
        ),
        distinct,
    )
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("percentile", &args, 2, 3)?;
    let mut it = args.into_iter();
    let (Some(x), Some(p)) = (it.next(), it.next()) else {
        return Err(SparkError::internal("missing argument"));
    };
    let frequency = it.next().unwrap_or_else(|| lit(1i64));
    let ft = ctx.arg_type(&frequency)?;
    if !is_integral(&ft) {
        return Err(unexpected_input_type(
            "percentile",
            format!("the frequency of `percentile` must be integral, got {ft}"),
        ));
    }
    let frequency = cast_to(frequency, &ft, &ArrowType::Int64);
    let (ps, is_array) = percentages("percentile", &p, &p.to_string())?;
    let x = numeric("percentile", x, ctx)?;
    percentile_call(x, ps, is_array, frequency, distinct)
}

pub(crate) fn build_median(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("median", &args, 1, 1)?;
    let x = args
        .into_iter()
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let x = numeric("median", x, ctx)?;
    percentile_call(x, vec![0.5], false, lit(1i64), distinct)
}

/// `percentile(x, p, 1)`: Spark shows the default frequency.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    if args.len() == 2 {
        let mut a = args.to_vec();
        a.push("1".to_string());
        return crate::display_call(name, &a, distinct);
    }
    crate::display_call(name, args, distinct)
}
