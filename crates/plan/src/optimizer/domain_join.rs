//! Domain joins for correlated subqueries DataFusion cannot decorrelate: a correlation other
//! than `inner = outer` under an aggregate, such as `(SELECT count(*) FROM r WHERE r.x < t.a)`
//! or `t, LATERAL (SELECT max(v) FROM r WHERE r.x < t.a)`.
//!
//! Mirrors Spark's `DecorrelateInnerQuery` ("domain join"): the distinct values of the outer
//! columns the subquery uses (the domain `D`) are joined into the subquery where it reads them,
//! and carried up through its operators (aggregates group by them too), so the subquery becomes
//! an ordinary relation keyed by `D`; the outer query then joins it on `outer <=> domain`.
//!
//! A scalar aggregate at the subquery's top gives one row per outer row even over no input
//! (`count(*)` is 0): for domain values without a group, the value is the subquery's top
//! evaluated over an empty input, an uncorrelated scalar subquery DataFusion plans as a
//! one-row join (Spark's `RewriteCorrelatedScalarSubquery` evaluates the same "empty result").
//!
//! Where it applies: scalar subqueries in projections and filters, `EXISTS`/`[NOT] IN` wherever
//! DataFusion cannot plan them as Spark does (as existence counts; `NOT IN` null-aware, see
//! [`subqueries_as_counts`]), `LATERAL` joins, and every correlated scalar subquery in an
//! aggregate's arguments. A correlated `ORDER BY ... LIMIT n` becomes a row
//! number per domain value. [`sort_keys_below`] (used by the resolver) moves subqueries out of
//! sort keys, where DataFusion rejects them before any rule runs.
//!
//! The rule runs before DataFusion's own decorrelation rules and leaves every subquery those
//! handle alone ([`needs_domain`]); shapes it cannot carry the domain through are left as they
//! are, and [`scalar_supported`]/[`lateral_supported`] let the resolver report them first.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema, NullEquality, Result as DfResult, Spans};
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::utils::split_conjunction;
use datafusion::logical_expr::{
    Aggregate, BinaryExpr, EmptyRelation, Expr, ExprFunctionExt, ExprSchemable, FetchType, Filter,
    JoinType, LogicalPlan, LogicalPlanBuilder, Operator, Projection, SkipType, SortExpr, Subquery,
    SubqueryAlias, Union, lit, when,
};
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};

/// The optimizer rule; see the module documentation.
#[derive(Debug, Default)]
pub struct DomainJoin;

impl DomainJoin {
    pub fn new() -> Self {
        Self
    }
}

/// Makes the hidden columns of each rewrite unique within a plan, also when subqueries nest.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// Whether DataFusion's decorrelation cannot handle `plan`: a filter below an aggregate (or
/// anywhere, with `under_aggregate`) whose correlation is not an equality, any correlated
/// filter below a `LIMIT` (a top-N per outer row), a correlation in a join condition or a
/// window, or any correlation below a window or a set operation, which DataFusion would pull
/// above them (changing what they compute) or not at all.
pub fn needs_domain(plan: &LogicalPlan, under_aggregate: bool) -> bool {
    walk(plan, under_aggregate, false, false)
}

fn walk(plan: &LogicalPlan, under_aggregate: bool, under_limit: bool, under_barrier: bool) -> bool {
    let under = under_aggregate || matches!(plan, LogicalPlan::Aggregate(_));
    let limited = under_limit
        || matches!(plan, LogicalPlan::Limit(_))
        || matches!(plan, LogicalPlan::Sort(s) if s.fetch.is_some());
    let correlated = || plan.expressions().iter().any(Expr::contains_outer);
    if (under_barrier || matches!(plan, LogicalPlan::Window(_) | LogicalPlan::Join(_)))
        && correlated()
    {
        return true;
    }
    if let LogicalPlan::Filter(f) = plan {
        let correlations = split_conjunction(&f.predicate);
        if (limited && correlations.iter().any(|c| c.contains_outer()))
            || (under && correlations.into_iter().any(|c| !is_equi_correlation(c)))
        {
            return true;
        }
    }
    let barrier = under_barrier || matches!(plan, LogicalPlan::Window(_) | LogicalPlan::Union(_));
    plan.inputs()
        .into_iter()
        .any(|p| walk(p, under, limited, barrier))
}

/// Whether the correlated parts of `e` are equalities, possibly under `AND`/`OR`, which
/// DataFusion pulls up as join keys or join filters.
fn is_equi_correlation(e: &Expr) -> bool {
    if !e.contains_outer() {
        return true;
    }
    match e {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::And | Operator::Or,
            right,
        }) => is_equi_correlation(left) && is_equi_correlation(right),
        Expr::BinaryExpr(BinaryExpr {
            op: Operator::Eq, ..
        }) => true,
        _ => false,
    }
}

/// Whether a scalar subquery over `sub` can be rewritten (checked before planning, with a
/// stand-in for the outer relation).
pub fn scalar_supported(sub: &LogicalPlan) -> bool {
    Domain::stand_in(sub).is_some_and(|d| {
        matches!(scalar_parts(sub, &d), Ok(Some(_)))
            || matches!(single_row_parts(sub, &d), Ok(Some(_)))
    })
}

/// A scalar subquery that is not aggregated but returns at most one row (`ORDER BY ... LIMIT
/// 1`), keyed by its domain: its column under a hidden name, then the domain columns.
fn single_row_parts(sub: &LogicalPlan, d: &Domain) -> DfResult<Option<LogicalPlan>> {
    if sub.max_rows().is_none_or(|n| n > 1) {
        return Ok(None);
    }
    let Some(keyed) = push_down(sub, d)? else {
        return Ok(None);
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let (q, f) = sub.schema().qualified_field(0);
    let mut exprs =
        vec![Expr::Column(Column::new(q.cloned(), f.name())).alias(format!("__value{id}_0"))];
    exprs.extend(d.exprs(keyed.schema())?);
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        exprs,
        Arc::new(keyed),
    )?)))
}

/// Whether a `[LEFT] JOIN LATERAL` (or an `EXISTS`/`IN` subquery) over `sub` can be rewritten.
pub fn lateral_supported(sub: &LogicalPlan) -> bool {
    let Some(domain) = Domain::stand_in(sub) else {
        return false;
    };
    if top_aggregate(sub).is_some() {
        return matches!(scalar_parts(sub, &domain), Ok(Some(_)));
    }
    matches!(push_down(sub, &domain), Ok(Some(_)))
}

impl OptimizerRule for DomainJoin {
    fn name(&self) -> &str {
        "sabot_domain_join"
    }

    fn apply_order(&self) -> Option<ApplyOrder> {
        Some(ApplyOrder::TopDown)
    }

    fn rewrite(
        &self,
        plan: LogicalPlan,
        _config: &dyn OptimizerConfig,
    ) -> DfResult<Transformed<LogicalPlan>> {
        let rewritten = match &plan {
            LogicalPlan::Projection(p) => rewrite_projection(p)?,
            LogicalPlan::Filter(f) => rewrite_filter(f)?,
            LogicalPlan::Aggregate(a) => rewrite_aggregate(a)?,
            LogicalPlan::Join(j) => rewrite_lateral(j)?,
            _ => None,
        };
        Ok(match rewritten {
            Some(p) => Transformed::yes(p),
            None => Transformed::no(plan),
        })
    }
}

/// The outer columns a subquery reads and the names they have inside the rewritten subquery.
struct Domain {
    /// The distinct outer values, one column per entry of `columns`.
    plan: LogicalPlan,
    /// (outer column, domain column name).
    columns: Vec<(Column, String)>,
}

impl Domain {
    /// The domain of `sub`'s outer references over `outer`, or `None` when a reference is not
    /// to `outer` (a correlation to a query further out).
    fn over(outer: &LogicalPlan, sub: &LogicalPlan) -> DfResult<Option<Self>> {
        let columns = Self::columns(sub);
        if columns.is_empty() || columns.iter().any(|(c, _)| !outer.schema().has_column(c)) {
            return Ok(None);
        }
        let plan = LogicalPlanBuilder::from(outer.clone())
            .project(
                columns
                    .iter()
                    .map(|(c, name)| Expr::Column(c.clone()).alias(name)),
            )?
            .distinct()?
            .build()?;
        Ok(Some(Self { plan, columns }))
    }

    /// A domain with the right columns and no rows, to check a rewrite before planning.
    fn stand_in(sub: &LogicalPlan) -> Option<Self> {
        let columns = Self::columns(sub);
        let fields = sub
            .all_out_ref_exprs()
            .into_iter()
            .zip(&columns)
            .filter_map(|(e, (_, name))| match e {
                Expr::OuterReferenceColumn(f, _) => {
                    Some((None, Arc::new(f.as_ref().clone().with_name(name.clone()))))
                }
                _ => None,
            })
            .collect::<Vec<_>>();
        let schema = DFSchema::new_with_metadata(fields, Default::default()).ok()?;
        Some(Self {
            plan: LogicalPlan::EmptyRelation(EmptyRelation {
                produce_one_row: false,
                schema: Arc::new(schema),
            }),
            columns,
        })
    }

    fn columns(sub: &LogicalPlan) -> Vec<(Column, String)> {
        sub.all_out_ref_exprs()
            .into_iter()
            .filter_map(|e| match e {
                Expr::OuterReferenceColumn(_, c) => Some(c),
                _ => None,
            })
            .map(|c| {
                let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
                (c, format!("__domain{id}"))
            })
            .collect()
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|(_, n)| n.as_str())
    }

    /// `e` with its outer references read from the domain columns of `schema`.
    fn bind(&self, e: Expr, schema: &DFSchema) -> DfResult<Expr> {
        bind_to(e, &self.columns, schema)
    }

    /// `exprs` bound to the domain columns of `schema`.
    fn bind_all(&self, exprs: &[Expr], schema: &DFSchema) -> DfResult<Vec<Expr>> {
        exprs.iter().map(|e| self.bind(e.clone(), schema)).collect()
    }

    /// `exprs` bound to the domain columns of `schema`, followed by those columns (what an
    /// operator carrying the domain outputs).
    fn bind_and_extend(&self, exprs: &[Expr], schema: &DFSchema) -> DfResult<Vec<Expr>> {
        let mut out = self.bind_all(exprs, schema)?;
        out.extend(self.exprs(schema)?);
        Ok(out)
    }

    /// Domain columns of `schema`, as expressions.
    fn exprs(&self, schema: &DFSchema) -> DfResult<Vec<Expr>> {
        self.names().map(|n| column_named(schema, n)).collect()
    }
}

/// `e` with its outer references read from `schema`'s columns named in `columns`
/// ((outer column, name) pairs).
fn bind_to(e: Expr, columns: &[(Column, String)], schema: &DFSchema) -> DfResult<Expr> {
    e.transform_up(|e| match &e {
        Expr::OuterReferenceColumn(_, c) => match columns.iter().find(|(o, _)| o == c) {
            Some((_, name)) => Ok(Transformed::yes(column_named(schema, name)?)),
            None => Ok(Transformed::no(e)),
        },
        _ => Ok(Transformed::no(e)),
    })
    .map(|t| t.data)
}

/// The column of `schema` called `name` (unique: the hidden names are), with its qualifier.
fn column_named(schema: &DFSchema, name: &str) -> DfResult<Expr> {
    let (q, f) = schema.qualified_field_with_unqualified_name(name)?;
    Ok(Expr::Column(Column::new(q.cloned(), f.name())))
}

fn has_outer(plan: &LogicalPlan) -> bool {
    !plan.all_out_ref_exprs().is_empty()
}

/// `node` evaluated once per domain value: its columns followed by the domain columns. `None`
/// when the domain cannot be carried through one of its operators.
fn push_down(node: &LogicalPlan, d: &Domain) -> DfResult<Option<LogicalPlan>> {
    if !has_outer(node) {
        return LogicalPlanBuilder::from(node.clone())
            .cross_join(d.plan.clone())?
            .build()
            .map(Some);
    }
    let out = match node {
        LogicalPlan::Filter(f) => {
            let Some(input) = push_down(&f.input, d)? else {
                return Ok(None);
            };
            let predicate = d.bind(f.predicate.clone(), input.schema())?;
            LogicalPlan::Filter(Filter::try_new(predicate, Arc::new(input))?)
        }
        LogicalPlan::Projection(p) => {
            let Some(input) = push_down(&p.input, d)? else {
                return Ok(None);
            };
            let mut exprs = named_as(d.bind_all(&p.expr, input.schema())?, node.schema(), 0);
            exprs.extend(d.exprs(input.schema())?);
            LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(input))?)
        }
        // A window partitions by the domain too.
        LogicalPlan::Window(w) => {
            let Some(input) = push_down(&w.input, d)? else {
                return Ok(None);
            };
            let domain = d.exprs(input.schema())?;
            let exprs = d
                .bind_all(&w.window_expr, input.schema())?
                .into_iter()
                .map(|e| partitioned_by(e, &domain))
                .collect::<DfResult<Vec<_>>>()?;
            let exprs = named_as(exprs, node.schema(), w.input.schema().fields().len());
            let window = LogicalPlanBuilder::from(input).window(exprs)?.build()?;
            // The node's columns, then the domain's (the window put its own after them).
            let mut columns = all_columns(node.schema());
            columns.extend(domain);
            LogicalPlan::Projection(Projection::try_new(columns, Arc::new(window))?)
        }
        // Each input of a set operation per domain value, the domain in the same positions.
        LogicalPlan::Union(u) => {
            let mut inputs = Vec::with_capacity(u.inputs.len());
            for input in &u.inputs {
                let Some(keyed) = push_down(input, d)? else {
                    return Ok(None);
                };
                // Unqualified, as the union's own columns are (DataFusion's filter push-down
                // into a union's inputs loses a qualified column's source otherwise).
                let mut columns = input
                    .schema()
                    .iter()
                    .map(|(q, f)| Expr::Column(Column::new(q.cloned(), f.name())).alias(f.name()))
                    .collect::<Vec<_>>();
                columns.extend(d.exprs(keyed.schema())?);
                inputs.push(Arc::new(LogicalPlan::Projection(Projection::try_new(
                    columns,
                    Arc::new(keyed),
                )?)));
            }
            LogicalPlan::Union(Union::try_new_with_loose_types(inputs)?)
        }
        // The domain's columns are not unnested.
        LogicalPlan::Unnest(u) => {
            let Some(input) = push_down(&u.input, d)? else {
                return Ok(None);
            };
            LogicalPlanBuilder::from(input)
                .unnest_columns_with_options(u.exec_columns.clone(), u.options.clone())?
                .build()?
        }
        LogicalPlan::SubqueryAlias(a) => {
            let Some(input) = push_down(&a.input, d)? else {
                return Ok(None);
            };
            LogicalPlan::SubqueryAlias(SubqueryAlias::try_new(Arc::new(input), a.alias.clone())?)
        }
        // A grouped aggregate groups by the domain too.
        LogicalPlan::Aggregate(a) if !a.group_expr.is_empty() => {
            if a.aggr_expr.iter().any(Expr::contains_outer) {
                return Ok(None);
            }
            let Some(input) = push_down(&a.input, d)? else {
                return Ok(None);
            };
            let group = d.bind_and_extend(&a.group_expr, input.schema())?;
            LogicalPlan::Aggregate(Aggregate::try_new(
                Arc::new(input),
                group,
                a.aggr_expr.clone(),
            )?)
        }
        // A scalar aggregate gives one row per domain value, also where no input row has it.
        LogicalPlan::Aggregate(_) => return scalar_per_domain(node, d),
        LogicalPlan::Distinct(datafusion::logical_expr::Distinct::All(input)) => {
            let Some(input) = push_down(input, d)? else {
                return Ok(None);
            };
            LogicalPlan::Distinct(datafusion::logical_expr::Distinct::All(Arc::new(input)))
        }
        // `ORDER BY ... LIMIT n` per domain value: rows numbered within each domain value.
        LogicalPlan::Limit(l) => {
            let (SkipType::Literal(skip), FetchType::Literal(fetch)) =
                (l.get_skip_type()?, l.get_fetch_type()?)
            else {
                return Ok(None);
            };
            let (order, below) = match l.input.as_ref() {
                LogicalPlan::Sort(s) if s.fetch.is_none() => (s.expr.clone(), s.input.as_ref()),
                other => (vec![], other),
            };
            return top_n(node, below, order, skip, fetch, d);
        }
        LogicalPlan::Sort(s) if s.fetch.is_some() => {
            return top_n(node, &s.input, s.expr.clone(), 0, s.fetch, d);
        }
        // Row order under the aggregate does not matter.
        LogicalPlan::Sort(s) => {
            if s.expr.iter().any(|e| e.expr.contains_outer()) {
                return Ok(None);
            }
            let Some(input) = push_down(&s.input, d)? else {
                return Ok(None);
            };
            node.with_new_exprs(node.expressions(), vec![input])?
        }
        LogicalPlan::Join(j) => return join_per_domain(node, j, d),
        _ => return Ok(None),
    };
    Ok(Some(out))
}

/// A join per domain value (Spark's `DecorrelateInnerQuery` for `Join`): the domain goes into
/// each side that reads it and into the preserved side of an outer, semi or anti join (whose
/// rows each domain value multiplies); into the left side when only the condition reads it.
/// When both sides get it, they also match on it. The node's columns, then the domain's.
fn join_per_domain(
    node: &LogicalPlan,
    j: &datafusion::logical_expr::Join,
    d: &Domain,
) -> DfResult<Option<LogicalPlan>> {
    use JoinType::*;
    let in_condition = j.filter.as_ref().is_some_and(Expr::contains_outer)
        || j.on
            .iter()
            .any(|(l, r)| l.contains_outer() || r.contains_outer());
    let (left_outer, right_outer) = (has_outer(&j.left), has_outer(&j.right));
    // A full join's unmatched rows have no domain value on one side (Spark rejects correlated
    // inputs there, and a correlated condition gives no meaningful per-value result).
    if matches!(j.join_type, Full | LeftMark | RightMark) {
        return Ok(None);
    }
    let mut into_left = matches!(j.join_type, Left | LeftSemi | LeftAnti) || left_outer;
    let into_right = matches!(j.join_type, Right | RightSemi | RightAnti) || right_outer;
    if in_condition && !into_left && !into_right {
        into_left = true;
    }
    let left = if into_left {
        match push_down(&j.left, d)? {
            Some(l) => l,
            None => return Ok(None),
        }
    } else {
        j.left.as_ref().clone()
    };
    // The right side's domain columns get other names, so that the join's stay unique.
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let right_name = |i: usize| format!("__rdomain{id}_{i}");
    let right = if into_right {
        let Some(r) = push_down(&j.right, d)? else {
            return Ok(None);
        };
        let mut columns = all_columns(j.right.schema());
        for (i, e) in d.exprs(r.schema())?.into_iter().enumerate() {
            columns.push(e.alias(right_name(i)));
        }
        LogicalPlan::Projection(Projection::try_new(columns, Arc::new(r))?)
    } else {
        j.right.as_ref().clone()
    };
    let both = datafusion::logical_expr::build_join_schema(left.schema(), right.schema(), &Inner)?;
    // Outer references in the condition read the domain of a side that has it.
    let right_columns: Vec<(Column, String)> = d
        .columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (c.clone(), right_name(i)))
        .collect();
    let bind = |e: Expr| -> DfResult<Expr> {
        if !e.contains_outer() {
            Ok(e)
        } else if into_left {
            d.bind(e, left.schema())
        } else {
            bind_to(e, &right_columns, right.schema())
        }
    };
    let mut filter = j.filter.clone().map(bind).transpose()?;
    let mut on = Vec::with_capacity(j.on.len());
    for (l, r) in &j.on {
        on.push((bind(l.clone())?, bind(r.clone())?));
    }
    if into_left && into_right {
        for (i, name) in d.names().enumerate() {
            let same = Expr::BinaryExpr(BinaryExpr::new(
                Box::new(column_named(&both, name)?),
                Operator::IsNotDistinctFrom,
                Box::new(column_named(&both, &right_name(i))?),
            ));
            filter = Some(match filter {
                Some(f) => f.and(same),
                None => same,
            });
        }
    }
    let joined = LogicalPlan::Join(datafusion::logical_expr::Join::try_new(
        Arc::new(left),
        Arc::new(right),
        on,
        filter,
        j.join_type,
        j.join_constraint,
        j.null_equality,
        j.null_aware,
    )?);
    // The domain of the side whose rows the join keeps (a right join's unmatched rows have
    // none on the left).
    let mut columns = all_columns(node.schema());
    if into_left && !(into_right && matches!(j.join_type, Right | RightSemi | RightAnti)) {
        columns.extend(d.exprs(joined.schema())?);
    } else {
        for i in 0..d.columns.len() {
            let (q, f) = joined
                .schema()
                .qualified_field_with_unqualified_name(&right_name(i))?;
            columns.push(
                Expr::Column(Column::new(q.cloned(), f.name())).alias(d.columns[i].1.clone()),
            );
        }
    }
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        columns,
        Arc::new(joined),
    )?)))
}

/// `e` (a window expression) also partitioned by `domain`.
fn partitioned_by(e: Expr, domain: &[Expr]) -> DfResult<Expr> {
    e.transform_down(|e| match e {
        Expr::WindowFunction(mut w) => {
            w.params.partition_by.extend(domain.iter().cloned());
            Ok(Transformed::new(
                Expr::WindowFunction(w),
                true,
                TreeNodeRecursion::Jump,
            ))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
}

/// `new` (rewritten from an operator's expressions) under the names its output columns have
/// in `schema`, from column `first` on. Always, not only where
/// an expression changed: DataFusion's analyzer can leave a projection whose schema is not
/// what its aliases say (a set operation's inputs, retyped), and a rebuilt projection must keep
/// the schema its parents read.
fn named_as(new: Vec<Expr>, schema: &DFSchema, first: usize) -> Vec<Expr> {
    new.into_iter()
        .enumerate()
        .map(|(i, n)| {
            let (q, f) = schema.qualified_field(first + i);
            match &n {
                Expr::Column(c) if c.relation.as_ref() == q && &c.name == f.name() => n,
                _ => n.unalias().alias_qualified(q.cloned(), f.name()),
            }
        })
        .collect()
}

/// Rows `skip + 1 ..= skip + fetch` of `below` in `order`, for each domain value (Spark plans a
/// correlated `LIMIT` the same way, with a row number per domain value); `node`'s columns, then
/// the domain columns.
fn top_n(
    node: &LogicalPlan,
    below: &LogicalPlan,
    order: Vec<SortExpr>,
    skip: usize,
    fetch: Option<usize>,
    d: &Domain,
) -> DfResult<Option<LogicalPlan>> {
    if order.iter().any(|o| o.expr.contains_outer()) {
        return Ok(None);
    }
    let Some(input) = push_down(below, d)? else {
        return Ok(None);
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let rn = format!("__row{id}");
    let numbered = row_number()
        .partition_by(d.exprs(input.schema())?)
        .order_by(order)
        .build()?
        .alias(&rn);
    let rn_col = Expr::Column(Column::from_name(&rn));
    let mut keep = rn_col.clone().gt(lit(skip as u64));
    if let Some(n) = fetch {
        keep = keep.and(rn_col.lt_eq(lit((skip + n) as u64)));
    }
    let mut columns = all_columns(node.schema());
    columns.extend(d.exprs(input.schema())?);
    LogicalPlanBuilder::from(input)
        .window(vec![numbered])?
        .filter(keep)?
        .project(columns)?
        .build()
        .map(Some)
}

/// The operators above a subquery's top scalar aggregate (outermost first) and the aggregate.
fn top_aggregate(sub: &LogicalPlan) -> Option<(Vec<&LogicalPlan>, &Aggregate)> {
    let mut chain = Vec::new();
    let mut node = sub;
    loop {
        match node {
            LogicalPlan::Projection(p) => {
                chain.push(node);
                node = &p.input;
            }
            LogicalPlan::SubqueryAlias(a) => {
                chain.push(node);
                node = &a.input;
            }
            // HAVING over the scalar aggregate.
            LogicalPlan::Filter(f) => {
                chain.push(node);
                node = &f.input;
            }
            LogicalPlan::Aggregate(a) if a.group_expr.is_empty() => return Some((chain, a)),
            _ => return None,
        }
    }
}

/// A scalar-aggregate subquery keyed by its domain: `(relation, empty)` where the relation has
/// the subquery's columns, then the domain columns, then a `true` marker; `empty` is the
/// subquery over no input (one row, or none under a HAVING).
fn scalar_parts(
    sub: &LogicalPlan,
    d: &Domain,
) -> DfResult<Option<(LogicalPlan, LogicalPlan, String)>> {
    let Some((chain, agg)) = top_aggregate(sub) else {
        return Ok(None);
    };
    if agg.aggr_expr.iter().any(Expr::contains_outer)
        || chain
            .iter()
            .any(|n| n.expressions().iter().any(Expr::contains_outer))
    {
        return Ok(None);
    }
    let Some(input) = push_down(&agg.input, d)? else {
        return Ok(None);
    };
    let group = d.exprs(input.schema())?;
    let mut keyed = LogicalPlan::Aggregate(Aggregate::try_new(
        Arc::new(input),
        group,
        agg.aggr_expr.clone(),
    )?);
    let mut empty = LogicalPlan::Aggregate(Aggregate::try_new(
        Arc::new(LogicalPlan::EmptyRelation(EmptyRelation {
            produce_one_row: false,
            schema: Arc::clone(agg.input.schema()),
        })),
        vec![],
        agg.aggr_expr.clone(),
    )?);
    for node in chain.iter().rev() {
        empty = node.with_new_exprs(node.expressions(), vec![empty])?;
        keyed = match node {
            LogicalPlan::Projection(p) => {
                let mut exprs = p.expr.clone();
                exprs.extend(d.exprs(keyed.schema())?);
                LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(keyed))?)
            }
            _ => node.with_new_exprs(node.expressions(), vec![keyed])?,
        };
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let marker = format!("__present{id}");
    // Hidden names: the outer side may have columns called like the subquery's.
    // By name: a bare aggregate puts its (domain) groups first.
    let mut exprs = sub
        .schema()
        .iter()
        .enumerate()
        .map(|(i, (q, f))| {
            Expr::Column(Column::new(q.cloned(), f.name())).alias(format!("__value{id}_{i}"))
        })
        .collect::<Vec<_>>();
    exprs.extend(d.exprs(keyed.schema())?);
    exprs.push(lit(true).alias(&marker));
    let keyed = LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(keyed))?);
    Ok(Some((keyed, empty, marker)))
}

/// A scalar aggregate `node` with one row per domain value: `D LEFT JOIN` its groups, with the
/// empty-input values where a domain value has no group.
fn scalar_per_domain(node: &LogicalPlan, d: &Domain) -> DfResult<Option<LogicalPlan>> {
    let Some((keyed, empty, marker)) = scalar_parts(node, d)? else {
        return Ok(None);
    };
    // The groups' own domain columns get other names, so that `D`'s stay unique.
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let width = node.schema().fields().len();
    let mut exprs = all_columns(keyed.schema());
    let mut keys = Vec::new();
    for (i, name) in d.names().enumerate() {
        let key = format!("__key{id}_{i}");
        let at = exprs
            .iter()
            .position(|e| matches!(e, Expr::Column(c) if c.name == name))
            .ok_or_else(|| datafusion::common::plan_datafusion_err!("domain column {name}"))?;
        exprs[at] = exprs[at].clone().alias(&key);
        keys.push(Column::from_name(key));
    }
    let keyed = LogicalPlan::Projection(Projection::try_new(exprs, Arc::new(keyed))?);
    let domain_keys = d.names().map(Column::from_name).collect::<Vec<_>>();
    let joined = LogicalPlanBuilder::from(d.plan.clone())
        .join_detailed(
            keyed.clone(),
            JoinType::Left,
            (domain_keys, keys),
            None,
            NullEquality::NullEqualsNull,
        )?
        .build()?;
    let mut columns = Vec::with_capacity(width + d.columns.len());
    for (i, (q, f)) in node.schema().iter().enumerate() {
        columns.push(
            value_or_empty(joined.schema(), &keyed, i, &empty, &marker)?
                .alias_qualified(q.cloned(), f.name()),
        );
    }
    columns.extend(d.exprs(joined.schema())?);
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        columns,
        Arc::new(joined),
    )?)))
}

/// `outer LEFT JOIN keyed ON outer.o <=> keyed.domain` (the outer side keeps every row).
fn join_domain(
    outer: LogicalPlan,
    keyed: LogicalPlan,
    d: &Domain,
    join_type: JoinType,
    filter: Option<Expr>,
) -> DfResult<LogicalPlan> {
    let right_keys = d
        .names()
        .map(|n| match column_named(keyed.schema(), n)? {
            Expr::Column(c) => Ok(c),
            _ => datafusion::common::plan_err!("domain column {n}"),
        })
        .collect::<DfResult<Vec<_>>>()?;
    let left_keys = d.columns.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
    LogicalPlanBuilder::from(outer)
        .join_detailed(
            keyed,
            join_type,
            (left_keys, right_keys),
            filter,
            NullEquality::NullEqualsNull,
        )?
        .build()
}

/// The value of column `i` of a keyed scalar subquery after the domain join: the subquery's
/// value where a group exists, its empty-input value where none does.
fn value_or_empty(
    joined: &DFSchema,
    keyed: &LogicalPlan,
    i: usize,
    empty: &LogicalPlan,
    marker: &str,
) -> DfResult<Expr> {
    let (q, f) = keyed.schema().qualified_field(i);
    let value = Expr::Column(Column::new(q.cloned(), f.name()));
    let (eq, ef) = empty.schema().qualified_field(i);
    let empty_value = LogicalPlan::Projection(Projection::try_new(
        vec![Expr::Column(Column::new(eq.cloned(), ef.name()))],
        Arc::new(empty.clone()),
    )?);
    let empty_value = Expr::ScalarSubquery(Subquery {
        subquery: Arc::new(empty_value),
        outer_ref_columns: vec![],
        spans: Spans::new(),
    });
    // No ELSE: the result is nullable, as Spark's `ScalarSubquery` is (the empty value can be
    // NULL, or missing under a HAVING, even where the subquery's column is not).
    let marker = column_named(joined, marker)?;
    when(marker.clone().is_null(), empty_value)
        .when(marker.is_not_null(), value)
        .end()
}

/// Rewrites the domain-needing scalar subqueries of `exprs` over `input`: the new input (with
/// the keyed subqueries joined in) and the expressions reading them, or `None` when there are
/// none it can rewrite.
fn rewrite_scalars(
    exprs: &[Expr],
    input: &LogicalPlan,
    every_correlated: bool,
) -> DfResult<Option<(Vec<Expr>, LogicalPlan)>> {
    let mut found = Vec::new();
    for e in exprs {
        e.apply(|e| {
            if let Expr::ScalarSubquery(sq) = e
                && (needs_domain(&sq.subquery, false)
                    || (every_correlated && has_outer(&sq.subquery)))
                && !found.contains(sq)
            {
                found.push(sq.clone());
            }
            Ok(TreeNodeRecursion::Continue)
        })?;
    }
    let mut joined = input.clone();
    let mut replacements = Vec::new();
    for sq in found {
        let Some(d) = Domain::over(input, &sq.subquery)? else {
            continue;
        };
        if let Some((keyed, empty, marker)) = scalar_parts(&sq.subquery, &d)? {
            joined = join_domain(joined, keyed.clone(), &d, JoinType::Left, None)?;
            let value = value_or_empty(joined.schema(), &keyed, 0, &empty, &marker)?;
            replacements.push((sq, value));
        } else if let Some(keyed) = single_row_parts(&sq.subquery, &d)? {
            // At most one row per domain value: no row reads as NULL through the left join.
            joined = join_domain(joined, keyed.clone(), &d, JoinType::Left, None)?;
            let (q, f) = keyed.schema().qualified_field(0);
            replacements.push((sq, Expr::Column(Column::new(q.cloned(), f.name()))));
        }
    }
    if replacements.is_empty() {
        return Ok(None);
    }
    let exprs = exprs
        .iter()
        .map(|e| {
            e.clone()
                .transform_up(|e| match &e {
                    Expr::ScalarSubquery(sq) => match replacements.iter().find(|(s, _)| s == sq) {
                        Some((_, v)) => Ok(Transformed::yes(v.clone())),
                        None => Ok(Transformed::no(e)),
                    },
                    _ => Ok(Transformed::no(e)),
                })
                .map(|t| t.data)
        })
        .collect::<DfResult<Vec<_>>>()?;
    Ok(Some((exprs, joined)))
}

/// The columns of `schema`, as expressions.
fn all_columns(schema: &DFSchema) -> Vec<Expr> {
    schema
        .iter()
        .map(|(q, f)| Expr::Column(Column::new(q.cloned(), f.name())))
        .collect()
}

fn rewrite_projection(p: &Projection) -> DfResult<Option<LogicalPlan>> {
    let counted = if p.expr.iter().any(has_predicate_subquery) {
        p.expr
            .iter()
            .map(|e| {
                let e = not_pushed_down(e.clone())?;
                subqueries_as_counts(e, p.input.schema(), Position::Projection)
            })
            .collect::<DfResult<Vec<_>>>()?
    } else {
        p.expr.clone()
    };
    let (exprs, input) = match rewrite_scalars(&counted, &p.input, false)? {
        Some(rewritten) => rewritten,
        None if counted != p.expr => (counted, p.input.as_ref().clone()),
        None => return Ok(None),
    };
    // Each output keeps its name (and qualifier).
    let exprs = exprs
        .into_iter()
        .zip(p.expr.iter())
        .enumerate()
        .map(|(i, (new, old))| {
            if &new == old {
                new
            } else {
                let (q, f) = p.schema.qualified_field(i);
                new.unalias().alias_qualified(q.cloned(), f.name())
            }
        })
        .collect();
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        exprs,
        Arc::new(input),
    )?)))
}

/// `ORDER BY (subquery)`: DataFusion plans subqueries only in projections and filters (and
/// rejects them in a sort before any rule runs), so the resolver has the keys holding one
/// computed by a projection below the sort, dropped above it.
pub fn sort_keys_below(sort: &datafusion::logical_expr::Sort) -> DfResult<Option<LogicalPlan>> {
    let with_subquery = |e: &Expr| {
        e.exists(|e| Ok(matches!(e, Expr::ScalarSubquery(_))))
            .unwrap_or(false)
    };
    if !sort.expr.iter().any(|k| with_subquery(&k.expr)) {
        return Ok(None);
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut below = all_columns(sort.input.schema());
    let mut keys = Vec::with_capacity(sort.expr.len());
    for (i, k) in sort.expr.iter().enumerate() {
        if with_subquery(&k.expr) {
            let name = format!("__sortkey{id}_{i}");
            below.push(k.expr.clone().alias(&name));
            keys.push(SortExpr {
                expr: Expr::Column(Column::from_name(name)),
                ..k.clone()
            });
        } else {
            keys.push(k.clone());
        }
    }
    let projected = LogicalPlan::Projection(Projection::try_new(below, Arc::clone(&sort.input))?);
    let sorted = LogicalPlanBuilder::from(projected)
        .sort_with_limit(keys, sort.fetch)?
        .build()?;
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        all_columns(sort.input.schema()),
        Arc::new(sorted),
    )?)))
}

/// Correlated scalar subqueries in aggregate functions' arguments (DataFusion decorrelates only
/// those in projections and filters), whatever their correlation.
fn rewrite_aggregate(a: &Aggregate) -> DfResult<Option<LogicalPlan>> {
    let Some((exprs, input)) = rewrite_scalars(&a.aggr_expr, &a.input, true)? else {
        return Ok(None);
    };
    let groups = a.group_expr.len();
    let exprs = exprs
        .into_iter()
        .zip(a.aggr_expr.iter())
        .enumerate()
        .map(|(i, (new, old))| {
            if &new == old {
                new
            } else {
                let (q, f) = a.schema.qualified_field(groups + i);
                new.unalias().alias_qualified(q.cloned(), f.name())
            }
        })
        .collect();
    Ok(Some(LogicalPlan::Aggregate(Aggregate::try_new(
        Arc::new(input),
        a.group_expr.clone(),
        exprs,
    )?)))
}

/// Where an `IN`/`EXISTS` subquery sits, which decides whether [`subqueries_as_counts`]
/// rewrites it or leaves it to DataFusion's decorrelation.
#[derive(Clone, Copy, PartialEq)]
enum Position {
    /// A projection: DataFusion plans neither, so every one is rewritten.
    Projection,
    /// A filter's top-level conjunct: DataFusion's semi join for `IN` and its null-aware anti
    /// join for an uncorrelated single-column `NOT IN` are right (and faster); the rest, and
    /// `EXISTS` that needs a domain, are rewritten.
    FilterConjunct,
    /// Under a filter's `OR`, `CASE`...: DataFusion's mark join gets `EXISTS` right but not
    /// `IN`'s NULLs, so every `IN` is rewritten, and `EXISTS` that needs a domain.
    FilterOther,
}

/// Whether `e` holds an `IN` or `EXISTS` subquery.
fn has_predicate_subquery(e: &Expr) -> bool {
    e.exists(|e| Ok(matches!(e, Expr::InSubquery(_) | Expr::Exists(_))))
        .unwrap_or(false)
}

/// `IN` and `EXISTS` subqueries the way Spark's `RewritePredicateSubquery` plans them (the
/// caller has pushed `NOT` down first, see [`not_pushed_down`]): `[NOT] IN` as `[NOT] EXISTS`
/// (see [`in_as_exists`]); then `EXISTS` that needs a domain (or every one, in a projection) as
/// `(SELECT count(*) > 0 ...)`, which the scalar rewrite handles.
fn subqueries_as_counts(e: Expr, outer: &DFSchema, at: Position) -> DfResult<Expr> {
    let domain = |sub: &LogicalPlan| needs_domain(sub, false);
    let rewrite_in = |i: &datafusion::logical_expr::expr::InSubquery, negated: bool| match at {
        Position::FilterConjunct => {
            domain(&i.subquery.subquery) || (negated && has_outer(&i.subquery.subquery))
        }
        Position::FilterOther | Position::Projection => true,
    };
    e.transform_down(|e| match &e {
        Expr::Not(inner) => match inner.as_ref() {
            Expr::InSubquery(i) if !i.negated && rewrite_in(i, true) => {
                in_as_exists(i, outer, true).map(Transformed::yes)
            }
            _ => Ok(Transformed::no(e)),
        },
        Expr::InSubquery(i) if rewrite_in(i, i.negated) => {
            in_as_exists(i, outer, i.negated).map(Transformed::yes)
        }
        _ => Ok(Transformed::no(e)),
    })?
    .data
    .transform_up(|e| match e {
        Expr::Exists(x) if at == Position::Projection || domain(&x.subquery.subquery) => {
            let counted = LogicalPlanBuilder::from(x.subquery.subquery.as_ref().clone())
                .aggregate(
                    Vec::<Expr>::new(),
                    vec![datafusion::functions_aggregate::expr_fn::count(lit(1i32))],
                )?
                .build()?;
            let n = Expr::Column(Column::from(counted.schema().qualified_field(0)));
            let counted = LogicalPlanBuilder::from(counted)
                .project(vec![n.gt(lit(0i64))])?
                .build()?;
            let scalar = Expr::ScalarSubquery(Subquery {
                outer_ref_columns: counted.all_out_ref_exprs(),
                subquery: Arc::new(counted),
                spans: Spans::new(),
            });
            Ok(Transformed::yes(if x.negated { !scalar } else { scalar }))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
}

/// `NOT` pushed through `AND`/`OR` and double negation removed (De Morgan), as Spark's
/// `BooleanSimplification` does before subqueries are planned: it decides which `IN` is a
/// null-aware `NOT IN`. Only over expressions holding an `IN` subquery, so nothing else changes.
fn not_pushed_down(e: Expr) -> DfResult<Expr> {
    if !e.exists(|e| Ok(matches!(e, Expr::InSubquery(_))))? {
        return Ok(e);
    }
    use datafusion::logical_expr::{BinaryExpr, Operator};
    e.transform_down(|e| {
        let Expr::Not(inner) = e else {
            return Ok(Transformed::no(e));
        };
        Ok(match *inner {
            Expr::Not(x) => Transformed::yes(*x),
            Expr::BinaryExpr(BinaryExpr {
                left,
                op: Operator::And,
                right,
            }) => Transformed::yes(Expr::Not(left).or(Expr::Not(right))),
            Expr::BinaryExpr(BinaryExpr {
                left,
                op: Operator::Or,
                right,
            }) => Transformed::yes(Expr::Not(left).and(Expr::Not(right))),
            other => Transformed::no(Expr::Not(Box::new(other))),
        })
    })
    .map(|t| t.data)
}

/// `x IN (subquery)` as `EXISTS (SELECT ... WHERE column = x)`; `x NOT IN` as the null-aware
/// `NOT EXISTS (... WHERE column = x OR column IS NULL OR x IS NULL)`. This is Spark's
/// `RewritePredicateSubquery` (an existence join), so as a value `IN` is never NULL: where SQL's
/// three values give NULL, `IN` gives false and `NOT IN` gives false, as in Spark. In a filter
/// the same rows pass as with three values.
fn in_as_exists(
    i: &datafusion::logical_expr::expr::InSubquery,
    outer: &DFSchema,
    negated: bool,
) -> DfResult<Expr> {
    let (sub, column, value) = in_parts(i, outer)?;
    let mut matches = column.clone().eq(value.clone());
    if negated {
        matches = matches.or(column.is_null()).or(value.is_null());
    }
    exists_where(&sub, matches, negated)
}

/// The subquery of `x IN (subquery)`, its column, and `x` as an outer reference in the column's
/// type (built after type coercion).
fn in_parts(
    i: &datafusion::logical_expr::expr::InSubquery,
    outer: &DFSchema,
) -> DfResult<(LogicalPlan, Expr, Expr)> {
    // A fresh name: the subquery often reads the outer query's table (`x IN (SELECT x FROM t
    // ...)`), and `t.x = outer(t.x)` would otherwise read as one column once decorrelated. (A
    // projection, not a `SubqueryAlias`: DataFusion pulls correlations up through the former.)
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let inner = i.subquery.subquery.as_ref();
    let (q, f) = inner.schema().qualified_field(0);
    let sub = LogicalPlanBuilder::from(inner.clone())
        .project(vec![
            Expr::Column(Column::new(q.cloned(), f.name())).alias(format!("__in_{id}")),
        ])?
        .build()?;
    let value = i.expr.as_ref().clone().transform_up(|e| match e {
        Expr::Column(c) => {
            let (_, field) = outer.qualified_field_from_column(&c)?;
            Ok(Transformed::yes(Expr::OuterReferenceColumn(
                Arc::clone(field),
                c,
            )))
        }
        other => Ok(Transformed::no(other)),
    })?;
    let (q, f) = sub.schema().qualified_field(0);
    let value = match value.data.get_type(outer)? {
        t if &t == f.data_type() => value.data,
        _ => Expr::Cast(datafusion::logical_expr::Cast::new(
            Box::new(value.data),
            f.data_type().clone(),
        )),
    };
    let column = Expr::Column(Column::new(q.cloned(), f.name()));
    Ok((sub, column, value))
}

/// `[NOT] EXISTS (SELECT * FROM sub WHERE predicate)`.
fn exists_where(sub: &LogicalPlan, predicate: Expr, negated: bool) -> DfResult<Expr> {
    let matching = LogicalPlanBuilder::from(sub.clone())
        .filter(predicate)?
        .build()?;
    Ok(Expr::Exists(datafusion::logical_expr::expr::Exists::new(
        Subquery {
            outer_ref_columns: matching.all_out_ref_exprs(),
            subquery: Arc::new(matching),
            spans: Spans::new(),
        },
        negated,
    )))
}

fn rewrite_filter(f: &Filter) -> DfResult<Option<LogicalPlan>> {
    // Rebuilt only around `IN`/`EXISTS`: a filter without one keeps its predicate as it is.
    let predicate = if has_predicate_subquery(&f.predicate) {
        let pushed = not_pushed_down(f.predicate.clone())?;
        let conjuncts = split_conjunction(&pushed)
            .into_iter()
            .map(|c| {
                let at = match c {
                    Expr::InSubquery(_) => Position::FilterConjunct,
                    Expr::Not(inner) if matches!(inner.as_ref(), Expr::InSubquery(_)) => {
                        Position::FilterConjunct
                    }
                    _ => Position::FilterOther,
                };
                let new = subqueries_as_counts(c.clone(), f.input.schema(), at)?;
                Ok((new != *c, new))
            })
            .collect::<DfResult<Vec<_>>>()?;
        if conjuncts.iter().any(|(changed, _)| *changed) {
            conjuncts
                .into_iter()
                .map(|(_, c)| c)
                .reduce(Expr::and)
                .unwrap_or_else(|| f.predicate.clone())
        } else {
            f.predicate.clone()
        }
    } else {
        f.predicate.clone()
    };
    let (predicate, input) =
        match rewrite_scalars(std::slice::from_ref(&predicate), &f.input, false)? {
            Some((mut exprs, input)) => match exprs.pop() {
                Some(predicate) => (predicate, input),
                None => return Ok(None),
            },
            None if predicate != f.predicate => (predicate, f.input.as_ref().clone()),
            None => return Ok(None),
        };
    let filtered = LogicalPlan::Filter(Filter::try_new(predicate, Arc::new(input))?);
    Ok(Some(LogicalPlan::Projection(Projection::try_new(
        all_columns(f.input.schema()),
        Arc::new(filtered),
    )?)))
}

/// `outer [LEFT] JOIN LATERAL (subquery)`, as the resolver builds it: a join whose right input
/// is the correlated subquery.
fn rewrite_lateral(j: &datafusion::logical_expr::Join) -> DfResult<Option<LogicalPlan>> {
    let LogicalPlan::Subquery(sq) = j.right.as_ref() else {
        return Ok(None);
    };
    let left_join = j.join_type == JoinType::Left;
    if !(left_join || j.join_type == JoinType::Inner)
        || !j.on.is_empty()
        || !(needs_domain(&sq.subquery, false) || (left_join && needs_domain(&sq.subquery, true)))
    {
        return Ok(None);
    }
    let Some(d) = Domain::over(&j.left, &sq.subquery)? else {
        return Ok(None);
    };
    let trivial = j.filter.as_ref().is_none_or(|f| *f == lit(true));
    let outer = j.left.as_ref().clone();
    let mut columns = all_columns(outer.schema());
    let joined = if top_aggregate(&sq.subquery).is_some() {
        // One row per outer row: an inner join's condition filters above; a left join's keeps
        // the row and reads the subquery's columns as NULL where the condition does not hold.
        let outer_columns = columns.clone();
        let Some((keyed, empty, marker)) = scalar_parts(&sq.subquery, &d)? else {
            return Ok(None);
        };
        let joined = join_domain(outer, keyed.clone(), &d, JoinType::Left, None)?;
        for (i, (q, f)) in sq.subquery.schema().iter().enumerate() {
            columns.push(
                value_or_empty(joined.schema(), &keyed, i, &empty, &marker)?
                    .alias_qualified(q.cloned(), f.name()),
            );
        }
        let projected = LogicalPlan::Projection(Projection::try_new(columns, Arc::new(joined))?);
        match (&j.filter, trivial) {
            (Some(cond), false) if left_join => {
                let mut columns = outer_columns;
                for (q, f) in sq.subquery.schema().iter() {
                    let value = Expr::Column(Column::new(q.cloned(), f.name()));
                    columns.push(
                        when(cond.clone(), value)
                            .end()?
                            .alias_qualified(q.cloned(), f.name()),
                    );
                }
                LogicalPlan::Projection(Projection::try_new(columns, Arc::new(projected))?)
            }
            (Some(cond), false) => {
                LogicalPlan::Filter(Filter::try_new(cond.clone(), Arc::new(projected))?)
            }
            _ => projected,
        }
    } else {
        let Some(keyed) = push_down(&sq.subquery, &d)? else {
            return Ok(None);
        };
        columns.extend(all_columns(sq.subquery.schema()));
        let joined = join_domain(outer, keyed, &d, j.join_type, j.filter.clone())?;
        LogicalPlan::Projection(Projection::try_new(columns, Arc::new(joined))?)
    };
    Ok(Some(joined))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::DataType;
    use datafusion::arrow::util::pretty::pretty_format_batches;
    use datafusion::execution::SessionStateBuilder;
    use datafusion::prelude::SessionContext;

    async fn run(sql: &str) -> String {
        let state = SessionStateBuilder::new()
            .with_default_features()
            .with_optimizer_rules(crate::optimizer::logical_rules())
            .build();
        let ctx = SessionContext::new_with_state(state);
        for ddl in [
            "CREATE VIEW t AS SELECT * FROM (VALUES (1, 10), (2, 20), (NULL, 40), (2, 50)) AS v(a, b)",
            "CREATE VIEW r AS SELECT * FROM (VALUES (1, 100), (2, 200), (4, 400), (NULL, 500)) AS v(x, y)",
        ] {
            ctx.sql(ddl).await.unwrap();
        }
        let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        pretty_format_batches(&batches).unwrap().to_string()
    }

    #[tokio::test]
    async fn count_over_no_rows_is_zero_and_max_null() {
        let out = run(
            "SELECT a, b, (SELECT count(*) FROM r WHERE r.x < t.a) AS c, \
             (SELECT max(y) FROM r WHERE r.x >= t.a) AS m FROM t ORDER BY b",
        )
        .await;
        let expected = "\
+---+----+---+-----+
| a | b  | c | m   |
+---+----+---+-----+
| 1 | 10 | 0 | 400 |
| 2 | 20 | 1 | 400 |
|   | 40 | 0 |     |
| 2 | 50 | 1 | 400 |
+---+----+---+-----+";
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn filter_and_having_keep_the_outer_schema() {
        let out = run(
            "SELECT * FROM t WHERE b > (SELECT count(*) * 10 FROM r WHERE r.x <= t.a) \
             ORDER BY b",
        )
        .await;
        let expected = "\
+---+----+
| a | b  |
+---+----+
|   | 40 |
| 2 | 50 |
+---+----+";
        assert_eq!(out, expected);
        let out = run(
            "SELECT b, (SELECT count(*) FROM r WHERE r.x <= t.a HAVING count(*) > 1) AS c \
             FROM t ORDER BY b",
        )
        .await;
        let expected = "\
+----+---+
| b  | c |
+----+---+
| 10 |   |
| 20 | 2 |
| 40 |   |
| 50 | 2 |
+----+---+";
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn predicates_and_aggregate_arguments() {
        // NOT IN is null-aware: b = 50 has no rows, so max is NULL and the row is dropped.
        let out = run(
            "SELECT a, b FROM t WHERE a NOT IN (SELECT max(x) FROM r WHERE r.y > t.b * 10) \
             ORDER BY b",
        )
        .await;
        let expected = "\
+---+----+
| a | b  |
+---+----+
| 1 | 10 |
| 2 | 20 |
+---+----+";
        assert_eq!(out, expected);
        let out = run("SELECT sum((SELECT count(*) FROM r WHERE r.x < t.a)) AS n FROM t").await;
        let expected = "\
+---+
| n |
+---+
| 2 |
+---+";
        assert_eq!(out, expected);
    }

    #[tokio::test]
    async fn through_unions_windows_and_join_conditions() {
        let out = run(
            "SELECT a FROM t WHERE a IN (SELECT x FROM r WHERE r.y > 100 * t.a \
             UNION ALL SELECT b / 10 FROM t AS t2) ORDER BY a",
        )
        .await;
        let expected = "\
+---+
| a |
+---+
| 1 |
| 2 |
| 2 |
+---+";
        assert_eq!(out, expected);
    }

    /// A union whose inputs name their columns with qualified aliases, as the resolver's set
    /// operations do (`__setl.__c0`), under a correlated `IN`.
    #[tokio::test]
    async fn union_of_qualified_aliases() {
        use datafusion::logical_expr::{LogicalPlanBuilder, col, out_ref_col};
        let state = SessionStateBuilder::new()
            .with_default_features()
            .with_optimizer_rules(crate::optimizer::logical_rules())
            .build();
        let ctx = SessionContext::new_with_state(state);
        let values = |name: &str, rows: &[i64]| {
            let rows = rows.iter().map(|v| vec![lit(*v)]).collect::<Vec<_>>();
            LogicalPlanBuilder::values(rows)
                .unwrap()
                .project(vec![col("column1").alias("v")])
                .unwrap()
                .alias(name)
                .unwrap()
                .build()
                .unwrap()
        };
        let outer = values("t", &[1, 2, 3]);
        let left = LogicalPlanBuilder::from(values("r", &[1, 2, 3, 4]))
            .filter(col("r.v").gt(out_ref_col(DataType::Int64, "t.v")))
            .unwrap()
            .project(vec![col("r.v").alias_qualified(Some("__setl"), "__c0")])
            .unwrap()
            .build()
            .unwrap();
        let right = LogicalPlanBuilder::from(values("s", &[1]))
            .project(vec![col("s.v").alias_qualified(Some("__setr"), "__c0")])
            .unwrap()
            .build()
            .unwrap();
        let union = LogicalPlan::Union(
            Union::try_new_with_loose_types(vec![Arc::new(left), Arc::new(right)]).unwrap(),
        );
        let sub = LogicalPlanBuilder::from(union)
            .project(vec![col("__c0").alias("x")])
            .unwrap()
            .build()
            .unwrap();
        let plan = LogicalPlanBuilder::from(outer)
            .filter(datafusion::logical_expr::expr_fn::in_subquery(
                col("t.v"),
                Arc::new(sub),
            ))
            .unwrap()
            .build()
            .unwrap();
        let batches = ctx
            .execute_logical_plan(plan)
            .await
            .unwrap()
            .sort(vec![col("v").sort(true, true)])
            .unwrap()
            .collect()
            .await
            .unwrap();
        // Only 1, from s: no r.v greater than t.v equals it.
        let expected = "\
+---+
| v |
+---+
| 1 |
+---+";
        assert_eq!(
            pretty_format_batches(&batches).unwrap().to_string(),
            expected
        );
    }

    #[tokio::test]
    async fn in_as_a_value_is_an_existence_join() {
        // r holds NULL: Spark's existence join gives false, never NULL, for IN and NOT IN.
        let out = run(
            "SELECT a, b, a IN (SELECT x FROM r) AS i, a NOT IN (SELECT x FROM r) AS n, \
             a IN (SELECT x FROM r WHERE r.y > t.b * 10) AS g FROM t ORDER BY b",
        )
        .await;
        let expected = "\
+---+----+-------+-------+-------+
| a | b  | i     | n     | g     |
+---+----+-------+-------+-------+
| 1 | 10 | true  | false | false |
| 2 | 20 | true  | false | false |
|   | 40 | false | false | false |
| 2 | 50 | true  | false | false |
+---+----+-------+-------+-------+";
        assert_eq!(out, expected);
        // NOT goes through OR first, so the IN under it is a null-aware NOT IN: no row passes.
        let out =
            run("SELECT a FROM t WHERE NOT (b > 45 OR a IN (SELECT x FROM r WHERE x > 1))").await;
        let expected = "\
+---+
| a |
+---+
| 1 |
+---+";
        assert_eq!(out, expected);
    }

    #[test]
    fn equality_correlations_are_left_to_datafusion() {
        use datafusion::arrow::datatypes::DataType;
        use datafusion::logical_expr::{LogicalPlanBuilder, out_ref_col};
        let scan = LogicalPlanBuilder::empty(false).build().unwrap();
        let eq = LogicalPlanBuilder::from(scan.clone())
            .filter(out_ref_col(DataType::Int32, "t.a").eq(datafusion::prelude::lit(1)))
            .unwrap()
            .build()
            .unwrap();
        assert!(!super::needs_domain(&eq, true));
        let lt = LogicalPlanBuilder::from(scan)
            .filter(out_ref_col(DataType::Int32, "t.a").lt(datafusion::prelude::lit(1)))
            .unwrap()
            .build()
            .unwrap();
        assert!(super::needs_domain(&lt, true));
        assert!(!super::needs_domain(&lt, false));
    }
}
