//! A reused subplan's place in the plan codec: its state's key, number and consumer count
//! (the input is encoded by datafusion-proto, once per place).

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::exec::{ReuseState, ReusedSubplanExec};
use crate::codec::{DecodeContext, EncodeContext, PortableExec, single_input};

impl PortableExec for ReusedSubplanExec {
    const KEY: &'static str = "reused_subplan";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        let state = self.state();
        e.int(i64::from_ne_bytes(state.key().to_ne_bytes()))
            .usize(state.number())
            .usize(state.consumers())
            .usize(self.place());
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        _: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let key = u64::from_ne_bytes(d.int()?.to_ne_bytes());
        let (number, consumers, place) = (d.usize()?, d.usize()?, d.usize()?);
        let state = ReuseState::decoded(number, key, consumers)?;
        Ok(Self::new(single_input(inputs)?, state, place))
    }
}
