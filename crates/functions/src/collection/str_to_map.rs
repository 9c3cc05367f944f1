//! `str_to_map(text[, pairDelim[, keyValueDelim]])` (Spark's `StringToMap`): the text split by
//! the pair delimiter, each pair by the key/value delimiter (both regular expressions, Java
//! `String.split` semantics); a pair without delimiter maps to NULL; repeated keys fail.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use regex::Regex;
use sabot_common::Result;

use super::maps::checked_map;
use super::rowwise::{map_of, null, row_udf};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::{cast_to, check_args};

static STR_TO_MAP: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| row_udf("spark_str_to_map", Some(3), ret, str_to_map));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&STR_TO_MAP)]
}

fn ret(_: &[ArrowType]) -> DfResult<ArrowType> {
    Ok(map_of(ArrowType::Utf8, ArrowType::Utf8))
}

fn text(v: &ScalarValue) -> Option<&str> {
    match v {
        ScalarValue::Utf8(Some(s)) => Some(s),
        _ => None,
    }
}

fn regex(pattern: &str) -> DfResult<Regex> {
    Regex::new(pattern).map_err(|e| {
        to_df(sabot_common::SparkError::illegal_argument(format!(
            "invalid delimiter regex {pattern}: {e}"
        )))
    })
}

/// Java's `String.split(regex, limit)`: `limit` 0 means no limit (trailing empty strings are
/// kept, as with Spark's `-1`).
fn split<'a>(s: &'a str, re: &Regex, limit: usize) -> Vec<&'a str> {
    if limit == 0 {
        re.split(s).collect()
    } else {
        re.splitn(s, limit).collect()
    }
}

fn str_to_map(args: &[ScalarValue], ret: &ArrowType) -> DfResult<ScalarValue> {
    let (Some(s), Some(pair), Some(kv)) = (text(&args[0]), text(&args[1]), text(&args[2])) else {
        return null(ret);
    };
    let (pair, kv) = (regex(pair)?, regex(kv)?);
    let mut pairs = Vec::new();
    for p in split(s, &pair, 0) {
        let mut parts = split(p, &kv, 2).into_iter();
        let k = parts.next().unwrap_or("");
        let v = parts.next();
        pairs.push((
            ScalarValue::Utf8(Some(k.to_string())),
            ScalarValue::Utf8(v.map(str::to_string)),
        ));
    }
    checked_map(pairs, ret)
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("str_to_map", &args, 1, 3)?;
    crate::utils::require_strings("str_to_map", &args, ctx)?;
    let mut args = args;
    if args.len() < 2 {
        args.push(lit(","));
    }
    if args.len() < 3 {
        args.push(lit(":"));
    }
    let args = args
        .into_iter()
        .map(|a| {
            let t = ctx.arg_type(&a)?;
            Ok(cast_to(a, &t, &ArrowType::Utf8))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(STR_TO_MAP.call(args))
}

/// Spark shows the default delimiters: `str_to_map(s, ,, :)`.
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    let mut shown = args.to_vec();
    if shown.len() < 2 {
        shown.push(",".to_string());
    }
    if shown.len() < 3 {
        shown.push(":".to_string());
    }
    format!("{name}({})", shown.join(", "))
}
