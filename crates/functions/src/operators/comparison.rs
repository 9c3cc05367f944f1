//! Comparisons `==`/`=`, `!=`/`<>`, `<`, `<=`, `>`, `>=` and the null-safe `<=>`
//! (Spark's `EqualTo`, `EqualNullSafe`, `LessThan`, ...).

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, Operator, binary_expr, cast, not, try_cast};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{is_decimal, is_floating, is_integral, is_numeric, is_string, take_args};

fn compare(
    name: &str,
    op: Operator,
    args: Vec<DfExpr>,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [l, r] = take_args(name, args)?;
    let (lt, rt) = (ctx.arg_type(&l)?, ctx.arg_type(&r)?);
    if let Some(map) = [&lt, &rt]
        .into_iter()
        .find(|t| matches!(t, ArrowType::Map(..)) || crate::variant::is_variant(t))
    {
        let symbol = if name == "==" { "=" } else { name };
        return Err(super::type_mismatch::invalid_ordering_type(symbol, map));
    }
    let symbol = if name == "==" { "=" } else { name };
    let equality = matches!(
        op,
        Operator::Eq | Operator::NotEq | Operator::IsNotDistinctFrom
    );
    check_comparable(symbol, &lt, &rt, ctx.ansi || !equality)?;
    let (l, r) = crate::datetime::time::string_operands(l, &lt, r, &rt, ctx)?;
    // A string compared with a date or timestamp is read as one (Spark's
    // `findCommonTypeForBinaryComparison`), failing on bad text under ANSI, else NULL.
    let datetime_text = |e: DfExpr, other: &ArrowType| -> Result<DfExpr> {
        use crate::datetime::coerce::{date_input, timestamp_input};
        match other {
            ArrowType::Date32 => date_input(symbol, 0, e, ctx),
            ArrowType::Timestamp(_, Some(_)) => timestamp_input(symbol, 0, e, ctx),
            ArrowType::Timestamp(_, None) => Ok(crate::datetime::args::ntz_from_text(e, ctx)),
            _ => Ok(e),
        }
    };
    let (l, r) = match (is_string(&lt), is_string(&rt)) {
        (true, false) => (datetime_text(l, &rt)?, r),
        (false, true) => (l, datetime_text(r, &lt)?),
        _ => (l, r),
    };
    // Legacy mode compares a boolean with a number as that number's type.
    let boolean_as = |e: DfExpr, other: &ArrowType| cast(cast(e, ArrowType::Int8), other.clone());
    let (l, r) = match (&lt, &rt) {
        (ArrowType::Boolean, t) if is_numeric(t) && !ctx.ansi && equality => (boolean_as(l, t), r),
        (t, ArrowType::Boolean) if is_numeric(t) && !ctx.ansi && equality => (l, boolean_as(r, t)),
        _ => (l, r),
    };
    let (l, r) = match (
        string_target(&lt, &rt, ctx.ansi),
        string_target(&rt, &lt, ctx.ansi),
    ) {
        (Some(t), _) => (implicit(l, t, ctx.ansi), r),
        (_, Some(t)) => (l, implicit(r, t, ctx.ansi)),
        _ => (l, r),
    };
    Ok(binary_expr(l, op, r))
}

/// The comparison families of Spark's `TypeCoercion`: values of different families (a number
/// and a date, a day-time and a year-month interval, ...) are not comparable
/// (`DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES`); `strict` off (legacy-mode equality) allows a
/// boolean and a number. Strings, NULLs and other types are left to the usual coercion.
fn check_comparable(symbol: &str, lt: &ArrowType, rt: &ArrowType, strict: bool) -> Result<()> {
    #[derive(PartialEq)]
    enum Family {
        Number,
        Boolean,
        Datetime,
        DayTime,
        YearMonth,
    }
    let family = |t: &ArrowType| {
        Some(match t {
            t if is_numeric(t) => Family::Number,
            ArrowType::Boolean => Family::Boolean,
            ArrowType::Date32 | ArrowType::Timestamp(..) => Family::Datetime,
            ArrowType::Duration(_) => Family::DayTime,
            ArrowType::Interval(datafusion::arrow::datatypes::IntervalUnit::YearMonth) => {
                Family::YearMonth
            }
            _ => return None,
        })
    };
    // Text is never compared with an interval.
    let interval =
        |t: &ArrowType| matches!(family(t), Some(Family::DayTime) | Some(Family::YearMonth));
    if (is_string(lt) && interval(rt)) || (interval(lt) && is_string(rt)) {
        return Err(super::type_mismatch::binary_op_diff_types(symbol, lt, rt));
    }
    let (Some(a), Some(b)) = (family(lt), family(rt)) else {
        return Ok(());
    };
    let legacy_bool = !strict
        && matches!(
            (&a, &b),
            (Family::Boolean, Family::Number) | (Family::Number, Family::Boolean)
        );
    if a == b || legacy_bool {
        return Ok(());
    }
    Err(super::type_mismatch::binary_op_diff_types(symbol, lt, rt))
}

/// The type a string operand compared with a number or a boolean takes (Spark's
/// `findCommonTypeForBinaryComparison`: the number's type; a `bigint` for any integral type
/// under ANSI).
fn string_target(t: &ArrowType, other: &ArrowType, ansi: bool) -> Option<ArrowType> {
    if !is_string(t) {
        return None;
    }
    if is_integral(other) {
        Some(if ansi {
            ArrowType::Int64
        } else {
            other.clone()
        })
    } else if is_floating(other) || is_decimal(other) || *other == ArrowType::Boolean {
        Some(other.clone())
    } else {
        None
    }
}

/// Invalid text fails under ANSI (`CAST_INVALID_INPUT`) and is NULL otherwise.
fn implicit(e: DfExpr, t: ArrowType, ansi: bool) -> DfExpr {
    if ansi { cast(e, t) } else { try_cast(e, t) }
}

pub(crate) fn build_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("==", Operator::Eq, args, ctx)
}

/// `a != b` is `NOT (a = b)` in Spark, which is also how it is named.
pub(crate) fn build_not_eq(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Ok(not(compare("!=", Operator::Eq, args, ctx)?))
}

pub(crate) fn build_eq_null_safe(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    compare("<=>", Operator::IsNotDistinctFrom, args, ctx)
}

pub(crate) fn build_lt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<", Operator::Lt, args, ctx)
}

pub(crate) fn build_lt_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare("<=", Operator::LtEq, args, ctx)
}

pub(crate) fn build_gt(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">", Operator::Gt, args, ctx)
}

pub(crate) fn build_gt_eq(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    compare(">=", Operator::GtEq, args, ctx)
}
