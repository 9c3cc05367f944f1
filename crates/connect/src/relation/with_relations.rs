//! `WithRelations`: a root relation and the relations its subquery expressions refer to by plan
//! id (`df.scalar()`, `df.exists()`, `col.isin(df)` in 4.x clients).

use std::cell::RefCell;
use std::collections::HashMap;

use sabot_common::spec::Plan;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::{Relation, WithRelations};

use super::{input, relation_to_plan};

thread_local! {
    /// The references of the `WithRelations` being converted, innermost last. Conversion is
    /// synchronous, so a thread-local stack scopes them to one conversion.
    static REFERENCES: RefCell<Vec<HashMap<i64, Relation>>> = const { RefCell::new(Vec::new()) };
}

/// Converts the root with the references in scope.
pub(super) fn with_relations(w: &WithRelations) -> Result<Plan> {
    let refs: HashMap<i64, Relation> = w
        .references
        .iter()
        .filter_map(|r| {
            r.common
                .as_ref()
                .and_then(|c| c.plan_id)
                .map(|id| (id, r.clone()))
        })
        .collect();
    REFERENCES.with(|stack| stack.borrow_mut().push(refs));
    let root = input(w.root.as_deref(), "WithRelations");
    REFERENCES.with(|stack| stack.borrow_mut().pop());
    Ok(*root?)
}

/// The relation a subquery expression refers to.
pub(crate) fn referenced(plan_id: i64) -> Result<Plan> {
    let found = REFERENCES.with(|stack| {
        stack
            .borrow()
            .iter()
            .rev()
            .find_map(|refs| refs.get(&plan_id).cloned())
    });
    match found {
        Some(rel) => relation_to_plan(&rel),
        None => Err(SparkError::invalid_plan(format!(
            "A subquery refers to plan id {plan_id}, which is not among the relations of the plan"
        ))),
    }
}
