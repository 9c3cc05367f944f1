//! [`ShowStringExec`] in the plan codec: the shown schema and the `show()` options.

use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::ShowStringExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes, single_input};

impl PortableExec for ShowStringExec {
    const KEY: &'static str = "show_string";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.bytes(schema_bytes(&self.input_schema)?)
            .int(self.num_rows as i64)
            .int(self.truncate as i64)
            .bool(self.vertical)
            .str(&self.time_zone);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let input_schema = cx.schema(&d.bytes()?)?;
        let num_rows = d.usize()?;
        let truncate = d.usize()?;
        let vertical = d.bool()?;
        let time_zone = d.str()?;
        Ok(Self::new(
            single_input(inputs)?,
            input_schema,
            num_rows,
            truncate,
            vertical,
            time_zone,
        ))
    }
}
