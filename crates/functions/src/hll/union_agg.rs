//! `hll_union_agg(sketch [, allowDifferentLgConfigK])` (Spark's `HllUnionAgg`): a `Union`
//! created with the first sketch's lgConfigK over the group's non-NULL sketches, as an HLL_8
//! updatable image; an empty lgConfigK-12 sketch when there is none. Never NULL.

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr as DfExpr;
use sabot_common::Result;

use super::errors::different_lg_k;
use super::state::Hll;
use super::udaf::{SketchBuffer, Spec, call};
use crate::FunctionContext;
use crate::errors::{unexpected_input_type, wrong_num_args};
use crate::json::to_json_type_sql as type_sql;
use crate::utils::{cast_to, constant_value};

const NAME: &str = "hll_union_agg";

/// The union's lgMaxK and its gadget (Spark's `Option[Union]`).
#[derive(Debug)]
struct Buffer {
    allow: bool,
    union: Option<(u8, Hll)>,
}

pub(super) fn buffer(allow: bool) -> Box<dyn SketchBuffer> {
    Box::new(Buffer { allow, union: None })
}

impl Buffer {
    fn add(&mut self, bytes: &[u8]) -> DfResult<()> {
        let s = Hll::deserialize(bytes, NAME)?;
        self.add_sketch(s)
    }

    /// Spark's `updateUnionWithSketch`.
    fn add_sketch(&mut self, s: Hll) -> DfResult<()> {
        let (lg_max, gadget) = match self.union.take() {
            None => (s.lg_k, Hll::union(s.lg_k, &[&s])?),
            Some((lg_max, gadget)) => {
                if !self.allow && gadget.lg_k != s.lg_k {
                    return Err(different_lg_k(NAME, gadget.lg_k, s.lg_k));
                }
                let g = Hll::union(lg_max, &[&gadget, &s])?;
                (lg_max, g)
            }
        };
        self.union = Some((lg_max, gadget));
        Ok(())
    }

    fn result(&self) -> DfResult<Vec<u8>> {
        Ok(match &self.union {
            Some((_, g)) => g.serialize(),
            None => Hll::new(12, NAME)?.serialize(),
        })
    }
}

impl SketchBuffer for Buffer {
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        if let Some(a) = values.first() {
            for v in a.as_binary::<i32>().iter().flatten() {
                self.add(v)?;
            }
        }
        Ok(())
    }

    fn merge(&mut self, image: &[u8]) -> DfResult<()> {
        // Spark's `merge` unions the other buffer's result (`Union.heapify` of its image).
        self.add(image)
    }

    fn state(&self) -> DfResult<Option<Vec<u8>>> {
        Ok(self.union.as_ref().map(|(_, g)| g.serialize()))
    }

    fn finish(&self) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Binary(Some(self.result()?)))
    }
}

/// Spark's column name shows the default: `hll_union_agg(s, false)`.
pub(crate) fn display(name: &str, args: &[String], distinct: bool) -> String {
    let mut a = args.to_vec();
    if a.len() == 1 {
        a.push("false".into());
    }
    crate::display_call(name, &a, distinct)
}

/// A BINARY argument (`position` is Spark's ordinal word), cast to `Binary`.
pub(crate) fn binary_arg(
    e: DfExpr,
    ctx: &FunctionContext<'_>,
    function: &str,
    position: &str,
) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    match t {
        ArrowType::Binary | ArrowType::Null => Ok(cast_to(e, &t, &ArrowType::Binary)),
        ArrowType::LargeBinary | ArrowType::BinaryView => Ok(cast_to(e, &t, &ArrowType::Binary)),
        _ => Err(unexpected_input_type(
            function,
            format!(
                "The {position} parameter requires the \"BINARY\" type, however \"{e}\" has the type \"{}\"",
                type_sql(&t)
            ),
        )),
    }
}

pub(crate) fn build(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    if args.is_empty() || args.len() > 2 {
        return Err(wrong_num_args(NAME, "[1, 2]", args.len()));
    }
    let mut args = args.into_iter();
    let Some(x) = args.next() else {
        return Err(wrong_num_args(NAME, "[1, 2]", 0));
    };
    let x = binary_arg(x, ctx, NAME, "first")?;
    let allow = match args.next() {
        None => false,
        Some(a) => {
            let t = ctx.arg_type(&a)?;
            if !matches!(t, ArrowType::Boolean | ArrowType::Null) {
                return Err(unexpected_input_type(
                    NAME,
                    format!(
                        "The second parameter requires the \"BOOLEAN\" type, however \"{a}\" has the type \"{}\"",
                        type_sql(&t)
                    ),
                ));
            }
            // A NULL (or non-constant) flag reads as false, as Spark's `eval` of it does.
            matches!(constant_value(&a), Some(ScalarValue::Boolean(Some(true))))
        }
    };
    Ok(call(Spec::HllUnion(allow), ArrowType::Binary, vec![x]))
}
