//! Spark's implicit casts of function arguments (`ImplicitTypeCasts` over
//! `ImplicitCastInputTypes`), applied before a function is built: a STRING parameter takes any
//! other atomic value (a number, boolean, date, timestamp, interval, or a binary where the
//! parameter does not take one) through Spark's cast to STRING, so `upper(12)` is `'12'` and
//! `concat(ts, '')` reads `2024-01-02 03:04:05`; a numeric parameter takes a string through
//! Spark's cast to the number type Spark picks (under ANSI a malformed string fails as Spark's
//! cast does). Which parameters take what: `sabot_functions::implicit_cast`.
//!
//! Then the arguments that share a type (`CASE`/`if`/`coalesce` values, `array`/`map`
//! elements, `IN`, `greatest`/`least`; `sabot_functions::common_type`) are cast to their wider
//! common type, or fail with Spark's `DATATYPE_MISMATCH.DATA_DIFF_TYPES`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};
use sabot_functions::{ImplicitCast, Widening};

use super::casts::{cast_expr, is_string};
use super::expressions::Scope;
use super::type_sql::arrow_type_sql;
use super::wider_type::{wider_common_type, wider_type_without_string_promotion};

/// Whether Spark casts a value of type `t` to STRING implicitly (an `AtomicType` that is not
/// already a string; binaries only where `keep_binary` is false).
fn to_string(t: &ArrowType, keep_binary: bool) -> bool {
    match t {
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => !keep_binary,
        ArrowType::Boolean
        | ArrowType::Date32
        | ArrowType::Timestamp(..)
        | ArrowType::Interval(_)
        | ArrowType::Duration(_)
        | ArrowType::Decimal128(..) => true,
        t => t.is_integer() || t.is_floating(),
    }
}

impl Scope<'_> {
    /// `args` of the function `name` (lower case) with their implicit casts.
    pub(crate) fn implicit_casts(&self, name: &str, args: Vec<DfExpr>) -> Result<Vec<DfExpr>> {
        // `f(args) WITHIN GROUP (...)` arrives as `__within_group('f', key, desc, nulls, args...)`.
        let (name, skip) = match (name, args.first()) {
            (
                "__within_group",
                Some(DfExpr::Literal(datafusion::common::ScalarValue::Utf8(Some(f)), _)),
            ) => (f.clone(), 4),
            _ => (name.to_string(), 0),
        };
        let n = args.len().saturating_sub(skip);
        args.into_iter()
            .enumerate()
            .map(|(i, e)| {
                let cast = i
                    .checked_sub(skip)
                    .and_then(|i| sabot_functions::implicit_cast(&name, i, n));
                let (Some(cast), Ok(t)) = (cast, self.data_type(&e)) else {
                    return Ok(e);
                };
                let fractional = t.is_floating() || matches!(t, ArrowType::Decimal128(..));
                match cast {
                    ImplicitCast::ToNumber(target) if is_string(&t) => {
                        cast_expr(e, &t, &target, self.conf.ansi)
                    }
                    ImplicitCast::ToIntegral(target) if is_string(&t) || fractional => {
                        cast_expr(e, &t, &target, self.conf.ansi)
                    }
                    ImplicitCast::ToLongBinaryOrString if fractional => {
                        cast_expr(e, &t, &ArrowType::Int64, self.conf.ansi)
                    }
                    ImplicitCast::ToLongBinaryOrString
                        if !t.is_integer() && to_string(&t, true) =>
                    {
                        cast_expr(e, &t, &ArrowType::Utf8, false)
                    }
                    // Spark's cast of an atomic value to STRING never fails.
                    ImplicitCast::ToString { keep_binary } if to_string(&t, keep_binary) => {
                        cast_expr(e, &t, &ArrowType::Utf8, false)
                    }
                    _ => Ok(e),
                }
            })
            .collect()
    }

    /// `args` of the function `name` (lower case) cast to the common types Spark gives them;
    /// `display` names the call in an error.
    pub(crate) fn common_type_casts(
        &self,
        name: &str,
        mut args: Vec<DfExpr>,
        display: impl FnOnce() -> String,
    ) -> Result<Vec<DfExpr>> {
        let Some(common) = sabot_functions::common_type(name, args.len()) else {
            return Ok(args);
        };
        let types = args
            .iter()
            .map(|e| self.data_type(e))
            .collect::<Result<Vec<_>>>()?;
        let mut display = Some(display);
        for group in &common.groups {
            let group_types: Vec<ArrowType> = group.iter().map(|&i| types[i].clone()).collect();
            if group_types.windows(2).all(|w| w[0] == w[1]) {
                continue;
            }
            let target = match common.widening {
                Widening::StringPromotion => wider_common_type(&group_types, self.conf.ansi),
                Widening::NoStringPromotion => {
                    wider_type_without_string_promotion(&group_types, self.conf.ansi)
                }
            };
            let target = match (target, common.error_name) {
                (Some(t), _) => t,
                // The function reports its own error.
                (None, None) => continue,
                (None, Some(function)) => {
                    let mut sql = display.take().map(|d| d()).unwrap_or_default();
                    // `nvl`/`ifnull` are replaced by `coalesce`, which Spark names.
                    if function == "coalesce"
                        && let Some(rest) = sql.strip_prefix(name)
                    {
                        sql = format!("coalesce{rest}");
                    }
                    return Err(data_diff_types(&sql, function, &group_types));
                }
            };
            for &i in group {
                if types[i] != target {
                    let e =
                        std::mem::replace(&mut args[i], DfExpr::Literal(ScalarValue::Null, None));
                    args[i] = cast_expr(e, &types[i], &target, self.conf.ansi)?;
                }
            }
        }
        Ok(args)
    }
}

/// Spark's `DataTypeMismatch(DATA_DIFF_TYPES)`: the arguments have no common type.
fn data_diff_types(sql: &str, function: &str, types: &[ArrowType]) -> SparkError {
    let names: Vec<String> = types
        .iter()
        .map(|t| format!("\"{}\"", arrow_type_sql(t)))
        .collect();
    // `TypeUtils.checkForSameTypeInputExpr` (`coalesce`, `array`) lists the types as
    // alternatives; the other checks as a list.
    let names = if matches!(function, "coalesce" | "array") {
        format!("({})", names.join(" or "))
    } else {
        format!("[{}]", names.join(", "))
    };
    SparkError::with_class(
        ExceptionKind::Analysis,
        "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
        "42K09",
        format!(
            "Cannot resolve \"{sql}\" due to data type mismatch: Input to `{function}` should all be the same type, but it's {names}."
        ),
    )
    .param("sqlExpr", format!("\"{sql}\""))
    .param("functionName", format!("`{function}`"))
    .param("dataType", names)
}
