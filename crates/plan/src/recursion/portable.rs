//! The loop nodes in the plan codec: a loop is its id and limits over its two terms (its
//! schema is the anchor's, made nullable); a reference is the loop's id, schema and projection
//! (never its bound rows: a plan is encoded before it runs).

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::exec::UnionLoopExec;
use super::reference::UnionLoopRefExec;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes};

impl PortableExec for UnionLoopExec {
    const KEY: &'static str = "union_loop";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        let (level_limit, row_limit) = self.limits();
        e.str(self.id())
            .str(&level_limit.to_string())
            .str(&row_limit.to_string())
            .bytes(schema_bytes(&self.schema())?);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let [anchor, recursive] = inputs else {
            return Err(DataFusionError::Internal(
                "UnionLoopExec has two inputs".into(),
            ));
        };
        let id = d.str()?;
        let limit = |s: String| {
            s.parse::<u64>()
                .map_err(|_| DataFusionError::Internal("malformed loop limit".into()))
        };
        let level_limit = limit(d.str()?)?;
        let row_limit = limit(d.str()?)?;
        let schema = cx.schema(&d.bytes()?)?;
        Ok(Self::new(
            Arc::clone(anchor),
            Arc::clone(recursive),
            id,
            level_limit,
            row_limit,
            schema,
        ))
    }
}

impl PortableExec for UnionLoopRefExec {
    const KEY: &'static str = "union_loop_ref";

    fn encode(&self, e: &mut Encoder, _: &EncodeContext<'_>) -> DfResult<()> {
        e.str(self.id()).bytes(schema_bytes(self.table_schema())?);
        match self.projection() {
            Some(p) => {
                e.bool(true).usize(p.len());
                for i in p {
                    e.usize(*i);
                }
            }
            None => {
                e.bool(false);
            }
        }
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        _: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let id = d.str()?;
        let schema = cx.schema(&d.bytes()?)?;
        let projection = if d.bool()? {
            Some(
                (0..d.usize()?)
                    .map(|_| d.usize())
                    .collect::<DfResult<Vec<_>>>()?,
            )
        } else {
            None
        };
        Self::try_new(id, schema, projection)
    }
}
