//! [`CoalesceTagExec`] in the plan codec: the tag column and Spark's partition counts.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::CoalesceTagExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

fn count(d: &mut Decoder) -> DfResult<usize> {
    usize::try_from(d.int()?)
        .map_err(|_| DataFusionError::Internal("malformed encoded coalesce".into()))
}

impl PortableExec for CoalesceTagExec {
    const KEY: &'static str = "coalesce_tag";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.int(self.tag as i64)
            .int(self.parents.map_or(-1, |p| p as i64))
            .int(self.partitions as i64)
            .int(self.first as i64);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let tag = count(d)?;
        let parents = usize::try_from(d.int()?).ok();
        let partitions = count(d)?;
        let first = count(d)?;
        Ok(Self::new(
            single_input(inputs)?,
            tag,
            parents,
            partitions,
            first,
        ))
    }
}
