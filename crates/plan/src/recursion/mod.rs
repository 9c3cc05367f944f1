//! Spark's limits on a recursive CTE's loop (`UnionLoopExec`) around DataFusion's
//! `RecursiveQueryExec`, which runs the loop itself but without limits.
//!
//! The anchor and the recursive term each pass through a [`RecursionGuardNode`] sharing one
//! [`LoopState`]: the anchor's guard restarts the count when the loop starts, the recursive
//! term's guard counts its executions (one per level) and the rows. Level `limit` (the anchor
//! is level 0) producing rows is `RECURSION_LEVEL_LIMIT_EXCEEDED`; the rows reaching
//! `spark.sql.cteRecursionRowLimit` is `RECURSION_ROW_LIMIT_EXCEEDED` (both recorded from Spark
//! 4.3). Both guards also mark every column nullable, as Spark's `UnionLoop` output is.

mod exec;
mod node;
mod planner;

use std::sync::atomic::{AtomicU64, Ordering};

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

pub use exec::RecursionGuardExec;
pub use node::{GuardRole, RecursionGuardNode};
pub use planner::RecursionGuardPlanner;

/// `spark.sql.cteRecursionLevelLimit`'s default.
pub const DEFAULT_LEVEL_LIMIT: u64 = 100;
/// `spark.sql.cteRecursionRowLimit`'s default.
pub const DEFAULT_ROW_LIMIT: u64 = 1_000_000;

/// The progress of one recursive loop, shared by its two guards.
#[derive(Debug)]
pub struct LoopState {
    level_limit: u64,
    row_limit: u64,
    level: AtomicU64,
    rows: AtomicU64,
}

impl LoopState {
    pub fn new(level_limit: u64, row_limit: u64) -> Self {
        Self {
            level_limit,
            row_limit,
            level: AtomicU64::new(0),
            rows: AtomicU64::new(0),
        }
    }

    /// The anchor starts: level 0, no rows yet.
    fn restart(&self) {
        self.level.store(0, Ordering::SeqCst);
        self.rows.store(0, Ordering::SeqCst);
    }

    /// The recursive term starts its next level; returns that level.
    fn next_level(&self) -> u64 {
        self.level.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// `n` more rows of `level`: an error when they break a limit.
    fn add_rows(&self, level: u64, n: u64) -> Result<(), SparkError> {
        if n == 0 {
            return Ok(());
        }
        if level >= self.level_limit {
            return Err(level_limit_exceeded(self.level_limit));
        }
        let total = self.rows.fetch_add(n, Ordering::SeqCst) + n;
        if total >= self.row_limit {
            return Err(row_limit_exceeded(self.row_limit));
        }
        Ok(())
    }
}

fn level_limit_exceeded(limit: u64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "RECURSION_LEVEL_LIMIT_EXCEEDED",
        "42836",
        format!(
            "Recursion level limit {limit} reached but query has not exhausted, try increasing it like 'WITH RECURSIVE t(col) MAX RECURSION LEVEL 200'."
        ),
    )
    .param("levelLimit", limit.to_string())
}

fn row_limit_exceeded(limit: u64) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Internal,
        "RECURSION_ROW_LIMIT_EXCEEDED",
        "42836",
        format!(
            "Recursion row limit {limit} reached but query has not exhausted, try setting a larger LIMIT value when querying the CTE relation."
        ),
    )
    .param("rowLimit", limit.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_limit_counts_the_anchor_as_level_zero() {
        let s = LoopState::new(3, 1000);
        s.restart();
        assert!(s.add_rows(0, 1).is_ok());
        for expected in 1..=2 {
            let level = s.next_level();
            assert_eq!(level, expected);
            assert!(s.add_rows(level, 1).is_ok());
        }
        let level = s.next_level();
        // An empty level 3 ends the loop without an error; rows there break the limit.
        assert!(s.add_rows(level, 0).is_ok());
        let err = s.add_rows(level, 1).unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("RECURSION_LEVEL_LIMIT_EXCEEDED")
        );
    }

    #[test]
    fn row_limit_is_reached_at_the_limit() {
        let s = LoopState::new(100, 5);
        s.restart();
        assert!(s.add_rows(0, 4).is_ok());
        let err = s.add_rows(1, 1).unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("RECURSION_ROW_LIMIT_EXCEEDED")
        );
        s.restart();
        assert!(s.add_rows(0, 4).is_ok());
    }
}
