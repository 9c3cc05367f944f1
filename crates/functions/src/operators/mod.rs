//! Operators: arithmetic, comparison, logical and bitwise (Spark's `BinaryOperator`s and
//! unary operators), named as Spark Connect sends them.

pub(crate) mod arithmetic;
mod bitwise;
pub(crate) mod comparison;
mod datetime_arith;
mod decimal_mul;
pub(crate) mod divide;
pub(crate) mod divisor;
pub(crate) mod int_kernel;
pub(crate) mod interval_arith;
mod logical;
pub(crate) mod numeric;
pub(crate) mod remainder;
mod type_mismatch;

pub use datetime_arith::day_interval_metadata;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::{FunctionEntry, FunctionKind::Scalar, display_call};

/// `(a op b)` / `(op a)` as Spark's `BinaryOperator.sql` and `UnaryMinus.sql` print them.
pub(crate) fn display_infix(name: &str, args: &[String], _distinct: bool) -> String {
    let symbol = match name.to_ascii_lowercase().as_str() {
        "==" => "=".to_string(),
        "and" => "AND".to_string(),
        "or" => "OR".to_string(),
        other => other.to_string(),
    };
    match args {
        [a] => format!("({symbol} {a})"),
        [a, b] => format!("({a} {symbol} {b})"),
        _ => display_call(name, args, false),
    }
}

/// `(NOT (a = b))`: how Spark names `a != b`.
fn display_not_eq(_name: &str, args: &[String], _distinct: bool) -> String {
    format!("(NOT {})", display_infix("==", args, false))
}

/// `(NOT a)`.
fn display_not(name: &str, args: &[String], _distinct: bool) -> String {
    match args {
        [a] => format!("(NOT {a})"),
        _ => display_call(name, args, false),
    }
}

/// `~a`.
fn display_tilde(name: &str, args: &[String], _distinct: bool) -> String {
    match args {
        [a] => format!("~{a}"),
        _ => display_call(name, args, false),
    }
}

/// `positive(a)` prints as `(+ a)`.
fn display_positive(_name: &str, args: &[String], _distinct: bool) -> String {
    display_infix("+", args, false)
}

const fn op(name: &'static str, build: crate::BuildFn, display: crate::DisplayFn) -> FunctionEntry {
    FunctionEntry {
        name,
        kind: Scalar,
        build,
        display,
    }
}

pub(crate) static TABLE: &[FunctionEntry] = &[
    op("!", logical::build_not, display_not),
    op("!=", comparison::build_not_eq, display_not_eq),
    op("%", remainder::build_remainder, display_infix),
    op("&", bitwise::build_and, display_infix),
    op("*", arithmetic::build_multiply, display_infix),
    op("+", arithmetic::build_plus, display_infix),
    op("-", arithmetic::build_minus, display_infix),
    op("/", divide::build_divide, display_infix),
    op("<", comparison::build_lt, display_infix),
    op("<=", comparison::build_lt_eq, display_infix),
    op("<=>", comparison::build_eq_null_safe, display_infix),
    op("<>", comparison::build_not_eq, display_not_eq),
    op("=", comparison::build_eq, display_infix),
    op("==", comparison::build_eq, display_infix),
    op(">", comparison::build_gt, display_infix),
    op(">=", comparison::build_gt_eq, display_infix),
    op("^", bitwise::build_xor, display_infix),
    op("and", logical::build_and, display_infix),
    op("div", divide::build_div, display_infix),
    op("negative", arithmetic::build_negative, display_call),
    op("not", logical::build_not, display_not),
    op("or", logical::build_or, display_infix),
    op("positive", arithmetic::build_positive, display_positive),
    op("|", bitwise::build_or, display_infix),
    op("~", bitwise::build_not, display_tilde),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    let mut v = int_kernel::all_udfs();
    v.extend(divisor::all_udfs());
    v.extend(decimal_mul::all_udfs());
    v.push(Arc::clone(&bitwise::BITWISE_NOT));
    v
}

#[cfg(test)]
mod tests;
