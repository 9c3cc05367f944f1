//! Relations over two inputs: `Join`, `LateralJoin`, `AsOfJoin` and `SetOperation`.

use sabot_common::spec::{AsOfDirection, JoinType, PlanNode, SetOpKind};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::join::JoinType as ProtoJoinType;
use spark_connect_proto::connect::set_operation::SetOpType;
use spark_connect_proto::connect::{AsOfJoin, Join, LateralJoin, SetOperation};

use super::input;
use crate::expression::expression_to_expr;

/// `df.join(...)`. Spark Connect sends `on` names as `using_columns` and conditions as
/// `join_condition`; an unspecified type is inner (mirrors `SparkConnectPlanner.transformJoin`).
pub(super) fn join(j: &Join) -> Result<PlanNode> {
    if j.join_data_type
        .is_some_and(|t| t.is_left_struct || t.is_right_struct)
    {
        return Err(SparkError::unsupported("joinWith (typed joins)"));
    }
    if j.join_condition.is_some() && !j.using_columns.is_empty() {
        return Err(SparkError::invalid_plan(
            "Using columns or join conditions cannot be set at the same time in Join",
        ));
    }
    let join_type = join_type(j.join_type)?;
    Ok(PlanNode::Join {
        left: input(j.left.as_deref(), "Join")?,
        right: input(j.right.as_deref(), "Join")?,
        join_type,
        condition: j
            .join_condition
            .as_ref()
            .map(expression_to_expr)
            .transpose()?,
        using: j.using_columns.clone(),
    })
}

/// `df.lateralJoin(other, on, how)`: Spark allows inner, left outer and cross.
pub(super) fn lateral_join(j: &LateralJoin) -> Result<PlanNode> {
    let join_type = match join_type(j.join_type)? {
        t @ (JoinType::Inner | JoinType::LeftOuter | JoinType::Cross) => t,
        other => {
            let name = match other {
                JoinType::FullOuter => "FULL OUTER",
                JoinType::RightOuter => "RIGHT OUTER",
                JoinType::LeftSemi => "LEFT SEMI",
                _ => "LEFT ANTI",
            };
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "INVALID_LATERAL_JOIN_TYPE",
                "42613",
                format!(
                    "The {name} JOIN with LATERAL correlation is not allowed because an OUTER subquery cannot correlate to its join partner. Remove the LATERAL correlation or use an INNER JOIN, or LEFT OUTER JOIN instead."
                ),
            )
            .param("joinType", name));
        }
    };
    Ok(PlanNode::LateralJoin {
        left: input(j.left.as_deref(), "LateralJoin")?,
        right: input(j.right.as_deref(), "LateralJoin")?,
        join_type,
        condition: j
            .join_condition
            .as_ref()
            .map(expression_to_expr)
            .transpose()?,
    })
}

/// `_joinAsOf`: Spark's `AsOfJoin` accepts inner and left outer joins.
pub(super) fn as_of_join(j: &AsOfJoin) -> Result<PlanNode> {
    let join_type = match j.join_type.to_ascii_lowercase().replace('_', "").as_str() {
        "" | "inner" => JoinType::Inner,
        "left" | "leftouter" => JoinType::LeftOuter,
        other => {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "UNSUPPORTED_JOIN_TYPE",
                "0A000",
                format!(
                    "Unsupported join type '{other}'. Supported join types include: 'inner', 'left'."
                ),
            )
            .param("typ", other)
            .param("supported", "'inner', 'left'"));
        }
    };
    let direction = match j.direction.to_ascii_lowercase().as_str() {
        "" | "backward" => AsOfDirection::Backward,
        "forward" => AsOfDirection::Forward,
        "nearest" => AsOfDirection::Nearest,
        other => {
            return Err(SparkError::with_class(
                sabot_common::error::ExceptionKind::Analysis,
                "AS_OF_JOIN.UNSUPPORTED_DIRECTION",
                "42604",
                format!(
                    "Invalid as-of join. Unsupported as-of join direction '{other}'. Supported as-of join direction include: 'backward', 'forward', 'nearest'."
                ),
            )
            .param("direction", other)
            .param("supported", "'backward', 'forward', 'nearest'"));
        }
    };
    Ok(PlanNode::AsOfJoin {
        left: input(j.left.as_deref(), "AsOfJoin")?,
        right: input(j.right.as_deref(), "AsOfJoin")?,
        left_as_of: crate::expression::required(j.left_as_of.as_ref(), "left as-of column")?,
        right_as_of: crate::expression::required(j.right_as_of.as_ref(), "right as-of column")?,
        condition: j.join_expr.as_ref().map(expression_to_expr).transpose()?,
        using: j.using_columns.clone(),
        join_type,
        tolerance: j.tolerance.as_ref().map(expression_to_expr).transpose()?,
        allow_exact_matches: j.allow_exact_matches,
        direction,
    })
}

/// The join type of a `Join`/`LateralJoin`; unspecified is inner.
fn join_type(t: i32) -> Result<JoinType> {
    Ok(match ProtoJoinType::try_from(t) {
        Ok(ProtoJoinType::Unspecified | ProtoJoinType::Inner) => JoinType::Inner,
        Ok(ProtoJoinType::FullOuter) => JoinType::FullOuter,
        Ok(ProtoJoinType::LeftOuter) => JoinType::LeftOuter,
        Ok(ProtoJoinType::RightOuter) => JoinType::RightOuter,
        Ok(ProtoJoinType::LeftAnti) => JoinType::LeftAnti,
        Ok(ProtoJoinType::LeftSemi) => JoinType::LeftSemi,
        Ok(ProtoJoinType::Cross) => JoinType::Cross,
        Err(_) => {
            return Err(SparkError::invalid_plan(format!("Unknown join type {t}")));
        }
    })
}

/// `union`, `unionByName`, `intersect(All)`, `subtract`, `exceptAll`.
pub(super) fn set_op(s: &SetOperation) -> Result<PlanNode> {
    let kind = match SetOpType::try_from(s.set_op_type) {
        Ok(SetOpType::Union) => SetOpKind::Union,
        Ok(SetOpType::Intersect) => SetOpKind::Intersect,
        Ok(SetOpType::Except) => SetOpKind::Except,
        _ => {
            return Err(SparkError::invalid_plan(format!(
                "Unknown set operation type {}",
                s.set_op_type
            )));
        }
    };
    let by_name = s.by_name.unwrap_or(false);
    if by_name && kind != SetOpKind::Union {
        return Err(SparkError::invalid_plan(
            "by_name can only be set for a union",
        ));
    }
    Ok(PlanNode::SetOp {
        left: input(s.left_input.as_deref(), "SetOperation")?,
        right: input(s.right_input.as_deref(), "SetOperation")?,
        kind,
        all: s.is_all.unwrap_or(false),
        by_name,
        allow_missing: s.allow_missing_columns.unwrap_or(false),
    })
}
