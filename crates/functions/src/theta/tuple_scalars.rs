//! The tuple scalar functions as one row-wise UDF, for double and integer summaries:
//! `tuple_sketch_estimate_*`, `tuple_sketch_theta_*` (DOUBLE), `tuple_sketch_summary_*` (the
//! retained summaries folded by a mode: DOUBLE, or BIGINT for integer summaries), and the set
//! operations `tuple_union_*`, `tuple_intersection_*`, `tuple_difference_*` (Java's `AnotB`)
//! and their `_theta_` forms whose second sketch is a theta sketch, its keys carrying the mode's
//! default summary (Spark's `TupleUnionTheta*` and friends). NULL if an argument is NULL.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use datasketches::tuple::TupleANotB;

use super::sketch_io::{self, LgNom, internal, sketch_rows};
use super::tuple_aggs::{Kind, new_intersection, new_union};
use super::tuple_io::{
    Tuple, from_theta, invalid_buffer, read, trim, write, write_as, write_intersection,
};
use super::tuple_summary::{Mode, Num, Summary, aggregate};
use crate::errors::to_df;

/// Which function, with its checked parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TupleFn {
    Estimate,
    Theta,
    Summary(Mode),
    Union(LgNom, Mode),
    Intersection(Mode),
    Difference,
    UnionTheta(LgNom, Mode),
    IntersectionTheta(Mode),
    DifferenceTheta,
}

impl TupleFn {
    pub(crate) fn base(self) -> &'static str {
        match self {
            TupleFn::Estimate => "tuple_sketch_estimate",
            TupleFn::Theta => "tuple_sketch_theta",
            TupleFn::Summary(_) => "tuple_sketch_summary",
            TupleFn::Union(..) => "tuple_union",
            TupleFn::Intersection(_) => "tuple_intersection",
            TupleFn::Difference => "tuple_difference",
            TupleFn::UnionTheta(..) => "tuple_union_theta",
            TupleFn::IntersectionTheta(_) => "tuple_intersection_theta",
            TupleFn::DifferenceTheta => "tuple_difference_theta",
        }
    }

    pub(crate) fn arity(self) -> usize {
        match self {
            TupleFn::Estimate | TupleFn::Theta | TupleFn::Summary(_) => 1,
            _ => 2,
        }
    }

    fn return_type(self, kind: Kind) -> DataType {
        match (self, kind) {
            (TupleFn::Estimate | TupleFn::Theta, _) => DataType::Float64,
            (TupleFn::Summary(_), Kind::Double) => DataType::Float64,
            (TupleFn::Summary(_), Kind::Integer) => DataType::Int64,
            _ => DataType::Binary,
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct TupleUdf {
    name: String,
    function: String,
    f: TupleFn,
    kind: Kind,
    signature: Signature,
}

impl TupleUdf {
    pub(crate) fn udf(f: TupleFn, kind: Kind) -> Arc<ScalarUDF> {
        Arc::new(ScalarUDF::new_from_impl(Self::new(f, kind)))
    }

    fn new(f: TupleFn, kind: Kind) -> Self {
        let function = format!("{}_{}", f.base(), kind.suffix());
        Self {
            name: format!("spark_{function}<{f:?}>"),
            function,
            f,
            kind,
            signature: Signature::exact(vec![DataType::Binary; f.arity()], Volatility::Immutable),
        }
    }

    fn one<T: Num>(&self, images: &[&[u8]]) -> DfResult<ScalarValue> {
        let function = self.function.as_str();
        let bad = |_| to_df(invalid_buffer(function));
        let first = || -> DfResult<Tuple<T>> {
            read::<T>(function, images.first().copied().unwrap_or_default())
        };
        let second = || -> DfResult<Tuple<T>> {
            read::<T>(function, images.get(1).copied().unwrap_or_default())
        };
        let second_theta = |mode: Mode| -> DfResult<Tuple<T>> {
            let s = sketch_io::read(function, images.get(1).copied().unwrap_or_default())
                .map_err(to_df)?;
            from_theta(&s, Summary::new(mode))
        };
        let union = |lg: LgNom, mode: Mode, b: Tuple<T>| -> DfResult<ScalarValue> {
            let mut u = new_union::<T>(lg, mode)?;
            u.update(&first()?).map_err(bad)?;
            u.update(&b).map_err(bad)?;
            Ok(bin(write(&trim(u.to_sketch(false), lg)?)))
        };
        let intersection = |mode: Mode, b: Tuple<T>| -> DfResult<ScalarValue> {
            let a = first()?;
            let any_empty = a.is_empty() || b.is_empty();
            let mut i = new_intersection::<T>(mode)?;
            i.update(&a).map_err(bad)?;
            i.update(&b).map_err(bad)?;
            Ok(bin(write_intersection(i.to_sketch(false), any_empty)?))
        };
        let difference = |b: Tuple<T>| -> DfResult<ScalarValue> {
            let d = TupleANotB::with_seed(9001).map_err(internal)?;
            Ok(bin(write_as(
                &d.compute(&first()?, &b, false).map_err(bad)?,
                true,
            )))
        };
        match self.f {
            TupleFn::Estimate => Ok(ScalarValue::Float64(Some(first()?.estimate()))),
            TupleFn::Theta => Ok(ScalarValue::Float64(Some(first()?.theta()))),
            TupleFn::Summary(mode) => {
                let s = first()?;
                let v = aggregate(s.iter().map(|e| e.summary().value), mode);
                Ok(match self.kind {
                    Kind::Double => ScalarValue::Float64(Some(v)),
                    Kind::Integer => ScalarValue::Int64(Some(v as i64)),
                })
            }
            TupleFn::Union(lg, mode) => union(lg, mode, second()?),
            TupleFn::Intersection(mode) => intersection(mode, second()?),
            TupleFn::Difference => difference(second()?),
            TupleFn::UnionTheta(lg, mode) => union(lg, mode, second_theta(mode)?),
            TupleFn::IntersectionTheta(mode) => intersection(mode, second_theta(mode)?),
            TupleFn::DifferenceTheta => difference(second_theta(Mode::Sum)?),
        }
    }
}

fn bin(b: Vec<u8>) -> ScalarValue {
    ScalarValue::Binary(Some(b))
}

impl ScalarUDFImpl for TupleUdf {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(self.f.return_type(self.kind))
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> DfResult<FieldRef> {
        let nullable = args.arg_fields.iter().any(|f| f.is_nullable());
        Ok(Arc::new(Field::new(
            self.name(),
            self.f.return_type(self.kind),
            nullable,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        sketch_rows(&args, &self.f.return_type(self.kind), |images| {
            Ok(Some(match self.kind {
                Kind::Double => self.one::<f64>(images)?,
                Kind::Integer => self.one::<i32>(images)?,
            }))
        })
    }
}

// The plan codec rebuilds a tuple-sketch function from which one it is and its summary type.
impl crate::portable::PortableUdf for TupleUdf {
    const KEY: &'static str = "tuple_function";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        let (tag, lg, m) = match self.f {
            TupleFn::Estimate => ("estimate", 0, None),
            TupleFn::Theta => ("theta", 0, None),
            TupleFn::Summary(m) => ("summary", 0, Some(m)),
            TupleFn::Union(lg, m) => ("union", lg.0, Some(m)),
            TupleFn::Intersection(m) => ("intersection", 0, Some(m)),
            TupleFn::Difference => ("difference", 0, None),
            TupleFn::UnionTheta(lg, m) => ("union_theta", lg.0, Some(m)),
            TupleFn::IntersectionTheta(m) => ("intersection_theta", 0, Some(m)),
            TupleFn::DifferenceTheta => ("difference_theta", 0, None),
        };
        e.str(tag)
            .int(i64::from(lg))
            .str(m.map_or("", Mode::name))
            .str(self.kind.suffix());
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let tag = d.str()?;
        let lg = LgNom(u8::try_from(d.int()?).map_err(|_| {
            datafusion::common::DataFusionError::Internal("malformed tuple".into())
        })?);
        let m = Mode::parse(&d.str()?).ok_or_else(|| {
            datafusion::common::DataFusionError::Internal("malformed tuple mode".into())
        });
        let f = match tag.as_str() {
            "estimate" => TupleFn::Estimate,
            "theta" => TupleFn::Theta,
            "summary" => TupleFn::Summary(m?),
            "union" => TupleFn::Union(lg, m?),
            "intersection" => TupleFn::Intersection(m?),
            "difference" => TupleFn::Difference,
            "union_theta" => TupleFn::UnionTheta(lg, m?),
            "intersection_theta" => TupleFn::IntersectionTheta(m?),
            "difference_theta" => TupleFn::DifferenceTheta,
            other => {
                return Err(datafusion::common::DataFusionError::Internal(format!(
                    "unknown tuple function {other}"
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
        Ok(Self::new(f, kind))
    }
}
