//! `lag`/`lead(x[, offset[, default[, ignoreNulls]]])` and `nth_value(x, n[, ignoreNulls])`
//! (Spark's `Lag`, `Lead`, `NthValue`). The offset is a literal; the default takes the type
//! of `x` (Spark casts it); Spark prints the defaults: `lag(v, 1, NULL)`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::functions_window::lead_lag::{lag_udwf, lead_udwf};
use datafusion::functions_window::nth_value::nth_value_udwf;
use datafusion::logical_expr::expr::NullTreatment;
use datafusion::logical_expr::{Expr as DfExpr, ExprFunctionExt};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::ranking::{non_foldable, value_out_of_range};
use crate::FunctionContext;
use crate::errors::{from_df, unexpected_input_type};
use crate::utils::check_args;

fn literal_int(name: &str, what: &str, e: &DfExpr) -> Result<i64> {
    match e {
        DfExpr::Literal(v, _) => match v.cast_to(&datafusion::arrow::datatypes::DataType::Int64) {
            Ok(ScalarValue::Int64(Some(i))) if v.data_type().is_integer() => Ok(i),
            _ => Err(unexpected_input_type(
                name,
                format!("the {what} of `{name}` must be an integer literal, got {e}"),
            )),
        },
        _ => Err(non_foldable(name, what, "INT", &e.to_string())),
    }
}

fn literal_bool(name: &str, e: Option<&DfExpr>) -> Result<bool> {
    match e {
        None | Some(DfExpr::Literal(ScalarValue::Boolean(None), _)) => Ok(false),
        Some(DfExpr::Literal(ScalarValue::Boolean(Some(b)), _)) => Ok(*b),
        Some(other) => Err(unexpected_input_type(
            name,
            format!("the `ignoreNulls` of `{name}` must be a boolean literal, got {other}"),
        )),
    }
}

fn with_nulls(call: DfExpr, ignore_nulls: bool) -> Result<DfExpr> {
    if ignore_nulls {
        call.null_treatment(NullTreatment::IgnoreNulls)
            .build()
            .map_err(from_df)
    } else {
        Ok(call)
    }
}

fn build_shift(
    name: &str,
    udwf: std::sync::Arc<datafusion::logical_expr::WindowUDF>,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args(name, &args, 1, 4)?;
    let x = args[0].clone();
    let offset = match args.get(1) {
        Some(e) => literal_int(name, "offset", e)?,
        None => 1,
    };
    let input_type = ctx.arg_type(&x)?;
    let default = match args.get(2) {
        None | Some(DfExpr::Literal(ScalarValue::Null, _)) => ScalarValue::try_from(&input_type)
            .map_err(|e| SparkError::internal(format!("no NULL of {input_type}: {e}")))?,
        Some(DfExpr::Literal(v, _)) if v.is_null() => ScalarValue::try_from(&input_type)
            .map_err(|e| SparkError::internal(format!("no NULL of {input_type}: {e}")))?,
        Some(DfExpr::Literal(v, _)) => match v.cast_to(&input_type) {
            Ok(d) => d,
            // Without ANSI, Spark's cast of a malformed string default is NULL.
            Err(_) if !ctx.ansi && matches!(v, ScalarValue::Utf8(_) | ScalarValue::Utf8View(_)) => {
                ScalarValue::try_from(&input_type)
                    .map_err(|e| SparkError::internal(format!("no NULL of {input_type}: {e}")))?
            }
            Err(_) => return Err(bad_default(name, v, &input_type)),
        },
        Some(other) => {
            return Err(SparkError::unsupported(format!(
                "a non-literal default value in {name} ({other})"
            )));
        }
    };
    let ignore_nulls = literal_bool(name, args.get(3))?;
    let call = udwf.call(vec![
        x,
        DfExpr::Literal(ScalarValue::Int64(Some(offset)), None),
        DfExpr::Literal(default, None),
    ]);
    with_nulls(call, ignore_nulls)
}

/// A default Spark's implicit cast rejects: a string that is no number is `CAST_INVALID_INPUT`
/// (ANSI), as Spark's `Cast` of the default literal raises.
fn bad_default(name: &str, v: &ScalarValue, target: &ArrowType) -> SparkError {
    let spark_name = match target {
        ArrowType::Int8 => Some("TINYINT"),
        ArrowType::Int16 => Some("SMALLINT"),
        ArrowType::Int32 => Some("INT"),
        ArrowType::Int64 => Some("BIGINT"),
        ArrowType::Float32 => Some("FLOAT"),
        ArrowType::Float64 => Some("DOUBLE"),
        _ => None,
    };
    match (v, spark_name) {
        (ScalarValue::Utf8(Some(s)) | ScalarValue::Utf8View(Some(s)), Some(t)) => {
            let expression = format!("'{}'", s.replace('\'', "\\'"));
            SparkError::with_class(
                ExceptionKind::NumberFormat,
                "CAST_INVALID_INPUT",
                "22018",
                format!(
                    "The value {expression} of the type \"STRING\" cannot be cast to \"{t}\" because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead."
                ),
            )
            .param("expression", expression)
            .param("sourceType", "\"STRING\"")
            .param("targetType", format!("\"{t}\""))
            .param("ansiConfig", "\"spark.sql.ansi.enabled\"")
        }
        _ => unexpected_input_type(
            name,
            format!("the default of `{name}` cannot be cast to {target}"),
        ),
    }
}

pub(crate) fn build_lag(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build_shift("lag", lag_udwf(), args, ctx)
}

pub(crate) fn build_lead(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    build_shift("lead", lead_udwf(), args, ctx)
}

/// `nth_value(x, n[, ignoreNulls])`: `n` is a positive literal (Spark's `NthValue`).
pub(crate) fn build_nth_value(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("nth_value", &args, 2, 3)?;
    let n = literal_int("nth_value", "offset", &args[1])?;
    if n <= 0 {
        return Err(value_out_of_range(
            &format!("nth_value({}, {n})", args[0]),
            "offset",
            "(0, 9223372036854775807]",
            &format!("{n}L"),
        ));
    }
    let ignore_nulls = literal_bool("nth_value", args.get(2))?;
    let call = nth_value_udwf().call(vec![
        args[0].clone(),
        DfExpr::Literal(ScalarValue::Int64(Some(n)), None),
    ]);
    with_nulls(call, ignore_nulls)
}

/// `lag(v, 1, NULL)`: Spark prints the offset and default even when omitted.
pub(crate) fn display_lag_lead(name: &str, args: &[String], _: bool) -> String {
    let mut shown: Vec<String> = args.iter().take(3).cloned().collect();
    if shown.len() < 2 {
        shown.push("1".into());
    }
    if shown.len() < 3 {
        shown.push("NULL".into());
    }
    format!("{name}({})", shown.join(", "))
}

/// `nth_value(v, 2)`, with ` ignore nulls` after it when asked (Spark's `NthValue.sql`).
pub(crate) fn display_nth_value(name: &str, args: &[String], _: bool) -> String {
    let base = format!(
        "{name}({})",
        args.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
    );
    if args.get(2).is_some_and(|a| a == "true") {
        format!("{base} ignore nulls")
    } else {
        base
    }
}
