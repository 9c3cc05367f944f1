//! [`SabotConverter`]: datafusion-proto's default conversion with repairs for what its encoder
//! drops. Window UDFs (`first_value`, `lag`, `nth_value`...) lose `IGNORE NULLS` (it writes
//! `false` for every window UDF); the flag is put back on each window node's expressions, and
//! the decoder already reads it.

use std::sync::Arc;

use datafusion::arrow::datatypes::Schema;
use datafusion::common::Result as DfResult;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::window::StandardWindowExpr;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::windows::{BoundedWindowAggExec, WindowAggExec};
use datafusion_proto::physical_plan::from_proto::parse_physical_expr_with_converter;
use datafusion_proto::physical_plan::to_proto::serialize_physical_expr_with_converter;
use datafusion_proto::physical_plan::{
    PhysicalExtensionCodec, PhysicalPlanDecodeContext, PhysicalPlanNodeExt,
    PhysicalProtoConverterExtension,
};
use datafusion_proto::protobuf::physical_plan_node::PhysicalPlanType;
use datafusion_proto::protobuf::{PhysicalExprNode, PhysicalPlanNode};

/// The converter every Sabot plan is encoded and decoded with.
#[derive(Debug, Default)]
pub struct SabotConverter;

/// Whether a window expression is a window UDF with `IGNORE NULLS` (the flag is private to
/// DataFusion's `WindowUDFExpr`; its `Debug` form shows it).
fn ignores_nulls(e: &Arc<dyn datafusion::physical_expr::window::WindowExpr>) -> bool {
    e.as_any().is::<StandardWindowExpr>() && format!("{e:?}").contains("ignore_nulls: true")
}

impl PhysicalProtoConverterExtension for SabotConverter {
    fn proto_to_execution_plan(
        &self,
        proto: &PhysicalPlanNode,
        ctx: &PhysicalPlanDecodeContext<'_>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        proto.try_into_physical_plan_with_context(ctx, self)
    }

    fn execution_plan_to_proto(
        &self,
        plan: &Arc<dyn ExecutionPlan>,
        codec: &dyn PhysicalExtensionCodec,
    ) -> DfResult<PhysicalPlanNode> {
        let mut node =
            PhysicalPlanNode::try_from_physical_plan_with_converter(Arc::clone(plan), codec, self)?;
        let exprs = if let Some(w) = plan.downcast_ref::<BoundedWindowAggExec>() {
            Some(w.window_expr())
        } else {
            plan.downcast_ref::<WindowAggExec>()
                .map(|w| w.window_expr())
        };
        if let (Some(exprs), Some(PhysicalPlanType::Window(w))) =
            (exprs, node.physical_plan_type.as_mut())
        {
            for (e, p) in exprs.iter().zip(w.window_expr.iter_mut()) {
                if ignores_nulls(e) {
                    p.ignore_nulls = true;
                }
            }
        }
        Ok(node)
    }

    fn proto_to_physical_expr(
        &self,
        proto: &PhysicalExprNode,
        input_schema: &Schema,
        ctx: &PhysicalPlanDecodeContext<'_>,
    ) -> DfResult<Arc<dyn PhysicalExpr>> {
        parse_physical_expr_with_converter(proto, input_schema, ctx, self)
    }

    fn physical_expr_to_proto(
        &self,
        expr: &Arc<dyn PhysicalExpr>,
        codec: &dyn PhysicalExtensionCodec,
    ) -> DfResult<PhysicalExprNode> {
        serialize_physical_expr_with_converter(expr, codec, self)
    }
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::util::pretty::pretty_format_batches;
    use datafusion::prelude::SessionContext;

    /// The rows of `sql`, run directly and after a round trip through the codec.
    async fn both(sql: &str) -> (String, String) {
        let ctx = SessionContext::new();
        let run = |plan| datafusion::physical_plan::collect(plan, ctx.task_ctx());
        let plan = ctx
            .sql(sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let direct = run(std::sync::Arc::clone(&plan)).await.unwrap();
        let back = super::super::round_trip(plan, &ctx.task_ctx()).unwrap();
        let rebuilt = run(back).await.unwrap();
        (
            pretty_format_batches(&direct).unwrap().to_string(),
            pretty_format_batches(&rebuilt).unwrap().to_string(),
        )
    }

    #[tokio::test]
    async fn ignore_nulls_survives_the_round_trip() {
        let sql = "SELECT id, first_value(v) IGNORE NULLS OVER (ORDER BY id) AS f, \
                   lag(v, 1) IGNORE NULLS OVER (ORDER BY id) AS l \
                   FROM (VALUES (1, NULL), (2, 5), (3, NULL), (4, 7)) AS t(id, v) ORDER BY id";
        let (direct, rebuilt) = both(sql).await;
        assert!(direct.contains("| 3  | 5 | 5 |"), "{direct}");
        assert_eq!(direct, rebuilt);
    }

    #[tokio::test]
    async fn a_window_filter_is_refused_not_dropped() {
        let ctx = SessionContext::new();
        let sql = "SELECT sum(v) FILTER (WHERE v > 1) OVER () FROM (VALUES (1), (2)) AS t(v)";
        let df = ctx.sql(sql).await.unwrap();
        let plan = df.create_physical_plan().await.unwrap();
        let e = super::super::to_bytes(plan).unwrap_err();
        assert!(e.to_string().contains("UNSUPPORTED_FEATURE"), "{e}");
    }
}
