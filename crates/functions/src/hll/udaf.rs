//! One DataFusion aggregate for Spark's sketch aggregates (HLL and KLL): the partial state is
//! the sketch's binary image, as Spark's `TypedImperativeAggregate` buffers serialize, and
//! partial states are merged the way each Spark aggregate merges its buffers.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Expr as DfExpr, Signature, Volatility,
};

/// A sketch aggregate's buffer.
pub(crate) trait SketchBuffer: std::fmt::Debug + Send + Sync {
    /// Adds the rows of the (already type-coerced) input columns.
    fn update(&mut self, values: &[ArrayRef]) -> DfResult<()>;
    /// Merges another partial buffer's image.
    fn merge(&mut self, image: &[u8]) -> DfResult<()>;
    /// The partial buffer's image (`None` for Spark's empty `Option` buffers).
    fn state(&self) -> DfResult<Option<Vec<u8>>>;
    /// The aggregate's result.
    fn finish(&self) -> DfResult<ScalarValue>;
}

/// Which sketch aggregate, with its constant parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Spec {
    /// `hll_sketch_agg(x, lgConfigK)`.
    HllSketch(i64),
    /// `hll_union_agg(sketch, allowDifferentLgConfigK)`.
    HllUnion(bool),
    /// `kll_sketch_agg_<type>(x, k)`.
    KllSketch(crate::kll::Ty, u16),
    /// `kll_merge_agg_<type>(sketch [, k])`.
    KllMerge(crate::kll::Ty, Option<u16>),
    /// `kll_sketch_agg_<type>(DISTINCT x, k)` (`Some(k)`) or `kll_merge_agg_<type>(DISTINCT
    /// sketch [, k])` (`None`, then the merge k).
    KllDistinct(crate::kll::Ty, Option<u16>, Option<u16>),
}

impl Spec {
    fn base_name(&self) -> &'static str {
        match self {
            Spec::HllSketch(_) => "spark_hll_sketch_agg",
            Spec::HllUnion(_) => "spark_hll_union_agg",
            Spec::KllSketch(..) => "spark_kll_sketch_agg",
            Spec::KllMerge(..) => "spark_kll_merge_agg",
            Spec::KllDistinct(..) => "spark_kll_distinct_agg",
        }
    }

    fn param(&self) -> String {
        match self {
            Spec::HllSketch(k) => k.to_string(),
            Spec::HllUnion(a) => a.to_string(),
            Spec::KllSketch(t, k) => format!("{},{k}", t.suffix()),
            Spec::KllMerge(t, k) => format!("{},{k:?}", t.suffix()),
            Spec::KllDistinct(t, s, m) => format!("{},{s:?},{m:?}", t.suffix()),
        }
    }

    fn buffer(&self) -> DfResult<Box<dyn SketchBuffer>> {
        match self {
            Spec::HllSketch(k) => super::sketch_agg::buffer(*k),
            Spec::HllUnion(a) => Ok(super::union_agg::buffer(*a)),
            Spec::KllSketch(t, k) => crate::kll::agg::sketch_buffer(*t, *k),
            Spec::KllMerge(t, k) => Ok(crate::kll::agg::merge_buffer(*t, *k)),
            Spec::KllDistinct(t, s, m) => Ok(crate::kll::distinct::buffer(*t, *s, *m)),
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SketchAgg {
    name: String,
    spec: Spec,
    ret: DataType,
    signature: Signature,
}

impl SketchAgg {
    pub(crate) fn udaf(spec: Spec, ret: DataType) -> Arc<AggregateUDF> {
        Arc::new(AggregateUDF::new_from_impl(Self {
            name: format!("{}<{}>", spec.base_name(), spec.param()),
            spec,
            ret,
            signature: Signature::variadic_any(Volatility::Immutable),
        }))
    }
}

/// Calls the sketch aggregate `spec` on `args`.
pub(crate) fn call(spec: Spec, ret: DataType, args: Vec<DfExpr>) -> DfExpr {
    SketchAgg::udaf(spec, ret).call(args)
}

impl AggregateUDFImpl for SketchAgg {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(self.ret.clone())
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
        Ok(Box::new(SketchAccumulator(self.spec.buffer()?)))
    }

    fn default_value(&self, _: &DataType) -> DfResult<ScalarValue> {
        self.spec.buffer()?.finish()
    }
}

#[derive(Debug)]
struct SketchAccumulator(Box<dyn SketchBuffer>);

impl Accumulator for SketchAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        self.0.update(values)
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        self.0.finish()
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + 1024
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Binary(self.0.state()?)])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let Some(s) = states.first() else {
            return Ok(());
        };
        let s = s.as_binary::<i32>();
        for i in 0..s.len() {
            if s.is_valid(i) {
                self.0.merge(s.value(i))?;
            }
        }
        Ok(())
    }
}

fn ty_name(t: crate::kll::Ty) -> &'static str {
    match t {
        crate::kll::Ty::Bigint => "bigint",
        crate::kll::Ty::Double => "double",
        crate::kll::Ty::Float => "float",
    }
}

fn ty_of(s: &str) -> DfResult<crate::kll::Ty> {
    Ok(match s {
        "bigint" => crate::kll::Ty::Bigint,
        "double" => crate::kll::Ty::Double,
        "float" => crate::kll::Ty::Float,
        other => {
            return Err(datafusion::common::DataFusionError::Internal(format!(
                "unknown sketch type {other}"
            )));
        }
    })
}

fn opt_k(v: Option<u16>) -> i64 {
    v.map_or(-1, i64::from)
}

fn k_of(v: i64) -> DfResult<Option<u16>> {
    if v == -1 {
        return Ok(None);
    }
    u16::try_from(v).map(Some).map_err(|_| {
        datafusion::common::DataFusionError::Internal("malformed sketch parameter".into())
    })
}

// The plan codec rebuilds an HLL/KLL aggregate from its name, parameters and result type.
impl crate::portable::PortableUdf for SketchAgg {
    const KEY: &'static str = "sketch_aggregate";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(&self.name).data_type(&self.ret)?;
        match &self.spec {
            Spec::HllSketch(k) => e.str("hll_sketch").int(*k),
            Spec::HllUnion(b) => e.str("hll_union").bool(*b),
            Spec::KllSketch(t, k) => e.str("kll_sketch").str(ty_name(*t)).int(i64::from(*k)),
            Spec::KllMerge(t, k) => e.str("kll_merge").str(ty_name(*t)).int(opt_k(*k)),
            Spec::KllDistinct(t, a, b) => e
                .str("kll_distinct")
                .str(ty_name(*t))
                .int(opt_k(*a))
                .int(opt_k(*b)),
        };
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let name = d.str()?;
        let ret = d.data_type()?;
        let spec = match d.str()?.as_str() {
            "hll_sketch" => Spec::HllSketch(d.int()?),
            "hll_union" => Spec::HllUnion(d.bool()?),
            "kll_sketch" => {
                let t = ty_of(&d.str()?)?;
                Spec::KllSketch(t, k_of(d.int()?)?.unwrap_or_default())
            }
            "kll_merge" => Spec::KllMerge(ty_of(&d.str()?)?, k_of(d.int()?)?),
            "kll_distinct" => {
                let t = ty_of(&d.str()?)?;
                Spec::KllDistinct(t, k_of(d.int()?)?, k_of(d.int()?)?)
            }
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown sketch aggregate {other}"
                )));
            }
        };
        Ok(Self {
            name,
            spec,
            ret,
            signature: Signature::variadic_any(Volatility::Immutable),
        })
    }
}
