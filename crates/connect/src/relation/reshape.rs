//! Reshaping relations: `Unpivot` (`df.unpivot` / `melt`) and `Transpose` (`df.transpose`).

use sabot_common::Result;
use sabot_common::spec::PlanNode;
use spark_connect_proto::connect::{Transpose, Unpivot};

use super::input;
use crate::expression::expressions;

/// `Unpivot`: no `values` message means "every non-id column" (Spark's `values: None`).
pub(super) fn unpivot(u: &Unpivot) -> Result<PlanNode> {
    Ok(PlanNode::Unpivot {
        input: input(u.input.as_deref(), "Unpivot")?,
        ids: expressions(&u.ids)?,
        values: u
            .values
            .as_ref()
            .map(|v| expressions(&v.values))
            .transpose()?,
        variable_column_name: u.variable_column_name.clone(),
        value_column_name: u.value_column_name.clone(),
    })
}

pub(super) fn transpose(t: &Transpose) -> Result<PlanNode> {
    Ok(PlanNode::Transpose {
        input: input(t.input.as_deref(), "Transpose")?,
        index_columns: expressions(&t.index_columns)?,
    })
}
