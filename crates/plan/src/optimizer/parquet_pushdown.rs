//! Filters and projections pushed into Parquet scans (Spark's `FileSourceStrategy` with
//! `ParquetFileFormat` filter pushdown). DataFusion's `PushDownFilter` and
//! `OptimizeProjections` carry filters and the needed columns down to the `TableScan`; the
//! Parquet source then reads only those columns and skips row groups (and pages) whose
//! statistics rule the filter out. Spark's `spark.sql.parquet.filterPushdown` (default true)
//! switches that skipping, as it switches Spark's.

use datafusion::config::ParquetOptions;

/// Spark's `spark.sql.parquet.filterPushdown`.
pub const FILTER_PUSHDOWN: &str = "spark.sql.parquet.filterPushdown";

/// Applies `spark.sql.parquet.filterPushdown` to DataFusion's Parquet options (the session's
/// and its table defaults, which readers copy): row-group and page pruning by statistics, and
/// bloom filters.
pub fn apply(options: &mut ParquetOptions, filter_pushdown: bool) {
    options.pruning = filter_pushdown;
    options.enable_page_index = filter_pushdown;
    options.bloom_filter_on_read = filter_pushdown;
}

#[cfg(test)]
mod tests {
    use datafusion::physical_plan::{collect, displayable};
    use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

    use super::apply;
    use crate::progress::ProgressTracker;

    /// 1000 rows in row groups of 100, registered as `t`.
    async fn table(pushdown: bool, dir: &std::path::Path) -> SessionContext {
        let mut config = SessionConfig::new().with_target_partitions(1);
        config.options_mut().execution.parquet.max_row_group_size = 100;
        apply(&mut config.options_mut().execution.parquet, pushdown);
        let ctx = SessionContext::new_with_config(config);
        if !dir.join("t.parquet").exists() {
            let source = ctx
                .sql("SELECT value AS id, value % 7 AS k, repeat('x', 50) AS pad FROM range(1000)")
                .await
                .unwrap();
            source
                .write_parquet(
                    dir.join("t.parquet").to_str().unwrap(),
                    Default::default(),
                    None,
                )
                .await
                .unwrap();
        }
        ctx.register_parquet("t", dir.to_str().unwrap(), ParquetReadOptions::default())
            .await
            .unwrap();
        ctx
    }

    /// The physical plan text and the bytes the scan read.
    async fn run(ctx: &SessionContext, sql: &str) -> (String, i64, usize) {
        let physical = ctx
            .sql(sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let text = displayable(physical.as_ref()).indent(false).to_string();
        let (plan, tracker) = ProgressTracker::instrument(physical).unwrap();
        let rows = collect(plan, ctx.task_ctx())
            .await
            .unwrap()
            .iter()
            .map(|b| b.num_rows())
            .sum();
        let read = tracker
            .snapshot(true)
            .iter()
            .map(|s| s.input_bytes_read)
            .sum();
        (text, read, rows)
    }

    #[tokio::test]
    async fn filters_and_columns_reach_the_scan_and_prune_row_groups() {
        let dir = std::env::temp_dir().join(format!("sabot-pushdown-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let sql = "SELECT k FROM t WHERE id >= 950";
        let on = table(true, &dir).await;
        let (text, pruned_read, rows) = run(&on, sql).await;
        assert_eq!(rows, 50);
        // The filter and the two needed columns (not `pad`) are in the scan.
        assert!(text.contains("predicate=id@0 >= 950"), "{text}");
        assert!(text.contains("projection=[id, k]"), "{text}");
        let off = table(false, &dir).await;
        let (_, full_read, rows) = run(&off, sql).await;
        assert_eq!(rows, 50);
        // Without pruning every row group's columns are read.
        assert!(
            pruned_read * 3 < full_read,
            "pruned {pruned_read} vs full {full_read}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
