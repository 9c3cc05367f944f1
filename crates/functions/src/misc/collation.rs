//! `collate(str, name)` and `collation(str)` (Spark's `Collate`, `Collation`). Sabot's strings
//! all use Spark's default collation, `UTF8_BINARY` (byte-wise comparison); collating to it is
//! the identity, and any other collation is refused by name rather than compared wrongly.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Expr as DfExpr, lit};
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{constant_value, is_string, take_args};

fn string_arg(name: &str, e: &DfExpr, ctx: &FunctionContext<'_>) -> Result<()> {
    let t = ctx.arg_type(e)?;
    if is_string(&t) || t == ArrowType::Null {
        Ok(())
    } else {
        Err(unexpected_input_type(
            name,
            format!(
                "The first parameter requires the \"STRING\" type, however the argument has the type {t}"
            ),
        ))
    }
}

pub(crate) fn build_collation(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s] = take_args("collation", args)?;
    string_arg("collation", &s, ctx)?;
    Ok(lit("SYSTEM.BUILTIN.UTF8_BINARY"))
}

pub(crate) fn build_collate(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [s, name] = take_args("collate", args)?;
    string_arg("collate", &s, ctx)?;
    let collation = match constant_value(&name) {
        Some(ScalarValue::Utf8(Some(n)) | ScalarValue::Utf8View(Some(n))) => n,
        _ => {
            return Err(unexpected_input_type(
                "collate",
                "The collation name must be a string literal",
            ));
        }
    };
    if collation.eq_ignore_ascii_case("UTF8_BINARY") {
        // A NULL literal becomes a (collated) string, as Spark casts it.
        let t = ctx.arg_type(&s)?;
        Ok(crate::utils::cast_to(s, &t, &ArrowType::Utf8))
    } else {
        Err(SparkError::unsupported(format!(
            "the collation {collation} (Sabot compares strings as UTF8_BINARY only)"
        )))
    }
}

pub(crate) fn build_current_path(
    args: Vec<DfExpr>,
    _: bool,
    _: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [] = take_args("current_path", args)?;
    // Spark's default SQL path; the current database is always `default` for now.
    Ok(lit("system.builtin,system.session,spark_catalog.default"))
}
