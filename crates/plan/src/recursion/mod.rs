//! A recursive CTE's loop: Spark's `UnionLoop` and `UnionLoopRef`, run by Sabot itself.
//!
//! [`UnionLoopNode`] has the anchor and the recursive term as inputs; the recursive term reads
//! the previous level's rows through scans of a [`UnionLoopRefTable`], as many times as it
//! names the CTE (self-joins, `IN`/`EXISTS` subqueries). [`UnionLoopExec`] runs the anchor, then
//! the recursive term once per level with every [`UnionLoopRefExec`] of its loop bound to the
//! rows the level before produced, until a level produces none. DataFusion's
//! `RecursiveQueryExec` could not be used: its work table can be read once per level.
//!
//! Spark's limits: level `limit` (the anchor is level 0) producing rows is
//! `RECURSION_LEVEL_LIMIT_EXCEEDED`; the rows reaching `spark.sql.cteRecursionRowLimit` is
//! `RECURSION_ROW_LIMIT_EXCEEDED` (both recorded from Spark 4.3). Every output column is
//! nullable, as Spark's `UnionLoop` output is.

mod exec;
mod node;
mod planner;
mod portable;
mod reference;
mod table;

use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

pub use exec::UnionLoopExec;
pub use node::UnionLoopNode;
pub use planner::UnionLoopPlanner;
pub use reference::UnionLoopRefExec;
pub use table::UnionLoopRefTable;

/// `spark.sql.cteRecursionLevelLimit`'s default.
pub const DEFAULT_LEVEL_LIMIT: u64 = 100;
/// `spark.sql.cteRecursionRowLimit`'s default.
pub const DEFAULT_ROW_LIMIT: u64 = 1_000_000;

/// A loop's limits and its progress in one execution.
#[derive(Debug, Clone)]
struct LoopState {
    level_limit: u64,
    row_limit: u64,
    level: u64,
    rows: u64,
}

impl LoopState {
    fn new(level_limit: u64, row_limit: u64) -> Self {
        Self {
            level_limit,
            row_limit,
            level: 0,
            rows: 0,
        }
    }

    /// The recursive term starts its next level.
    fn next_level(&mut self) {
        self.level += 1;
    }

    /// `n` more rows of the current level: an error when they break a limit.
    fn add_rows(&mut self, n: u64) -> Result<(), SparkError> {
        if n == 0 {
            return Ok(());
        }
        if self.level >= self.level_limit {
            return Err(level_limit_exceeded(self.level_limit));
        }
        self.rows += n;
        if self.rows >= self.row_limit {
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
        let mut s = LoopState::new(3, 1000);
        assert!(s.add_rows(1).is_ok());
        for _ in 1..=2 {
            s.next_level();
            assert!(s.add_rows(1).is_ok());
        }
        s.next_level();
        // An empty level 3 ends the loop without an error; rows there break the limit.
        assert!(s.add_rows(0).is_ok());
        let err = s.add_rows(1).unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("RECURSION_LEVEL_LIMIT_EXCEEDED")
        );
    }

    #[test]
    fn row_limit_is_reached_at_the_limit() {
        let mut s = LoopState::new(100, 5);
        assert!(s.add_rows(4).is_ok());
        s.next_level();
        let err = s.add_rows(1).unwrap_err();
        assert_eq!(
            err.error_class.as_deref(),
            Some("RECURSION_ROW_LIMIT_EXCEEDED")
        );
    }
}
