//! `stack(n, e1, ..., ek)` (Spark's `Stack` generator): `n` rows of `ceil(k / n)` columns
//! `col0, col1, ...`, filled from the expressions in order and padded with NULLs. Planned as
//! `inline` over an array of `n` structs; each column takes the one type its non-NULL
//! expressions share (Spark's `StackCoercion` casts the NULLs to it).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::functions::core::expr_fn::named_struct;
use datafusion::functions_nested::expr_fn::make_array;
use datafusion::logical_expr::{Cast, Expr as DfExpr, lit};
use sabot_common::error::ExceptionKind;
use sabot_common::spec::Expr;
use sabot_common::{Result, SparkError};

use super::expressions::Scope;
use crate::types::arrow_to_spark;

/// The array of row structs and the column names for a `stack` call.
pub(super) fn stack_rows(scope: &Scope<'_>, args: &[Expr]) -> Result<(DfExpr, Vec<String>)> {
    let Some((first, values)) = args.split_first() else {
        return Err(wrong_num_args(0));
    };
    if values.is_empty() {
        return Err(wrong_num_args(args.len()));
    }
    let n_expr = scope.resolve(first)?;
    let rows = match n_expr.expr.unalias() {
        DfExpr::Literal(ScalarValue::Int32(Some(n)), _) if n > 0 => n as usize,
        DfExpr::Literal(ScalarValue::Int64(Some(n)), _) if n > 0 && n <= i64::from(i32::MAX) => {
            n as usize
        }
        _ => {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
                "42K09",
                format!(
                    "Cannot resolve \"stack(...)\" due to data type mismatch: the input `n` should be a positive constant integer, got {}.",
                    n_expr.name
                ),
            )
            .param("inputName", "`n`")
            .param("inputType", "\"INT\""));
        }
    };
    let resolved = values
        .iter()
        .map(|v| {
            let r = scope.resolve(v)?;
            let t = scope.data_type(&r.expr)?;
            Ok((r.expr.unalias(), t))
        })
        .collect::<Result<Vec<_>>>()?;
    let width = resolved.len().div_ceil(rows);
    // Each column's type: the one its non-NULL values share (as Spark types: a string read
    // from Parquet is a string view, the same Spark type as a literal's `Utf8`).
    let mut types = vec![ArrowType::Null; width];
    for (i, (_, t)) in resolved.iter().enumerate() {
        let c = i % width;
        if *t == ArrowType::Null {
            continue;
        }
        if types[c] == ArrowType::Null {
            types[c] = t.clone();
        } else if arrow_to_spark(&types[c])? != arrow_to_spark(t)? {
            return Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES",
                "42K09",
                format!(
                    "Cannot resolve \"stack(...)\" due to data type mismatch: The data type of the column ({c}) do not have the same type: {} <> {t}.",
                    types[c]
                ),
            )
            .param("columnIndex", c.to_string()));
        }
    }
    let names: Vec<String> = (0..width).map(|c| format!("col{c}")).collect();
    let mut structs = Vec::with_capacity(rows);
    for r in 0..rows {
        let mut fields = Vec::with_capacity(width * 2);
        for (c, name) in names.iter().enumerate() {
            let value = match resolved.get(r * width + c) {
                Some((e, t)) if *t == types[c] => e.clone(),
                Some((e, _)) => DfExpr::Cast(Cast::new(Box::new(e.clone()), types[c].clone())),
                None => DfExpr::Cast(Cast::new(
                    Box::new(lit(ScalarValue::Null)),
                    types[c].clone(),
                )),
            };
            fields.push(lit(name.as_str()));
            fields.push(value);
        }
        structs.push(named_struct(fields));
    }
    Ok((make_array(structs), names))
}

fn wrong_num_args(actual: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
        "42605",
        format!("The `stack` requires > 1 parameters but the actual number is {actual}."),
    )
    .param("functionName", "`stack`")
    .param("expectedNum", "> 1")
    .param("actualNum", actual.to_string())
}
