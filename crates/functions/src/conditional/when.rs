//! `when(c1, v1, c2, v2, ..., [else])`: Spark's `CaseWhen`, as Spark Connect sends
//! `F.when(...).when(...).otherwise(...)`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Case, Expr as DfExpr};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::utils::{cast_to, check_args, is_floating, is_integral, is_string, wider_integral};

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("when", &args, 2, usize::MAX)?;
    check_branch_types(&args, ctx)?;
    let mut args = coerce_values(args, ctx)?;
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

fn is_value(i: usize, n: usize) -> bool {
    i % 2 == 1 || (n % 2 == 1 && i == n - 1)
}

/// Casts the THEN/ELSE values to their common type (Spark's `CaseWhenCoercion` with
/// `findWiderCommonType`): numbers widen (a float next to an int or bigint is a double under
/// ANSI); a string next to numbers becomes a bigint/double under ANSI (failing on bad text),
/// and numbers become strings otherwise.
fn coerce_values(args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<Vec<DfExpr>> {
    let n = args.len();
    let types = args
        .iter()
        .map(|a| ctx.arg_type(a))
        .collect::<Result<Vec<_>>>()?;
    let values: Vec<&ArrowType> = types
        .iter()
        .enumerate()
        .filter(|(i, t)| is_value(*i, n) && **t != ArrowType::Null)
        .map(|(_, t)| t)
        .collect();
    let Some(first) = values.first() else {
        return Ok(args);
    };
    if values.iter().all(|t| t == first) {
        return Ok(args);
    }
    let numeric = |t: &ArrowType| is_integral(t) || is_floating(t);
    let strings = values.iter().any(|t| is_string(t));
    if !values.iter().all(|t| numeric(t) || is_string(t)) {
        return Ok(args);
    }
    let any_floating = values.iter().any(|t| is_floating(t));
    let common = if strings && !ctx.ansi {
        ArrowType::Utf8
    } else if any_floating {
        let wide_int = values
            .iter()
            .any(|t| matches!(t, ArrowType::Int32 | ArrowType::Int64));
        let all_f32 = values
            .iter()
            .all(|t| *t == &ArrowType::Float32 || (is_integral(t) && !is_string(t)));
        if all_f32 && !(ctx.ansi && wide_int) && !strings {
            ArrowType::Float32
        } else {
            ArrowType::Float64
        }
    } else if strings {
        ArrowType::Int64
    } else {
        values
            .iter()
            .fold(ArrowType::Int8, |acc, t| wider_integral(&acc, t))
    };
    Ok(args
        .into_iter()
        .zip(types)
        .enumerate()
        .map(|(i, (a, t))| {
            if is_value(i, n) {
                cast_to(a, &t, &common)
            } else {
                a
            }
        })
        .collect())
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
