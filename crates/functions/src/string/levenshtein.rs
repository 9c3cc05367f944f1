//! `levenshtein(left, right[, threshold])` (Spark's `Levenshtein`): the edit distance in
//! characters; with a threshold, -1 when the distance exceeds it.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::check_args;

static LEVENSHTEIN: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_levenshtein",
        &[Kind::Str, Kind::Str],
        Kind::Int,
        |v| match v {
            [Val::Str(l), Val::Str(r)] => Ok(Out::Int(distance(l, r))),
            _ => Ok(Out::Null),
        },
    )
});

static LEVENSHTEIN_THRESHOLD: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_levenshtein_threshold",
        &[Kind::Str, Kind::Str, Kind::Int],
        Kind::Int,
        |v| match v {
            [Val::Str(l), Val::Str(r), Val::Int(t)] => {
                let d = distance(l, r);
                Ok(Out::Int(if i64::from(d) > *t { -1 } else { d }))
            }
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn distance(l: &str, r: &str) -> i32 {
    let r: Vec<char> = r.chars().collect();
    let mut prev: Vec<usize> = (0..=r.len()).collect();
    let mut cur = vec![0; r.len() + 1];
    for (i, a) in l.chars().enumerate() {
        cur[0] = i + 1;
        for (j, b) in r.iter().enumerate() {
            let sub = prev[j] + usize::from(a != *b);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    i32::try_from(prev[r.len()]).unwrap_or(i32::MAX)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("levenshtein", &args, 2, 3)?;
    if args.len() == 3 {
        Ok(LEVENSHTEIN_THRESHOLD.call(args))
    } else {
        Ok(LEVENSHTEIN.call(args))
    }
}

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&LEVENSHTEIN), Arc::clone(&LEVENSHTEIN_THRESHOLD)]
}
