//! `df.join(...)`: conditions resolved over both sides, `USING` columns merged as Spark's
//! `Analyzer.commonNaturalJoinProcessing` does, and both sides' columns kept apart so that
//! duplicate names stay addressable (`df1["id"]`, `a.id`) and ambiguous ones raise
//! `AMBIGUOUS_REFERENCE`.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::{Column, DFSchema, TableReference};
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{
    JoinType as DfJoinType, LogicalPlan, LogicalPlanBuilder, Projection, lit,
};
use sabot_common::error::{ExceptionKind, quote_identifier};
use sabot_common::spec::{Expr, JoinType, Plan, PlanNode};
use sabot_common::{Result, SparkError};

use super::Resolver;
use super::expressions::{Named, Scope};
use super::names::{AMBIGUOUS_PLAN_ID, column_at, is_hidden, name_eq, visible_names};
use super::relations::builder_build;
use crate::error::from_datafusion;

impl Resolver<'_> {
    pub(super) async fn join(
        &mut self,
        left: &Plan,
        right: &Plan,
        join_type: JoinType,
        condition: Option<&Expr>,
        using: &[String],
    ) -> Result<LogicalPlan> {
        let (left, right) = self.join_sides(left, right).await?;
        super::correlation::check_join_sides(&left, &right, df_join_type(join_type))?;
        if !using.is_empty() {
            return self.join_using(left, right, join_type, using);
        }
        let df_type = df_join_type(join_type);
        let builder = LogicalPlanBuilder::from(left);
        match condition {
            None if matches!(join_type, JoinType::Inner | JoinType::Cross) => {
                builder_build(builder.cross_join(right))
            }
            None => builder_build(builder.join_on(right, df_type, [lit(true)])),
            Some(cond) => {
                let schema = builder
                    .schema()
                    .join(right.schema())
                    .map_err(from_datafusion)?;
                // In a subquery the condition may read the enclosing queries' columns.
                let mut scope = Scope::new(&schema, self.conf, &self.plan_ids);
                scope.outer = &self.outer_schemas;
                let cond = scope.resolve(cond)?.expr.unalias();
                builder_build(builder.join_on(right, df_type, [cond]))
            }
        }
    }

    /// Both sides of a join, resolved with their columns kept apart and their plan ids
    /// following them.
    pub(super) async fn join_sides(
        &mut self,
        left: &Plan,
        right: &Plan,
    ) -> Result<(LogicalPlan, LogicalPlan)> {
        let (left_plan, right_plan) = (left, right);
        let before: HashSet<i64> = self.plan_ids.keys().copied().collect();
        let left = self.resolve(left).await?;
        let left_ids: Vec<i64> = self
            .plan_ids
            .keys()
            .filter(|k| !before.contains(k))
            .copied()
            .collect();
        let left_schemas: HashMap<i64, Arc<DFSchema>> = left_ids
            .iter()
            .filter_map(|id| self.plan_ids.get(id).map(|s| (*id, Arc::clone(s))))
            .collect();
        let before: HashSet<i64> = self.plan_ids.keys().copied().collect();
        let right = self.resolve(right).await?;
        let right_ids: Vec<i64> = self
            .plan_ids
            .keys()
            .filter(|k| !before.contains(k))
            .copied()
            .collect();
        // A DataFrame on both sides: `df["a"]` means the side where it is shallower (Spark's
        // `ColumnResolutionHelper.resolveDataFrameColumn`); at equal depth it is ambiguous
        // (`df.join(df, ...)`).
        let (left_depths, right_depths) = (left_plan.plan_id_depths(), right_plan.plan_id_depths());
        let mut left_ids = left_ids;
        for (id, schema) in &left_schemas {
            let again = self
                .plan_ids
                .get(id)
                .is_some_and(|now| !Arc::ptr_eq(now, schema));
            if !again {
                continue;
            }
            match (left_depths.get(id), right_depths.get(id)) {
                (Some(l), Some(r)) if l < r => {
                    self.plan_ids.insert(*id, Arc::clone(schema));
                }
                (Some(l), Some(r)) if l > r => left_ids.retain(|x| x != id),
                _ => {
                    let mut metadata = schema.metadata().clone();
                    metadata.insert(AMBIGUOUS_PLAN_ID.to_string(), "true".to_string());
                    let marked =
                        DFSchema::new_with_metadata(vec![], metadata).map_err(from_datafusion)?;
                    self.plan_ids.insert(*id, Arc::new(marked));
                    left_ids.retain(|x| x != id);
                }
            }
        }
        let left = self.requalify(left, None, &left_ids)?;
        let right = self.requalify(right, Some(left.schema()), &right_ids)?;
        Ok((left, right))
    }

    /// Gives one side's columns qualifiers that cannot clash with the other side: hidden ones
    /// for unqualified and internal columns, and for visible ones that the other side has too.
    /// Plan ids recorded inside this side follow the renaming, so `df["a"]` still finds them.
    fn requalify(
        &mut self,
        plan: LogicalPlan,
        other: Option<&Arc<DFSchema>>,
        ids: &[i64],
    ) -> Result<LogicalPlan> {
        let schema = Arc::clone(plan.schema());
        let clashes = |q: &TableReference, name: &str| {
            other.is_some_and(|o| o.has_column(&Column::new(Some(q.clone()), name)))
        };
        let mut fresh: HashMap<Option<TableReference>, TableReference> = HashMap::new();
        let mut renamed: HashMap<Column, Column> = HashMap::new();
        let mut exprs = Vec::with_capacity(schema.fields().len());
        for (i, (q, f)) in schema.iter().enumerate() {
            let keep = q.is_some_and(|q| !is_hidden(q) && !clashes(q, f.name()));
            if keep {
                exprs.push(column_at(&schema, i));
                continue;
            }
            let new_q = match fresh.get(&q.cloned()) {
                Some(n) => n.clone(),
                None => {
                    self.next_id += 1;
                    let n = TableReference::bare(format!("__join{}", self.next_id));
                    fresh.insert(q.cloned(), n.clone());
                    n
                }
            };
            renamed.insert(
                Column::new(q.cloned(), f.name()),
                Column::new(Some(new_q.clone()), f.name()),
            );
            exprs.push(column_at(&schema, i).alias_qualified(Some(new_q), f.name()));
        }
        if renamed.is_empty() {
            return Ok(plan);
        }
        for id in ids {
            if let Some(s) = self.plan_ids.get(id) {
                let rewritten = rename_schema(s, &renamed)?;
                self.plan_ids.insert(*id, Arc::new(rewritten));
            }
        }
        Projection::try_new(exprs, Arc::new(plan))
            .map(LogicalPlan::Projection)
            .map_err(from_datafusion)
    }

    /// `join(other, on=["a", "b"])`: equality on each name, the `USING` columns once and first,
    /// then the other columns of the left and (unless semi/anti) of the right side.
    pub(super) fn join_using(
        &self,
        left: LogicalPlan,
        right: LogicalPlan,
        join_type: JoinType,
        using: &[String],
    ) -> Result<LogicalPlan> {
        let ls = Arc::clone(left.schema());
        let rs = Arc::clone(right.schema());
        let mut keys = Vec::with_capacity(using.len());
        for name in using {
            let l = find_side(self, &ls, name, "left")?;
            let r = find_side(self, &rs, name, "right")?;
            keys.push((l, r));
        }
        let both = ls.join(&rs).map_err(from_datafusion)?;
        let scope = Scope::new(&both, self.conf, &self.plan_ids);
        let ctx = scope.function_context();
        let eq =
            sabot_functions::lookup("==").ok_or_else(|| SparkError::unresolved_routine("=="))?;
        let conds = keys
            .iter()
            .map(|(l, r)| (eq.build)(vec![column_at(&ls, *l), column_at(&rs, *r)], false, &ctx))
            .collect::<Result<Vec<_>>>()?;
        let plan = builder_build(LogicalPlanBuilder::from(left).join_on(
            right,
            df_join_type(join_type),
            conds,
        ))?;

        let mut items: Vec<Named> = Vec::new();
        for (l, r) in &keys {
            let name = ls.field(*l).name().clone();
            let (lc, rc) = (column_at(&ls, *l), column_at(&rs, *r));
            let expr = match join_type {
                JoinType::RightOuter => rc,
                // `Coalesce(l, r)` of both keys in their wider type.
                JoinType::FullOuter => {
                    let (lt, rt) = (ls.field(*l).data_type(), rs.field(*r).data_type());
                    match super::wider_type::wider_type(lt, rt, self.conf.ansi) {
                        Some(t) => coalesce(vec![cast_to(lc, lt, &t), cast_to(rc, rt, &t)]),
                        None => coalesce(vec![lc, rc]),
                    }
                }
                _ => lc,
            };
            items.push(Named::new(expr, name));
        }
        let left_keys: HashSet<usize> = keys.iter().map(|(l, _)| *l).collect();
        let right_keys: HashSet<usize> = keys.iter().map(|(_, r)| *r).collect();
        for (i, (_, f)) in ls.iter().enumerate() {
            if !left_keys.contains(&i) {
                items.push(Named::new(column_at(&ls, i), f.name().clone()));
            }
        }
        if !matches!(join_type, JoinType::LeftSemi | JoinType::LeftAnti) {
            for (i, (_, f)) in rs.iter().enumerate() {
                if !right_keys.contains(&i) {
                    items.push(Named::new(column_at(&rs, i), f.name().clone()));
                }
            }
        }
        // Plain columns keep their qualifiers, so `df1["id"]` and `a.id` resolve above the join.
        super::output::project(plan, items)
    }
}

/// The column of one join side named `name` (`UNRESOLVED_USING_COLUMN_FOR_JOIN` otherwise).
pub(super) fn find_side(
    r: &Resolver<'_>,
    schema: &DFSchema,
    name: &str,
    side: &str,
) -> Result<usize> {
    let found: Vec<usize> = schema
        .iter()
        .enumerate()
        .filter(|(_, (_, f))| name_eq(r.conf, f.name(), name))
        .map(|(i, _)| i)
        .collect();
    match found.as_slice() {
        [i] => Ok(*i),
        [] => {
            let columns = visible_names(schema)
                .iter()
                .map(|c| quote_identifier(c))
                .collect::<Vec<_>>()
                .join(", ");
            let col = quote_identifier(name);
            Err(SparkError::with_class(
                ExceptionKind::Analysis,
                "UNRESOLVED_USING_COLUMN_FOR_JOIN",
                "42703",
                format!(
                    "USING column {col} cannot be resolved on the {side} side of the join. The {side}-side columns: [{columns}]."
                ),
            )
            .param("colName", col)
            .param("side", side)
            .param("suggestion", format!("[{columns}]")))
        }
        many => Err(super::names::ambiguous(
            &[name.to_string()],
            &many
                .iter()
                .map(|i| {
                    let (q, f) = schema.qualified_field(*i);
                    (q.cloned(), f.name().clone())
                })
                .collect::<Vec<_>>(),
        )),
    }
}

/// The schema with columns renamed per `renamed` (qualifier changes only).
fn rename_schema(schema: &DFSchema, renamed: &HashMap<Column, Column>) -> Result<DFSchema> {
    let fields = schema
        .iter()
        .map(|(q, f)| {
            let key = Column::new(q.cloned(), f.name());
            let q = renamed.get(&key).map_or(q.cloned(), |c| c.relation.clone());
            (q, Arc::clone(f))
        })
        .collect::<Vec<_>>();
    DFSchema::new_with_metadata(fields, schema.metadata().clone()).map_err(from_datafusion)
}

fn cast_to(
    e: datafusion::logical_expr::Expr,
    from: &ArrowType,
    to: &ArrowType,
) -> datafusion::logical_expr::Expr {
    if from == to {
        e
    } else {
        datafusion::logical_expr::Expr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(e),
            to.clone(),
        ))
    }
}

pub(super) fn df_join_type(t: JoinType) -> DfJoinType {
    match t {
        JoinType::Inner | JoinType::Cross => DfJoinType::Inner,
        JoinType::LeftOuter => DfJoinType::Left,
        JoinType::RightOuter => DfJoinType::Right,
        JoinType::FullOuter => DfJoinType::Full,
        JoinType::LeftSemi => DfJoinType::LeftSemi,
        JoinType::LeftAnti => DfJoinType::LeftAnti,
    }
}

impl Resolver<'_> {
    /// `df.lateralJoin(other, on, how)`: `other` is resolved once per left row in Spark's
    /// semantics; here its references to the left side are outer references and DataFusion
    /// decorrelates the join. A generator on the right (`spark.tvf.explode(col("a").outer())`)
    /// is the generator applied to the left rows, as Spark plans it (`Generate`).
    pub(super) async fn lateral_join(
        &mut self,
        left: &Plan,
        right: &Plan,
        join_type: JoinType,
        condition: Option<&Expr>,
    ) -> Result<LogicalPlan> {
        // SQL grammar (issue 5): `t, LATERAL (SELECT exprs)` without FROM (see `lateral_select`).
        if let Some(plan) = self
            .lateral_select(left, right, join_type, condition)
            .await?
        {
            return Ok(plan);
        }
        let left = self.resolve(left).await?;
        if let Some(generator) = lateral_generator(right) {
            return self.lateral_generate(left, generator, join_type, condition);
        }
        let left = self.requalify(left, None, &[])?;
        let left_schema = Arc::clone(left.schema());
        self.outer_schemas.push(Arc::clone(&left_schema));
        let resolved = self.resolve(right).await;
        self.outer_schemas.pop();
        let resolved = resolved?;
        super::correlation::check_lateral(&resolved, join_type == JoinType::LeftOuter)?;
        let right = self.requalify(unalias_lateral(resolved)?, Some(&left_schema), &[])?;
        let subquery = LogicalPlan::Subquery(datafusion::logical_expr::Subquery {
            outer_ref_columns: right.all_out_ref_exprs(),
            subquery: Arc::new(right),
            spans: datafusion::common::Spans::new(),
        });
        let schema = left_schema
            .join(subquery.schema())
            .map_err(from_datafusion)?;
        let cond = match condition {
            Some(c) => {
                let scope = Scope::new(&schema, self.conf, &self.plan_ids);
                scope.resolve(c)?.expr.unalias()
            }
            None => lit(true),
        };
        // grammar area: an inner lateral join's condition filters above the join, the shape
        // DataFusion decorrelates (a condition inside the join fails in its planning).
        let joined = match join_type {
            JoinType::LeftOuter => builder_build(LogicalPlanBuilder::from(left).join_on(
                subquery,
                DfJoinType::Left,
                [cond],
            ))?,
            _ => builder_build(
                LogicalPlanBuilder::from(left)
                    .join_on(subquery, DfJoinType::Inner, [lit(true)])
                    .and_then(|b| b.filter(cond)),
            )?,
        };
        // DataFusion's lateral decorrelation widens the join with the correlation columns; a
        // projection of the join's columns keeps the relation's schema as resolved.
        let out = Arc::clone(joined.schema());
        let exprs: Vec<_> = (0..out.fields().len())
            .map(|i| column_at(&out, i))
            .collect();
        builder_build(LogicalPlanBuilder::from(joined).project(exprs))
    }

    fn lateral_generate(
        &self,
        left: LogicalPlan,
        generator: &Expr,
        join_type: JoinType,
        condition: Option<&Expr>,
    ) -> Result<LogicalPlan> {
        let schema = Arc::clone(left.schema());
        let scope = Scope::new(&schema, self.conf, &self.plan_ids);
        // Spark 4.3 plans `lateralJoin(tvf.explode(...), how="left")` like the inner join: rows
        // the generator gives nothing for are dropped either way (recorded from Spark).
        let _ = join_type;
        let Some(call) = super::generate::as_generator(generator) else {
            return Err(SparkError::internal("not a generator"));
        };
        let mut items: Vec<super::generate::Item<'_>> = (0..schema.fields().len())
            .map(|i| {
                super::generate::Item::Plain(Named::new(
                    column_at(&schema, i),
                    schema.field(i).name().clone(),
                ))
            })
            .collect();
        items.push(super::generate::Item::Generator(call));
        let generated = super::generate::project_with_generator(&scope, left, items)?;
        match condition {
            None => Ok(generated),
            Some(c) => {
                let out = Arc::clone(generated.schema());
                let cond = Scope::new(&out, self.conf, &self.plan_ids)
                    .resolve(c)?
                    .expr
                    .unalias();
                builder_build(LogicalPlanBuilder::from(generated).filter(cond))
            }
        }
    }
}

/// The generator of a right side that is a generator table function (`spark.tvf.explode(...)`).
fn lateral_generator(right: &Plan) -> Option<&Expr> {
    let PlanNode::Project {
        input: Some(input),
        exprs,
    } = &right.node
    else {
        return None;
    };
    match (&input.node, exprs.as_slice()) {
        (PlanNode::OneRow, [e]) if super::generate::as_generator(e).is_some() => Some(e),
        _ => None,
    }
}

/// grammar area: `LATERAL (...) s`: the alias as qualifiers of a projection instead of a
/// `SubqueryAlias` node, which DataFusion's lateral decorrelation loses track of.
fn unalias_lateral(plan: LogicalPlan) -> Result<LogicalPlan> {
    let LogicalPlan::SubqueryAlias(sa) = plan else {
        return Ok(plan);
    };
    let schema = Arc::clone(&sa.schema);
    let input = Arc::unwrap_or_clone(sa.input);
    let inner = Arc::clone(input.schema());
    let exprs: Vec<_> = (0..schema.fields().len())
        .map(|i| {
            column_at(&inner, i).alias_qualified(Some(sa.alias.clone()), schema.field(i).name())
        })
        .collect();
    builder_build(LogicalPlanBuilder::from(input).project(exprs))
}
