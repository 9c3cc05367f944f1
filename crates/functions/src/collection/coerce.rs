//! Argument coercion for the array functions: an array and an element (or two arrays) cast to
//! a common element type, as Spark's `TypeCoercion` does for `array_append`, `array_union`...

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::logical_expr::type_coercion::binary::type_union_resolution;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::rowwise::list_of;
use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::cast_to;

/// The element type of an argument that must be an array (`NULL` counts as an array of NULL).
pub(crate) fn array_element(
    ctx: &FunctionContext<'_>,
    name: &str,
    e: &DfExpr,
) -> Result<ArrowType> {
    match ctx.arg_type(e)? {
        ArrowType::List(f) | ArrowType::LargeList(f) | ArrowType::FixedSizeList(f, _) => {
            Ok(f.data_type().clone())
        }
        ArrowType::Null => Ok(ArrowType::Null),
        other => Err(unexpected_input_type(
            name,
            format!(
                "the argument {e} requires the \"ARRAY\" type, however it has the type {other}"
            ),
        )),
    }
}

/// Spark's `findWiderTypeWithoutStringPromotion` refuses to mix strings with other types.
fn mixes_strings(a: &ArrowType, b: &ArrowType) -> bool {
    let string = |t: &ArrowType| crate::utils::is_string(t);
    a != &ArrowType::Null && b != &ArrowType::Null && string(a) != string(b)
}

fn diff_types(name: &str, sub: &str, detail: String) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        &format!("DATATYPE_MISMATCH.{sub}"),
        "42K09",
        format!("Cannot resolve \"{name}\" due to data type mismatch: {detail}."),
    )
    .param("functionName", format!("`{name}`"))
}

/// The common type of two element types.
pub(crate) fn common(name: &str, a: &ArrowType, b: &ArrowType) -> Result<ArrowType> {
    if a == b || b == &ArrowType::Null {
        return Ok(a.clone());
    }
    if a == &ArrowType::Null {
        return Ok(b.clone());
    }
    type_union_resolution(&[a.clone(), b.clone()]).ok_or_else(|| {
        unexpected_input_type(
            name,
            format!("the element types {a} and {b} have no common type"),
        )
    })
}

/// An array cast to `array<t>` (unless it already is).
pub(crate) fn array_as(ctx: &FunctionContext<'_>, e: DfExpr, t: &ArrowType) -> Result<DfExpr> {
    let from = ctx.arg_type(&e)?;
    let to = list_of(t.clone());
    if matches!(&from, ArrowType::List(f) if f.data_type() == t) {
        return Ok(e);
    }
    Ok(cast_to(e, &from, &to))
}

/// `(array, element)` cast to a common element type.
pub(crate) fn array_and_element(
    ctx: &FunctionContext<'_>,
    name: &str,
    array: DfExpr,
    elem: DfExpr,
) -> Result<(DfExpr, DfExpr)> {
    let el = array_element(ctx, name, &array)?;
    let et = ctx.arg_type(&elem)?;
    if mixes_strings(&el, &et) {
        return Err(diff_types(
            name,
            "ARRAY_FUNCTION_DIFF_TYPES",
            format!(
                "Input to `{name}` should have been \"ARRAY\" followed by a value with same element type, but it's [array<{el}>, {et}]"
            ),
        ));
    }
    let t = common(name, &el, &et)?;
    Ok((array_as(ctx, array, &t)?, cast_to(elem, &et, &t)))
}

/// Two arrays cast to a common element type.
pub(crate) fn two_arrays(
    ctx: &FunctionContext<'_>,
    name: &str,
    a: DfExpr,
    b: DfExpr,
) -> Result<(DfExpr, DfExpr)> {
    let (ta, tb) = (array_element(ctx, name, &a)?, array_element(ctx, name, &b)?);
    if mixes_strings(&ta, &tb) {
        return Err(diff_types(
            name,
            "BINARY_ARRAY_DIFF_TYPES",
            format!(
                "Input to function `{name}` should have been two \"ARRAY\" with same element type, but it's [array<{ta}>, array<{tb}>]"
            ),
        ));
    }
    let t = common(name, &ta, &tb)?;
    Ok((array_as(ctx, a, &t)?, array_as(ctx, b, &t)?))
}

/// An argument Spark declares `INT` (`ImplicitCastInputTypes`): narrower integers are widened,
/// anything else (`bigint`, strings) is a type mismatch. `ordinal` is Spark's "first",
/// "second"... parameter.
pub(crate) fn int_argument(
    ctx: &FunctionContext<'_>,
    name: &str,
    e: DfExpr,
    ordinal: &str,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    match t {
        ArrowType::Int8 | ArrowType::Int16 | ArrowType::Int32 | ArrowType::Null => {
            Ok(cast_to(e, &t, &ArrowType::Int32))
        }
        other => Err(SparkError::with_class(
            ExceptionKind::Analysis,
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            "42K09",
            format!(
                "Cannot resolve \"{name}\" due to data type mismatch: The {ordinal} parameter requires the \"INT\" type, however \"{e}\" has the type \"{other}\"."
            ),
        )
        .param("paramIndex", ordinal)
        .param("requiredType", "\"INT\"")),
    }
}
