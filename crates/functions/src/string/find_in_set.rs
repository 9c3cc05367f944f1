//! `find_in_set(str, strList)` (Spark's `FindInSet`): the 1-based index of `str` in the
//! comma-separated `strList`, 0 if absent or if `str` itself contains a comma.

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::take_args;

static FIND_IN_SET: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_find_in_set",
        &[Kind::Str, Kind::Str],
        Kind::Int,
        |v| match v {
            [Val::Str(s), Val::Str(l)] => Ok(Out::Int(find_in_set(s, l))),
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn find_in_set(s: &str, list: &str) -> i32 {
    if s.contains(',') {
        return 0;
    }
    list.split(',')
        .position(|p| p == s)
        .map_or(0, |i| i32::try_from(i + 1).unwrap_or(i32::MAX))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s, l] = take_args("find_in_set", args)?;
    Ok(FIND_IN_SET.call(vec![s, l]))
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&FIND_IN_SET)
}
