//! [`RecursionGuardNode`]: the logical node over a recursive CTE's anchor or recursive term.
//!
//! Codec note: its state is the role, the two limits and the nullable schema; the shared
//! counters are made fresh when a plan is decoded (both guards of one loop must share them).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::common::{DFSchema, DFSchemaRef, Result as DfResult, plan_err};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, UserDefinedLogicalNodeCore};

use super::LoopState;

/// The node's name (also the codec's key).
pub const RECURSION_GUARD: &str = "RecursionGuard";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd)]
pub enum GuardRole {
    /// Over the anchor: (re)starts the loop's count.
    Anchor,
    /// Over the recursive term: one execution per level.
    Recursive,
}

#[derive(Debug, Clone)]
pub struct RecursionGuardNode {
    pub input: LogicalPlan,
    pub role: GuardRole,
    pub state: Arc<LoopState>,
    /// The input's schema with every field nullable.
    pub schema: DFSchemaRef,
}

impl RecursionGuardNode {
    pub fn try_new(input: LogicalPlan, role: GuardRole, state: Arc<LoopState>) -> DfResult<Self> {
        let schema = nullable(input.schema())?;
        Ok(Self {
            input,
            role,
            state,
            schema,
        })
    }
}

/// `schema` with every field nullable (qualifiers kept).
fn nullable(schema: &DFSchemaRef) -> DfResult<DFSchemaRef> {
    let fields = schema
        .iter()
        .map(|(q, f)| (q.cloned(), Arc::new(f.as_ref().clone().with_nullable(true))))
        .collect::<Vec<_>>();
    Ok(Arc::new(DFSchema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    )?))
}

impl PartialEq for RecursionGuardNode {
    fn eq(&self, other: &Self) -> bool {
        self.role == other.role
            && Arc::ptr_eq(&self.state, &other.state)
            && self.input == other.input
    }
}

impl Eq for RecursionGuardNode {}

impl Hash for RecursionGuardNode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.role.hash(state);
        Arc::as_ptr(&self.state).hash(state);
        self.input.hash(state);
    }
}

impl PartialOrd for RecursionGuardNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.role.partial_cmp(&other.role) {
            Some(Ordering::Equal) => self.input.partial_cmp(&other.input),
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for RecursionGuardNode {
    fn name(&self) -> &str {
        RECURSION_GUARD
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{RECURSION_GUARD}: {:?}", self.role)
    }

    fn with_exprs_and_inputs(
        &self,
        _: Vec<DfExpr>,
        mut inputs: Vec<LogicalPlan>,
    ) -> DfResult<Self> {
        let (Some(input), true) = (inputs.pop(), inputs.is_empty()) else {
            return plan_err!("{RECURSION_GUARD} has one input");
        };
        Self::try_new(input, self.role, Arc::clone(&self.state))
    }
}
