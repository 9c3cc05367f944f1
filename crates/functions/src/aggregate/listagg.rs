//! `listagg` / `string_agg(x[, delimiter])` (Spark's `ListAgg`): the non-NULL strings (or
//! binaries) of the group joined by the constant delimiter (none when NULL or absent), in
//! input order; NULL when there are none. With `DISTINCT` each value is kept once.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::params::{constant, non_foldable};
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, check_args, is_string};

fn bytes(v: &ScalarValue) -> Option<&[u8]> {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.as_bytes()),
        ScalarValue::Binary(Some(b))
        | ScalarValue::LargeBinary(Some(b))
        | ScalarValue::BinaryView(Some(b)) => Some(b.as_slice()),
        _ => None,
    }
}

/// Rows are `(x, delimiter)`.
pub(crate) fn finish(ret: &ArrowType, rows: &Rows) -> DfResult<ScalarValue> {
    let mut out: Option<Vec<u8>> = None;
    for r in rows {
        let Some(x) = r.first().and_then(bytes) else {
            continue;
        };
        match out.as_mut() {
            None => out = Some(x.to_vec()),
            Some(o) => {
                if let Some(d) = r.get(1).and_then(bytes) {
                    o.extend_from_slice(d);
                }
                o.extend_from_slice(x);
            }
        }
    }
    Ok(match (ret, out) {
        (_, None) => ScalarValue::try_from(ret)?,
        (ArrowType::Binary, Some(b)) => ScalarValue::Binary(Some(b)),
        (_, Some(b)) => ScalarValue::Utf8(Some(String::from_utf8_lossy(&b).into_owned())),
    })
}

fn build(
    name: &str,
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args(name, &args, 1, 2)?;
    let mut it = args.into_iter();
    let x = it
        .next()
        .ok_or_else(|| SparkError::internal("missing argument"))?;
    let t = ctx.arg_type(&x)?;
    let binary = matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
    );
    if !(binary || is_string(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            name,
            format!("`{name}` requires a string or binary input, got {t}"),
        ));
    }
    let ret = if binary {
        ArrowType::Binary
    } else {
        ArrowType::Utf8
    };
    let x = cast_to(x, &t, &ret);
    let delimiter = match it.next() {
        None => ScalarValue::try_from(&ret).map_err(crate::errors::from_df)?,
        Some(d) => {
            let got = d.to_string();
            let v = constant(&d).ok_or_else(|| non_foldable(name, "delimiter", "STRING", &got))?;
            v.cast_to(&ret).map_err(crate::errors::from_df)?
        }
    };
    with_distinct(
        call(Kind::Listagg, vec![], ret, true, vec![x, lit(delimiter)]),
        distinct,
    )
}

pub(crate) fn build_listagg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("listagg", args, distinct, ctx)
}

pub(crate) fn build_string_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    build("string_agg", args, distinct, ctx)
}

/// `listagg(x, NULL)`: Spark shows the absent delimiter as NULL.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    if args.len() == 1 {
        let mut a = args.to_vec();
        a.push("NULL".to_string());
        return crate::display_call(name, &a, distinct);
    }
    crate::display_call(name, args, distinct)
}
