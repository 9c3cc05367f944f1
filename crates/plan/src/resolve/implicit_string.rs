//! Spark's implicit cast of a function's STRING arguments (`ImplicitTypeCasts` over
//! `ImplicitCastInputTypes`): an atomic argument of another type (a number, boolean, date,
//! timestamp, interval, or a binary where the parameter does not take one) is cast to STRING
//! with Spark's cast, so `upper(12)` is `'12'` and `concat(ts, '')` reads
//! `2024-01-02 03:04:05`. A numeric parameter takes a string through Spark's cast to the
//! number type Spark picks (under ANSI a malformed string fails as Spark's cast does). Which
//! parameters take what is listed per function in `sabot_functions` (`string/implicit_cast.rs`).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;
use sabot_functions::ImplicitNumber;

use super::casts::cast_expr;
use super::expressions::Scope;

/// Whether Spark casts a value of type `t` to STRING implicitly (an `AtomicType` that is not
/// already a string; binaries only where `keep_binary` is false).
fn castable(t: &ArrowType, keep_binary: bool) -> bool {
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
    /// `args` of the function `name` (lower case) with the STRING parameters' implicit casts.
    pub(crate) fn implicit_string_casts(
        &self,
        name: &str,
        args: Vec<DfExpr>,
    ) -> Result<Vec<DfExpr>> {
        // `f(args) WITHIN GROUP (...)` arrives as `__within_group('f', key, desc, nulls, args...)`.
        let (name, skip) = match (name, args.first()) {
            (
                "__within_group",
                Some(DfExpr::Literal(datafusion::common::ScalarValue::Utf8(Some(f)), _)),
            ) => (f.clone(), 4),
            _ => (name.to_string(), 0),
        };
        let name = name.as_str();
        let n = args.len().saturating_sub(skip);
        args.into_iter()
            .enumerate()
            .map(|(i, e)| {
                let Some(i) = i.checked_sub(skip) else {
                    return Ok(e);
                };
                if let Some(to) = sabot_functions::implicit_numeric_param(name, i, n) {
                    let target = match to {
                        ImplicitNumber::Double => ArrowType::Float64,
                        ImplicitNumber::Long => ArrowType::Int64,
                        ImplicitNumber::Int => ArrowType::Int32,
                    };
                    return match self.data_type(&e) {
                        Ok(t)
                            if matches!(
                                t,
                                ArrowType::Utf8 | ArrowType::LargeUtf8 | ArrowType::Utf8View
                            ) =>
                        {
                            cast_expr(e, &t, &target, self.conf.ansi)
                        }
                        _ => Ok(e),
                    };
                }
                let Some(keep_binary) = sabot_functions::implicit_string_param(name, i, n) else {
                    return Ok(e);
                };
                match self.data_type(&e) {
                    Ok(t) if castable(&t, keep_binary) => {
                        // Spark's cast to STRING of an atomic value never fails.
                        cast_expr(e, &t, &ArrowType::Utf8, false)
                    }
                    _ => Ok(e),
                }
            })
            .collect()
    }
}
