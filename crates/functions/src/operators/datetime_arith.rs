//! `timestamp ± interval`, `date ± year-month interval` (Spark's `TimestampAddInterval`,
//! `TimeAdd` and `DateAddYMInterval`, computed by Arrow's temporal arithmetic) and
//! `date ± days` and `date ± INTERVAL DAY` (Spark's `DateAdd` over `ExtractANSIIntervalDays`).

use datafusion::arrow::datatypes::{DataType as ArrowType, IntervalUnit};
use datafusion::logical_expr::{Expr as DfExpr, ExprSchemable, Operator, binary_expr, cast, lit};
use sabot_common::Result;

use super::numeric::ArithOp;
use crate::FunctionContext;

fn is_interval(t: &ArrowType) -> bool {
    matches!(t, ArrowType::Duration(_) | ArrowType::Interval(_))
}

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// The field metadata of Spark's `INTERVAL DAY` values (Arrow's duration has no fields).
pub fn day_interval_metadata() -> datafusion::logical_expr::expr::FieldMetadata {
    std::collections::HashMap::from([(
        sabot_common::time_of_day::DAY_INTERVAL_KEY.to_string(),
        "true".to_string(),
    )])
    .into()
}

/// Whether `e` is an `INTERVAL DAY` (a duration marked with [`day_interval_metadata`]).
pub(super) fn is_day_interval(e: &DfExpr, ctx: &FunctionContext<'_>) -> Result<bool> {
    let (_, field) = e
        .to_field(ctx.schema)
        .map_err(|err| sabot_common::SparkError::internal(format!("cannot type {e}: {err}")))?;
    Ok(matches!(field.data_type(), ArrowType::Duration(_))
        && field
            .metadata()
            .contains_key(sabot_common::time_of_day::DAY_INTERVAL_KEY))
}

/// Whether `t ± i` is computed here.
fn supported(t: &ArrowType, i: &ArrowType) -> bool {
    match t {
        ArrowType::Timestamp(..) => is_interval(i),
        ArrowType::Date32 => matches!(i, ArrowType::Interval(IntervalUnit::YearMonth)),
        _ => false,
    }
}

/// The temporal arithmetic for `l op r`, or `None` when the operands are not a datetime and
/// an interval.
pub(crate) fn temporal(
    op: ArithOp,
    l: &DfExpr,
    r: &DfExpr,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    let (lt, rt) = (ctx.arg_type(l)?, ctx.arg_type(r)?);
    if let Some(e) = string_and_interval(op, l, &lt, r, &rt, ctx)? {
        return Ok(Some(e));
    }
    if matches!(op, ArithOp::Add | ArithOp::Sub) {
        let subtract = matches!(op, ArithOp::Sub);
        if let Some(e) = crate::datetime::time::arith::time_interval(subtract, l, r, ctx)? {
            return Ok(Some(e));
        }
    }
    // `date ± n` is `date_add` / `date_sub` (Spark's `DateAdd`, `DateSub`): days as integers.
    let days = |d: &DfExpr, n: &DfExpr, o: Operator| {
        let as_int = |e: &DfExpr| cast(e.clone(), ArrowType::Int32);
        cast(binary_expr(as_int(d), o, as_int(n)), ArrowType::Date32)
    };
    let small_int =
        |t: &ArrowType| matches!(t, ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32);
    // `date ± INTERVAL n DAYS` stays a date (Spark's `BinaryArithmeticWithDatetimeResolver`:
    // `DateAdd(date, ExtractANSIIntervalDays(interval))` for `DayTimeIntervalType(DAY, DAY)`).
    let whole_days = |n: &DfExpr| {
        let micros = cast(n.clone(), ArrowType::Int64);
        cast(
            binary_expr(micros, Operator::Divide, lit(MICROS_PER_DAY)),
            ArrowType::Int32,
        )
    };
    match op {
        ArithOp::Add if lt == ArrowType::Date32 && is_day_interval(r, ctx)? => {
            return Ok(Some(days(l, &whole_days(r), Operator::Plus)));
        }
        ArithOp::Add if rt == ArrowType::Date32 && is_day_interval(l, ctx)? => {
            return Ok(Some(days(r, &whole_days(l), Operator::Plus)));
        }
        ArithOp::Sub if lt == ArrowType::Date32 && is_day_interval(r, ctx)? => {
            return Ok(Some(days(l, &whole_days(r), Operator::Minus)));
        }
        _ => {}
    }
    match op {
        ArithOp::Add if lt == ArrowType::Date32 && small_int(&rt) => {
            return Ok(Some(days(l, r, Operator::Plus)));
        }
        ArithOp::Add if rt == ArrowType::Date32 && small_int(&lt) => {
            return Ok(Some(days(r, l, Operator::Plus)));
        }
        ArithOp::Sub if lt == ArrowType::Date32 && small_int(&rt) => {
            return Ok(Some(days(l, r, Operator::Minus)));
        }
        _ => {}
    }
    Ok(match op {
        ArithOp::Add if supported(&lt, &rt) => {
            Some(binary_expr(l.clone(), Operator::Plus, r.clone()))
        }
        ArithOp::Add if supported(&rt, &lt) => {
            Some(binary_expr(r.clone(), Operator::Plus, l.clone()))
        }
        ArithOp::Sub if supported(&lt, &rt) => {
            Some(binary_expr(l.clone(), Operator::Minus, r.clone()))
        }
        _ => None,
    })
}

/// `string ± INTERVAL DAY TO SECOND` (either order for `+`): Spark's
/// `BinaryArithmeticWithDatetimeResolver` reads the string as a TIMESTAMP (failing on bad
/// text under ANSI), adds, and gives the result back as a STRING. A year-month interval has no
/// such rule: `BINARY_OP_DIFF_TYPES`.
fn string_and_interval(
    op: ArithOp,
    l: &DfExpr,
    lt: &ArrowType,
    r: &DfExpr,
    rt: &ArrowType,
    ctx: &FunctionContext<'_>,
) -> Result<Option<DfExpr>> {
    use crate::utils::is_string;
    let symbol = match op {
        ArithOp::Add => "+",
        ArithOp::Sub => "-",
        _ => return Ok(None),
    };
    let (text, interval, it) = match (is_string(lt), is_string(rt)) {
        (true, false) if is_interval(rt) => (l, r, rt),
        (false, true) if is_interval(lt) && op == ArithOp::Add => (r, l, lt),
        _ => return Ok(None),
    };
    if !matches!(it, ArrowType::Duration(_)) {
        return Err(super::type_mismatch::binary_op_diff_types(symbol, lt, rt));
    }
    let ts = crate::datetime::coerce::timestamp_input(symbol, 0, text.clone(), ctx)?;
    let df_op = if op == ArithOp::Add {
        Operator::Plus
    } else {
        Operator::Minus
    };
    let sum = binary_expr(ts, df_op, interval.clone());
    Ok(Some(crate::datetime::coerce::timestamp_to_string(sum, ctx)))
}
