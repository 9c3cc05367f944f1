//! Ordered-set aggregates from SQL's `f(args) WITHIN GROUP (ORDER BY key [DESC] [NULLS ...])`
//! (Spark's `ListAgg` with an ordering, `Mode` with an ordering and `PercentileDisc`). The
//! parser calls the internal `__within_group(function, key, descending, nulls_first, args...)`;
//! the group's rows are sorted by `key` at the end, so the order holds whatever the partitions.
//!
//! - `listagg(x[, delim])`: the non-NULL `x` joined in key order.
//! - `mode()`: the most frequent non-NULL key; ties go to the first in key order (Spark's
//!   `Mode` with `reverseOpt`).
//! - `percentile_disc(p)`: the first key (as a double) whose cumulative share of the non-NULL
//!   keys reaches `p` (recorded from Spark 4.3: `[1, 2, 3, 4]` gives 2 for `p` = 0.3 and 0.5).

use std::cmp::Ordering;
use std::collections::HashMap;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::params::constant;
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, is_string};

const NAME: &str = "__within_group";

fn flag(e: Option<DfExpr>) -> Result<bool> {
    match e.as_ref().and_then(constant) {
        Some(ScalarValue::Boolean(Some(b))) => Ok(b),
        _ => Err(SparkError::internal(format!(
            "{NAME}: a flag is not a boolean"
        ))),
    }
}

/// What Spark 4.3 raises for a date/time ordering of `percentile_cont`/`percentile_disc`
/// `WITHIN GROUP`.
fn check_not_datetime(t: &ArrowType) -> Result<()> {
    if matches!(
        t,
        ArrowType::Date32 | ArrowType::Date64 | ArrowType::Timestamp(..) | ArrowType::Time64(_)
    ) {
        return Err(SparkError::with_class(
            sabot_common::error::ExceptionKind::Analysis,
            "UNSUPPORTED_TIME_TYPE",
            "0A000",
            "The data type TIME is not supported.",
        ));
    }
    Ok(())
}

/// `percentile_cont(p) WITHIN GROUP (ORDER BY x)`: `percentile(x, p)` after the ordering's
/// type check (the SQL parser's internal `__percentile_cont`).
pub(crate) fn build_percentile_cont(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if let Some(x) = args.first() {
        check_not_datetime(&ctx.arg_type(x)?)?;
    }
    super::percentile::build(args, distinct, ctx)
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let mut it = args.into_iter();
    let function = match it.next().as_ref().and_then(constant) {
        Some(ScalarValue::Utf8(Some(f))) => f,
        _ => return Err(SparkError::internal(format!("{NAME}: no function name"))),
    };
    let key = it
        .next()
        .ok_or_else(|| SparkError::internal(format!("{NAME}: no key")))?;
    let descending = flag(it.next())?;
    let nulls_first = flag(it.next())?;
    let rest: Vec<DfExpr> = it.collect();
    let mut params = vec![
        ScalarValue::Utf8(Some(function.clone())),
        ScalarValue::Boolean(Some(descending)),
        ScalarValue::Boolean(Some(nulls_first)),
    ];
    let (ret, mut inputs) = match function.as_str() {
        "listagg" => {
            let mut rest = rest.into_iter();
            let x = rest
                .next()
                .ok_or_else(|| SparkError::internal("listagg without input"))?;
            let t = ctx.arg_type(&x)?;
            let binary = matches!(
                t,
                ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
            );
            if !(binary || is_string(&t) || t == ArrowType::Null) {
                return Err(unexpected_input_type(
                    "listagg",
                    format!("`listagg` requires a string or binary input, got {t}"),
                ));
            }
            let ret = if binary {
                ArrowType::Binary
            } else {
                ArrowType::Utf8
            };
            let x = cast_to(x, &t, &ret);
            let delimiter = match rest.next().as_ref().and_then(constant) {
                None => ScalarValue::try_from(&ret).map_err(crate::errors::from_df)?,
                Some(v) => v.cast_to(&ret).map_err(crate::errors::from_df)?,
            };
            (ret.clone(), vec![x, lit(delimiter)])
        }
        "mode" => (ctx.arg_type(&key)?, vec![]),
        "percentile_disc" => {
            let sql = format!(
                "percentile_disc({key}, {})",
                rest.first().map(ToString::to_string).unwrap_or_default()
            );
            let p = match rest.first().and_then(constant) {
                Some(v) => v
                    .cast_to(&ArrowType::Float64)
                    .map_err(crate::errors::from_df)?,
                None => {
                    let got = rest.first().map(ToString::to_string).unwrap_or_default();
                    return Err(super::params::non_foldable(
                        &sql,
                        "percentage",
                        "DOUBLE",
                        &got,
                    ));
                }
            };
            if let ScalarValue::Float64(Some(v)) = p
                && !(0.0..=1.0).contains(&v)
            {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Analysis,
                    "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
                    "42K09",
                    format!(
                        "Cannot resolve \"{sql}\" due to data type mismatch: The percentage must be between [0.0, 1.0] (current value = {v}D)."
                    ),
                )
                .param("sqlExpr", format!("\"{sql}\""))
                .param("currentValue", format!("{v}D")));
            }
            params.push(p);
            (ArrowType::Float64, vec![])
        }
        other => {
            return Err(SparkError::unsupported(format!(
                "{other}(...) WITHIN GROUP"
            )));
        }
    };
    let key = if function == "percentile_disc" {
        let t = ctx.arg_type(&key)?;
        check_not_datetime(&t)?;
        cast_to(key, &t, &ArrowType::Float64)
    } else {
        key
    };
    inputs.push(key);
    with_distinct(call(Kind::WithinGroup, params, ret, true, inputs), distinct)
}

/// Rows are the function's inputs, then the key.
pub(crate) fn finish(
    params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    let function = match params.first() {
        Some(ScalarValue::Utf8(Some(f))) => f.as_str(),
        _ => "",
    };
    let is = |i: usize| matches!(params.get(i), Some(ScalarValue::Boolean(Some(true))));
    let (descending, nulls_first) = (is(1), is(2));
    let mut sorted: Vec<&Vec<ScalarValue>> = rows.iter().collect();
    let key = |r: &Vec<ScalarValue>| r.last().cloned().unwrap_or(ScalarValue::Null);
    sorted.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        match (ka.is_null(), kb.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ if descending => spark_cmp(&kb, &ka),
            _ => spark_cmp(&ka, &kb),
        }
    });
    match function {
        "listagg" => {
            let rows: Vec<Vec<ScalarValue>> = sorted
                .iter()
                .map(|r| r[..r.len().saturating_sub(1)].to_vec())
                .collect();
            super::listagg::finish(ret, &rows)
        }
        "mode" => {
            let keys: Vec<ScalarValue> = sorted
                .iter()
                .map(|r| key(r))
                .filter(|k| !k.is_null())
                .collect();
            let mut counts: HashMap<&ScalarValue, u64> = HashMap::new();
            for k in &keys {
                *counts.entry(k).or_insert(0) += 1;
            }
            let top = counts.values().max().copied();
            match keys.iter().find(|k| counts.get(k).copied() == top) {
                Some(k) => Ok(k.clone()),
                None => ScalarValue::try_from(ret),
            }
        }
        _ => {
            let p = match params.get(3) {
                Some(ScalarValue::Float64(Some(p))) => *p,
                _ => 0.0,
            };
            let keys: Vec<ScalarValue> = sorted
                .iter()
                .map(|r| key(r))
                .filter(|k| !k.is_null())
                .collect();
            let n = keys.len() as f64;
            let pick = keys
                .iter()
                .enumerate()
                .find(|(i, _)| (*i as f64 + 1.0) / n >= p)
                .map(|(_, k)| k.clone());
            match pick {
                Some(k) => Ok(k),
                None => ScalarValue::try_from(ret),
            }
        }
    }
}
