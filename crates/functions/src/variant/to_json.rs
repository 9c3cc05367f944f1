//! `to_json(variant)` (Spark's `StructsToJson` of a variant: `Variant.toJson` in the session
//! time zone).

use datafusion::arrow::array::StringBuilder;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

use super::encoding::to_json;
use super::{VariantColumn, malformed};

pub(crate) fn call(e: DfExpr, zone: &str) -> DfExpr {
    crate::utils::udf(VariantToJson {
        zone: zone.to_string(),
        signature: Signature::any(1, Volatility::Immutable),
    })
    .call(vec![e])
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct VariantToJson {
    zone: String,
    signature: Signature,
}

impl ScalarUDFImpl for VariantToJson {
    fn name(&self) -> &str {
        "spark_variant_to_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let col = VariantColumn::new(&arrays[0])?;
        let mut out = StringBuilder::new();
        for i in 0..arrays[0].len() {
            match col.get(i) {
                Some(v) => out.append_value(to_json(&v, &self.zone).map_err(|_| malformed())?),
                None => out.append_null(),
            }
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

// The plan codec rebuilds the function from its session zone.
impl crate::portable::PortableUdf for VariantToJson {
    const KEY: &'static str = "variant_to_json";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(&self.zone);
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            zone: d.str()?,
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
