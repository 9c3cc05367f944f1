//! The theta scalar functions as one row-wise UDF: `theta_sketch_estimate` (Spark's
//! `ThetaSketchEstimate`: the rounded estimate, BIGINT), `theta_union` (`ThetaUnion`, with
//! `lgNomEntries`), `theta_intersection` (`ThetaIntersection`) and `theta_difference`
//! (`ThetaDifference`, Java's `AnotB`). NULL if an argument is NULL.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use datasketches::theta::{ThetaANotB, ThetaIntersection};

use super::sketch_io::{
    EMPTY, LgNom, internal, invalid_buffer, read, result_bytes, round_estimate, sketch_rows, write,
};
use crate::errors::to_df;

/// Which function, with `theta_union`'s `lgNomEntries` as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ThetaFn {
    Estimate,
    Union(Option<i32>),
    Intersection,
    Difference,
}

impl ThetaFn {
    fn function(self) -> &'static str {
        match self {
            ThetaFn::Estimate => "theta_sketch_estimate",
            ThetaFn::Union(_) => "theta_union",
            ThetaFn::Intersection => "theta_intersection",
            ThetaFn::Difference => "theta_difference",
        }
    }

    fn arity(self) -> usize {
        if self == ThetaFn::Estimate { 1 } else { 2 }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ThetaUdf {
    name: String,
    f: ThetaFn,
    signature: Signature,
}

impl ThetaUdf {
    pub(crate) fn udf(f: ThetaFn) -> Arc<ScalarUDF> {
        Arc::new(ScalarUDF::new_from_impl(Self::new(f)))
    }

    fn new(f: ThetaFn) -> Self {
        let lg = match f {
            ThetaFn::Union(lg) => format!("<{}>", lg.map_or("null".into(), |v| v.to_string())),
            _ => String::new(),
        };
        Self {
            name: format!("spark_{}{lg}", f.function()),
            f,
            signature: Signature::exact(vec![DataType::Binary; f.arity()], Volatility::Immutable),
        }
    }
}

// The plan codec rebuilds a Theta function from which one it is.
impl crate::portable::PortableUdf for ThetaUdf {
    const KEY: &'static str = "theta_function";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let (tag, lg) = match self.f {
            ThetaFn::Estimate => ("estimate", None),
            ThetaFn::Union(lg) => ("union", lg),
            ThetaFn::Intersection => ("intersection", None),
            ThetaFn::Difference => ("difference", None),
        };
        e.str(tag).int(lg.map_or(i64::MIN, i64::from));
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let tag = d.str()?;
        let lg = match d.int()? {
            i64::MIN => None,
            v => Some(i32::try_from(v).map_err(|_| {
                datafusion::common::DataFusionError::Internal("malformed theta".into())
            })?),
        };
        let f = match tag.as_str() {
            "estimate" => ThetaFn::Estimate,
            "union" => ThetaFn::Union(lg),
            "intersection" => ThetaFn::Intersection,
            "difference" => ThetaFn::Difference,
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown theta function {other}"
                )));
            }
        };
        Ok(Self::new(f))
    }
}

impl ThetaUdf {
    fn one(&self, images: &[&[u8]]) -> DfResult<Option<ScalarValue>> {
        let function = self.f.function();
        let sketches = images
            .iter()
            .map(|b| read(function, b).map_err(to_df))
            .collect::<DfResult<Vec<_>>>()?;
        let bad = |_| to_df(invalid_buffer(function));
        let out = match (self.f, sketches.as_slice()) {
            (ThetaFn::Estimate, [s]) => {
                return Ok(Some(ScalarValue::Int64(Some(round_estimate(s.estimate())))));
            }
            (ThetaFn::Union(lg), [a, b]) => {
                let lg = LgNom::checked(function, lg).map_err(to_df)?;
                let mut u = lg.new_union()?;
                u.update(a).map_err(bad)?;
                u.update(b).map_err(bad)?;
                result_bytes(u.to_sketch(true), lg)
            }
            (ThetaFn::Intersection, [a, b]) => {
                let mut i = ThetaIntersection::with_seed(9001).map_err(internal)?;
                i.update(a).map_err(bad)?;
                i.update(b).map_err(bad)?;
                i.to_sketch(true)
                    .map_or_else(|| EMPTY.to_vec(), |s| write(&s))
            }
            (ThetaFn::Difference, [a, b]) => {
                let d = ThetaANotB::with_seed(9001).map_err(internal)?;
                write(&d.compute(a, b, true).map_err(bad)?)
            }
            _ => return Err(internal("wrong number of arguments")),
        };
        Ok(Some(ScalarValue::Binary(Some(out))))
    }
}

impl ScalarUDFImpl for ThetaUdf {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(if self.f == ThetaFn::Estimate {
            DataType::Int64
        } else {
            DataType::Binary
        })
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(
            self.name(),
            self.return_type(&[])?,
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        sketch_rows(&args, &self.return_type(&[])?, |images| self.one(images))
    }
}
