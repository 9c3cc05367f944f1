//! Repeated subplans computed once per query, as Spark's `ReuseExchangeAndSubquery` reuses an
//! exchange whose plan is the same as another's (`spark.sql.exchange.reuse`, true by
//! default): a CTE referenced several times (TPC-DS q14's `cross_items` and `avg_sales`,
//! TPC-H q15's `revenue` view) is otherwise inlined and computed at every reference.
//!
//! - [`share_repeated_subplans`]: after logical optimization, every maximal subtree that
//!   appears two or more times (uncorrelated subqueries included), reduces its input (an
//!   aggregate or distinct at its top, see `Candidate`), reads the same tables and has no
//!   volatile expression is wrapped, at each place, in a [`ReusedSubplanNode`] that shares one
//!   [`ReuseState`].
//! - [`ReusedSubplanExec`]: the first place to run computes the whole subplan once, all its
//!   partitions in tasks of its own, and keeps the batches (accounted in the memory pool, at
//!   most [`MAX_BYTES`] per subplan); the other places replay them. Past the cap, or when the
//!   pool refuses, that place reads on and the others compute their own, as without reuse.
//!
//! `spark.sql.exchange.reuse=false` turns it off for a session ([`ReuseSetting`]), as in Spark.
//!
//! Files: `node` (the logical node and its planner), `exec` (the shared execution),
//! `portable` (the codec).

mod exec;
mod node;
pub(crate) mod portable;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::Result as DfResult;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::datasource::source_as_provider;
use datafusion::logical_expr::{Extension, LogicalPlan};
use datafusion::prelude::SessionConfig;

pub use exec::{MAX_BYTES, ReuseState, ReusedSubplanExec};
pub use node::{REUSED_SUBPLAN, ReusedSubplanNode, ReusedSubplanPlanner};

/// Whether a session shares repeated subplans (Spark's `spark.sql.exchange.reuse`), kept
/// among the session config's extensions; absent means on, Spark's default.
#[derive(Debug, Clone, Copy)]
pub struct ReuseSetting(pub bool);

/// Whether `config` asks for repeated subplans to be shared.
pub fn reuse_enabled(config: &SessionConfig) -> bool {
    config.get_extension::<ReuseSetting>().is_none_or(|s| s.0)
}

/// `plan` with each repeated subtree worth sharing wrapped in a [`ReusedSubplanNode`] at every
/// place it appears (the places of one subtree share one state). Uncorrelated subqueries
/// count as places too (TPC-H q15's `max(total_revenue)` reads the `revenue` view again).
pub fn share_repeated_subplans(plan: LogicalPlan) -> DfResult<LogicalPlan> {
    let groups = {
        let mut subqueries = Vec::new();
        collect_subqueries(&plan, &mut subqueries)?;
        let mut counts = HashMap::new();
        count_candidates(&plan, &mut counts)?;
        for sub in &subqueries {
            count_candidates(sub, &mut counts)?;
        }
        if !counts.values().any(|&n| n >= 2) {
            return Ok(plan);
        }
        let mut groups: Vec<(&LogicalPlan, usize)> = Vec::new();
        choose(&plan, &counts, &mut groups)?;
        for sub in &subqueries {
            choose(sub, &counts, &mut groups)?;
        }
        groups
            .into_iter()
            .filter(|(_, places)| *places >= 2)
            .enumerate()
            .map(|(i, (p, _))| (p.clone(), Arc::new(ReuseState::new(i + 1))))
            .collect::<Vec<_>>()
    };
    if groups.is_empty() {
        return Ok(plan);
    }
    let mut places = vec![0; groups.len()];
    let plan = wrap(plan, &groups, &mut places)?;
    for ((_, state), n) in groups.iter().zip(places) {
        state.set_consumers(n);
    }
    Ok(plan)
}

/// The plans of the uncorrelated subqueries in `plan`'s expressions, nested ones too.
fn collect_subqueries(plan: &LogicalPlan, out: &mut Vec<Arc<LogicalPlan>>) -> DfResult<()> {
    plan.apply(|node| {
        if matches!(
            node,
            LogicalPlan::Extension(_) | LogicalPlan::RecursiveQuery(_)
        ) {
            return Ok(TreeNodeRecursion::Jump);
        }
        node.apply_subqueries(|sub| {
            if let LogicalPlan::Subquery(sub) = sub
                && sub.outer_ref_columns.is_empty()
            {
                collect_subqueries(&sub.subquery, out)?;
                out.push(Arc::clone(&sub.subquery));
            }
            Ok(TreeNodeRecursion::Continue)
        })?;
        Ok(TreeNodeRecursion::Continue)
    })?;
    Ok(())
}

/// What a subtree is: whether it may be shared at all, and whether it is worth keeping: it
/// reduces what it reads (an aggregate or distinct at its top, below projections, filters and
/// windows; a union or join of such). Keeping a join's or a scan's whole output would cost
/// more memory and lose more (its parent's dynamic filters) than computing it again.
#[derive(Clone, Copy)]
struct Candidate {
    shareable: bool,
    reduces: bool,
}

/// Counts the shareable, reducing subtrees of `plan` (by equality), and says what `plan` is.
fn count_candidates<'a>(
    plan: &'a LogicalPlan,
    counts: &mut HashMap<&'a LogicalPlan, usize>,
) -> DfResult<Candidate> {
    use LogicalPlan as P;
    if matches!(plan, P::Extension(_) | P::RecursiveQuery(_)) {
        // Their subtrees stay as they are (an observation, a recursion's work table).
        return Ok(Candidate {
            shareable: false,
            reduces: false,
        });
    }
    let mut shareable = shareable_node(plan)?;
    let mut all_reduce = true;
    let mut inputs = 0;
    for input in plan.inputs() {
        let c = count_candidates(input, counts)?;
        shareable &= c.shareable;
        all_reduce &= c.reduces;
        inputs += 1;
    }
    let reduces = match plan {
        P::Aggregate(_) | P::Distinct(_) => true,
        P::Window(_)
        | P::Projection(_)
        | P::Filter(_)
        | P::Sort(_)
        | P::Repartition(_)
        | P::SubqueryAlias(_)
        | P::Limit(_)
        | P::Union(_)
        | P::Join(_) => inputs > 0 && all_reduce,
        _ => false,
    };
    if shareable && reduces {
        *counts.entry(plan).or_default() += 1;
    }
    Ok(Candidate { shareable, reduces })
}

/// Whether the node itself may be shared: a query operator with no volatile expression.
fn shareable_node(plan: &LogicalPlan) -> DfResult<bool> {
    use LogicalPlan as P;
    let operator = matches!(
        plan,
        P::Join(_)
            | P::Aggregate(_)
            | P::Window(_)
            | P::Distinct(_)
            | P::Projection(_)
            | P::Filter(_)
            | P::Sort(_)
            | P::Repartition(_)
            | P::Union(_)
            | P::TableScan(_)
            | P::EmptyRelation(_)
            | P::SubqueryAlias(_)
            | P::Limit(_)
            | P::Values(_)
    );
    if !operator {
        return Ok(false);
    }
    let mut volatile = false;
    plan.apply_expressions(|e| {
        volatile = e.is_volatile();
        Ok(if volatile {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    })?;
    Ok(!volatile)
}

/// Top-down: the first (outermost) place of each repeated subtree, and how many places of it
/// are not inside another chosen subtree.
fn choose<'a>(
    plan: &'a LogicalPlan,
    counts: &HashMap<&'a LogicalPlan, usize>,
    groups: &mut Vec<(&'a LogicalPlan, usize)>,
) -> DfResult<()> {
    if counts.get(plan).is_some_and(|&n| n >= 2) {
        match groups.iter_mut().find(|(p, _)| *p == plan) {
            Some((first, places)) if same_sources(first, plan) => {
                *places += 1;
                return Ok(());
            }
            Some(_) => {}
            None => {
                groups.push((plan, 1));
                return Ok(());
            }
        }
    }
    if matches!(
        plan,
        LogicalPlan::Extension(_) | LogicalPlan::RecursiveQuery(_)
    ) {
        return Ok(());
    }
    for input in plan.inputs() {
        choose(input, counts, groups)?;
    }
    Ok(())
}

/// Whether two equal plans read the same tables: `TableScan` equality compares names and
/// schemas, not the providers behind them (two reads of different files can look alike).
fn same_sources(a: &LogicalPlan, b: &LogicalPlan) -> bool {
    if let (LogicalPlan::TableScan(x), LogicalPlan::TableScan(y)) = (a, b) {
        let same = Arc::ptr_eq(&x.source, &y.source)
            || match (source_as_provider(&x.source), source_as_provider(&y.source)) {
                (Ok(p), Ok(q)) => Arc::ptr_eq(&p, &q),
                _ => false,
            };
        if !same {
            return false;
        }
    }
    let (ai, bi) = (a.inputs(), b.inputs());
    ai.len() == bi.len() && ai.iter().zip(bi).all(|(x, y)| same_sources(x, y))
}

/// Wraps each place of a chosen subtree (the same test as [`choose`]), counting the places.
fn wrap(
    plan: LogicalPlan,
    groups: &[(LogicalPlan, Arc<ReuseState>)],
    places: &mut [usize],
) -> DfResult<LogicalPlan> {
    if let Some((i, (_, state))) = groups
        .iter()
        .enumerate()
        .find(|(_, (p, _))| *p == plan && same_sources(p, &plan))
    {
        let place = places.get(i).copied().unwrap_or_default();
        if let Some(n) = places.get_mut(i) {
            *n += 1;
        }
        return Ok(LogicalPlan::Extension(Extension {
            node: Arc::new(ReusedSubplanNode::new(plan, Arc::clone(state), place)),
        }));
    }
    if matches!(
        plan,
        LogicalPlan::Extension(_) | LogicalPlan::RecursiveQuery(_)
    ) {
        return Ok(plan);
    }
    plan.map_children(|c| wrap(c, groups, places).map(Transformed::yes))?
        .data
        .map_subqueries(|sub| match sub {
            LogicalPlan::Subquery(mut sub) if sub.outer_ref_columns.is_empty() => {
                let inner = Arc::unwrap_or_clone(sub.subquery);
                sub.subquery = Arc::new(wrap(inner, groups, places)?);
                Ok(Transformed::yes(LogicalPlan::Subquery(sub)))
            }
            other => Ok(Transformed::no(other)),
        })
        .map(|t| t.data)
}
