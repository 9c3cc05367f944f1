//! `max_by(x, ord)` / `min_by(x, ord)` (Spark's `MaxBy`, `MinBy`): the `x` of the row with
//! the largest/smallest non-NULL `ord`; the first such row wins a tie. With a third argument
//! `k`, an array of the `x` of the `k` rows with the largest/smallest `ord`, best first.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::check_args;

pub(crate) fn finish(
    max: bool,
    params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    if let Some(ScalarValue::Int64(Some(k))) = params.first() {
        return top_k(max, *k, ret, rows);
    }
    let mut best: Option<(&ScalarValue, &ScalarValue)> = None;
    for r in rows {
        let [x, ord] = r.as_slice() else { continue };
        if ord.is_null() {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, b)) => {
                let o = spark_cmp(ord, b);
                if max { o.is_gt() } else { o.is_lt() }
            }
        };
        if better {
            best = Some((x, ord));
        }
    }
    match best {
        Some((x, _)) => Ok(x.clone()),
        None => ScalarValue::try_from(ret),
    }
}

/// The `x` of the `k` best rows, best first. Like Spark's bounded heap, a row replaces the
/// worst kept row (the earliest among equals) only when strictly better; equal rows keep
/// their input order in the result.
fn top_k(max: bool, k: i64, ret: &ArrowType, rows: &Rows) -> DfResult<ScalarValue> {
    let k = usize::try_from(k).unwrap_or(0);
    let better = |a: &ScalarValue, b: &ScalarValue| {
        let o = spark_cmp(a, b);
        if max { o.is_gt() } else { o.is_lt() }
    };
    let mut kept: Vec<(&ScalarValue, &ScalarValue)> = Vec::new();
    let mut seen = false;
    for r in rows {
        let [x, ord] = r.as_slice() else { continue };
        if ord.is_null() {
            continue;
        }
        seen = true;
        if kept.len() < k {
            kept.push((x, ord));
            continue;
        }
        // The worst kept row: the earliest of the worst ones.
        let mut worst = 0;
        for (i, (_, o)) in kept.iter().enumerate().skip(1) {
            if better(kept[worst].1, o) {
                worst = i;
            }
        }
        if kept.get(worst).is_some_and(|(_, o)| better(ord, o)) {
            kept.remove(worst);
            kept.push((x, ord));
        }
    }
    if !seen {
        return ScalarValue::try_from(ret);
    }
    kept.sort_by(|a, b| {
        let o = spark_cmp(a.1, b.1);
        if max { o.reverse() } else { o }
    });
    let values: Vec<ScalarValue> = kept.into_iter().map(|(x, _)| x.clone()).collect();
    let item = match ret {
        ArrowType::List(f) => f.data_type().clone(),
        other => other.clone(),
    };
    Ok(ScalarValue::List(ScalarValue::new_list_nullable(
        &values, &item,
    )))
}

fn build(
    name: &str,
    kind: Kind,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args(name, &args, 2, 3)?;
    let mut args = args;
    let t = ctx.arg_type(&args[0])?;
    let (params, ret) = if args.len() == 3 {
        let k = match args.pop() {
            Some(DfExpr::Literal(v, _)) => match v.cast_to(&ArrowType::Int64) {
                Ok(ScalarValue::Int64(Some(k))) if k > 0 => k,
                _ => {
                    return Err(unexpected_input_type(
                        name,
                        format!("the `k` of `{name}` must be a positive integer, got {v}"),
                    ));
                }
            },
            _ => {
                return Err(unexpected_input_type(
                    name,
                    format!("the `k` of `{name}` must be a constant"),
                ));
            }
        };
        (
            vec![ScalarValue::Int64(Some(k))],
            ArrowType::List(std::sync::Arc::new(
                datafusion::arrow::datatypes::Field::new_list_field(t, true),
            )),
        )
    } else {
        (vec![], t)
    };
    with_distinct(call(kind, params, ret, true, args), distinct)
}

pub(crate) fn build_max_by(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("max_by", Kind::MaxBy, args, distinct, ctx)
}

pub(crate) fn build_min_by(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("min_by", Kind::MinBy, args, distinct, ctx)
}
