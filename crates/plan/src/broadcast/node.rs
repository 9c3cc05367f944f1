//! [`BroadcastHintNode`]: marks its input as the side to broadcast in the joins above it.
//!
//! Codec note: named and without state besides its input; a datafusion-proto
//! `LogicalExtensionCodec` carries it as [`BROADCAST_HINT`] alone.

use std::cmp::Ordering;
use std::fmt;

use datafusion::common::{DFSchemaRef, Result as DfResult, plan_err};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, UserDefinedLogicalNodeCore};

/// The node's name (also the codec's key).
pub const BROADCAST_HINT: &str = "BroadcastHint";

/// Whether a `df.hint(name)` asks for a broadcast (Spark's `JoinStrategyHint.BROADCAST`
/// names, case-insensitive).
pub fn is_broadcast_hint(name: &str) -> bool {
    ["broadcast", "broadcastjoin", "mapjoin"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BroadcastHintNode {
    pub input: LogicalPlan,
}

impl PartialOrd for BroadcastHintNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.input.partial_cmp(&other.input)
    }
}

impl UserDefinedLogicalNodeCore for BroadcastHintNode {
    fn name(&self) -> &str {
        BROADCAST_HINT
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{BROADCAST_HINT}")
    }

    fn with_exprs_and_inputs(
        &self,
        _: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{BROADCAST_HINT} has one input");
        };
        Ok(Self { input })
    }

    // A pass-through: filters may move below it.
    fn prevent_predicate_push_down_columns(&self) -> std::collections::HashSet<String> {
        std::collections::HashSet::new()
    }

    // A pass-through: the columns needed above are the columns needed below.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        Some(vec![output_columns.to_vec()])
    }

    fn supports_limit_pushdown(&self) -> bool {
        true
    }
}
