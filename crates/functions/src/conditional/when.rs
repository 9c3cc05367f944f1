//! `when(c1, v1, c2, v2, ..., [else])`: Spark's `CaseWhen`, as Spark Connect sends
//! `F.when(...).when(...).otherwise(...)`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("when", &args, 2, usize::MAX)?;
    check_branch_types(&args, ctx)?;
    let mut args = args;
    let else_expr = if args.len() % 2 == 1 {
        args.pop().map(Box::new)
    } else {
        None
    };
    let mut pairs = Vec::with_capacity(args.len() / 2);
    let mut it = args.into_iter();
    while let (Some(c), Some(v)) = (it.next(), it.next()) {
        pairs.push((Box::new(c), Box::new(v)));
    }
    Ok(DfExpr::Case(Case::new(None, pairs, else_expr)))
}

/// The kind of a branch value, for Spark's `CaseWhen.checkInputDataTypes`: values of different
/// kinds have no common type (numbers, strings and datetimes can be cast to each other).
fn kind(t: &ArrowType) -> Option<u8> {
    match t {
        ArrowType::Null => None,
        ArrowType::Boolean => Some(1),
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => Some(2),
        ArrowType::List(_) | ArrowType::LargeList(_) => Some(3),
        ArrowType::Struct(_) => Some(4),
        ArrowType::Map(..) => Some(5),
        _ => Some(0),
    }
}

/// `DATATYPE_MISMATCH.DATA_DIFF_TYPES` when the THEN/ELSE values cannot share a type.
fn check_branch_types(args: &[DfExpr], ctx: &FunctionContext<'_>) -> Result<()> {
    let values: Vec<&DfExpr> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1 || (args.len() % 2 == 1 && *i == args.len() - 1))
        .map(|(_, v)| v)
        .collect();
    let types = values
        .iter()
        .map(|v| ctx.arg_type(v))
        .collect::<Result<Vec<_>>>()?;
    let kinds: Vec<u8> = types.iter().filter_map(kind).collect();
    if kinds.windows(2).all(|w| w[0] == w[1]) {
        return Ok(());
    }
    let names = types
        .iter()
        .map(|t| format!("\"{}\"", crate::operators::spark_type_sql(t)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
        "42K09",
        format!(
            "Cannot resolve \"CASE WHEN\" due to data type mismatch: Input to `casewhen` should all be the same type, but it's [{names}]."
        ),
    )
    .param("functionName", "`casewhen`")
    .param("dataType", format!("[{names}]")))
}

/// `CASE WHEN c THEN v [WHEN ...] [ELSE e] END`.
pub(crate) fn display(_: &str, args: &[String], _: bool) -> String {
    let mut s = String::from("CASE");
    let mut chunks = args.chunks_exact(2);
    for pair in chunks.by_ref() {
        s.push_str(&format!(" WHEN {} THEN {}", pair[0], pair[1]));
    }
    if let [e] = chunks.remainder() {
        s.push_str(&format!(" ELSE {e}"));
    }
    s.push_str(" END");
    s
}
