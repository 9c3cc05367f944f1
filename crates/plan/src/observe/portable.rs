//! Observation nodes in the plan codec. The metrics plan is not a child (it is fed by the
//! observing node), so it travels as a nested plan; decoding rewires its source leaf.

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::exec::{CollectMetricsExec, MetricsSourceExec};
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes, single_input};

impl PortableExec for CollectMetricsExec {
    const KEY: &'static str = "collect_metrics";

    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()> {
        e.str(self.name())
            .int(self.plan_id())
            .bytes(cx.plan(self.metrics())?);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let name = d.str()?;
        let plan_id = d.int()?;
        let metrics = cx.plan(&d.bytes()?)?;
        Self::try_new(single_input(inputs)?, name, plan_id, metrics)
    }
}

impl PortableExec for MetricsSourceExec {
    const KEY: &'static str = "metrics_source";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.bytes(schema_bytes(&self.schema())?);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        _: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        Ok(Self::new(cx.schema(&d.bytes()?)?))
    }
}
