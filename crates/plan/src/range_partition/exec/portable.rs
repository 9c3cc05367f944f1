//! [`RangeExchangeExec`] in the plan codec: its sort keys, partition count and tag column (the
//! per-run state is rebuilt by the constructor).

use std::sync::Arc;

use datafusion::arrow::compute::SortOptions;
use datafusion::common::Result as DfResult;
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::RangeExchangeExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for RangeExchangeExec {
    const KEY: &'static str = "range_exchange";

    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()> {
        let tag = if self.tagged {
            self.schema.fields().last().map(|f| f.name().clone())
        } else {
            None
        };
        e.int(self.partitions as i64)
            .str(tag.as_deref().unwrap_or(""))
            .bool(tag.is_some())
            .int(self.order.len() as i64);
        for s in &self.order {
            e.bytes(cx.expr(&s.expr)?)
                .bool(s.options.descending)
                .bool(s.options.nulls_first);
        }
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let input = single_input(inputs)?;
        let partitions = d.usize()?;
        let tag = d.str()?;
        let tagged = d.bool()?;
        let schema = input.schema();
        let order = (0..d.usize()?)
            .map(|_| {
                let expr = cx.expr(&d.bytes()?, &schema)?;
                let options = SortOptions {
                    descending: d.bool()?,
                    nulls_first: d.bool()?,
                };
                Ok(PhysicalSortExpr { expr, options })
            })
            .collect::<DfResult<Vec<_>>>()?;
        Self::try_new(input, order, partitions, tagged.then_some(tag.as_str()))
    }
}
