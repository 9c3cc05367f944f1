//! `parse_url(url, part[, key])` / `try_parse_url` (Spark's `ParseUrl`): a part of a URL
//! (`HOST`, `PATH`, `QUERY`, `REF`, `PROTOCOL`, `FILE`, `AUTHORITY`, `USERINFO`), or one query
//! parameter; an invalid URL fails with `INVALID_URL` under ANSI (`parse_url`) or gives NULL.
//! Also `try_url_decode` (`url_decode` with NULL for malformed escapes).

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::uri::{Uri, parse};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::string::rowwise::{Kind, Out, Val, row_udf};
use crate::utils::{check_args, take_args};

/// `INVALID_URL` (Spark's `QueryExecutionErrors.invalidUrlError`).
fn invalid_url(url: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "INVALID_URL",
        "22P02",
        format!(
            "The url is invalid: {url}. Use `try_parse_url` to tolerate invalid URL and return NULL instead."
        ),
    )
    .param("url", url)
}

fn part(u: &Uri, name: &str) -> Option<String> {
    match name {
        "HOST" => u.host.clone(),
        "PATH" => u.path.clone(),
        "QUERY" => u.query.clone(),
        "REF" => u.fragment.clone(),
        "PROTOCOL" => u.scheme.clone(),
        "FILE" => match (&u.path, &u.query) {
            (Some(p), Some(q)) => Some(format!("{p}?{q}")),
            (p, None) => p.clone(),
            (None, Some(q)) => Some(format!("?{q}")),
        },
        "AUTHORITY" => u.authority.clone(),
        "USERINFO" => u.user_info.clone(),
        _ => None,
    }
}

/// The value of query parameter `key` (Spark's regex `(&|^)key=([^&]*)`).
fn query_value(query: &str, key: &str) -> Option<String> {
    let re = regex::Regex::new(&format!("(&|^){key}=([^&]*)")).ok()?;
    re.captures(query)
        .and_then(|c| c.get(2))
        .map(|m| m.as_str().to_string())
}

fn eval(url: &str, name: &str, key: Option<&str>, fail: bool) -> DfResult<Out> {
    let Some(u) = parse(url) else {
        return if fail {
            Err(to_df(invalid_url(url)))
        } else {
            Ok(Out::Null)
        };
    };
    let v = match key {
        None => part(&u, name),
        Some(k) if name == "QUERY" => u.query.as_deref().and_then(|q| query_value(q, k)),
        Some(_) => None,
    };
    Ok(v.map_or(Out::Null, Out::Str))
}

macro_rules! url_udf {
    ($name:literal, $kinds:expr, $fail:expr) => {
        LazyLock::new(|| {
            row_udf($name, $kinds, Kind::Str, |v| match v {
                [Val::Str(u), Val::Str(p)] => eval(u, p, None, $fail),
                [Val::Str(u), Val::Str(p), Val::Str(k)] => eval(u, p, Some(k), $fail),
                _ => Ok(Out::Null),
            })
        })
    };
}

static PARSE2_ANSI: LazyLock<Arc<ScalarUDF>> =
    url_udf!("spark_parse_url_ansi", &[Kind::Str, Kind::Str], true);
static PARSE3_ANSI: LazyLock<Arc<ScalarUDF>> = url_udf!(
    "spark_parse_url3_ansi",
    &[Kind::Str, Kind::Str, Kind::Str],
    true
);
static PARSE2: LazyLock<Arc<ScalarUDF>> =
    url_udf!("spark_parse_url", &[Kind::Str, Kind::Str], false);
static PARSE3: LazyLock<Arc<ScalarUDF>> = url_udf!(
    "spark_parse_url3",
    &[Kind::Str, Kind::Str, Kind::Str],
    false
);

static TRY_DECODE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf(
        "spark_try_url_decode",
        &[Kind::Str],
        Kind::Str,
        |v| match v {
            [Val::Str(s)] => Ok(crate::string::url::decode(s).map_or(Out::Null, Out::Str)),
            _ => Ok(Out::Null),
        },
    )
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    [&PARSE2_ANSI, &PARSE3_ANSI, &PARSE2, &PARSE3, &TRY_DECODE]
        .into_iter()
        .map(|u| Arc::clone(u))
        .collect()
}

fn call(name: &str, args: Vec<DfExpr>, fail: bool) -> Result<DfExpr> {
    check_args(name, &args, 2, 3)?;
    let udf = match (args.len(), fail) {
        (2, true) => &PARSE2_ANSI,
        (2, false) => &PARSE2,
        (_, true) => &PARSE3_ANSI,
        (_, false) => &PARSE3,
    };
    Ok(udf.call(args))
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    crate::utils::require_strings("parse_url", &args, ctx)?;
    call("parse_url", args, ctx.ansi)
}

pub(crate) fn build_try(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    crate::utils::require_strings("try_parse_url", &args, ctx)?;
    call("try_parse_url", args, false)
}

pub(crate) fn build_try_decode(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s] = take_args("try_url_decode", args)?;
    Ok(TRY_DECODE.call(vec![s]))
}
