//! Test helpers: evaluate a registry function over a small batch in a `SessionContext`.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int32Array, RecordBatch};
use datafusion::arrow::datatypes::FieldRef;
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::prelude::SessionContext;
use sabot_common::{Result, SparkError};

use crate::errors::from_df;
use crate::{FunctionContext, FunctionKind, lookup};

/// A batch from named columns.
pub(crate) fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(cols).unwrap()
}

/// A one-row batch with a single unused column, for calls on literals.
pub(crate) fn one_row() -> RecordBatch {
    batch(vec![(
        "dummy",
        Arc::new(Int32Array::from(vec![0])) as ArrayRef,
    )])
}

fn session() -> SessionContext {
    let ctx = SessionContext::new();
    for u in crate::udfs() {
        ctx.register_udf(u.as_ref().clone());
    }
    for u in crate::udafs() {
        ctx.register_udaf(u.as_ref().clone());
    }
    ctx
}

/// Evaluates `name(args)` over `batch` (as a projection, or an ungrouped aggregate) and
/// returns the result column and its field.
pub(crate) async fn eval(
    batch: RecordBatch,
    name: &str,
    args: Vec<DfExpr>,
    distinct: bool,
    ansi: bool,
) -> Result<(ArrayRef, FieldRef)> {
    let ctx = session();
    let df = ctx.read_batch(batch).map_err(from_df)?;
    let entry = lookup(name).ok_or_else(|| SparkError::unresolved_routine(name))?;
    let fctx = FunctionContext {
        schema: df.schema(),
        ansi,
        time_zone: "UTC",
        user: "tester",
        time_type: true,
        now_micros: crate::now_micros(),
    };
    let expr = (entry.build)(args, distinct, &fctx)?.alias("r");
    assert_portable(&expr);
    let df = if entry.kind == FunctionKind::Aggregate {
        df.aggregate(vec![], vec![expr]).map_err(from_df)?
    } else {
        df.select(vec![expr]).map_err(from_df)?
    };
    let field = Arc::clone(df.schema().field(0));
    let batches = df.collect().await.map_err(from_df)?;
    let arrays: Vec<ArrayRef> = batches.iter().map(|b| Arc::clone(b.column(0))).collect();
    let refs: Vec<&dyn datafusion::arrow::array::Array> =
        arrays.iter().map(|a| a.as_ref()).collect();
    let out = datafusion::arrow::compute::concat(&refs)
        .map_err(|e| SparkError::internal(e.to_string()))?;
    Ok((out, field))
}

/// Evaluates over one row and renders the single value as a string (`NULL` for null).
pub(crate) async fn eval_one(name: &str, args: Vec<DfExpr>, ansi: bool) -> Result<String> {
    let (a, _) = eval(one_row(), name, args, false, ansi).await?;
    render(&a, 0)
}

/// Renders one value with Arrow's display.
pub(crate) fn render(a: &ArrayRef, i: usize) -> Result<String> {
    if a.is_null(i) {
        return Ok("NULL".into());
    }
    datafusion::arrow::util::display::array_value_to_string(a, i)
        .map_err(|e| SparkError::internal(e.to_string()))
}

/// Renders a whole column.
pub(crate) fn render_all(a: &ArrayRef) -> Vec<String> {
    (0..a.len()).map(|i| render(a, i).unwrap()).collect()
}

/// Every function in `expr` that the plan codec can encode decodes to an equal function (the
/// ones it cannot encode fail plans with UNSUPPORTED_FEATURE instead, which is not a wrong
/// result). Run by [`eval`], so every function test checks its functions' encodings.
pub(crate) fn assert_portable(expr: &DfExpr) {
    use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
    use datafusion::logical_expr::expr::{AggregateFunction, ScalarFunction};

    use crate::portable;

    expr.apply(|e| {
        match e {
            DfExpr::ScalarFunction(ScalarFunction { func, .. }) => {
                if let Ok(buf) = portable::encode_scalar(func, &[]) {
                    let back = portable::decode_scalar(func.name(), &buf, &[]).unwrap();
                    assert_eq!(back.as_ref(), func.as_ref(), "{} round trip", func.name());
                }
            }
            DfExpr::AggregateFunction(AggregateFunction { func, .. }) => {
                if let Ok(buf) = portable::encode_aggregate(func, &[]) {
                    let back = portable::decode_aggregate(func.name(), &buf, &[]).unwrap();
                    assert_eq!(back.as_ref(), func.as_ref(), "{} round trip", func.name());
                }
            }
            _ => {}
        }
        Ok(TreeNodeRecursion::Continue)
    })
    .unwrap();
}
