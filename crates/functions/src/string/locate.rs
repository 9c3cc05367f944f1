//! `locate(substr, str[, pos])` / `position(substr, str[, pos])` (Spark's `StringLocate`):
//! the 1-based position of `substr` in `str` at or after `pos` (default 1), 0 if absent.
//! A NULL `pos` gives 0 (Hive's rule), `pos < 1` gives 0, an empty `substr` gives 1.

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) static LOCATE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_locate",
        &[Kind::Str, Kind::Str, Kind::Int],
        Kind::Int,
        locate_row,
    )
});

fn locate_row(v: &[Val<'_>]) -> DfResult<Out> {
    let [sub, s, pos] = v else {
        return Ok(Out::Null);
    };
    let Some(pos) = pos.int() else {
        return Ok(Out::Int(0));
    };
    let (Some(sub), Some(s)) = (sub.str(), s.str()) else {
        return Ok(Out::Null);
    };
    Ok(Out::Int(locate(sub, s, pos)))
}

/// Mirrors `UTF8String.indexOf(v, start) + 1` over characters.
pub(crate) fn locate(sub: &str, s: &str, pos: i64) -> i32 {
    if pos < 1 {
        return 0;
    }
    if sub.is_empty() {
        return 1;
    }
    let skip = usize::try_from(pos - 1).unwrap_or(usize::MAX);
    let Some((start, _)) = s.char_indices().nth(skip) else {
        return 0;
    };
    match s[start..].find(sub) {
        Some(i) => {
            let chars = s[..start + i].chars().count() + 1;
            i32::try_from(chars).unwrap_or(i32::MAX)
        }
        None => 0,
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("locate", &args, 2, 3)?;
    let mut args = args;
    if args.len() == 2 {
        args.push(lit(1));
    }
    Ok(LOCATE.call(args))
}

/// Spark prints the default start: `locate(b, s, 1)`.
pub(crate) fn display(name: &str, args: &[String], d: bool) -> String {
    match args {
        [a, b] => crate::display_call(name, &[a.clone(), b.clone(), "1".to_string()], d),
        _ => crate::display_call(name, args, d),
    }
}
