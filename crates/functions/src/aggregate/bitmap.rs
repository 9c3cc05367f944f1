//! Spark's bitmap functions (`BitmapExpressionUtils`): `bitmap_bit_position`,
//! `bitmap_bucket_number` (scalar, bigint), `bitmap_count` (scalar: set bits of a binary) and
//! the aggregates `bitmap_construct_agg` (positions -> a 4096-byte bitmap), `bitmap_or_agg`,
//! `bitmap_and_agg` (bitwise over bitmaps). The aggregates are never NULL.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, BinaryArray, Int64Array};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, lit, when,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use super::collected::{Rows, call};
use super::kinds::Kind;
use super::with_distinct;
use crate::FunctionContext;
use crate::errors::{to_df, unexpected_input_type};
use crate::utils::{cast_to, is_integral, take_args};

const NUM_BYTES: usize = 4096;
const NUM_BITS: i64 = 32768;

fn long_input(name: &str, x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&x)?;
    if !(is_integral(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            name,
            format!("`{name}` requires an integral input, got {t}"),
        ));
    }
    Ok(cast_to(x, &t, &ArrowType::Int64))
}

fn binary_input(name: &str, x: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&x)?;
    if !matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView | ArrowType::Null
    ) {
        return Err(unexpected_input_type(
            name,
            format!("`{name}` requires a binary input, got {t}"),
        ));
    }
    Ok(cast_to(x, &t, &ArrowType::Binary))
}

/// `(x - 1) % 32768` for positive `x`, `-x % 32768` otherwise.
pub(crate) fn build_bit_position(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bitmap_bit_position", args)?;
    let x = long_input("bitmap_bit_position", x, ctx)?;
    when(
        x.clone().gt(lit(0i64)),
        (x.clone() - lit(1i64)) % lit(NUM_BITS),
    )
    .otherwise((lit(0i64) - x) % lit(NUM_BITS))
    .map_err(crate::errors::from_df)
}

/// `1 + (x - 1) / 32768` for positive `x`, `-x / 32768` otherwise.
pub(crate) fn build_bucket_number(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bitmap_bucket_number", args)?;
    let x = long_input("bitmap_bucket_number", x, ctx)?;
    when(
        x.clone().gt(lit(0i64)),
        lit(1i64) + (x.clone() - lit(1i64)) / lit(NUM_BITS),
    )
    .otherwise((lit(0i64) - x) / lit(NUM_BITS))
    .map_err(crate::errors::from_df)
}

/// `bitmap_count(b)`: the number of set bits.
#[derive(Debug, PartialEq, Eq, Hash)]
struct BitmapCount(Signature);

impl ScalarUDFImpl for BitmapCount {
    fn name(&self) -> &str {
        "spark_bitmap_count"
    }

    fn signature(&self) -> &Signature {
        &self.0
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some(b) = arrays
            .first()
            .and_then(|a| a.as_any().downcast_ref::<BinaryArray>())
        else {
            return Err(datafusion::common::DataFusionError::Internal(
                "bitmap_count expects a binary".into(),
            ));
        };
        let out: Int64Array = b
            .iter()
            .map(|v| v.map(|v| v.iter().map(|x| i64::from(x.count_ones())).sum()))
            .collect();
        let out: ArrayRef = Arc::new(out);
        if args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)))
        {
            return Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?));
        }
        Ok(ColumnarValue::Array(out))
    }
}

pub(crate) fn bitmap_count() -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(BitmapCount(Signature::exact(
        vec![ArrowType::Binary],
        Volatility::Immutable,
    ))))
}

pub(crate) fn build_count(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [x] = take_args("bitmap_count", args)?;
    Ok(bitmap_count().call(vec![binary_input("bitmap_count", x, ctx)?]))
}

/// `INVALID_BITMAP_POSITION`.
fn invalid_position(pos: i64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::ArrayIndexOutOfBounds,
        "INVALID_BITMAP_POSITION",
        "22003",
        format!(
            "The 0-indexed bitmap position {pos} is out of bounds. The bitmap has {NUM_BITS} bits ({NUM_BYTES} bytes)."
        ),
    )
    .param("bitPosition", pos.to_string())
    .param("bitmapNumBytes", NUM_BYTES.to_string())
    .param("bitmapNumBits", NUM_BITS.to_string())
}

pub(crate) fn finish_construct(rows: &Rows) -> DfResult<ScalarValue> {
    let mut bitmap = vec![0u8; NUM_BYTES];
    for r in rows {
        if let Some(ScalarValue::Int64(Some(pos))) = r.first() {
            if !(0..NUM_BITS).contains(pos) {
                return Err(to_df(invalid_position(*pos)));
            }
            let pos = *pos as usize;
            bitmap[pos / 8] |= 1 << (pos % 8);
        }
    }
    Ok(ScalarValue::Binary(Some(bitmap)))
}

fn combine(rows: &Rows, init: u8, f: fn(u8, u8) -> u8) -> ScalarValue {
    let mut bitmap = vec![init; NUM_BYTES];
    for r in rows {
        if let Some(ScalarValue::Binary(Some(b))) = r.first() {
            for (o, x) in bitmap.iter_mut().zip(b.iter()) {
                *o = f(*o, *x);
            }
        }
    }
    ScalarValue::Binary(Some(bitmap))
}

pub(crate) fn finish_or(rows: &Rows) -> DfResult<ScalarValue> {
    Ok(combine(rows, 0, |a, b| a | b))
}

pub(crate) fn finish_and(rows: &Rows) -> DfResult<ScalarValue> {
    Ok(combine(rows, 0xff, |a, b| a & b))
}

pub(crate) fn build_construct_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bitmap_construct_agg", args)?;
    let x = long_input("bitmap_construct_agg", x, ctx)?;
    with_distinct(
        call(
            Kind::BitmapConstruct,
            vec![],
            ArrowType::Binary,
            false,
            vec![x],
        ),
        distinct,
    )
}

pub(crate) fn build_or_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bitmap_or_agg", args)?;
    let x = binary_input("bitmap_or_agg", x, ctx)?;
    with_distinct(
        call(Kind::BitmapOr, vec![], ArrowType::Binary, false, vec![x]),
        distinct,
    )
}

pub(crate) fn build_and_agg(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let [x] = take_args("bitmap_and_agg", args)?;
    let x = binary_input("bitmap_and_agg", x, ctx)?;
    with_distinct(
        call(Kind::BitmapAnd, vec![], ArrowType::Binary, false, vec![x]),
        distinct,
    )
}
