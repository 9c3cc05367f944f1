//! The `(date, time[, timezone])` forms of `make_timestamp` and its variants (Spark 4.1+).
//! A NULL time gives NULL, a `TIME` value is combined by `time::make_timestamp`; anything
//! else is Spark's type mismatch. Also the argument counts each variant accepts, with the expected
//! counts its `WRONG_NUM_ARGS` message states (they differ from the accepted ones in Spark).

use datafusion::arrow::datatypes::{DataType as ArrowType, TimeUnit};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::{Result, SparkError};

use super::coerce::session_ts;
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::utils::{is_string, null_of};

/// The accepted argument counts of a `make_timestamp` variant and its error's rendering.
fn counts(name: &str) -> (&'static [usize], &'static str) {
    match name {
        "make_timestamp" | "try_make_timestamp" => (&[2, 3, 6, 7], "[1, 2, 3, 6, 7]"),
        "make_timestamp_ltz" => (&[2, 3, 6, 7], "[2, 6]"),
        "try_make_timestamp_ltz" => (&[2, 3, 6, 7], "6"),
        "make_timestamp_ntz" => (&[2, 6], "[2, 6]"),
        _ => (&[2, 6], "6"),
    }
}

/// Checks the argument count; `Ok(true)` for the date/time form.
pub(crate) fn check_count(name: &str, n: usize) -> Result<bool> {
    let (accepted, expected) = counts(name);
    if n == 1 && accepted.contains(&2) && expected.starts_with("[1") {
        return Err(SparkError::unsupported(format!(
            "`{name}` with a single argument"
        )));
    }
    if !accepted.contains(&n) {
        return Err(wrong_num_args(name, expected, n));
    }
    Ok(n <= 3)
}

/// `make_timestamp(date, time[, timezone])`.
pub(crate) fn build(
    name: &str,
    ntz: bool,
    args: &[DfExpr],
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let types = ctx.arg_types(args)?;
    if !matches!(types[0], ArrowType::Date32 | ArrowType::Null) {
        return Err(unexpected_input_type(
            name,
            format!(
                "The first parameter requires the \"DATE\" type, however the argument has the type {}",
                types[0]
            ),
        ));
    }
    if !matches!(types[1], ArrowType::Null | ArrowType::Time64(_)) {
        return Err(unexpected_input_type(
            name,
            format!(
                "The second parameter requires the \"TIME\" type, however the argument has the type {}",
                types[1]
            ),
        ));
    }
    if let Some(t) = types.get(2)
        && !(is_string(t) || *t == ArrowType::Null)
    {
        return Err(unexpected_input_type(
            name,
            format!(
                "The third parameter requires the \"STRING\" type, however the argument has the type {t}"
            ),
        ));
    }
    let ret = if ntz {
        ArrowType::Timestamp(TimeUnit::Microsecond, None)
    } else {
        session_ts(ctx)
    };
    if matches!(types[1], ArrowType::Time64(_)) {
        return super::time::make_timestamp::build(args, ret, ctx);
    }
    Ok(null_of(&ret))
}

/// Spark's column names for the date/time forms: the `_ltz` variants print as
/// `make_timestamp(...)`, `try_make_timestamp_ntz` wraps `make_timestamp_ntz(...)`.
pub(crate) fn display_ltz(name: &str, args: &[String], d: bool) -> String {
    if args.len() <= 3 {
        return crate::display_call("make_timestamp", args, d);
    }
    crate::display_call(name, args, d)
}

pub(crate) fn display_try_ntz(name: &str, args: &[String], d: bool) -> String {
    if args.len() <= 3 {
        let inner = crate::display_call("make_timestamp_ntz", args, d);
        return format!("{name}({inner})");
    }
    crate::display_call(name, args, d)
}

#[cfg(test)]
mod tests {
    use super::check_count;

    #[test]
    fn counts_like_spark() {
        assert!(check_count("make_timestamp", 2).unwrap());
        assert!(!check_count("make_timestamp", 6).unwrap());
        let e = check_count("make_timestamp_ntz", 3).unwrap_err();
        assert!(e.message.contains("requires [2, 6] parameters"));
        let e = check_count("try_make_timestamp_ltz", 8).unwrap_err();
        assert!(e.message.contains("requires 6 parameters"));
    }
}
