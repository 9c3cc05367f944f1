//! The logical nodes of observed metrics: [`CollectMetricsNode`] (pass-through, with the
//! metrics plan) and [`MetricsSourceNode`] (the metrics plan's leaf: the rows that pass).
//!
//! Codec note: both are named and self-contained; a datafusion-proto `LogicalExtensionCodec`
//! carries `CollectMetrics` as its name, plan id and metrics plan (serialized as a plan) and
//! `MetricsSource` as its schema.

use std::cmp::Ordering;
use std::fmt;

use datafusion::common::{DFSchemaRef, Result as DfResult, plan_err};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, UserDefinedLogicalNodeCore};

/// The names of the nodes (also the codec's keys).
pub const COLLECT_METRICS: &str = "CollectMetrics";
pub const METRICS_SOURCE: &str = "MetricsSource";

/// `df.observe(name, *metrics)` over `input`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CollectMetricsNode {
    pub input: LogicalPlan,
    /// The observation's name (the key of the reported metrics).
    pub name: String,
    /// The client's id of the `CollectMetrics` relation, echoed in the response.
    pub plan_id: i64,
    /// One row of metrics computed over a [`MetricsSourceNode`] with the input's schema.
    pub metrics: LogicalPlan,
}

/// The leaf of a metrics plan: the rows that pass through the observing node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetricsSourceNode {
    pub schema: DFSchemaRef,
}

// Ordered by their input only (what the trait needs for plan comparisons).
impl PartialOrd for CollectMetricsNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.input.partial_cmp(&other.input) {
            Some(Ordering::Equal) if self != other => None,
            o => o,
        }
    }
}

impl PartialOrd for MetricsSourceNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (self == other).then_some(Ordering::Equal)
    }
}

impl UserDefinedLogicalNodeCore for CollectMetricsNode {
    fn name(&self) -> &str {
        COLLECT_METRICS
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    // The metrics plan is opaque to the optimizer; it is optimized when planned physically.
    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let names: Vec<&str> = self
            .metrics
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        write!(
            f,
            "{COLLECT_METRICS}: {}, [{}]",
            self.name,
            names.join(", ")
        )
    }

    fn with_exprs_and_inputs(
        &self,
        _exprs: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{COLLECT_METRICS} has one input");
        };
        Ok(Self {
            input,
            name: self.name.clone(),
            plan_id: self.plan_id,
            metrics: self.metrics.clone(),
        })
    }
    // Filters above stay above (the trait's default keeps every column): the metrics see the
    // rows that reach this node.
}

impl UserDefinedLogicalNodeCore for MetricsSourceNode {
    fn name(&self) -> &str {
        METRICS_SOURCE
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{METRICS_SOURCE}")
    }

    fn with_exprs_and_inputs(&self, _: Vec<DfExpr>, _: Vec<LogicalPlan>) -> DfResult<Self> {
        Ok(self.clone())
    }
}
