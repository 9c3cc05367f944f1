//! The portable UDF kinds of this crate, alphabetical by key: every UDF type whose instances
//! carry parameters. Another crate passes its own kinds to the encode/decode functions.

use std::any::Any;
use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{AggregateUDF, AggregateUDFImpl, ScalarUDF, ScalarUDFImpl};

use super::fields::Value;
use super::{Decoder, Encoder, PortableUdf};

/// One scalar UDF type: its key, and how to encode an instance (None: not this type) and
/// rebuild one.
pub struct ScalarKind {
    pub key: &'static str,
    pub encode: fn(&dyn Any) -> DfResult<Option<Vec<Value>>>,
    pub decode: fn(&mut Decoder) -> DfResult<Arc<ScalarUDF>>,
}

/// One aggregate UDF type, as [`ScalarKind`].
pub struct AggregateKind {
    pub key: &'static str,
    pub encode: fn(&dyn Any) -> DfResult<Option<Vec<Value>>>,
    pub decode: fn(&mut Decoder) -> DfResult<Arc<AggregateUDF>>,
}

fn encode_any<T: PortableUdf + 'static>(any: &dyn Any) -> DfResult<Option<Vec<Value>>> {
    match any.downcast_ref::<T>() {
        Some(t) => {
            let mut e = Encoder::new();
            t.encode(&mut e)?;
            Ok(Some(e.finish()))
        }
        None => Ok(None),
    }
}

fn decode_scalar<T: PortableUdf + ScalarUDFImpl + 'static>(
    d: &mut Decoder,
) -> DfResult<Arc<ScalarUDF>> {
    Ok(super::scalar_udf(T::decode(d)?))
}

fn decode_aggregate<T: PortableUdf + AggregateUDFImpl + 'static>(
    d: &mut Decoder,
) -> DfResult<Arc<AggregateUDF>> {
    Ok(super::aggregate_udf(T::decode(d)?))
}

/// The table entry of a scalar UDF type.
pub const fn scalar_kind<T: PortableUdf + ScalarUDFImpl + 'static>() -> ScalarKind {
    ScalarKind {
        key: T::KEY,
        encode: encode_any::<T>,
        decode: decode_scalar::<T>,
    }
}

/// The table entry of an aggregate UDF type.
pub const fn aggregate_kind<T: PortableUdf + AggregateUDFImpl + 'static>() -> AggregateKind {
    AggregateKind {
        key: T::KEY,
        encode: encode_any::<T>,
        decode: decode_aggregate::<T>,
    }
}

/// Scalar UDF types with parameters, alphabetical by key.
pub(super) static SCALARS: &[ScalarKind] = &[
    scalar_kind::<crate::datetime::kernel::DtUdf>(),
    scalar_kind::<crate::csv::from_csv::FromCsv>(),
    scalar_kind::<crate::json::from_json::FromJson>(),
    scalar_kind::<crate::xml::from_xml::FromXml>(),
    scalar_kind::<crate::operators::interval_arith::IntervalArith>(),
    scalar_kind::<crate::json::json_tuple::JsonTuple>(),
    scalar_kind::<crate::variant::parse_json::ParseJson>(),
    scalar_kind::<crate::misc::partition_id::PartitionId>(),
    scalar_kind::<crate::misc::row_ids::RowId>(),
    scalar_kind::<crate::theta::scalars::ThetaUdf>(),
    scalar_kind::<crate::csv::to_csv::ToCsv>(),
    scalar_kind::<crate::json::to_json::ToJson>(),
    scalar_kind::<crate::variant::from_arrow::ToVariant>(),
    scalar_kind::<crate::xml::to_xml::ToXml>(),
    scalar_kind::<crate::theta::tuple_scalars::TupleUdf>(),
    scalar_kind::<crate::variant::variant_get::VariantGet>(),
    scalar_kind::<crate::variant::row_udf::VariantRowUdf>(),
    scalar_kind::<crate::variant::to_json::VariantToJson>(),
    scalar_kind::<crate::xml::xpath::XPathUdf>(),
    scalar_kind::<crate::datetime::tz_cast::ZonedCast>(),
];

/// Aggregate UDF types with parameters, alphabetical by key.
pub(super) static AGGREGATES: &[AggregateKind] = &[
    aggregate_kind::<crate::aggregate::collected::Collected>(),
    aggregate_kind::<crate::variant::schema_of_variant_agg::SchemaAgg>(),
    aggregate_kind::<crate::hll::udaf::SketchAgg>(),
    aggregate_kind::<crate::theta::aggregates::ThetaUdaf>(),
    aggregate_kind::<crate::theta::tuple_aggs::TupleUdaf>(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_unique() {
        for w in SCALARS.windows(2) {
            assert!(w[0].key < w[1].key, "{} !< {}", w[0].key, w[1].key);
        }
        for w in AGGREGATES.windows(2) {
            assert!(w[0].key < w[1].key, "{} !< {}", w[0].key, w[1].key);
        }
    }
}
