//! `mode(x[, deterministic])` (Spark's `Mode`): the most frequent non-NULL value, NULL for
//! none. With `deterministic` a tie goes to the smallest value; without it Spark returns
//! whichever tied value its hash map yields first, so Sabot also takes the smallest (one of
//! the values Spark may return).

use std::collections::HashMap;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::{Kind, spark_cmp};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::check_args;

pub(crate) fn finish(
    _params: &[ScalarValue],
    ret: &ArrowType,
    rows: &Rows,
) -> DfResult<ScalarValue> {
    let mut counts: HashMap<&ScalarValue, u64> = HashMap::new();
    for r in rows {
        if let Some(x) = r.first().filter(|x| !x.is_null()) {
            *counts.entry(x).or_insert(0) += 1;
        }
    }
    let best = counts
        .into_iter()
        .max_by(|(a, ca), (b, cb)| ca.cmp(cb).then_with(|| spark_cmp(b, a)));
    match best {
        Some((x, _)) => Ok(x.clone()),
        None => ScalarValue::try_from(ret),
    }
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("mode", &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let deterministic = match it.next() {
        None => false,
        Some(DfExpr::Literal(ScalarValue::Boolean(Some(b)), _)) => b,
        Some(other) => {
            return Err(unexpected_input_type(
                "mode",
                format!("the `deterministic` of `mode` must be a boolean literal, got {other}"),
            ));
        }
    };
    let ret = ctx.arg_type(&x)?;
    with_distinct(
        call(
            Kind::Mode,
            vec![ScalarValue::Boolean(Some(deterministic))],
            ret,
            true,
            vec![x],
        ),
        distinct,
    )
}

/// `mode(x)`; Spark prints the deterministic form as `mode() WITHIN GROUP (ORDER BY x DESC)`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    match args {
        [x, d] if d == "true" => format!("{name}() WITHIN GROUP (ORDER BY {x} DESC)"),
        _ => crate::display_call(name, &args[..args.len().min(1)], distinct),
    }
}
