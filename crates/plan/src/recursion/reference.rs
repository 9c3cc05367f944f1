//! [`UnionLoopRefExec`]: a scan of the previous level's rows inside a recursive term. It is
//! bound to those rows by its [`super::UnionLoopExec`] before each level runs; unbound (in the
//! plan as built or decoded) it holds only the loop's id.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Result as DfResult, exec_err, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, Partitioning, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::memory::MemoryStream;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};

#[derive(Debug, Clone)]
pub struct UnionLoopRefExec {
    id: String,
    /// The loop's full schema (before `projection`).
    table_schema: SchemaRef,
    projection: Option<Vec<usize>>,
    /// The previous level's rows (full schema), once bound.
    rows: Option<Arc<[RecordBatch]>>,
    properties: Arc<PlanProperties>,
}

impl UnionLoopRefExec {
    pub fn try_new(
        id: String,
        table_schema: SchemaRef,
        projection: Option<Vec<usize>>,
    ) -> DfResult<Self> {
        let schema = match &projection {
            Some(p) => Arc::new(table_schema.project(p)?),
            None => Arc::clone(&table_schema),
        };
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(schema),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        ));
        Ok(Self {
            id,
            table_schema,
            projection,
            rows: None,
            properties,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn table_schema(&self) -> &SchemaRef {
        &self.table_schema
    }

    pub fn projection(&self) -> Option<&[usize]> {
        self.projection.as_deref()
    }

    /// This scan reading `rows`.
    pub(super) fn bound(&self, rows: Arc<[RecordBatch]>) -> Self {
        Self {
            rows: Some(rows),
            ..self.clone()
        }
    }
}

impl DisplayAs for UnionLoopRefExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "UnionLoopRefExec: {}", self.id)?;
        if let Some(p) = &self.projection {
            write!(f, ", projection={p:?}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for UnionLoopRefExec {
    fn name(&self) -> &str {
        "UnionLoopRefExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        if !children.is_empty() {
            return internal_err!("UnionLoopRefExec has no inputs");
        }
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        _context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        if partition != 0 {
            return exec_err!("UnionLoopRefExec has one partition, not {partition}");
        }
        let Some(rows) = &self.rows else {
            return internal_err!("recursive reference {} read outside its loop", self.id);
        };
        let batches = match &self.projection {
            Some(p) => rows
                .iter()
                .map(|b| b.project(p))
                .collect::<Result<Vec<_>, _>>()?,
            None => rows.to_vec(),
        };
        Ok(Box::pin(MemoryStream::try_new(
            batches,
            self.schema(),
            None,
        )?))
    }
}
