//! Spark's implicit casts of function arguments (`ImplicitTypeCasts` over
//! `ImplicitCastInputTypes`), applied before a function is built: a STRING parameter takes any
//! other atomic value (a number, boolean, date, timestamp, interval, or a binary where the
//! parameter does not take one) through Spark's cast to STRING, so `upper(12)` is `'12'` and
//! `concat(ts, '')` reads `2024-01-02 03:04:05`; a numeric parameter takes a string through
//! Spark's cast to the number type Spark picks (under ANSI a malformed string fails as Spark's
//! cast does). Which parameters take what: `sabot_functions::implicit_cast`.

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;
use sabot_functions::ImplicitCast;

use super::casts::{cast_expr, is_string};
use super::expressions::Scope;

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
                match cast {
                    ImplicitCast::ToNumber(target) if is_string(&t) => {
                        cast_expr(e, &t, &target, self.conf.ansi)
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
}
