//! `schema_of_variant_agg(v)` (Spark's `SchemaOfVariantAgg`): the merged schema of all
//! non-NULL variants of a group, `VOID` for none. The state is the merged schema in a JSON
//! form.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Expr as DfExpr, Signature, Volatility,
};
use sabot_common::{Result, SparkError};

use super::schema_of_variant::{VSchema, merge, schema_of};
use super::variant_get::variant_arg;
use super::{VariantColumn, malformed};
use crate::FunctionContext;
use crate::utils::check_args;

pub(crate) fn build(
    args: Vec<DfExpr>,
    distinct: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    check_args("schema_of_variant_agg", &args, 1, 1)?;
    let v = variant_arg("schema_of_variant_agg", &args, ctx)?;
    if distinct {
        return Err(SparkError::unsupported(
            "schema_of_variant_agg(DISTINCT ...)",
        ));
    }
    Ok(Arc::new(AggregateUDF::new_from_impl(SchemaAgg {
        signature: Signature::any(1, Volatility::Immutable),
    }))
    .call(vec![v]))
}

#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct SchemaAgg {
    signature: Signature,
}

impl AggregateUDFImpl for SchemaAgg {
    fn name(&self) -> &str {
        "spark_schema_of_variant_agg"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Utf8)
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn accumulator(&self, _: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        Ok(Box::new(SchemaAcc(VSchema::Void)))
    }

    fn state_fields(&self, _: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            "schema_of_variant_agg_state",
            ArrowType::Utf8,
            true,
        ))])
    }
}

#[derive(Debug)]
struct SchemaAcc(VSchema);

impl Accumulator for SchemaAcc {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let col = VariantColumn::new(&values[0])?;
        for i in 0..values[0].len() {
            if let Some(v) = col.get(i) {
                let s = schema_of(&v).map_err(|_| malformed())?;
                self.0 = merge(&self.0, &s);
            }
        }
        Ok(())
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let s = datafusion::arrow::compute::cast(&states[0], &ArrowType::Utf8)?;
        let s = s.as_string::<i32>();
        for i in 0..s.len() {
            if s.is_null(i) {
                continue;
            }
            let json: serde_json::Value = serde_json::from_str(s.value(i))
                .map_err(|e| datafusion::common::DataFusionError::Internal(e.to_string()))?;
            let other = VSchema::from_state(&json).ok_or_else(|| {
                datafusion::common::DataFusionError::Internal(
                    "bad schema_of_variant_agg state".into(),
                )
            })?;
            self.0 = merge(&self.0, &other);
        }
        Ok(())
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Utf8(Some(self.0.to_state().to_string()))])
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Utf8(Some(self.0.sql())))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
    }
}

// The plan codec rebuilds the aggregate (it has no parameters).
impl crate::portable::PortableUdf for SchemaAgg {
    const KEY: &'static str = "schema_of_variant_agg";

    fn encode(&self, _: &mut crate::portable::Encoder) -> DfResult<()> {
        Ok(())
    }

    fn decode(_: &mut crate::portable::Decoder) -> DfResult<Self> {
        Ok(Self {
            signature: Signature::any(1, Volatility::Immutable),
        })
    }
}
