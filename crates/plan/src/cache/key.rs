//! The cache key of a spec plan: its text without the client's plan ids, so that the same
//! relation sent again (or written as SQL) finds the cached data (Spark compares canonicalized
//! plans, which also ignore expression ids).

use std::sync::LazyLock;

use regex::Regex;
use sabot_common::spec::Plan;

static PLAN_ID: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"plan_id: Some\(-?\d+\)").ok());

/// The key of `plan`.
pub fn plan_key(plan: &Plan) -> String {
    let text = format!("{:?}", plan.node);
    match PLAN_ID.as_ref() {
        Some(re) => re.replace_all(&text, "plan_id: None").into_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use sabot_common::spec::{Expr, PlanNode};

    use super::*;

    #[test]
    fn plan_ids_do_not_matter_but_everything_else_does() {
        let range = |id| Plan {
            node: PlanNode::Range {
                start: 0,
                end: 10,
                step: 1,
                num_partitions: None,
            },
            plan_id: Some(id),
        };
        let filter = |id, input, v: i64| Plan {
            node: PlanNode::Filter {
                input: Box::new(input),
                condition: Expr::Literal(sabot_common::spec::Literal::Long(v)),
            },
            plan_id: Some(id),
        };
        assert_eq!(
            plan_key(&filter(1, range(2), 5)),
            plan_key(&filter(7, range(9), 5))
        );
        assert_ne!(
            plan_key(&filter(1, range(2), 5)),
            plan_key(&filter(1, range(2), 6))
        );
    }
}
