//! `shiftleft`, `shiftright`, `shiftrightunsigned` (Spark's `ShiftLeft`, `ShiftRight`,
//! `ShiftRightUnsigned`) and `bit_count` (Spark's `BitwiseCount`), over `datafusion-spark`.
//! Shifts take an INT or BIGINT value (TINYINT/SMALLINT widen to INT) and an INT amount that,
//! as in Java, only counts modulo the bit width.

use std::sync::{Arc, LazyLock};

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::{Expr as DfExpr, ScalarUDF};
use sabot_common::Result;

use crate::FunctionContext;
use crate::utils::{Renamed, cast_to, is_integral, take_args};
use datafusion_spark::function::bitwise as ds;

pub(crate) static SHIFT_LEFT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_shiftleft", ds::shiftleft()));
pub(crate) static SHIFT_RIGHT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_shiftright", ds::shiftright()));
pub(crate) static SHIFT_RIGHT_UNSIGNED: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_shiftrightunsigned", ds::shiftrightunsigned()));
pub(crate) static BIT_COUNT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| Renamed::udf("spark_bit_count", ds::bit_count()));

fn type_error(name: &str, what: String) -> sabot_common::SparkError {
    crate::errors::unexpected_input_type(name, what)
}

/// The value as INT or BIGINT and the amount as INT, or Spark's type error.
fn shift_args(name: &str, args: Vec<DfExpr>, ctx: &FunctionContext<'_>) -> Result<[DfExpr; 2]> {
    let [v, n] = take_args(name, args)?;
    let (vt, nt) = (ctx.arg_type(&v)?, ctx.arg_type(&n)?);
    let target = match vt {
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Null => ArrowType::Int32,
        ArrowType::Int64 => ArrowType::Int64,
        _ => {
            return Err(type_error(
                name,
                format!("`{name}` requires an INT or BIGINT value, got {vt}"),
            ));
        }
    };
    if !(is_integral(&nt) && nt != ArrowType::Int64 || nt == ArrowType::Null) {
        return Err(type_error(
            name,
            format!("`{name}` requires an INT shift amount, got {nt}"),
        ));
    }
    Ok([cast_to(v, &vt, &target), cast_to(n, &nt, &ArrowType::Int32)])
}

pub(crate) fn build_left(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(SHIFT_LEFT.call(shift_args("shiftleft", args, ctx)?.to_vec()))
}

pub(crate) fn build_right(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    Ok(SHIFT_RIGHT.call(shift_args("shiftright", args, ctx)?.to_vec()))
}

pub(crate) fn build_right_unsigned(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Ok(SHIFT_RIGHT_UNSIGNED.call(shift_args("shiftrightunsigned", args, ctx)?.to_vec()))
}

/// `bit_count` of an integral or boolean value; negative values count their 64-bit two's
/// complement (`bit_count(-1)` is 64 for any integral type, as Spark widens to long).
pub(crate) fn build_bit_count(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bit_count", args)?;
    let t = ctx.arg_type(&x)?;
    let x = match t {
        ArrowType::Boolean | ArrowType::Int64 => x,
        ArrowType::Null => cast_to(x, &t, &ArrowType::Int64),
        _ if is_integral(&t) => cast_to(x, &t, &ArrowType::Int64),
        _ => {
            return Err(type_error(
                "bit_count",
                format!("`bit_count` requires an integral or boolean value, got {t}"),
            ));
        }
    };
    Ok(BIT_COUNT.call(vec![x]))
}
