//! [`CoalesceTagExec`] in the plan codec: the tag column and Spark's partition counts.

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
            .int(self.first as i64);
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
        Ok(Self::new(
            single_input(inputs)?,
            tag,
            parents,
            partitions,
            first,
        ))
    }
}
