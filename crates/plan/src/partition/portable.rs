//! [`PartitionFnsExec`] in the plan codec: the layout as partition starts, each call as its
//! function (with its constant parameters), physical arguments and result type.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::physical_plan::ExecutionPlan;
use sabot_functions::portable::{Decoder, Encoder};
use sabot_functions::{Draw, PartitionFn};

use super::exec::{PartitionFnsExec, PhysicalCall};
use super::layout::SparkLayout;
use crate::codec::{DecodeContext, EncodeContext, PortableExec, schema_bytes, single_input};

fn malformed(what: &str) -> DataFusionError {
    DataFusionError::Internal(format!("malformed encoded partition functions: {what}"))
}

fn encode_function(f: &PartitionFn, e: &mut Encoder) -> DfResult<()> {
    match f {
        PartitionFn::PartitionId => {
            e.str("partition_id");
        }
        PartitionFn::MonotonicId => {
            e.str("monotonic_id");
        }
        PartitionFn::Uuid { seed } => {
            e.str("uuid").int(*seed);
        }
        PartitionFn::Shuffle { seed } => {
            e.str("shuffle").int(*seed);
        }
        PartitionFn::Random { seed, draw } => {
            e.str("random").int(*seed);
            match draw {
                Draw::Uniform01 => {
                    e.str("uniform01");
                }
                Draw::Gaussian => {
                    e.str("gaussian");
                }
                Draw::Range { min, max, ty } => {
                    e.str("range")
                        .int(min.to_bits() as i64)
                        .int(max.to_bits() as i64)
                        .data_type(ty)?;
                }
                Draw::Chars { length } => {
                    e.str("chars").int(*length as i64);
                }
            }
        }
    }
    Ok(())
}

fn decode_function(d: &mut Decoder) -> DfResult<PartitionFn> {
    Ok(match d.str()?.as_str() {
        "partition_id" => PartitionFn::PartitionId,
        "monotonic_id" => PartitionFn::MonotonicId,
        "uuid" => PartitionFn::Uuid { seed: d.int()? },
        "shuffle" => PartitionFn::Shuffle { seed: d.int()? },
        "random" => {
            let seed = d.int()?;
            let draw = match d.str()?.as_str() {
                "uniform01" => Draw::Uniform01,
                "gaussian" => Draw::Gaussian,
                "range" => Draw::Range {
                    min: f64::from_bits(d.int()? as u64),
                    max: f64::from_bits(d.int()? as u64),
                    ty: d.data_type()?,
                },
                "chars" => Draw::Chars { length: d.usize()? },
                other => return Err(malformed(other)),
            };
            PartitionFn::Random { seed, draw }
        }
        other => return Err(malformed(other)),
    })
}

impl PortableExec for PartitionFnsExec {
    const KEY: &'static str = "partition_functions";

    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()> {
        let layout = self.layout();
        e.int(layout.first() as i64)
            .int(layout.starts().len() as i64);
        for s in layout.starts() {
            e.int(*s as i64);
        }
        e.opt_usize(self.partition_column())
            .bytes(schema_bytes(&self.schema())?)
            .int(self.calls().len() as i64);
        for call in self.calls() {
            encode_function(&call.function, e)?;
            e.data_type(&call.data_type)?.int(call.args.len() as i64);
            for a in &call.args {
                e.bytes(cx.expr(a)?);
            }
        }
        Ok(())
    }

    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self> {
        let input = single_input(inputs)?;
        let first = d.usize()?;
        let n = d.usize()?;
        let starts = (0..n)
            .map(|_| d.int().map(|s| s as u64))
            .collect::<DfResult<Vec<_>>>()?;
        let layout = SparkLayout::from_starts(starts)
            .ok_or_else(|| malformed("partition starts"))?
            .starting_at(first);
        let partition_column = d.opt_usize()?;
        let schema = cx.schema(&d.bytes()?)?;
        let input_schema = input.schema();
        let calls = (0..d.usize()?)
            .map(|_| {
                let function = decode_function(d)?;
                let data_type = d.data_type()?;
                let args = (0..d.usize()?)
                    .map(|_| cx.expr(&d.bytes()?, &input_schema))
                    .collect::<DfResult<Vec<_>>>()?;
                Ok(PhysicalCall {
                    function,
                    args,
                    data_type,
                })
            })
            .collect::<DfResult<Vec<_>>>()?;
        Ok(Self::new(input, layout, partition_column, calls, schema))
    }
}
