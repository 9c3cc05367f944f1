//! [`CoalesceTagExec`] in the plan codec: the tag column, the shuffle's partition count, the
//! first partition number and the grouping (`coalesce(n)`'s count, or the adaptive rule's
//! numbers and whether the tags number map tasks).

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::{CoalesceTagExec, Grouping};
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for CoalesceTagExec {
    const KEY: &'static str = "coalesce_tag";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.int(self.tag as i64)
            .opt_usize(self.parents)
            .int(self.first as i64);
        match &self.grouping {
            Grouping::Coalesce(n) => {
                e.bool(false).usize(*n);
            }
            Grouping::Adaptive { rule, by_map } => {
                e.bool(true);
                crate::exchange::portable::encode_rule(e, rule);
                e.bool(*by_map);
            }
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
        let first = d.usize()?;
        let grouping = match d.bool()? {
            true => Grouping::Adaptive {
                rule: crate::exchange::portable::decode_rule(d)?,
                by_map: d.bool()?,
            },
            false => Grouping::Coalesce(d.usize()?),
        };
        Ok(Self::new(
            single_input(inputs)?,
            tag,
            parents,
            grouping,
            first,
        ))
    }
}
