//! [`UnionLoopRefTable`]: what a recursive CTE's name reads inside its recursive term (Spark's
//! `UnionLoopRef`): the rows the loop's previous level produced.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::common::Result as DfResult;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::logical_expr::Expr as DfExpr;
use datafusion::physical_plan::ExecutionPlan;

use super::reference::UnionLoopRefExec;

#[derive(Debug)]
pub struct UnionLoopRefTable {
    /// The loop's id ([`super::UnionLoopNode::id`]).
    id: String,
    schema: SchemaRef,
}

impl UnionLoopRefTable {
    pub fn new(id: String, schema: SchemaRef) -> Self {
        Self { id, schema }
    }
}

#[async_trait]
impl TableProvider for UnionLoopRefTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Temporary
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[DfExpr],
        _limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        Ok(Arc::new(UnionLoopRefExec::try_new(
            self.id.clone(),
            Arc::clone(&self.schema),
            projection.cloned(),
        )?))
    }
}
