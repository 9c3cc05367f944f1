//! [`ExecuteHolder`]: the responses of one operation, between the task that produces them and
//! the client streams that send them.
//!
//! Mirrors Spark's `ExecuteHolder` + `ExecuteResponseObserver`: every response gets an id; a
//! reattachable client may drop its stream and `ReattachExecute` after the last id it saw, so
//! responses already sent are kept (up to [`RETRY_BUFFER_BYTES`]) until `ReleaseExecute` says
//! the client has them. Responses not yet sent are bounded by [`MAX_UNSENT_BYTES`]: the producer
//! waits for the client, so a slow client cannot make the server buffer a whole result.

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use futures::Stream;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::ExecutePlanResponse;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tonic::Status;

use crate::error::{ErrorStore, to_status};

/// Bytes of already-sent responses kept for a reattach (Spark's
/// `spark.connect.execute.reattachable.observerRetryBufferSize`, 10 MiB).
pub const RETRY_BUFFER_BYTES: usize = 10 << 20;

/// Bytes of produced but unsent responses before the producer waits for the client.
pub const MAX_UNSENT_BYTES: usize = 32 << 20;

/// What a stream yields.
pub type ResponseStream = Pin<Box<dyn Stream<Item = Result<ExecutePlanResponse, Status>> + Send>>;

enum Item {
    Response(Box<ExecutePlanResponse>),
    Error(SparkError),
}

struct Buffered {
    index: u64,
    size: usize,
    item: Item,
}

#[derive(Default)]
struct State {
    /// Kept items, in index order.
    items: VecDeque<Buffered>,
    /// The index of every response produced, released or not: a client reattaches after the
    /// last response it saw, which it may already have released (Spark's
    /// `ExecuteResponseObserver.responseIdToIndex` is kept the same way).
    indexes: HashMap<String, u64>,
    /// The index the next produced item gets.
    next_index: u64,
    /// Items below this index were sent to a client.
    sent_upto: u64,
    /// The producer pushed its last item.
    finished: bool,
    /// Bumped on each attach; an older stream stops when it sees a newer one.
    generation: u64,
    /// A stream is attached.
    attached: bool,
    /// When the last stream detached (for abandoned-execution cleanup).
    detached_since: Option<Instant>,
    /// Held while the producer computes: not once it is done, nor while it waits for the
    /// client to take responses (see `idle_trim`).
    computing: Option<crate::idle_trim::Busy>,
}

/// The responses of one operation.
pub struct ExecuteHolder {
    pub operation_id: String,
    pub tags: Vec<String>,
    pub reattachable: bool,
    cancel: CancellationToken,
    state: Mutex<State>,
    changed: Notify,
    /// Dropped with the operation's buffered responses (see `idle_trim`).
    _freed: crate::idle_trim::Freed,
}

impl ExecuteHolder {
    pub fn new(operation_id: String, tags: Vec<String>, reattachable: bool) -> Arc<Self> {
        Arc::new(Self {
            operation_id,
            tags,
            reattachable,
            cancel: CancellationToken::new(),
            state: Mutex::new(State {
                computing: Some(crate::idle_trim::busy()),
                ..State::default()
            }),
            changed: Notify::new(),
            _freed: crate::idle_trim::Freed,
        })
    }

    fn state(&self) -> Result<MutexGuard<'_, State>> {
        crate::session::lock(&self.state)
    }

    /// The token the producing task watches.
    pub fn cancel_token(&self) -> CancellationToken {
        self.cancel.clone()
    }

    /// Cancels the operation: the producer stops and the client gets `OPERATION_CANCELED`.
    pub fn interrupt(&self) {
        self.cancel.cancel();
    }

    /// Whether the producer is done.
    pub fn is_finished(&self) -> bool {
        self.state().map(|s| s.finished).unwrap_or(true)
    }

    /// How long no stream has been attached, if none is.
    pub fn detached_for(&self) -> Option<std::time::Duration> {
        self.state()
            .ok()
            .and_then(|s| s.detached_since.map(|t| t.elapsed()))
    }

    /// Adds a response, waiting while too many bytes are unsent. Fails if the operation was
    /// interrupted meanwhile.
    pub async fn push(&self, mut response: ExecutePlanResponse) -> Result<()> {
        response.operation_id = self.operation_id.clone();
        let response_id = uuid::Uuid::new_v4().to_string();
        response.response_id = response_id.clone();
        let size = prost::Message::encoded_len(&response);
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            {
                let mut s = self.state()?;
                let unsent: usize = s
                    .items
                    .iter()
                    .filter(|b| b.index >= s.sent_upto)
                    .map(|b| b.size)
                    .sum();
                if unsent == 0 || unsent + size <= MAX_UNSENT_BYTES {
                    if s.computing.is_none() && !s.finished {
                        s.computing = Some(crate::idle_trim::busy());
                    }
                    let index = s.next_index;
                    s.next_index += 1;
                    s.indexes.insert(response_id, index);
                    s.items.push_back(Buffered {
                        index,
                        size,
                        item: Item::Response(Box::new(response)),
                    });
                    drop(s);
                    self.changed.notify_waiters();
                    return Ok(());
                }
                // Waiting for the client is not computing: an abandoned operation may wait
                // until it is reaped.
                s.computing = None;
            }
            tokio::select! {
                _ = &mut notified => {}
                _ = self.cancel.cancelled() => return Err(SparkError::operation_canceled()),
            }
        }
    }

    /// Ends the operation with an error (sent to the client in place of further responses).
    pub fn fail(&self, error: SparkError) {
        if let Ok(mut s) = self.state() {
            if s.finished {
                return;
            }
            let index = s.next_index;
            s.next_index += 1;
            s.items.push_back(Buffered {
                index,
                size: 0,
                item: Item::Error(error),
            });
            s.finished = true;
            s.computing = None;
        }
        self.changed.notify_waiters();
    }

    /// Marks the producer as done (after its last response).
    pub fn finish(&self) {
        if let Ok(mut s) = self.state() {
            s.finished = true;
            s.computing = None;
        }
        self.changed.notify_waiters();
    }

    /// Drops kept responses up to and including `response_id` (`ReleaseUntil`).
    pub fn release_until(&self, response_id: &str) -> Result<()> {
        let mut s = self.state()?;
        if let Some(&upto) = s.indexes.get(response_id) {
            s.items.retain(|b| b.index > upto);
            if s.sent_upto <= upto {
                s.sent_upto = upto + 1;
            }
        }
        drop(s);
        self.changed.notify_waiters();
        Ok(())
    }

    /// The index to resume from after `last_response_id` (None: from the start). Whether that
    /// response is still kept is checked when the stream reaches it (`next_for`).
    fn resume_index(&self, last_response_id: Option<&str>) -> Result<u64> {
        let s = self.state()?;
        let first_kept = s.items.front().map(|b| b.index).unwrap_or(s.next_index);
        match last_response_id {
            // Without a last id the client has seen nothing: start from the first response.
            None if first_kept == 0 => Ok(0),
            None => Err(cursor_error(Cursor::Disconnected)),
            Some(id) => match s.indexes.get(id) {
                Some(index) => Ok(index + 1),
                // Spark's `getResponseIndexById`: an id this operation never produced.
                None => Err(cursor_error(Cursor::NotFound(id))),
            },
        }
    }

    /// A stream of responses starting after `last_response_id`. Attaching replaces any stream
    /// already attached. When the stream is dropped before the end, a non-reattachable
    /// operation is cancelled (its client is gone); a reattachable one waits to be reattached.
    pub fn attach(
        self: &Arc<Self>,
        last_response_id: Option<&str>,
        errors: Arc<dyn ErrorSink>,
        on_end: Box<dyn FnOnce(bool) + Send>,
    ) -> Result<ResponseStream> {
        let mut cursor = self.resume_index(last_response_id)?;
        let generation = {
            let mut s = self.state()?;
            s.generation += 1;
            s.attached = true;
            s.detached_since = None;
            s.generation
        };
        self.changed.notify_waiters();
        let holder = Arc::clone(self);
        // Created outside the generator so that it is dropped (and the detach handled) even if
        // the stream is dropped before it is ever polled.
        let guard = DetachGuard {
            holder: Arc::clone(&holder),
            generation,
            completed: false,
            on_end: Some(on_end),
        };
        let stream = async_stream::stream! {
            let mut guard = guard;
            loop {
                let notified = holder.changed.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                let next = match holder.next_for(cursor, generation) {
                    Ok(n) => n,
                    Err(e) => {
                        yield Err(to_status(&e, None));
                        break;
                    }
                };
                match next {
                    Next::Item(item) => match *item {
                        Ok(resp) => {
                            cursor += 1;
                            yield Ok(resp);
                        }
                        Err(e) => {
                            guard.completed = true;
                            yield Err(errors.status(&e));
                            break;
                        }
                    },
                    Next::End => {
                        guard.completed = true;
                        break;
                    }
                    Next::Superseded => break,
                    Next::Wait => notified.await,
                }
            }
        };
        Ok(Box::pin(stream))
    }

    fn next_for(&self, cursor: u64, generation: u64) -> Result<Next> {
        let mut s = self.state()?;
        if s.generation != generation {
            return Ok(Next::Superseded);
        }
        let found = s
            .items
            .iter()
            .find(|b| b.index == cursor)
            .map(|b| match &b.item {
                Item::Response(r) => Ok(r.as_ref().clone()),
                Item::Error(e) => Err(e.clone()),
            });
        match found {
            Some(item) => {
                if s.sent_upto < cursor + 1 {
                    s.sent_upto = cursor + 1;
                }
                evict_sent(&mut s);
                drop(s);
                self.changed.notify_waiters();
                Ok(Next::Item(Box::new(item)))
            }
            None if cursor >= s.next_index && s.finished => Ok(Next::End),
            None if cursor < s.items.front().map(|b| b.index).unwrap_or(s.next_index) => {
                // Spark numbers responses from 1 (`ExecuteResponseObserver`).
                let response_id = s
                    .indexes
                    .iter()
                    .find(|(_, i)| **i == cursor)
                    .map(|(id, _)| id.as_str())
                    .unwrap_or("<UNKNOWN>");
                Err(cursor_error(Cursor::NotAvailable {
                    index: cursor + 1,
                    response_id,
                }))
            }
            None => Ok(Next::Wait),
        }
    }
}

/// Keeps at most [`RETRY_BUFFER_BYTES`] of responses already sent.
fn evict_sent(s: &mut State) {
    let mut kept: usize = s
        .items
        .iter()
        .filter(|b| b.index < s.sent_upto)
        .map(|b| b.size)
        .sum();
    while kept > RETRY_BUFFER_BYTES {
        match s.items.front() {
            Some(b) if b.index < s.sent_upto => {
                kept -= b.size;
                s.items.pop_front();
            }
            _ => break,
        }
    }
}

enum Next {
    Item(Box<Result<ExecutePlanResponse, SparkError>>),
    End,
    Superseded,
    Wait,
}

/// Turns an operation's error into a status, keeping it for `FetchErrorDetails`.
pub trait ErrorSink: Send + Sync {
    fn status(&self, e: &SparkError) -> Status;
}

impl ErrorSink for crate::session::Session {
    fn status(&self, e: &SparkError) -> Status {
        to_status(e, Some(&self.errors))
    }
}

impl ErrorSink for ErrorStore {
    fn status(&self, e: &SparkError) -> Status {
        to_status(e, Some(self))
    }
}

/// Runs when a stream ends or is dropped.
struct DetachGuard {
    holder: Arc<ExecuteHolder>,
    generation: u64,
    completed: bool,
    on_end: Option<Box<dyn FnOnce(bool) + Send>>,
}

impl Drop for DetachGuard {
    fn drop(&mut self) {
        if let Ok(mut s) = self.holder.state()
            && s.generation == self.generation
        {
            s.attached = false;
            s.detached_since = Some(Instant::now());
        }
        if !self.completed && !self.holder.reattachable {
            self.holder.interrupt();
        }
        if let Some(f) = self.on_end.take() {
            f(self.completed);
        }
    }
}

/// Spark's `INVALID_CURSOR` errors (`ExecuteResponseObserver`, `ExecuteGrpcResponseSender`).
enum Cursor<'a> {
    /// A reattach without a last response id after responses were released.
    Disconnected,
    /// A response id this operation never produced.
    NotFound(&'a str),
    /// A position whose response was already released.
    NotAvailable { index: u64, response_id: &'a str },
}

fn cursor_error(cursor: Cursor<'_>) -> SparkError {
    let (sub, detail, params): (&str, String, Vec<(&str, String)>) = match cursor {
        Cursor::Disconnected => (
            "DISCONNECTED",
            "The cursor has been disconnected by the server.".into(),
            vec![],
        ),
        Cursor::NotFound(id) => (
            "POSITION_NOT_FOUND",
            format!("The cursor position id {id} is not found."),
            vec![("responseId", id.to_string())],
        ),
        Cursor::NotAvailable { index, response_id } => (
            "POSITION_NOT_AVAILABLE",
            format!(
                "The cursor position id {response_id} is no longer available at index {index}."
            ),
            vec![
                ("index", index.to_string()),
                ("responseId", response_id.to_string()),
            ],
        ),
    };
    let mut error = SparkError::with_class(
        ExceptionKind::Sql,
        &format!("INVALID_CURSOR.{sub}"),
        "HY109",
        format!("The cursor is invalid. {detail}"),
    );
    for (k, v) in params {
        error = error.param(k, v);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    fn resp(n: i64) -> ExecutePlanResponse {
        ExecutePlanResponse {
            response_type: Some(
                spark_connect_proto::connect::execute_plan_response::ResponseType::ArrowBatch(
                    spark_connect_proto::connect::execute_plan_response::ArrowBatch {
                        row_count: n,
                        data: vec![0; 8],
                        start_offset: None,
                        chunk_index: None,
                        num_chunks_in_batch: None,
                    },
                ),
            ),
            ..Default::default()
        }
    }

    fn sink() -> Arc<dyn ErrorSink> {
        Arc::new(ErrorStore::default())
    }

    #[tokio::test]
    async fn reattach_resumes_after_last_seen() {
        let h = ExecuteHolder::new("op".into(), vec![], true);
        for i in 0..3 {
            h.push(resp(i)).await.unwrap();
        }
        h.finish();
        let mut s = h.attach(None, sink(), Box::new(|_| {})).unwrap();
        let first = s.next().await.unwrap().unwrap();
        drop(s);
        let s2 = h
            .attach(Some(&first.response_id), sink(), Box::new(|_| {}))
            .unwrap();
        let rest: Vec<_> = s2.collect().await;
        assert_eq!(rest.len(), 2);
    }

    #[tokio::test]
    async fn error_is_delivered_and_ends_stream() {
        let h = ExecuteHolder::new("op".into(), vec![], false);
        h.push(resp(1)).await.unwrap();
        h.fail(SparkError::divide_by_zero());
        let items: Vec<_> = h
            .attach(None, sink(), Box::new(|_| {}))
            .unwrap()
            .collect()
            .await;
        assert_eq!(items.len(), 2);
        assert!(
            items[1]
                .as_ref()
                .unwrap_err()
                .message()
                .contains("DIVIDE_BY_ZERO")
        );
    }

    #[tokio::test]
    async fn dropping_a_non_reattachable_stream_cancels() {
        let h = ExecuteHolder::new("op".into(), vec![], false);
        h.push(resp(1)).await.unwrap();
        let s = h.attach(None, sink(), Box::new(|_| {})).unwrap();
        drop(s);
        assert!(h.cancel_token().is_cancelled());
    }

    fn error_class(r: Result<ResponseStream>) -> String {
        match r {
            Err(e) => e.error_class.unwrap_or_default(),
            Ok(_) => "attached".into(),
        }
    }

    #[tokio::test]
    async fn unknown_cursor_is_an_error() {
        let h = ExecuteHolder::new("op".into(), vec![], true);
        h.push(resp(1)).await.unwrap();
        let attached = h.attach(Some("nope"), sink(), Box::new(|_| {}));
        assert_eq!(error_class(attached), "INVALID_CURSOR.POSITION_NOT_FOUND");
    }

    #[tokio::test]
    async fn reattach_after_releasing_the_last_seen_response_resumes_after_it() {
        // The client releases each response it returns, then reattaches after the last one
        // (PySpark's `ExecutePlanResponseReattachableIterator` after a deadline or UNAVAILABLE).
        let h = ExecuteHolder::new("op".into(), vec![], true);
        h.push(resp(0)).await.unwrap();
        let mut s = h.attach(None, sink(), Box::new(|_| {})).unwrap();
        let first = s.next().await.unwrap().unwrap();
        h.release_until(&first.response_id).unwrap();
        drop(s);
        let resumed = h
            .attach(Some(&first.response_id), sink(), Box::new(|_| {}))
            .unwrap();
        // Responses produced after the reattach reach the new stream.
        h.push(resp(1)).await.unwrap();
        h.push(resp(2)).await.unwrap();
        h.finish();
        let rest: Vec<_> = resumed.map(|r| r.unwrap().response_id).collect().await;
        assert_eq!(rest.len(), 2);
        assert!(!rest.contains(&first.response_id));
    }

    #[tokio::test]
    async fn reattach_before_a_released_response_is_not_available() {
        let h = ExecuteHolder::new("op".into(), vec![], true);
        for i in 0..3 {
            h.push(resp(i)).await.unwrap();
        }
        h.finish();
        let all: Vec<_> = h
            .attach(None, sink(), Box::new(|_| {}))
            .unwrap()
            .map(|r| r.unwrap().response_id)
            .collect()
            .await;
        h.release_until(&all[1]).unwrap();
        // After the first response comes the second, which is released.
        let mut again = h.attach(Some(&all[0]), sink(), Box::new(|_| {})).unwrap();
        let e = again.next().await.unwrap().unwrap_err();
        assert!(
            e.message()
                .contains("INVALID_CURSOR.POSITION_NOT_AVAILABLE"),
            "{e:?}"
        );
        assert!(e.message().contains(&all[1]), "{e:?}");
        // After the second, the third is still there.
        let tail: Vec<_> = h
            .attach(Some(&all[1]), sink(), Box::new(|_| {}))
            .unwrap()
            .collect()
            .await;
        assert_eq!(tail.len(), 1);
    }
}
