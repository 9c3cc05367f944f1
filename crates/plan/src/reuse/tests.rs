//! Repeated subplans found, shared and run once; what must not be shared is not.

use std::sync::Arc;

use datafusion::arrow::array::{Int64Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::tree_node::TreeNode;
use datafusion::datasource::MemTable;
use datafusion::execution::SessionStateBuilder;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::{ExecutionPlan, collect, displayable};
use datafusion::prelude::{SessionConfig, SessionContext};

use super::{ReusedSubplanExec, ReusedSubplanNode, share_repeated_subplans};
use crate::partition::query_planner;

fn table(rows: i64) -> Arc<MemTable> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("k", DataType::Int64, false),
        Field::new("v", DataType::Int64, false),
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![
            Arc::new(Int64Array::from_iter_values((0..rows).map(|i| i % 7))),
            Arc::new(Int64Array::from_iter_values(0..rows)),
        ],
    )
    .unwrap();
    // Two partitions, so that the shared aggregate has several output partitions.
    let half = batch.slice(0, batch.num_rows() / 2);
    let rest = batch.slice(half.num_rows(), batch.num_rows() - half.num_rows());
    Arc::new(MemTable::try_new(schema, vec![vec![half], vec![rest]]).unwrap())
}

fn ctx() -> SessionContext {
    let state = SessionStateBuilder::new()
        .with_config(SessionConfig::new().with_target_partitions(3))
        .with_default_features()
        .with_query_planner(query_planner())
        .build();
    let ctx = SessionContext::new_with_state(state);
    ctx.register_table("t", table(1000)).unwrap();
    ctx.register_table("u", table(1000)).unwrap();
    ctx
}

async fn optimized(ctx: &SessionContext, sql: &str) -> LogicalPlan {
    let plan = ctx.sql(sql).await.unwrap().into_unoptimized_plan();
    ctx.state().optimize(&plan).unwrap()
}

/// The shared nodes of a rewritten plan: (subplan number, consumers) per place.
fn places(plan: &LogicalPlan) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    plan.apply(|p| {
        if let LogicalPlan::Extension(e) = p
            && let Some(n) = e.node.as_any().downcast_ref::<ReusedSubplanNode>()
        {
            out.push((n.state.number(), n.state.consumers()));
        }
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    })
    .unwrap();
    out
}

const SELF_JOIN: &str = "WITH a AS (SELECT k, sum(v) AS s FROM t GROUP BY k) \
    SELECT x.k, x.s, y.s AS s2 FROM a x JOIN a y ON x.k = y.k";

#[tokio::test]
async fn a_cte_referenced_twice_is_one_shared_subplan() {
    let ctx = ctx();
    let plan = share_repeated_subplans(optimized(&ctx, SELF_JOIN).await).unwrap();
    assert_eq!(places(&plan), vec![(1, 2), (1, 2)], "{plan}");
}

#[tokio::test]
async fn equal_looking_reads_of_different_tables_are_not_shared() {
    let ctx = ctx();
    // `t` and `u` have the same schema; give both the same name through a second context's
    // registration: equal plans, different providers.
    let other = SessionContext::new();
    other.register_table("t", table(10)).unwrap();
    let a = ctx
        .sql("SELECT k, sum(v) AS s FROM t GROUP BY k")
        .await
        .unwrap();
    let b = other
        .sql("SELECT k, sum(v) AS s FROM t GROUP BY k")
        .await
        .unwrap();
    let a = a.into_unoptimized_plan();
    let b = b.into_unoptimized_plan();
    assert_eq!(a, b, "the two plans look equal");
    let union = datafusion::logical_expr::LogicalPlanBuilder::from(a)
        .union(b)
        .unwrap()
        .build()
        .unwrap();
    let plan = share_repeated_subplans(union).unwrap();
    assert!(places(&plan).is_empty(), "{plan}");
}

#[tokio::test]
async fn volatile_and_workless_subtrees_are_not_shared() {
    let ctx = ctx();
    for sql in [
        // rand() below the aggregate: each reference draws its own values.
        "WITH a AS (SELECT k, sum(v * rand()) AS s FROM t GROUP BY k) \
         SELECT x.k FROM a x JOIN a y ON x.s = y.s",
        // A filtered scan is cheaper read twice than kept.
        "WITH a AS (SELECT k, v FROM t WHERE v > 3) SELECT x.k FROM a x JOIN a y ON x.v = y.v",
        // A join's whole output would be kept: it is computed at each place.
        "WITH a AS (SELECT t.k, u.v FROM t JOIN u ON t.k = u.v) \
         SELECT x.k FROM a x JOIN a y ON x.v = y.v",
    ] {
        let plan = share_repeated_subplans(optimized(&ctx, sql).await).unwrap();
        assert!(places(&plan).is_empty(), "{sql}\n{plan}");
    }
}

/// The output rows of each place's first node below the shared one, after a run.
fn rows_below_places(plan: &Arc<dyn ExecutionPlan>, out: &mut Vec<Option<usize>>) {
    if let Some(r) = plan.downcast_ref::<ReusedSubplanExec>() {
        out.push(r.input().metrics().and_then(|m| m.output_rows()));
    }
    for c in plan.children() {
        rows_below_places(c, out);
    }
}

#[tokio::test]
async fn the_shared_subplan_runs_once_and_both_places_read_it() {
    let ctx = ctx();
    let df = ctx.sql(&format!("{SELF_JOIN} ORDER BY x.k")).await.unwrap();
    let physical = df.create_physical_plan().await.unwrap();
    let text = displayable(physical.as_ref()).indent(false).to_string();
    assert_eq!(
        text.matches("ReusedSubplanExec: subplan=1").count(),
        2,
        "{text}"
    );
    let batches = collect(Arc::clone(&physical), ctx.task_ctx())
        .await
        .unwrap();
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 7);
    // The same sums on both sides of the join.
    for b in &batches {
        assert_eq!(b.column(1), b.column(2));
    }
    // One place computed all 7 groups; the other computed nothing.
    let mut below = Vec::new();
    rows_below_places(&physical, &mut below);
    below.sort();
    assert_eq!(below.len(), 2, "{below:?}");
    assert_eq!(below.iter().flatten().sum::<usize>(), 7, "{below:?}");
    assert!(below[0].unwrap_or(0) == 0, "{below:?}");
}

#[tokio::test]
async fn results_are_those_of_the_plan_without_sharing() {
    let ctx = ctx();
    let sql = "WITH a AS (SELECT k, sum(v) AS s, count(*) AS c FROM t GROUP BY k), \
               b AS (SELECT max(s) AS m FROM a) \
               SELECT a.k, a.s, b.m FROM a, b WHERE a.s * 2 > b.m \
               UNION ALL SELECT k, s, c FROM a ORDER BY 1, 2, 3";
    let shared = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    let plain = SessionContext::new();
    plain.register_table("t", table(1000)).unwrap();
    let expected = plain.sql(sql).await.unwrap().collect().await.unwrap();
    assert_eq!(
        datafusion::arrow::util::pretty::pretty_format_batches(&shared)
            .unwrap()
            .to_string(),
        datafusion::arrow::util::pretty::pretty_format_batches(&expected)
            .unwrap()
            .to_string()
    );
}

const SUBQUERY: &str = "WITH r AS (SELECT k, sum(v) AS s FROM t GROUP BY k) \
    SELECT k, s FROM r WHERE s = (SELECT max(s) FROM r)";

#[tokio::test]
async fn a_scalar_subquery_reading_the_cte_again_shares_it() {
    let ctx = ctx();
    let plan = share_repeated_subplans(optimized(&ctx, SUBQUERY).await).unwrap();
    let mut found = Vec::new();
    plan.apply_with_subqueries(|p| {
        if let LogicalPlan::Extension(e) = p
            && let Some(n) = e.node.as_any().downcast_ref::<ReusedSubplanNode>()
        {
            found.push((n.state.number(), n.state.consumers()));
        }
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    })
    .unwrap();
    assert_eq!(found, vec![(1, 2), (1, 2)], "{plan}");
    let rows = ctx.sql(SUBQUERY).await.unwrap().collect().await.unwrap();
    let text = datafusion::arrow::util::pretty::pretty_format_batches(&rows)
        .unwrap()
        .to_string();
    let plain = SessionContext::new();
    plain.register_table("t", table(1000)).unwrap();
    let expected = plain.sql(SUBQUERY).await.unwrap().collect().await.unwrap();
    let expected = datafusion::arrow::util::pretty::pretty_format_batches(&expected)
        .unwrap()
        .to_string();
    assert_eq!(text, expected);
}

#[tokio::test]
async fn past_the_cap_every_place_computes_and_the_results_hold() {
    let ctx = ctx();
    let df = ctx.sql(&format!("{SELF_JOIN} ORDER BY x.k")).await.unwrap();
    let physical = df.create_physical_plan().await.unwrap();
    let mut capped = 0;
    physical
        .apply(|p| {
            if let Some(r) = p.downcast_ref::<ReusedSubplanExec>() {
                r.state().set_cap(1);
                capped += 1;
            }
            Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
        })
        .unwrap();
    assert_eq!(capped, 2);
    let batches = collect(Arc::clone(&physical), ctx.task_ctx())
        .await
        .unwrap();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 7);
    for b in &batches {
        assert_eq!(b.column(1), b.column(2));
    }
    // Both places produced all 7 groups: the owner read on, the other computed its own.
    let mut below = Vec::new();
    rows_below_places(&physical, &mut below);
    assert_eq!(below, vec![Some(7), Some(7)]);
}
