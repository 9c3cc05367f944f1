//! The theta aggregates as one DataFusion UDAF over a sketch-image state:
//! `theta_sketch_agg` (Spark's `ThetaSketchAgg`), `theta_union_agg` (`ThetaUnionAgg`) and
//! `theta_intersection_agg` (`ThetaIntersectionAgg`). Partial states are compact sketch images;
//! the final result always goes through a union of `2^lgNomEntries` entries, as Spark's final
//! `merge` does, so that it does not depend on how rows were partitioned.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use datasketches::theta::{CompactThetaSketch, ThetaIntersection, ThetaSketch, ThetaUnion};

use super::keys::for_each_key;
use super::sketch_io::{EMPTY, LgNom, internal, invalid_buffer, read, result_bytes, write};
use crate::errors::to_df;

/// Which aggregate, with its `lgNomEntries` as given (checked when it runs, as Spark does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ThetaAgg {
    Sketch(Option<i32>),
    Union(Option<i32>),
    Intersection,
}

impl ThetaAgg {
    fn function(self) -> &'static str {
        match self {
            ThetaAgg::Sketch(_) => "theta_sketch_agg",
            ThetaAgg::Union(_) => "theta_union_agg",
            ThetaAgg::Intersection => "theta_intersection_agg",
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ThetaUdaf {
    name: String,
    agg: ThetaAgg,
    signature: Signature,
}

impl ThetaUdaf {
    /// `input` is the argument's type: DataFusion names a call after its argument without
    /// casts, so two calls over differently cast columns need different function names.
    pub(crate) fn udaf(agg: ThetaAgg, input: &DataType) -> Arc<AggregateUDF> {
        let lg = match agg {
            ThetaAgg::Sketch(lg) | ThetaAgg::Union(lg) => {
                format!("<{}>", lg.map_or("null".into(), |v| v.to_string()))
            }
            ThetaAgg::Intersection => String::new(),
        };
        Arc::new(AggregateUDF::new_from_impl(Self {
            name: format!("spark_{}{lg}[{input}]", agg.function()),
            agg,
            signature: Signature::any(1, Volatility::Immutable),
        }))
    }
}

impl AggregateUDFImpl for ThetaUdaf {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Binary)
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn state_fields(&self, args: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format!("{}[sketch]", args.name),
            DataType::Binary,
            true,
        ))])
    }

    fn accumulator(&self, _: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        let function = self.agg.function();
        let lg = |v| LgNom::checked(function, v).map_err(to_df);
        Ok(match self.agg {
            ThetaAgg::Sketch(v) => {
                let lg = lg(v)?;
                Box::new(SketchAcc {
                    lg,
                    sketch: lg.new_sketch()?,
                    union: lg.new_union()?,
                })
            }
            ThetaAgg::Union(v) => {
                let lg = lg(v)?;
                Box::new(UnionAcc {
                    function,
                    lg,
                    union: lg.new_union()?,
                })
            }
            ThetaAgg::Intersection => Box::new(IntersectionAcc {
                function,
                inter: None,
            }),
        })
    }

    fn default_value(&self, _: &DataType) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Binary(Some(EMPTY.to_vec())))
    }
}

/// Calls `f` with each non-NULL sketch image of a binary column.
fn each_image(a: &ArrayRef, mut f: impl FnMut(&[u8]) -> DfResult<()>) -> DfResult<()> {
    if a.data_type() == &DataType::Null {
        return Ok(());
    }
    let b = a
        .as_binary_opt::<i32>()
        .ok_or_else(|| internal("a sketch column is not binary"))?;
    b.iter().flatten().try_for_each(&mut f)
}

fn sketch_of(function: &str, image: &[u8]) -> DfResult<CompactThetaSketch> {
    read(function, image).map_err(to_df)
}

fn binary(b: Vec<u8>) -> ScalarValue {
    ScalarValue::Binary(Some(b))
}

struct SketchAcc {
    lg: LgNom,
    sketch: ThetaSketch,
    /// Partial states merged in.
    union: ThetaUnion,
}

impl std::fmt::Debug for SketchAcc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SketchAcc").field("lg", &self.lg).finish()
    }
}

impl SketchAcc {
    fn result(&self) -> DfResult<Vec<u8>> {
        let mut u = self.lg.new_union()?;
        u.update(&self.sketch.compact(true)).map_err(internal)?;
        u.update(&self.union.to_sketch(true)).map_err(internal)?;
        Ok(result_bytes(u.to_sketch(true), self.lg))
    }
}

impl Accumulator for SketchAcc {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        let sketch = &mut self.sketch;
        for_each_key(a, |_, k| sketch.update(k))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = states.first() else {
            return Ok(());
        };
        let union = &mut self.union;
        each_image(a, |b| {
            union
                .update(&sketch_of("theta_sketch_agg", b)?)
                .map_err(internal)
        })
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![binary(self.result()?)])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(self.result()?))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.sketch.estimated_size() + self.union.estimated_size()
    }
}

struct UnionAcc {
    function: &'static str,
    lg: LgNom,
    union: ThetaUnion,
}

impl std::fmt::Debug for UnionAcc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnionAcc").field("lg", &self.lg).finish()
    }
}

impl Accumulator for UnionAcc {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        let (function, union) = (self.function, &mut self.union);
        each_image(a, |b| {
            union
                .update(&sketch_of(function, b)?)
                .map_err(|_| to_df(invalid_buffer(function)))
        })
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        self.update_batch(states)
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![self.evaluate()?])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(result_bytes(self.union.to_sketch(true), self.lg)))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.union.estimated_size()
    }
}

struct IntersectionAcc {
    function: &'static str,
    /// `None` until a non-NULL sketch arrives (no input is neutral, unlike an empty sketch).
    inter: Option<ThetaIntersection>,
}

impl std::fmt::Debug for IntersectionAcc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntersectionAcc").finish()
    }
}

impl IntersectionAcc {
    fn result(&self) -> Option<CompactThetaSketch> {
        self.inter.as_ref().and_then(|i| i.to_sketch(true))
    }
}

impl Accumulator for IntersectionAcc {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        let (function, inter) = (self.function, &mut self.inter);
        each_image(a, |b| {
            let s = sketch_of(function, b)?;
            let i = match inter {
                Some(i) => i,
                None => inter.insert(ThetaIntersection::with_seed(9001).map_err(internal)?),
            };
            i.update(&s).map_err(|_| to_df(invalid_buffer(function)))
        })
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        self.update_batch(states)
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Binary(self.result().map(|s| write(&s)))])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(
            self.result().map_or_else(|| EMPTY.to_vec(), |s| write(&s)),
        ))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.inter.as_ref().map_or(0, |i| i.estimated_size())
    }
}

// The plan codec rebuilds a Theta aggregate from its name and parameters.
impl crate::portable::PortableUdf for ThetaUdaf {
    const KEY: &'static str = "theta_aggregate";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let (tag, lg) = match self.agg {
            ThetaAgg::Sketch(lg) => ("sketch", lg),
            ThetaAgg::Union(lg) => ("union", lg),
            ThetaAgg::Intersection => ("intersection", None),
        };
        e.str(&self.name)
            .str(tag)
            .int(lg.map_or(i64::MIN, i64::from));
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = d.str()?;
        let tag = d.str()?;
        let lg = match d.int()? {
            i64::MIN => None,
            v => Some(i32::try_from(v).map_err(|_| {
                datafusion::common::DataFusionError::Internal("malformed theta parameter".into())
            })?),
        };
        let agg = match tag.as_str() {
            "sketch" => ThetaAgg::Sketch(lg),
            "union" => ThetaAgg::Union(lg),
            "intersection" => ThetaAgg::Intersection,
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown theta aggregate {other}"
                )));
            }
        };
        Ok(Self {
            name,
            agg,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
