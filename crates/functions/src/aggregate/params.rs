//! Constant parameters of aggregates (percentages, accuracies, widths): Spark requires them
//! foldable and checks their range at analysis time.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

/// The value of a constant expression (a literal, or e.g. `array(0.25, 0.75)`), or `None`
/// when it depends on a column.
pub(crate) fn constant(e: &DfExpr) -> Option<ScalarValue> {
    if let DfExpr::Literal(v, _) = e {
        return Some(v.clone());
    }
    if !e.column_refs().is_empty() {
        return None;
    }
    match ExprSimplifier::new(SimplifyContext::default()).simplify(e.clone()) {
        Ok(DfExpr::Literal(v, _)) => Some(v),
        _ => None,
    }
}

/// `DATATYPE_MISMATCH.NON_FOLDABLE_INPUT`.
pub(crate) fn non_foldable(call: &str, input: &str, ty: &str, got: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        "42K09",
        format!(
            "Cannot resolve \"{call}\" due to data type mismatch: the input `{input}` should be a foldable \"{ty}\" expression; however, got \"{got}\"."
        ),
    )
    .param("sqlExpr", format!("\"{call}\""))
    .param("inputName", format!("`{input}`"))
    .param("inputType", format!("\"{ty}\""))
    .param("inputExpr", format!("\"{got}\""))
}

/// `DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE`: `range` like `[0.0, 1.0]`, `current` rendered as
/// Spark does (`1.5D`, `0L`).
pub(crate) fn out_of_range(call: &str, expr_name: &str, range: &str, current: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        "42K09",
        format!(
            "Cannot resolve \"{call}\" due to data type mismatch: The {expr_name} must be between {range} (current value = {current})."
        ),
    )
    .param("sqlExpr", format!("\"{call}\""))
    .param("exprName", expr_name)
    .param("valueRange", range)
    .param("currentValue", current)
}

/// Spark's rendering of a double in messages: `1.5D`.
pub(crate) fn double_sql(v: f64) -> String {
    format!("{v:?}D")
}

/// The percentages of `percentile`/`percentile_approx`: a double or an array of doubles,
/// each in `[0, 1]`. Returns the values and whether an array was given.
pub(crate) fn percentages(call: &str, e: &DfExpr, got: &str) -> Result<(Vec<f64>, bool)> {
    // `array(0.25, 0.75)` of literals is read element by element (its decimal literals may
    // differ in precision, which the array function itself expects to be coerced first).
    if let DfExpr::ScalarFunction(f) = e
        && f.name().ends_with("array")
    {
        let values = f
            .args
            .iter()
            .map(constant)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| non_foldable(call, "percentage", "DOUBLE", got))?;
        return checked_percentages(call, values, got).map(|v| (v, true));
    }
    let v = constant(e).ok_or_else(|| non_foldable(call, "percentage", "DOUBLE", got))?;
    let (values, is_array) = match &v {
        ScalarValue::List(l) => {
            let arr = l.value(0);
            let mut out = Vec::new();
            for i in 0..arr.len() {
                out.push(ScalarValue::try_from_array(&arr, i).map_err(crate::errors::from_df)?);
            }
            (out, true)
        }
        other => (vec![other.clone()], false),
    };
    checked_percentages(call, values, got).map(|v| (v, is_array))
}

fn checked_percentages(call: &str, values: Vec<ScalarValue>, got: &str) -> Result<Vec<f64>> {
    let mut out = Vec::new();
    for p in values {
        let p = match p.cast_to(&ArrowType::Float64) {
            Ok(ScalarValue::Float64(Some(p))) => p,
            _ => {
                return Err(non_foldable(call, "percentage", "DOUBLE", got));
            }
        };
        if !(0.0..=1.0).contains(&p) {
            return Err(out_of_range(
                call,
                "percentage",
                "[0.0, 1.0]",
                &double_sql(p),
            ));
        }
        out.push(p);
    }
    Ok(out)
}

/// The value of a result: one double or an array of them.
pub(crate) fn one_or_array(
    values: Vec<ScalarValue>,
    is_array: bool,
    item: &ArrowType,
) -> ScalarValue {
    if is_array {
        ScalarValue::List(ScalarValue::new_list_nullable(&values, item))
    } else {
        values
            .into_iter()
            .next()
            .unwrap_or_else(|| ScalarValue::try_from(item).unwrap_or(ScalarValue::Null))
    }
}

/// The input as a double, as Spark's implicit cast of aggregate inputs: numbers convert,
/// invalid text fails under ANSI (`CAST_INVALID_INPUT`) and is NULL otherwise.
pub(crate) fn as_double(x: DfExpr, t: &ArrowType, ansi: bool) -> DfExpr {
    if crate::utils::is_string(t) && !ansi {
        datafusion::logical_expr::try_cast(x, ArrowType::Float64)
    } else {
        crate::utils::cast_to(x, t, &ArrowType::Float64)
    }
}
