//! `url_encode(str)` / `url_decode(str)` (Spark's `UrlEncode`/`UrlDecode` over Java's
//! `URLEncoder`/`URLDecoder` with UTF-8): `application/x-www-form-urlencoded`, space as `+`.

use std::sync::{Arc, LazyLock};

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::{Result, SparkError, error::ExceptionKind};

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::take_args;

static ENCODE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_url_encode", &[Kind::Str], Kind::Str, |v| match v {
        [Val::Str(s)] => Ok(Out::Str(encode(s))),
        _ => Ok(Out::Null),
    })
});

static DECODE: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_url_decode", &[Kind::Str], Kind::Str, |v| match v {
        [Val::Str(s)] => decode(s).map(Out::Str),
        _ => Ok(Out::Null),
    })
});

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![Arc::clone(&ENCODE), Arc::clone(&DECODE)]
}

/// Mirrors `URLEncoder.encode`: `[a-zA-Z0-9.*_-]` stay, space is `+`, the rest `%XX`.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `CANNOT_DECODE_URL` (Spark's `QueryExecutionErrors.illegalUrlError`).
fn cannot_decode(url: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::IllegalArgument,
        "CANNOT_DECODE_URL",
        "22546",
        format!(
            "The provided URL cannot be decoded: {url}. Please ensure that the URL is properly formatted and try again."
        ),
    )
    .param("url", url)
}

/// Mirrors `URLDecoder.decode`: `+` is a space, `%XX` a byte; a malformed escape fails.
pub(crate) fn decode(s: &str) -> DfResult<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = b
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => out.push(v),
                    None => return Err(to_df(cannot_decode(s))),
                }
                i += 3;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

pub(crate) fn build_encode(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("url_encode", args)?;
    Ok(ENCODE.call(vec![s]))
}

pub(crate) fn build_decode(args: Vec<DfExpr>, _: bool, _: &FunctionContext<'_>) -> Result<DfExpr> {
    let [s] = take_args("url_decode", args)?;
    Ok(DECODE.call(vec![s]))
}
