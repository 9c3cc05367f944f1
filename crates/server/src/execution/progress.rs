//! `ExecutionProgress` responses while a query runs (Spark's `ExecuteGrpcResponseSender` sends
//! them every `spark.connect.progress.reportInterval`, 2 s by default; a negative interval
//! disables them), and a last one with every stage done when the query ends.

use std::time::Duration;

use sabot_common::Result;
use sabot_plan::progress::{ProgressTracker, StageProgress};
use spark_connect_proto::connect::ExecutePlanResponse;
use spark_connect_proto::connect::execute_plan_response::{
    ExecutionProgress, ResponseType, execution_progress::StageInfo,
};

use crate::session::Session;

/// Spark's `spark.connect.progress.reportInterval`.
pub const REPORT_INTERVAL: &str = "spark.connect.progress.reportInterval";

/// The session's report interval; `None` when reports are disabled.
pub fn report_interval(session: &Session) -> Result<Option<Duration>> {
    let Some(v) = session.conf_get(REPORT_INTERVAL)? else {
        return Ok(Some(Duration::from_secs(2)));
    };
    if v.trim().starts_with('-') {
        return Ok(None);
    }
    Ok(Some(
        crate::server::parse_duration(&v)
            .filter(|d| !d.is_zero())
            .unwrap_or(Duration::from_secs(2)),
    ))
}

/// Sends what changed since the last report.
pub struct Reporter {
    tracker: ProgressTracker,
    last: Option<(Vec<StageProgress>, i64)>,
}

impl Reporter {
    pub fn new(tracker: ProgressTracker) -> Self {
        Self {
            tracker,
            last: None,
        }
    }

    /// The current progress if it changed since the last report; `finished` marks every stage
    /// done and is always reported.
    pub fn report(&mut self, session: &Session, finished: bool) -> Option<ExecutePlanResponse> {
        let stages = self.tracker.snapshot(finished);
        let inflight = if finished {
            0
        } else {
            self.tracker.inflight_tasks()
        };
        let now = (stages, inflight);
        if !finished && self.last.as_ref() == Some(&now) {
            return None;
        }
        let response = ExecutePlanResponse {
            response_type: Some(ResponseType::ExecutionProgress(ExecutionProgress {
                stages: now.0.iter().map(stage_info).collect(),
                num_inflight_tasks: now.1,
            })),
            ..super::runner::base(session)
        };
        self.last = Some(now);
        Some(response)
    }
}

fn stage_info(s: &StageProgress) -> StageInfo {
    StageInfo {
        stage_id: s.stage_id,
        num_tasks: s.num_tasks,
        num_completed_tasks: s.num_completed_tasks,
        input_bytes_read: s.input_bytes_read,
        done: s.done,
    }
}
