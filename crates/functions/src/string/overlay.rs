//! `overlay(input, replace, pos[, len])` (Spark's `Overlay` on strings):
//! `substring(input, 1, pos - 1) || replace || substring(input, pos + len)`, where a negative
//! `len` (the default -1) means the length of `replace`. Binary overlay is not supported.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, lit, when};
use sabot_common::{Result, SparkError};

use super::concat::CONCAT;
use super::length::LENGTH;
use super::substring::SUBSTRING;
use crate::FunctionContext;
use crate::errors::from_df;
use crate::utils::{cast_to, check_args, is_string};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("overlay", &args, 3, 4)?;
    let mut args = args.into_iter();
    let (Some(s), Some(r), Some(pos)) = (args.next(), args.next(), args.next()) else {
        return Err(SparkError::internal("overlay arguments"));
    };
    let len = args.next().unwrap_or_else(|| lit(-1));
    let types = ctx.arg_types(&[s.clone(), r.clone()])?;
    if !types.iter().all(is_string) {
        return Err(SparkError::unsupported("overlay on binary values"));
    }
    let pos_t = ctx.arg_type(&pos)?;
    let len_t = ctx.arg_type(&len)?;
    let pos = cast_to(pos, &pos_t, &ArrowType::Int32);
    let len = cast_to(len, &len_t, &ArrowType::Int32);
    let len = when(len.clone().gt_eq(lit(0)), len)
        .otherwise(LENGTH.call(vec![r.clone()]))
        .map_err(from_df)?;
    let head = SUBSTRING.call(vec![s.clone(), lit(1), pos.clone() - lit(1)]);
    let tail = SUBSTRING.call(vec![s, pos + len, lit(i32::MAX)]);
    Ok(CONCAT.call(vec![head, r, tail]))
}

/// `overlay(s, r, 3, -1)`: Spark prints the default length.
pub(crate) fn display(name: &str, args: &[String], _: bool) -> String {
    let mut all = args.to_vec();
    if all.len() == 3 {
        all.push("-1".to_string());
    }
    format!("{name}({})", all.join(", "))
}
