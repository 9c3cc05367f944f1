//! The one place where a [`SparkError`] becomes a `tonic::Status`.
//!
//! Mirrors Spark's `org.apache.spark.sql.connect.utils.ErrorUtils`: the status carries a
//! `google.rpc.ErrorInfo` whose `reason` is the JVM exception class and whose metadata holds
//! `classes` (the class hierarchy PySpark matches on), `errorClass`, `sqlState`,
//! `messageParameters` and an `errorId` that `FetchErrorDetails` answers with the cause chain.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use sabot_common::SparkError;
use spark_connect_proto::connect::fetch_error_details_response::{Error, SparkThrowable};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// gRPC status messages are truncated like Spark's (`spark.connect.jvmStacktrace.maxSize` aside,
/// the message itself is capped) so a huge message cannot exceed header limits.
const MAX_STATUS_MESSAGE: usize = 2048;

/// How many errors a session keeps for `FetchErrorDetails` (Spark keeps a small cache too).
const MAX_KEPT_ERRORS: usize = 64;

/// Errors a session keeps so the client can fetch their details by id.
#[derive(Default)]
pub struct ErrorStore {
    errors: Mutex<VecDeque<(String, SparkError)>>,
}

impl ErrorStore {
    /// Keeps `error` under a new id and returns the id.
    pub fn keep(&self, error: &SparkError) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        if let Ok(mut errors) = self.errors.lock() {
            if errors.len() >= MAX_KEPT_ERRORS {
                errors.pop_front();
            }
            errors.push_back((id.clone(), error.clone()));
        }
        id
    }

    /// Removes and returns the error with this id (Spark forgets an error once fetched).
    pub fn take(&self, id: &str) -> Option<SparkError> {
        let mut errors = self.errors.lock().ok()?;
        let pos = errors.iter().position(|(k, _)| k == id)?;
        errors.remove(pos).map(|(_, e)| e)
    }
}

/// Converts an error to the status a Spark Connect client expects. With a store, the error is
/// kept for `FetchErrorDetails` and its id is sent along.
pub fn to_status(error: &SparkError, store: Option<&ErrorStore>) -> Status {
    let mut metadata = HashMap::new();
    let classes: Vec<&str> = error.kind.class_hierarchy().to_vec();
    metadata.insert(
        "classes".to_string(),
        serde_json::to_string(&classes).unwrap_or_else(|_| "[]".to_string()),
    );
    if let Some(class) = &error.error_class {
        metadata.insert("errorClass".to_string(), class.clone());
    }
    if let Some(state) = &error.sql_state {
        metadata.insert("sqlState".to_string(), state.clone());
    }
    if !error.params.is_empty() {
        metadata.insert(
            "messageParameters".to_string(),
            serde_json::to_string(&error.params).unwrap_or_else(|_| "{}".to_string()),
        );
    }
    if let Some(store) = store {
        metadata.insert("errorId".to_string(), store.keep(error));
    }
    let mut message = error.display_message();
    if message.len() > MAX_STATUS_MESSAGE {
        let mut cut = MAX_STATUS_MESSAGE;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    let details =
        ErrorDetails::with_error_info(error.kind.class_name(), "org.apache.spark", metadata);
    Status::with_error_details(Code::Internal, message, details)
}

/// The `FetchErrorDetails` view of an error and its causes: `errors[0]` is the root.
pub fn error_chain(error: &SparkError) -> Vec<Error> {
    let mut out = Vec::new();
    let mut current = Some(error);
    while let Some(e) = current {
        let next_idx = out.len() as i32 + 1;
        out.push(Error {
            error_type_hierarchy: e
                .kind
                .class_hierarchy()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            message: e.display_message(),
            stack_trace: Vec::new(),
            cause_idx: e.cause.as_ref().map(|_| next_idx),
            spark_throwable: Some(SparkThrowable {
                error_class: e.error_class.clone(),
                message_parameters: e
                    .params
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                query_contexts: Vec::new(),
                sql_state: e.sql_state.clone(),
                breaking_change_info: None,
            }),
        });
        current = e.cause.as_deref();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sabot_common::error::ExceptionKind;

    #[test]
    fn status_carries_error_info() {
        let store = ErrorStore::default();
        let e = SparkError::divide_by_zero();
        let status = to_status(&e, Some(&store));
        assert_eq!(status.code(), Code::Internal);
        assert!(status.message().starts_with("[DIVIDE_BY_ZERO]"));
        let details = status.get_error_details();
        let info = details.error_info().expect("error info");
        assert_eq!(info.reason, "org.apache.spark.SparkArithmeticException");
        assert_eq!(info.metadata["errorClass"], "DIVIDE_BY_ZERO");
        assert_eq!(info.metadata["sqlState"], "22012");
        let classes: Vec<String> = serde_json::from_str(&info.metadata["classes"]).unwrap();
        assert!(classes.contains(&"java.lang.ArithmeticException".to_string()));
        let id = &info.metadata["errorId"];
        assert_eq!(store.take(id), Some(e));
        assert_eq!(store.take(id), None);
    }

    #[test]
    fn chain_links_causes() {
        let e = SparkError::new(ExceptionKind::Runtime, "outer")
            .caused_by(SparkError::illegal_argument("inner"));
        let chain = error_chain(&e);
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[0].cause_idx, Some(1));
        assert_eq!(
            chain[1].error_type_hierarchy[0],
            "org.apache.spark.SparkIllegalArgumentException"
        );
    }
}
