//! [`MetaExec`] in the plan codec: each file's facts and scan (a nested plan: the scans are not
//! children), the output layout and types.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};

use super::{FileInfo, MetaExec, Out};
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes};

impl PortableExec for MetaExec {
    const KEY: &'static str = "file_metadata";

    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()> {
        e.int(self.parts.len() as i64);
        for (info, plan) in &self.parts {
            e.str(&info.input_file_name)
                .str(&info.file_path)
                .str(&info.file_name)
                .int(info.size)
                .int(info.modified_micros)
                .bytes(cx.plan(plan)?);
        }
        let shape = &self.shape;
        e.int(shape.layout.len() as i64);
        for out in &shape.layout {
            e.int(match out {
                Out::Inner(k) => *k as i64,
                Out::Meta => -1,
                Out::Name => -2,
            });
        }
        e.bytes(schema_bytes(&shape.schema)?)
            .data_type(&shape.meta_type)?
            .bool(shape.row_index);
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        _: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let parts = (0..d.usize()?)
            .map(|_| {
                let info = FileInfo {
                    input_file_name: d.str()?,
                    file_path: d.str()?,
                    file_name: d.str()?,
                    size: d.int()?,
                    modified_micros: d.int()?,
                };
                Ok((info, cx.plan(&d.bytes()?)?))
            })
            .collect::<DfResult<Vec<_>>>()?;
        let layout = (0..d.usize()?)
            .map(|_| {
                Ok(match d.int()? {
                    -1 => Out::Meta,
                    -2 => Out::Name,
                    k => Out::Inner(
                        usize::try_from(k)
                            .map_err(|_| DataFusionError::Internal("malformed layout".into()))?,
                    ),
                })
            })
            .collect::<DfResult<Vec<_>>>()?;
        let schema = cx.schema(&d.bytes()?)?;
        let meta_type = d.data_type()?;
        let row_index = d.bool()?;
        Ok(Self::new(parts, layout, schema, meta_type, row_index))
    }
}
