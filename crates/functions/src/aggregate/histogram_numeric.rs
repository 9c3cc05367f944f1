//! `histogram_numeric(x, nb)` (Spark's `HistogramNumeric` over Hive's `NumericHistogram`, the
//! Ben-Haim/Tom-Tov streaming histogram): points are added in order; while there are more
//! than `nb` bins the two closest adjacent bins merge into their weighted mean, ties broken
//! by `java.util.Random(31183)` as Hive does. An array of `struct<x, y: double>` with `x` of
//! the input type; NULL for an empty group.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Fields};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::java_random::JavaRandom;
use super::kinds::{Kind, doubles};
use super::params::{constant, non_foldable, out_of_range};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, take_args};

fn histogram(values: impl Iterator<Item = f64>, nb: usize) -> Vec<(f64, f64)> {
    let mut bins: Vec<(f64, f64)> = Vec::new();
    let mut prng = JavaRandom::new(31183);
    for v in values {
        let i = bins.partition_point(|(x, _)| *x < v);
        if bins.get(i).is_some_and(|(x, _)| *x == v) {
            bins[i].1 += 1.0;
            continue;
        }
        bins.insert(i, (v, 1.0));
        while bins.len() > nb {
            let mut smallest = bins[1].0 - bins[0].0;
            let mut at = 0;
            let mut ties = 1;
            for i in 1..bins.len() - 1 {
                let diff = bins[i + 1].0 - bins[i].0;
                if diff < smallest {
                    smallest = diff;
                    at = i;
                    ties = 1;
                } else if diff == smallest {
                    ties += 1;
                    if prng.next_double() <= 1.0 / f64::from(ties) {
                        at = i;
                    }
                }
            }
            let (x0, y0) = bins[at];
            let (x1, y1) = bins[at + 1];
            let d = y0 + y1;
            // Hive's rounding: x0 * (y0 / d) + x1 / d * y1.
            bins[at] = (x0 * (y0 / d) + x1 / d * y1, d);
            bins.remove(at + 1);
        }
    }
    bins
}

fn x_value(x: f64, t: &ArrowType) -> DfResult<ScalarValue> {
    // Spark converts the double centre back to the input type (`toInt` etc. truncate).
    Ok(match t {
        ArrowType::Int8 => ScalarValue::Int8(Some(x as i8)),
        ArrowType::Int16 => ScalarValue::Int16(Some(x as i16)),
        ArrowType::Int32 => ScalarValue::Int32(Some(x as i32)),
        ArrowType::Int64 => ScalarValue::Int64(Some(x as i64)),
        ArrowType::Float32 => ScalarValue::Float32(Some(x as f32)),
        _ => ScalarValue::Float64(Some(x)),
    })
}

fn entry_fields(t: &ArrowType) -> Fields {
    Fields::from(vec![
        Field::new("x", t.clone(), true),
        Field::new("y", ArrowType::Float64, true),
    ])
}

/// Params: the number of bins.
pub(crate) fn finish(
    params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    let nb = match params.first() {
        Some(ScalarValue::Int64(Some(n))) => *n as usize,
        _ => 2,
    };
    let bins = histogram(doubles(rows, 0), nb);
    let ArrowType::List(item) = ret else {
        return ScalarValue::try_from(ret);
    };
    let ArrowType::Struct(fields) = item.data_type() else {
        return ScalarValue::try_from(ret);
    };
    if bins.is_empty() {
        return ScalarValue::try_from(ret);
    }
    let x_type = fields[0].data_type().clone();
    let entries = bins
        .into_iter()
        .map(|(x, y)| {
            Ok(ScalarValue::Struct(Arc::new(
                datafusion::arrow::array::StructArray::try_new(
                    fields.clone(),
                    vec![
                        x_value(x, &x_type)?.to_array()?,
                        ScalarValue::Float64(Some(y)).to_array()?,
                    ],
                    None,
                )?,
            )))
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(ScalarValue::List(ScalarValue::new_list_nullable(
        &entries,
        item.data_type(),
    )))
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x, nb] = take_args("histogram_numeric", args)?;
    let nb = match constant(&nb).map(|v| v.cast_to(&ArrowType::Int64)) {
        Some(Ok(ScalarValue::Int64(Some(n)))) => n,
        _ => {
            return Err(non_foldable(
                "histogram_numeric",
                "nb",
                "INT",
                &nb.to_string(),
            ));
        }
    };
    if nb < 2 || nb > i64::from(i32::MAX) {
        return Err(out_of_range(
            "histogram_numeric",
            "nb",
            "[2, 2147483647]",
            &nb.to_string(),
        ));
    }
    let t = ctx.arg_type(&x)?;
    if !t.is_numeric() || matches!(t, ArrowType::Decimal128(_, _)) {
        return Err(unexpected_input_type(
            "histogram_numeric",
            format!("`histogram_numeric` of {t} is not supported"),
        ));
    }
    let ret = ArrowType::List(Arc::new(Field::new_list_field(
        ArrowType::Struct(entry_fields(&t)),
        true,
    )));
    let x = cast_to(x, &t, &ArrowType::Float64);
    with_distinct(
        call(
            Kind::HistogramNumeric,
            vec![ScalarValue::Int64(Some(nb))],
            ret,
            true,
            vec![x],
        ),
        distinct,
    )
}
