//! `hll_sketch_agg(x [, lgConfigK])` (Spark's `HllSketchAgg`): an HLL_8 sketch of the non-NULL
//! INT, BIGINT, STRING or BINARY values (ints hashed as longs; empty strings and binaries
//! ignored, as Java's `update` does), as Java's updatable image; never NULL. Partial sketches
//! merge through a `Union` of the first one's lgConfigK.

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int64Type};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::coupon::coupon;
use super::errors::k_must_be_constant;
use super::state::Hll;
use super::udaf::{SketchBuffer, Spec, call};
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::json::to_json_type_sql as type_sql;
use crate::utils::{cast_to, constant_value, is_string};

const NAME: &str = "hll_sketch_agg";

#[derive(Debug)]
struct Buffer(Hll);

/// A new buffer; an invalid lgConfigK fails here, at execution, as in Spark.
pub(super) fn buffer(lg_k: i64) -> DfResult<Box<dyn SketchBuffer>> {
    Ok(Box::new(Buffer(Hll::new(lg_k, NAME)?)))
}

impl Buffer {
    fn add(&mut self, bytes: &[u8]) -> DfResult<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.0.update(coupon(bytes), bytes)
    }
}

impl SketchBuffer for Buffer {
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        match a.data_type() {
            ArrowType::Int64 => {
                for v in a.as_primitive::<Int64Type>().iter().flatten() {
                    self.add(&v.to_le_bytes())?;
                }
            }
            ArrowType::Utf8 => {
                for v in a.as_string::<i32>().iter().flatten() {
                    self.add(v.as_bytes())?;
                }
            }
            ArrowType::Binary => {
                for v in a.as_binary::<i32>().iter().flatten() {
                    self.add(v)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn merge(&mut self, image: &[u8]) -> DfResult<()> {
        let other = Hll::deserialize(image, NAME)?;
        // Spark's `merge`: a `Union` of this buffer's lgConfigK over both; a union with an
        // empty side is a copy of the other.
        if other.is_empty() {
            return Ok(());
        }
        self.0 = if self.0.is_empty() {
            other
        } else {
            Hll::union(self.0.lg_k, &[&self.0, &other])?
        };
        Ok(())
    }

    fn state(&self) -> DfResult<Option<Vec<u8>>> {
        Ok(Some(self.0.serialize()))
    }

    fn finish(&self) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Binary(Some(self.0.serialize())))
    }
}

/// Spark's column name shows the default lgConfigK: `hll_sketch_agg(x, 12)`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    let mut a = args.to_vec();
    if a.len() == 1 {
        a.push("12".into());
    }
    crate::display_call(name, &a, distinct)
}

/// An INT constant parameter; `None` for NULL (Spark reads it as 0).
pub(super) fn int_param(
    e: &DfExpr,
    ctx: &FunctionContext<'_>,
    function: &str,
    position: &str,
    what: &str,
) -> Result<Option<i64>> {
    let t = ctx.arg_type(e)?;
    if !matches!(t, ArrowType::Int32 | ArrowType::Null) {
        return Err(unexpected_input_type(
            function,
            format!(
                "The {position} parameter requires the \"{what}\" type, however \"{e}\" has the type \"{}\"",
                type_sql(&t)
            ),
        ));
    }
    match constant_value(e) {
        Some(ScalarValue::Int32(v)) => Ok(v.map(i64::from)),
        Some(ScalarValue::Null) => Ok(None),
        _ => Err(k_must_be_constant(function)),
    }
}

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    if args.is_empty() || args.len() > 2 {
        return Err(wrong_num_args(NAME, "[1, 2]", args.len()));
    }
    let mut args = args.into_iter();
    let Some(x) = args.next() else {
        return Err(wrong_num_args(NAME, "[1, 2]", 0));
    };
    let t = ctx.arg_type(&x)?;
    let x = match &t {
        ArrowType::Int32 | ArrowType::Int64 => cast_to(x, &t, &ArrowType::Int64),
        t if is_string(t) => cast_to(x, t, &ArrowType::Utf8),
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView => {
            cast_to(x, &t, &ArrowType::Binary)
        }
        _ => {
            return Err(unexpected_input_type(
                NAME,
                format!(
                    "The first parameter requires the (\"INT\" or \"BIGINT\" or \"STRING\" or \"BINARY\") type, however \"{x}\" has the type \"{}\"",
                    type_sql(&t)
                ),
            ));
        }
    };
    let lg_k = match args.next() {
        Some(k) => int_param(&k, ctx, NAME, "second", "INT")?.unwrap_or(0),
        None => 12,
    };
    // Duplicates never change an HLL sketch, so DISTINCT needs no work.
    let _ = distinct;
    Ok(call(Spec::HllSketch(lg_k), ArrowType::Binary, vec![x]))
}
