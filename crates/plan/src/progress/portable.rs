//! [`TaskCountingExec`] in the plan codec: the counters are the process's own, so a rebuilt
//! node counts into fresh ones (a remote executor's progress is not this server's).

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::exec::TaskCountingExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for TaskCountingExec {
    const KEY: &'static str = "task_counting";

    fn encode(&self, _: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        Ok(())
    }

    fn decode(
        _: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        Ok(Self::new(single_input(inputs)?, Arc::default()))
    }
}
