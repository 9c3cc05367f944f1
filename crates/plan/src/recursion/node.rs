//! [`UnionLoopNode`]: the logical loop of a recursive CTE over its anchor and recursive term.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::common::{DFSchema, DFSchemaRef, Result as DfResult, plan_err};
use datafusion::logical_expr::{Expr as DfExpr, LogicalPlan, UserDefinedLogicalNodeCore};

/// The node's name in plans.
const UNION_LOOP: &str = "UnionLoop";

#[derive(Debug, Clone)]
pub struct UnionLoopNode {
    pub anchor: LogicalPlan,
    /// Reads the previous level through scans of a `UnionLoopRefTable` named `id`.
    pub recursive: LogicalPlan,
    /// The loop's work-table name, unique in the query.
    pub id: String,
    pub level_limit: u64,
    pub row_limit: u64,
    /// The anchor's schema with every field nullable.
    pub schema: DFSchemaRef,
}

impl UnionLoopNode {
    pub fn try_new(
        anchor: LogicalPlan,
        recursive: LogicalPlan,
        id: String,
        level_limit: u64,
        row_limit: u64,
    ) -> DfResult<Self> {
        if anchor.schema().fields().len() != recursive.schema().fields().len() {
            return plan_err!("{UNION_LOOP}'s terms have different widths");
        }
        let schema = nullable(anchor.schema())?;
        Ok(Self {
            anchor,
            recursive,
            id,
            level_limit,
            row_limit,
            schema,
        })
    }
}

/// `schema` with every field nullable (qualifiers kept).
pub(super) fn nullable(schema: &DFSchemaRef) -> DfResult<DFSchemaRef> {
    let fields = schema
        .iter()
        .map(|(q, f)| (q.cloned(), Arc::new(f.as_ref().clone().with_nullable(true))))
        .collect::<Vec<_>>();
    Ok(Arc::new(DFSchema::new_with_metadata(
        fields,
        schema.metadata().clone(),
    )?))
}

impl PartialEq for UnionLoopNode {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.level_limit == other.level_limit
            && self.row_limit == other.row_limit
            && self.anchor == other.anchor
            && self.recursive == other.recursive
    }
}

impl Eq for UnionLoopNode {}

impl Hash for UnionLoopNode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.level_limit.hash(state);
        self.row_limit.hash(state);
        self.anchor.hash(state);
        self.recursive.hash(state);
    }
}

impl PartialOrd for UnionLoopNode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.id.partial_cmp(&other.id) {
            Some(Ordering::Equal) => match self.anchor.partial_cmp(&other.anchor) {
                Some(Ordering::Equal) => self.recursive.partial_cmp(&other.recursive),
                o => o,
            },
            o => o,
        }
    }
}

impl UserDefinedLogicalNodeCore for UnionLoopNode {
    fn name(&self) -> &str {
        UNION_LOOP
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.anchor, &self.recursive]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<DfExpr> {
        vec![]
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "{UNION_LOOP}: {}, level limit {}, row limit {}",
            self.id, self.level_limit, self.row_limit
        )
    }

    fn with_exprs_and_inputs(&self, _: Vec<DfExpr>, inputs: Vec<LogicalPlan>) -> DfResult<Self> {
        let Ok([anchor, recursive]) = <[LogicalPlan; 2]>::try_from(inputs) else {
            return plan_err!("{UNION_LOOP} has two inputs");
        };
        Self::try_new(
            anchor,
            recursive,
            self.id.clone(),
            self.level_limit,
            self.row_limit,
        )
    }
}
