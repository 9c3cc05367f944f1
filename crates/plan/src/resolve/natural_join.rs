//! `NATURAL [type] JOIN` (Spark's `NaturalJoin`, resolved by `ResolveNaturalAndUsingJoin`): a
//! `USING` join on the columns both sides have (by case-insensitive name, in the left side's
//! order); without common columns, a join without condition.

use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder, lit};
use sabot_common::Result;
use sabot_common::spec::{JoinType, Plan};

use super::Resolver;
use super::relations::builder_build;

impl Resolver<'_> {
    pub(super) async fn natural_join(
        &mut self,
        left: &Plan,
        right: &Plan,
        join_type: JoinType,
    ) -> Result<LogicalPlan> {
        let (left, right) = self.join_sides(left, right).await?;
        let right_names: Vec<String> = right
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().to_lowercase())
            .collect();
        let mut using: Vec<String> = Vec::new();
        for f in left.schema().fields() {
            let lower = f.name().to_lowercase();
            if right_names.contains(&lower) && !using.iter().any(|u| u.to_lowercase() == lower) {
                using.push(f.name().clone());
            }
        }
        if using.is_empty() {
            let builder = LogicalPlanBuilder::from(left);
            return match join_type {
                JoinType::Inner | JoinType::Cross => builder_build(builder.cross_join(right)),
                other => builder_build(builder.join_on(
                    right,
                    super::join::df_join_type(other),
                    [lit(true)],
                )),
            };
        }
        self.join_using(left, right, join_type, &using)
    }
}
