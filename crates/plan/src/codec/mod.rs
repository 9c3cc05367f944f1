//! Sabot's datafusion-proto codec: every physical plan Sabot runs can be serialised and
//! rebuilt in another process (a Ballista executor, or the same server when plan round trips
//! are switched on to prove it).
//!
//! - Functions: [`sabot_functions::portable`] finds each UDF by name in a registry or as a
//!   portable kind with parameters; this crate adds its own kinds ([`functions::SCALARS`]).
//! - Plan nodes: each Sabot `ExecutionPlan` implements [`PortableExec`] next to its definition
//!   and is listed in [`nodes::NODES`], alphabetical by key; the codec has no per-node code.
//! - [`round_trip`]: physical plan -> bytes -> physical plan, as the server's
//!   `--plan-round-trip` runs every query.

mod converter;
mod functions;
mod nodes;
mod workarounds;

use std::any::Any;
use std::sync::Arc;

use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{AggregateUDF, HigherOrderUDF, ScalarUDF, WindowUDF};
use datafusion::physical_expr::{Partitioning, PhysicalExpr};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::physical_plan::{
    PhysicalExtensionCodec, PhysicalPlanDecodeContext, PhysicalProtoConverterExtension,
};
use datafusion_proto::protobuf;
use prost::Message;
use sabot_functions::portable::{self, Decoder, Encoder};

pub use converter::SabotConverter;
pub use nodes::{ExecKind, exec_kind};

/// A Sabot plan node that can be rebuilt from its fields and its (already decoded) inputs.
pub trait PortableExec: ExecutionPlan + Sized {
    /// The node's key in [`nodes::NODES`]; unique, stable across versions.
    const KEY: &'static str;
    /// Writes the node's own fields (not its inputs, which datafusion-proto encodes).
    fn encode(&self, e: &mut Encoder, cx: &EncodeContext<'_>) -> DfResult<()>;
    /// Rebuilds the node from its fields and inputs.
    fn decode(
        d: &mut Decoder,
        inputs: &[Arc<dyn ExecutionPlan>],
        cx: &DecodeContext<'_>,
    ) -> DfResult<Self>;
}

/// What a node's encoder can use: the codec, to serialise nested expressions and plans.
pub struct EncodeContext<'a> {
    pub codec: &'a dyn PhysicalExtensionCodec,
    pub converter: &'a dyn PhysicalProtoConverterExtension,
}

/// What a node's decoder can use.
pub struct DecodeContext<'a> {
    pub task_ctx: &'a TaskContext,
    pub codec: &'a dyn PhysicalExtensionCodec,
    pub converter: &'a dyn PhysicalProtoConverterExtension,
}

impl EncodeContext<'_> {
    /// A nested plan (not a child: e.g. an observation's metrics plan).
    pub fn plan(&self, plan: &Arc<dyn ExecutionPlan>) -> DfResult<Vec<u8>> {
        Ok(self
            .converter
            .execution_plan_to_proto(plan, self.codec)?
            .encode_to_vec())
    }

    /// A physical expression.
    pub fn expr(&self, expr: &Arc<dyn PhysicalExpr>) -> DfResult<Vec<u8>> {
        Ok(self
            .converter
            .physical_expr_to_proto(expr, self.codec)?
            .encode_to_vec())
    }
}

impl EncodeContext<'_> {
    /// An output partitioning.
    pub fn partitioning(&self, p: &Partitioning) -> DfResult<Vec<u8>> {
        Ok(
            datafusion_proto::physical_plan::to_proto::serialize_partitioning(
                p,
                self.codec,
                self.converter,
            )?
            .encode_to_vec(),
        )
    }
}

/// An Arrow schema as a bytes field.
pub fn schema_bytes(schema: &Schema) -> DfResult<Vec<u8>> {
    Ok(protobuf::Schema::try_from(schema)?.encode_to_vec())
}

impl DecodeContext<'_> {
    /// A nested plan written by [`EncodeContext::plan`].
    pub fn plan(&self, bytes: &[u8]) -> DfResult<Arc<dyn ExecutionPlan>> {
        let proto = protobuf::PhysicalPlanNode::decode(bytes).map_err(malformed)?;
        let cx = PhysicalPlanDecodeContext::new(self.task_ctx, self.codec);
        self.converter.proto_to_execution_plan(&proto, &cx)
    }

    /// A physical expression written by [`EncodeContext::expr`], over `schema`.
    pub fn expr(&self, bytes: &[u8], schema: &Schema) -> DfResult<Arc<dyn PhysicalExpr>> {
        let proto = protobuf::PhysicalExprNode::decode(bytes).map_err(malformed)?;
        let cx = PhysicalPlanDecodeContext::new(self.task_ctx, self.codec);
        self.converter.proto_to_physical_expr(&proto, schema, &cx)
    }

    /// A partitioning written by [`EncodeContext::partitioning`], over `schema`.
    pub fn partitioning(&self, bytes: &[u8], schema: &Schema) -> DfResult<Partitioning> {
        let proto = protobuf::Partitioning::decode(bytes).map_err(malformed)?;
        let cx = PhysicalPlanDecodeContext::new(self.task_ctx, self.codec);
        datafusion_proto::physical_plan::from_proto::parse_protobuf_partitioning(
            Some(&proto),
            &cx,
            schema,
            self.converter,
        )?
        .ok_or_else(|| DataFusionError::Internal("malformed encoded partitioning".into()))
    }

    /// A schema written by [`schema_bytes`].
    pub fn schema(&self, bytes: &[u8]) -> DfResult<SchemaRef> {
        let proto = protobuf::Schema::decode(bytes).map_err(malformed)?;
        Ok(Arc::new(Schema::try_from(&proto)?))
    }
}

/// The one input of a single-input node.
pub fn single_input(inputs: &[Arc<dyn ExecutionPlan>]) -> DfResult<Arc<dyn ExecutionPlan>> {
    match inputs {
        [one] => Ok(Arc::clone(one)),
        _ => Err(DataFusionError::Internal(format!(
            "malformed encoded plan node: expected one input, got {}",
            inputs.len()
        ))),
    }
}

fn malformed(e: prost::DecodeError) -> DataFusionError {
    DataFusionError::Internal(format!("malformed encoded plan: {e}"))
}

/// The encoded form of a Sabot plan node.
#[derive(Clone, PartialEq, Message)]
struct PortableNode {
    #[prost(string, tag = "1")]
    key: String,
    #[prost(message, repeated, tag = "2")]
    fields: Vec<portable::fields::Value>,
}

/// The codec (stateless: everything it needs is in the tables it reads).
#[derive(Debug, Default)]
pub struct SabotCodec;

impl PhysicalExtensionCodec for SabotCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        converter: &dyn PhysicalProtoConverterExtension,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let node = PortableNode::decode(buf)
            .map_err(|e| DataFusionError::Internal(format!("malformed encoded plan node: {e}")))?;
        let kind = nodes::NODES
            .iter()
            .find(|k| k.key == node.key)
            .ok_or_else(|| unsupported_node(&node.key))?;
        let cx = DecodeContext {
            task_ctx: ctx,
            codec: self,
            converter,
        };
        (kind.decode)(&mut Decoder::new(node.fields), inputs, &cx)
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        converter: &dyn PhysicalProtoConverterExtension,
    ) -> DfResult<()> {
        let cx = EncodeContext {
            codec: self,
            converter,
        };
        let any: &dyn Any = node.as_ref();
        for kind in nodes::NODES {
            if let Some(fields) = (kind.encode)(any, &cx)? {
                let encoded = PortableNode {
                    key: kind.key.to_string(),
                    fields,
                };
                buf.extend(encoded.encode_to_vec());
                return Ok(());
            }
        }
        Err(unsupported_node(node.name()))
    }

    fn try_decode_udf(&self, name: &str, buf: &[u8]) -> DfResult<Arc<ScalarUDF>> {
        portable::decode_scalar(name, buf, functions::SCALARS)
    }

    fn try_encode_udf(&self, node: &ScalarUDF, buf: &mut Vec<u8>) -> DfResult<()> {
        buf.extend(portable::encode_scalar(node, functions::SCALARS)?);
        Ok(())
    }

    fn try_decode_udaf(&self, name: &str, buf: &[u8]) -> DfResult<Arc<AggregateUDF>> {
        portable::decode_aggregate(name, buf, &[])
    }

    fn try_encode_udaf(&self, node: &AggregateUDF, buf: &mut Vec<u8>) -> DfResult<()> {
        buf.extend(portable::encode_aggregate(node, &[])?);
        Ok(())
    }

    fn try_decode_higher_order_function(
        &self,
        name: &str,
        buf: &[u8],
    ) -> DfResult<Arc<HigherOrderUDF>> {
        portable::decode_higher_order(name, buf)
    }

    fn try_encode_higher_order_function(
        &self,
        node: &HigherOrderUDF,
        buf: &mut Vec<u8>,
    ) -> DfResult<()> {
        buf.extend(portable::encode_higher_order(node)?);
        Ok(())
    }

    fn try_decode_udwf(&self, name: &str, buf: &[u8]) -> DfResult<Arc<WindowUDF>> {
        portable::decode_window(name, buf)
    }

    fn try_encode_udwf(&self, node: &WindowUDF, buf: &mut Vec<u8>) -> DfResult<()> {
        buf.extend(portable::encode_window(node)?);
        Ok(())
    }
}

fn unsupported_node(name: &str) -> DataFusionError {
    DataFusionError::NotImplemented(format!(
        "[UNSUPPORTED_FEATURE] The plan node `{name}` cannot be serialised for distributed execution"
    ))
}

/// Serialises a physical plan with [`SabotCodec`] and [`SabotConverter`].
pub fn to_bytes(plan: Arc<dyn ExecutionPlan>) -> DfResult<Vec<u8>> {
    let plan = workarounds::before_encoding(plan)?;
    Ok(
        datafusion_proto::bytes::physical_plan_to_bytes_with_proto_converter(
            plan,
            &SabotCodec,
            &SabotConverter,
        )?
        .to_vec(),
    )
}

/// Rebuilds a physical plan serialised by [`to_bytes`].
pub fn from_bytes(bytes: &[u8], ctx: &TaskContext) -> DfResult<Arc<dyn ExecutionPlan>> {
    datafusion_proto::bytes::physical_plan_from_bytes_with_proto_converter(
        bytes,
        ctx,
        &SabotCodec,
        &SabotConverter,
    )
}

/// Serialises and rebuilds a physical plan: what a distributed run does to it.
pub fn round_trip(
    plan: Arc<dyn ExecutionPlan>,
    ctx: &TaskContext,
) -> DfResult<Arc<dyn ExecutionPlan>> {
    from_bytes(&to_bytes(plan)?, ctx)
}
