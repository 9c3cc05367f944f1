//! `kurtosis` and `skewness` (Spark's `Kurtosis`, `Skewness` over `CentralMomentAgg`):
//! doubles, NULL for an empty group or when the second moment is zero. The moments are
//! updated row by row with Spark's formulas so that rounding matches.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::kinds::{Kind, doubles};
use super::params::as_double;
use super::with_distinct;
use crate::FunctionContext;
use crate::utils::take_args;

#[derive(Default)]
struct Moments {
    n: f64,
    avg: f64,
    m2: f64,
    m3: f64,
    m4: f64,
}

fn moments(rows: &Rows) -> Moments {
    let mut m = Moments::default();
    for x in doubles(rows, 0) {
        let n = m.n + 1.0;
        let delta = x - m.avg;
        let delta_n = delta / n;
        let avg = m.avg + delta_n;
        let m2 = m.m2 + delta * (delta - delta_n);
        let delta2 = delta * delta;
        let delta_n2 = delta_n * delta_n;
        let m3 = m.m3 - 3.0 * delta_n * m2 + delta * (delta2 - delta_n2);
        let m4 = m.m4 - 4.0 * delta_n * m3 - 6.0 * delta_n2 * m2
            + delta * (delta * delta2 - delta_n * delta_n2);
        m = Moments { n, avg, m2, m3, m4 };
    }
    m
}

pub(crate) fn finish_skewness(rows: &Rows) -> DfResult<ScalarValue> {
    let m = moments(rows);
    Ok(ScalarValue::Float64(if m.n == 0.0 || m.m2 == 0.0 {
        None
    } else {
        Some(m.n.sqrt() * m.m3 / (m.m2 * m.m2 * m.m2).sqrt())
    }))
}

pub(crate) fn finish_kurtosis(rows: &Rows) -> DfResult<ScalarValue> {
    let m = moments(rows);
    Ok(ScalarValue::Float64(if m.n == 0.0 || m.m2 == 0.0 {
        None
    } else {
        Some(m.n * m.m4 / (m.m2 * m.m2) - 3.0)
    }))
}

fn build(
    name: &'static str,
    kind: Kind,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args(name, args)?;
    let t = ctx.arg_type(&x)?;
    let x = as_double(x, &t, ctx.ansi);
    with_distinct(
        call(kind, vec![], ArrowType::Float64, true, vec![x]),
        distinct,
    )
}

pub(crate) fn build_kurtosis(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("kurtosis", Kind::Kurtosis, args, distinct, ctx)
}

pub(crate) fn build_skewness(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("skewness", Kind::Skewness, args, distinct, ctx)
}
