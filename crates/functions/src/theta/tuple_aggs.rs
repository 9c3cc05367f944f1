//! The tuple aggregates as one DataFusion UDAF over a sketch-image state, for double and
//! integer summaries: `tuple_sketch_agg_*` (Spark's `TupleSketchAgg*`), `tuple_union_agg_*`
//! (`TupleUnionAgg*`) and `tuple_intersection_agg_*` (`TupleIntersectionAgg*`). Partial
//! states are compact sketch images; the final result goes through a union of
//! `2^lgNomEntries` entries so that it does not depend on how rows were partitioned.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int32Array};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{DataFusionError, Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};
use datasketches::tuple::{
    TupleIntersection, TupleSketch, TupleSketchBuilder, TupleUnion, TupleUnionBuilder,
};

use super::keys::for_each_key;
use super::sketch_io::{LgNom, internal};
use super::tuple_io::{EMPTY, invalid_buffer, read, trim, write, write_intersection};
use super::tuple_summary::{Mode, Num, Policy};
use crate::errors::to_df;

/// The summary type: `_double` or `_integer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Double,
    Integer,
}

impl Kind {
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Kind::Double => "double",
            Kind::Integer => "integer",
        }
    }
}

/// Which aggregate, with its checked parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TupleAgg {
    Sketch(LgNom, Mode),
    Union(LgNom, Mode),
    Intersection(Mode),
}

impl TupleAgg {
    fn base(self) -> &'static str {
        match self {
            TupleAgg::Sketch(..) => "tuple_sketch_agg",
            TupleAgg::Union(..) => "tuple_union_agg",
            TupleAgg::Intersection(_) => "tuple_intersection_agg",
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct TupleUdaf {
    name: String,
    function: String,
    agg: TupleAgg,
    kind: Kind,
    signature: Signature,
}

impl TupleUdaf {
    /// `input` is the key's type (see `ThetaUdaf::udaf`).
    pub(crate) fn udaf(agg: TupleAgg, kind: Kind, input: &DataType) -> Arc<AggregateUDF> {
        let function = format!("{}_{}", agg.base(), kind.suffix());
        Arc::new(AggregateUDF::new_from_impl(Self {
            name: format!("spark_{function}<{agg:?}>[{input}]"),
            function,
            agg,
            kind,
            signature: Signature::variadic_any(Volatility::Immutable),
        }))
    }
}

impl AggregateUDFImpl for TupleUdaf {
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
        match self.kind {
            Kind::Double => accumulator::<f64>(self.agg, &self.function),
            Kind::Integer => accumulator::<i32>(self.agg, &self.function),
        }
    }

    fn default_value(&self, _: &DataType) -> DfResult<ScalarValue> {
        Ok(binary(EMPTY.to_vec()))
    }
}

/// The summary column's values (double or int).
pub(crate) trait SummaryColumn: Num {
    fn value_at(a: &ArrayRef, row: usize) -> DfResult<Option<Self>>;
}

impl SummaryColumn for f64 {
    fn value_at(a: &ArrayRef, row: usize) -> DfResult<Option<Self>> {
        let a = a
            .as_any()
            .downcast_ref::<Float64Array>()
            .ok_or_else(|| internal("a summary column is not double"))?;
        Ok(a.is_valid(row).then(|| a.value(row)))
    }
}

impl SummaryColumn for i32 {
    fn value_at(a: &ArrayRef, row: usize) -> DfResult<Option<Self>> {
        let a = a
            .as_any()
            .downcast_ref::<Int32Array>()
            .ok_or_else(|| internal("a summary column is not int"))?;
        Ok(a.is_valid(row).then(|| a.value(row)))
    }
}

fn accumulator<T: SummaryColumn>(agg: TupleAgg, function: &str) -> DfResult<Box<dyn Accumulator>> {
    let function = function.to_string();
    Ok(match agg {
        TupleAgg::Sketch(lg, mode) => Box::new(SketchAcc::<T> {
            function,
            lg,
            mode,
            sketch: new_sketch(lg, mode)?,
            merged: new_union(lg, mode)?,
        }),
        TupleAgg::Union(lg, mode) => Box::new(UnionAcc::<T> {
            function,
            lg,
            mode,
            union: new_union(lg, mode)?,
        }),
        TupleAgg::Intersection(mode) => Box::new(IntersectionAcc::<T> {
            function,
            mode,
            inter: None,
            any_empty: false,
        }),
    })
}

pub(crate) fn new_sketch<T: Num>(lg: LgNom, mode: Mode) -> DfResult<TupleSketch<Policy<T>>> {
    TupleSketchBuilder::new(Policy::new(mode))
        .lg_k(lg.crate_lg())
        .build()
        .map_err(internal)
}

pub(crate) fn new_union<T: Num>(lg: LgNom, mode: Mode) -> DfResult<TupleUnion<Policy<T>>> {
    TupleUnionBuilder::new(Policy::new(mode))
        .lg_k(lg.crate_lg())
        .build()
        .map_err(internal)
}

pub(crate) fn new_intersection<T: Num>(mode: Mode) -> DfResult<TupleIntersection<Policy<T>>> {
    TupleIntersection::with_seed(Policy::new(mode), 9001).map_err(internal)
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

fn binary(b: Vec<u8>) -> ScalarValue {
    ScalarValue::Binary(Some(b))
}

fn set_op_error(function: &str) -> impl Fn(datasketches::error::Error) -> DataFusionError + '_ {
    move |_| to_df(invalid_buffer(function))
}

struct SketchAcc<T: Num> {
    function: String,
    lg: LgNom,
    mode: Mode,
    sketch: TupleSketch<Policy<T>>,
    /// Partial states merged in.
    merged: TupleUnion<Policy<T>>,
}

impl<T: Num> std::fmt::Debug for SketchAcc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TupleSketchAcc")
            .field("lg", &self.lg)
            .finish()
    }
}

impl<T: Num> SketchAcc<T> {
    fn result(&self) -> DfResult<Vec<u8>> {
        let mut u = new_union::<T>(self.lg, self.mode)?;
        u.update(&self.sketch.compact(false)).map_err(internal)?;
        u.update(&self.merged.to_sketch(false)).map_err(internal)?;
        Ok(write(&trim(u.to_sketch(false), self.lg)?))
    }
}

impl<T: SummaryColumn> Accumulator for SketchAcc<T> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let (Some(keys), Some(summaries)) = (values.first(), values.get(1)) else {
            return Ok(());
        };
        let sketch = &mut self.sketch;
        let mut failure = None;
        for_each_key(keys, |row, k| match T::value_at(summaries, row) {
            Ok(Some(v)) => sketch.update(k, v),
            Ok(None) => {}
            Err(e) => failure = Some(e),
        })?;
        failure.map_or(Ok(()), Err)
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = states.first() else {
            return Ok(());
        };
        let (function, merged) = (&self.function, &mut self.merged);
        each_image(a, |b| {
            merged
                .update(&read::<T>(function, b)?)
                .map_err(set_op_error(function))
        })
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![binary(self.result()?)])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(self.result()?))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.sketch.estimated_size() + self.merged.estimated_size()
    }
}

struct UnionAcc<T: Num> {
    function: String,
    lg: LgNom,
    mode: Mode,
    union: TupleUnion<Policy<T>>,
}

impl<T: Num> std::fmt::Debug for UnionAcc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TupleUnionAcc")
            .field("lg", &self.lg)
            .field("mode", &self.mode)
            .finish()
    }
}

impl<T: Num> Accumulator for UnionAcc<T> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        let (function, union) = (&self.function, &mut self.union);
        each_image(a, |b| {
            union
                .update(&read::<T>(function, b)?)
                .map_err(set_op_error(function))
        })
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        self.update_batch(states)
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![self.evaluate()?])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(write(&trim(self.union.to_sketch(false), self.lg)?)))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.union.estimated_size()
    }
}

struct IntersectionAcc<T: Num> {
    function: String,
    mode: Mode,
    /// `None` until a non-NULL sketch arrives (no input is neutral, unlike an empty sketch).
    inter: Option<TupleIntersection<Policy<T>>>,
    /// Whether an input sketch was empty.
    any_empty: bool,
}

impl<T: Num> std::fmt::Debug for IntersectionAcc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TupleIntersectionAcc")
            .field("mode", &self.mode)
            .finish()
    }
}

impl<T: Num> IntersectionAcc<T> {
    fn result(&self) -> DfResult<Option<Vec<u8>>> {
        match &self.inter {
            None => Ok(None),
            Some(i) => write_intersection(i.to_sketch(false), self.any_empty).map(Some),
        }
    }
}

impl<T: Num> Accumulator for IntersectionAcc<T> {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let Some(a) = values.first() else {
            return Ok(());
        };
        let (function, mode, inter) = (&self.function, self.mode, &mut self.inter);
        let any_empty = &mut self.any_empty;
        each_image(a, |b| {
            let s = read::<T>(function, b)?;
            *any_empty |= s.is_empty();
            let i = match inter {
                Some(i) => i,
                None => inter.insert(new_intersection(mode)?),
            };
            i.update(&s).map_err(set_op_error(function))
        })
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        self.update_batch(states)
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Binary(self.result()?)])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(binary(self.result()?.unwrap_or_else(|| EMPTY.to_vec())))
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.inter.as_ref().map_or(0, |i| i.estimated_size())
    }
}

// The plan codec rebuilds a tuple-sketch aggregate from its name and parameters.
impl crate::portable::PortableUdf for TupleUdaf {
    const KEY: &'static str = "tuple_aggregate";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let (tag, lg, mode) = match self.agg {
            TupleAgg::Sketch(lg, m) => ("sketch", i64::from(lg.0), m),
            TupleAgg::Union(lg, m) => ("union", i64::from(lg.0), m),
            TupleAgg::Intersection(m) => ("intersection", 0, m),
        };
        e.str(&self.name)
            .str(&self.function)
            .str(tag)
            .int(lg)
            .str(mode.name())
            .str(self.kind.suffix());
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = d.str()?;
        let function = d.str()?;
        let tag = d.str()?;
        let lg = LgNom(u8::try_from(d.int()?).map_err(|_| {
            datafusion::common::DataFusionError::Internal("malformed tuple parameter".into())
        })?);
        let mode = Mode::parse(&d.str()?).ok_or_else(|| {
            datafusion::common::DataFusionError::Internal("malformed tuple mode".into())
        })?;
        let agg = match tag.as_str() {
            "sketch" => TupleAgg::Sketch(lg, mode),
            "union" => TupleAgg::Union(lg, mode),
            "intersection" => TupleAgg::Intersection(mode),
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown tuple aggregate {other}"
                )));
            }
        };
        let kind = match d.str()?.as_str() {
            "double" => Kind::Double,
            "integer" => Kind::Integer,
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown tuple kind {other}"
                )));
            }
        };
        Ok(Self {
            name,
            function,
            agg,
            kind,
            signature: Signature::variadic_any(Volatility::Immutable),
        })
    }
}
