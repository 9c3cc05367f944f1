//! `SparkPartitionFns`: the logical node that appends the values of partition-dependent calls
//! (`spark_partition_id()`, `monotonically_increasing_id()`, seeded `rand`, ...) to its input's
//! rows, knowing each row's Spark partition from a [`SparkLayout`].
//!
//! Codec note: the node is named and self-contained, so a datafusion-proto
//! `LogicalExtensionCodec` can carry it as [`NODE_NAME`] + a message with the layout's first
//! partition and partition starts (or the partition column), each call's [`PartitionFn`] (kind,
//! seed, draw parameters), output field and argument expressions (serialized with the regular
//! expression codec), and rebuild it with [`PartitionFnsNode::try_new`]; the physical
//! `SparkPartitionFnsExec` likewise (layout, partition column index, calls with physical
//! arguments).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::datatypes::Field;
use datafusion::common::{DFSchema, DFSchemaRef, Result as DfResult, plan_err};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, UserDefinedLogicalNodeCore};
use sabot_functions::PartitionFn;

use super::layout::SparkLayout;

/// The node's name (also the codec's key).
pub const NODE_NAME: &str = "SparkPartitionFns";

/// One call the node evaluates: the function, its arguments over the input, its output column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartitionCall {
    pub function: PartitionFn,
    pub args: Vec<DfExpr>,
    pub field: Arc<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartitionFnsNode {
    pub input: LogicalPlan,
    pub layout: SparkLayout,
    pub calls: Vec<PartitionCall>,
    /// An input column holding each row's Spark partition (set at the source of a filtered
    /// input, where positions no longer follow `layout`); rows of a partition are contiguous.
    pub partition_column: Option<String>,
    pub(super) schema: DFSchemaRef,
}

impl PartitionFnsNode {
    pub fn try_new(
        input: LogicalPlan,
        layout: SparkLayout,
        calls: Vec<PartitionCall>,
    ) -> DfResult<Self> {
        let added = DFSchema::from_unqualified_fields(
            calls.iter().map(|c| Arc::clone(&c.field)).collect(),
            HashMap::new(),
        )?;
        let schema = Arc::new(input.schema().join(&added)?);
        Ok(Self {
            input,
            layout,
            calls,
            partition_column: None,
            schema,
        })
    }

    /// Partitions read from `column` of the input instead of row positions.
    pub fn with_partition_column(mut self, column: Option<String>) -> Self {
        self.partition_column = column;
        self
    }
}

// Nodes are ordered by their input only (what the trait needs for plan comparisons).
impl PartialOrd for PartitionFnsNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for PartitionFnsNode {
    fn name(&self) -> &str {
        NODE_NAME
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        self.calls.iter().flat_map(|c| c.args.clone()).collect()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let calls: Vec<String> = self
            .calls
            .iter()
            .map(|c| format!("{} AS {}", c.function.label(), c.field.name()))
            .collect();
        let source = match &self.partition_column {
            Some(c) => format!("partition={c}"),
            None => format!("partitions={}", self.layout.partitions()),
        };
        write!(f, "{NODE_NAME}: {source}, [{}]", calls.join(", "))
    }

    fn with_exprs_and_inputs(
        &self,
        exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{NODE_NAME} has one input");
        };
        let mut exprs = exprs.into_iter();
        let mut calls = Vec::with_capacity(self.calls.len());
        for c in &self.calls {
            let args: Vec<DfExpr> = exprs.by_ref().take(c.args.len()).collect();
            if args.len() != c.args.len() {
                return plan_err!("{NODE_NAME}: missing call arguments");
            }
            calls.push(PartitionCall {
                function: c.function.clone(),
                args,
                field: Arc::clone(&c.field),
            });
        }
        Ok(Self::try_new(input, self.layout.clone(), calls)?
            .with_partition_column(self.partition_column.clone()))
    }
}
