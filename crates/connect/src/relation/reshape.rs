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

#[cfg(test)]
mod tests {
    use sabot_common::spec::{Expr, Literal, Plan, PlanNode};
    use spark_connect_proto::connect::expression::{self as pexpr, ExprType, literal::LiteralType};
    use spark_connect_proto::connect::relation::RelType;
    use spark_connect_proto::connect::{self as p, Expression, Relation};

    use super::super::relation_to_plan;

    fn rel(kind: RelType) -> Relation {
        Relation {
            common: None,
            rel_type: Some(kind),
        }
    }

    fn range() -> Box<Relation> {
        Box::new(rel(RelType::Range(p::Range {
            start: None,
            end: 3,
            step: 1,
            num_partitions: None,
        })))
    }

    fn column(name: &str) -> Expression {
        Expression {
            common: None,
            expr_type: Some(ExprType::UnresolvedAttribute(pexpr::UnresolvedAttribute {
                unparsed_identifier: name.into(),
                plan_id: None,
                is_metadata_column: None,
            })),
        }
    }

    fn input() -> Box<Plan> {
        Plan::boxed(PlanNode::Range {
            start: 0,
            end: 3,
            step: 1,
            num_partitions: None,
        })
    }

    #[test]
    fn unpivot_values_absent_or_listed() {
        let mut u = p::Unpivot {
            input: Some(range()),
            ids: vec![column("id")],
            values: None,
            variable_column_name: "var".into(),
            value_column_name: "val".into(),
        };
        let expected = |values| PlanNode::Unpivot {
            input: input(),
            ids: vec![Expr::col("id")],
            values,
            variable_column_name: "var".into(),
            value_column_name: "val".into(),
        };
        let plan = relation_to_plan(&rel(RelType::Unpivot(Box::new(u.clone())))).unwrap();
        assert_eq!(plan.node, expected(None));
        u.values = Some(p::unpivot::Values {
            values: vec![Expression {
                common: None,
                expr_type: Some(ExprType::Literal(pexpr::Literal {
                    data_type: None,
                    literal_type: Some(LiteralType::Integer(1)),
                })),
            }],
        });
        let plan = relation_to_plan(&rel(RelType::Unpivot(Box::new(u)))).unwrap();
        assert_eq!(
            plan.node,
            expected(Some(vec![Expr::Literal(Literal::Integer(1))]))
        );
    }

    #[test]
    fn transpose_index_columns() {
        let t = p::Transpose {
            input: Some(range()),
            index_columns: vec![column("id")],
        };
        let plan = relation_to_plan(&rel(RelType::Transpose(Box::new(t)))).unwrap();
        assert_eq!(
            plan.node,
            PlanNode::Transpose {
                input: input(),
                index_columns: vec![Expr::col("id")],
            }
        );
        let missing = p::Transpose {
            input: None,
            index_columns: vec![],
        };
        assert!(relation_to_plan(&rel(RelType::Transpose(Box::new(missing)))).is_err());
    }
}
