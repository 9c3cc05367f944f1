//! `quote(str)` (Spark's `Quote`): wraps in single quotes and escapes `'` as `\'` (a backslash
//! is left as it is).

use std::sync::{Arc, LazyLock};

use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::take_args;

static QUOTE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_quote", &[Kind::Str], Kind::Str, |v| match v {
        [Val::Str(s)] => Ok(Out::Str(quote(s))),
        _ => Ok(Out::Null),
    })
});

pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "\\'"))
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&QUOTE)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("quote", args)?;
    Ok(QUOTE.call(vec![s]))
}
