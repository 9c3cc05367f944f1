//! `base64(bin)` / `unbase64(str)` (Spark's `Base64`/`UnBase64`; a string argument of
//! `base64` is its UTF-8 bytes). DataFusion's padded base64 `encode`/`decode` do the coding;
//! Spark's encoder is MIME-chunked (`spark.sql.chunkBase64String.enabled`, default true):
//! lines of 76 characters separated by CRLF.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::functions::encoding::expr_fn::{decode, encode};
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF, lit};
use sabot_common::Result;

use super::rowwise::{Kind, Out, Val, row_udf};
use crate::FunctionContext;
use crate::utils::{cast_to, is_string, take_args};

static CHUNK: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
    row_udf("spark_base64_chunk", &[Kind::Str], Kind::Str, |v| match v {
        [Val::Str(s)] => Ok(Out::Str(chunk(s))),
        _ => Ok(Out::Null),
    })
});

/// Splits base64 text (ASCII) into CRLF-separated lines of 76 characters.
pub(crate) fn chunk(s: &str) -> String {
    s.as_bytes()
        .chunks(76)
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join("\r\n")
}

pub(crate) fn udf() -> Arc<ScalarUDF> {
    Arc::clone(&CHUNK)
}

pub(crate) fn build_base64(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [b] = take_args("base64", args)?;
    let t = ctx.arg_type(&b)?;
    let b = if is_string(&t) {
        cast_to(b, &t, &ArrowType::Binary)
    } else {
        b
    };
    Ok(CHUNK.call(vec![encode(b, lit("base64pad"))]))
}

pub(crate) fn build_unbase64(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s] = take_args("unbase64", args)?;
    Ok(decode(s, lit("base64pad")))
}
