//! `df._joinAsOf(...)` (pandas-on-Spark's `merge_asof`), as Spark's `RewriteAsOfJoin`: each left
//! row joined with the right row that minimises the distance between the as-of keys among the
//! rows matching the join condition (backward: right key at or before the left one; forward: at
//! or after; nearest: either), within the tolerance. Built as a left join, a `row_number()` per
//! left row ordered by the distance, and the first row kept.

use std::sync::Arc;

use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::expr::Sort;
use datafusion::logical_expr::{
    Expr as DfExpr, ExprFunctionExt, JoinType as DfJoinType, LogicalPlan, LogicalPlanBuilder, col,
    lit,
};
use sabot_common::spec::{AsOfDirection, Expr, JoinType, Plan};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::{Named, Scope};
use super::names::column_at;
use super::relations::builder_build;
use crate::error::from_datafusion;

/// The parameters of an as-of join besides its inputs.
pub(crate) struct AsOf<'p> {
    pub left_as_of: &'p Expr,
    pub right_as_of: &'p Expr,
    pub condition: Option<&'p Expr>,
    pub using: &'p [String],
    pub join_type: JoinType,
    pub tolerance: Option<&'p Expr>,
    pub allow_exact_matches: bool,
    pub direction: AsOfDirection,
}

const LEFT_ROW: &str = "__asof_left_row";
const MATCHED: &str = "__asof_matched";
const RANK: &str = "__asof_rank";

impl Resolver<'_> {
    pub(super) async fn as_of_join(
        &mut self,
        left: &Plan,
        right: &Plan,
        spec: AsOf<'_>,
    ) -> Result<LogicalPlan> {
        let (left, right) = self.join_sides(left, right).await?;
        let (ls, rs) = (Arc::clone(left.schema()), Arc::clone(right.schema()));
        let left_as_of = Scope::new(&ls, self.conf, &self.plan_ids)
            .resolve(spec.left_as_of)?
            .expr
            .unalias();
        let right_as_of = Scope::new(&rs, self.conf, &self.plan_ids)
            .resolve(spec.right_as_of)?
            .expr
            .unalias();
        let mut using_keys = Vec::with_capacity(spec.using.len());
        for name in spec.using {
            let l = super::join::find_side(self, &ls, name, "left")?;
            let r = super::join::find_side(self, &rs, name, "right")?;
            using_keys.push((column_at(&ls, l), column_at(&rs, r)));
        }

        // Number the left rows; mark the right ones, to tell matches from padding.
        let numbered = builder_build(
            LogicalPlanBuilder::from(left).window(vec![row_number().alias(LEFT_ROW)]),
        )?;
        let mut marked: Vec<DfExpr> = (0..rs.fields().len()).map(|i| column_at(&rs, i)).collect();
        marked.push(lit(true).alias(MATCHED));
        let marked = builder_build(LogicalPlanBuilder::from(right).project(marked))?;

        let both = numbered
            .schema()
            .join(marked.schema())
            .map_err(from_datafusion)?;
        let scope = Scope::new(&both, self.conf, &self.plan_ids);
        let call = |name: &str, args: Vec<DfExpr>| -> Result<DfExpr> {
            let f = sabot_functions::lookup(name)
                .ok_or_else(|| SparkError::unresolved_routine(name))?;
            (f.build)(args, false, &scope.function_context())
        };
        let mut conds = Vec::new();
        for (l, r) in using_keys {
            conds.push(call("==", vec![l, r])?);
        }
        if let Some(c) = spec.condition {
            conds.push(scope.resolve(c)?.expr.unalias());
        }
        let (l, r) = (left_as_of, right_as_of);
        let exact = spec.allow_exact_matches;
        let distance = match spec.direction {
            AsOfDirection::Backward => {
                conds.push(call(
                    if exact { "<=" } else { "<" },
                    vec![r.clone(), l.clone()],
                )?);
                call("-", vec![l, r])?
            }
            AsOfDirection::Forward => {
                conds.push(call(
                    if exact { ">=" } else { ">" },
                    vec![r.clone(), l.clone()],
                )?);
                call("-", vec![r, l])?
            }
            AsOfDirection::Nearest => {
                if !exact {
                    conds.push(call("!=", vec![l.clone(), r.clone()])?);
                }
                let diff = call("-", vec![l, r])?;
                call("abs", vec![diff])?
            }
        };
        if let Some(t) = spec.tolerance {
            let t = scope.resolve(t)?.expr.unalias();
            conds.push(call("<=", vec![distance.clone(), t])?);
        }
        let condition = conds.into_iter().reduce(DfExpr::and).unwrap_or(lit(true));
        let joined = builder_build(LogicalPlanBuilder::from(numbered).join_on(
            marked,
            DfJoinType::Left,
            [condition],
        ))?;
        let rank = row_number()
            .partition_by(vec![col(LEFT_ROW)])
            .order_by(vec![Sort::new(distance, true, false)])
            .build()
            .map_err(from_datafusion)?;
        let ranked =
            builder_build(LogicalPlanBuilder::from(joined).window(vec![rank.alias(RANK)]))?;
        let mut keep = col(RANK).eq(lit(1u64));
        if spec.join_type == JoinType::Inner {
            keep = keep.and(col(MATCHED).is_not_null());
        }
        let kept = builder_build(LogicalPlanBuilder::from(ranked).filter(keep))?;
        // The left columns then the right ones, with their qualifiers (for `df["x"]`).
        let out = Arc::clone(kept.schema());
        let items = out
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| ![LEFT_ROW, MATCHED, RANK].contains(&f.name().as_str()))
            .map(|(i, (_, f))| Named::new(column_at(&out, i), f.name().clone()))
            .collect();
        super::output::project(kept, items)
    }
}
