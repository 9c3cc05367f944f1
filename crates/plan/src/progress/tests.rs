//! Stages found in real DataFusion plans, and their counts after execution.

use datafusion::physical_plan::{collect, displayable};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

use super::*;

fn ctx() -> SessionContext {
    SessionContext::new_with_config(SessionConfig::new().with_target_partitions(3))
}

async fn run(ctx: &SessionContext, sql: &str) -> (String, ProgressTracker, usize) {
    let df = ctx.sql(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    let physical = df.create_physical_plan().await.unwrap();
    let (plan, tracker) = ProgressTracker::instrument(physical).unwrap();
    let text = displayable(plan.as_ref()).indent(false).to_string();
    let before = tracker.snapshot(false);
    assert!(before.iter().all(|s| s.num_completed_tasks == 0 && !s.done));
    let batches = collect(plan, ctx.task_ctx()).await.unwrap();
    (text, tracker, batches.iter().map(|b| b.num_rows()).sum())
}

#[tokio::test]
async fn an_aggregate_has_a_map_and_a_result_stage() {
    let ctx = ctx();
    let sql = "SELECT k, count(*) FROM (SELECT column1 % 5 AS k FROM \
               (VALUES (1), (2), (3), (4), (5), (6), (7))) GROUP BY k";
    let (text, tracker, rows) = run(&ctx, sql).await;
    assert_eq!(rows, 5);
    let stages = tracker.snapshot(false);
    assert!(stages.len() >= 2, "{text}");
    // Every stage ran all its tasks; the result stage (last) has the hash partitions.
    for s in &stages {
        assert_eq!(s.num_completed_tasks, s.num_tasks, "{text}");
        assert!(s.done);
    }
    assert_eq!(stages.last().map(|s| s.num_tasks), Some(3), "{text}");
    assert_eq!(tracker.inflight_tasks(), 0);
    assert_eq!(text.matches("TaskCountingExec").count(), stages.len());
}

#[tokio::test]
async fn parquet_scans_report_bytes_read() {
    let ctx = ctx();
    let dir = std::env::temp_dir().join(format!("sabot-progress-{}", uuid::Uuid::new_v4()));
    let path = dir.join("t.parquet");
    let source = ctx
        .sql("SELECT column1 AS a FROM (VALUES (1), (2), (3))")
        .await
        .unwrap();
    source
        .write_parquet(path.to_str().unwrap(), Default::default(), None)
        .await
        .unwrap();
    ctx.register_parquet("t", dir.to_str().unwrap(), ParquetReadOptions::default())
        .await
        .unwrap();
    let (text, tracker, rows) = run(&ctx, "SELECT sum(a) FROM t").await;
    assert_eq!(rows, 1);
    let read: i64 = tracker
        .snapshot(true)
        .iter()
        .map(|s| s.input_bytes_read)
        .sum();
    assert!(read > 0, "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn finished_marks_unfinished_stages_done() {
    let ctx = ctx();
    let df = ctx.sql("SELECT 1").await.unwrap();
    let physical = df.create_physical_plan().await.unwrap();
    let (_, tracker) = ProgressTracker::instrument(physical).unwrap();
    let stages = tracker.snapshot(true);
    assert_eq!(stages.len(), 1);
    assert!(stages[0].done);
    assert_eq!(stages[0].num_completed_tasks, 0);
}
