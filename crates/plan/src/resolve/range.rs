//! `spark.range(start, end, step)`: one `id bigint NOT NULL` column, produced lazily in batches
//! by DataFusion's `range` table function (same half-open semantics and negative steps).

use datafusion::catalog::TableFunctionArgs;
use datafusion::common::{Column, ScalarValue};
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use sabot_common::{Result, SparkError};

use super::expressions::Named;
use super::output;
use super::relations::builder_build;
use crate::error::from_datafusion;

pub(crate) fn range_plan(
    ctx: &SessionContext,
    start: i64,
    end: i64,
    step: i64,
    qualifier: &str,
) -> Result<LogicalPlan> {
    if step == 0 {
        return Err(SparkError::illegal_argument(
            "requirement failed: step (0) cannot be 0",
        ));
    }
    let args = [start, end, step].map(|v| DfExpr::Literal(ScalarValue::Int64(Some(v)), None));
    let function = match ctx.table_function("range") {
        Ok(f) => f,
        Err(_) => datafusion::functions_table::all_default_table_functions()
            .into_iter()
            .find(|f| f.name() == "range")
            .ok_or_else(|| SparkError::internal("the range table function is missing"))?,
    };
    // Borrowed, not copied: a copy of the state clones the whole function registry.
    let provider = {
        let state = ctx.state_ref();
        let state = state.read();
        function.create_table_provider_with_args(TableFunctionArgs::new(&args, &*state))
    }
    .map_err(from_datafusion)?;
    let scan = builder_build(LogicalPlanBuilder::scan(
        qualifier,
        provider_as_source(provider),
        None,
    ))?;
    let value = DfExpr::Column(Column::new(Some(qualifier), "value"));
    output::project(scan, vec![Named::new(value, "id")])
}
