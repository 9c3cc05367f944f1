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

/// The `x` of the `k` best rows, best first, as Spark's `MaxMinByK`: a bounded binary heap
/// over `k` slots whose root is the worst kept row; a strictly better row overwrites the
/// root's slot. The result sorts the slots (in slot order, stably) by `ord`.
fn top_k(max: bool, k: i64, ret: &ArrowType, rows: &Rows) -> DfResult<ScalarValue> {
    let k = usize::try_from(k).unwrap_or(0);
    // Spark's `heapCompare`: the root is the smallest `ord` for max_by, the largest for min_by.
    let cmp = |a: &ScalarValue, b: &ScalarValue| {
        let o = spark_cmp(a, b);
        if max { o } else { o.reverse() }
    };
    let mut slots: Vec<(&ScalarValue, &ScalarValue)> = Vec::new();
    let mut heap: Vec<usize> = Vec::new();
    let mut seen = false;
    for r in rows {
        let [x, ord] = r.as_slice() else { continue };
        if ord.is_null() {
            continue;
        }
        seen = true;
        if slots.len() < k {
            slots.push((x, ord));
            heap.push(slots.len() - 1);
            let mut cur = heap.len() - 1;
            while cur > 0 {
                let parent = (cur - 1) / 2;
                if cmp(slots[heap[cur]].1, slots[heap[parent]].1).is_lt() {
                    heap.swap(cur, parent);
                    cur = parent;
                } else {
                    break;
                }
            }
        } else if let Some(&root) = heap.first()
            && cmp(ord, slots[root].1).is_gt()
        {
            slots[root] = (x, ord);
            let mut cur = 0;
            while 2 * cur + 1 < heap.len() {
                let left = 2 * cur + 1;
                let right = left + 1;
                let preferred = if right < heap.len()
                    && cmp(slots[heap[right]].1, slots[heap[left]].1).is_lt()
                {
                    right
                } else {
                    left
                };
                if cmp(slots[heap[cur]].1, slots[heap[preferred]].1).is_le() {
                    break;
                }
                heap.swap(cur, preferred);
                cur = preferred;
            }
        }
    }
    if !seen {
        return ScalarValue::try_from(ret);
    }
    slots.sort_by(|a, b| cmp(b.1, a.1));
    let values: Vec<ScalarValue> = slots.into_iter().map(|(x, _)| x.clone()).collect();
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
