//! [`CoalesceTagExec`] in the plan codec: the tag column, Spark's partition counts and the
//! adaptive rule (a flag, then its numbers and whether the tags number map tasks).

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::CoalesceTagExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for CoalesceTagExec {
    const KEY: &'static str = "coalesce_tag";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.int(self.tag as i64)
            .opt_usize(self.parents)
            .int(self.partitions as i64)
            .int(self.first as i64)
            .bool(self.adaptive.is_some());
        if let Some(rule) = &self.adaptive {
            crate::exchange::portable::encode_rule(e, rule);
            e.bool(self.by_map);
        }
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let tag = d.usize()?;
        let parents = d.opt_usize()?;
        let partitions = d.usize()?;
        let first = d.usize()?;
        let (adaptive, by_map) = match d.bool()? {
            true => (Some(crate::exchange::portable::decode_rule(d)?), d.bool()?),
            false => (None, false),
        };
        Ok(
            Self::new(single_input(inputs)?, tag, parents, partitions, first)
                .with_adaptive(adaptive, by_map),
        )
    }
}
