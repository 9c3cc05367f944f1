//! The gRPC service end to end, in process: a server on `127.0.0.1:0` per test with a shutdown
//! handle (like arrow-flight's test fixture), driven by the generated Spark Connect client.
//! These cover protocol behaviour a PySpark test cannot easily force: malformed plans, replay
//! after a dropped stream, interrupts, compressed plans, error details, stale session ids.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use futures::StreamExt;
use prost::Message;
use sabot_common::config::SparkConf;
use sabot_server::server::{Server, ServerOptions};
use spark_connect_proto::connect::execute_plan_response::ResponseType;
use spark_connect_proto::connect::spark_connect_service_client::SparkConnectServiceClient;
use spark_connect_proto::connect::*;
use tokio::sync::oneshot;
use tonic::transport::Channel;
use tonic_types::StatusExt;

struct TestServer {
    client: SparkConnectServiceClient<Channel>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
    session_id: String,
}

impl TestServer {
    async fn start() -> Self {
        let server = Server::bind(ServerOptions {
            host: "127.0.0.1".into(),
            port: 0,
            conf: SparkConf::new(),
        })
        .await
        .unwrap();
        let addr = server.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(async move {
            server
                .serve(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        let client = SparkConnectServiceClient::connect(format!("http://{addr}"))
            .await
            .unwrap()
            .max_decoding_message_size(128 << 20);
        Self {
            client,
            shutdown: Some(tx),
            handle: Some(handle),
            session_id: uuid::Uuid::new_v4().to_string(),
        }
    }

    async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            tokio::time::timeout(Duration::from_secs(10), h)
                .await
                .unwrap()
                .unwrap();
        }
    }

    fn user() -> Option<UserContext> {
        Some(UserContext {
            user_id: "tester".into(),
            ..Default::default()
        })
    }

    fn execute_request(
        &self,
        plan: Option<Plan>,
        reattachable: bool,
        tags: Vec<String>,
    ) -> ExecutePlanRequest {
        ExecutePlanRequest {
            session_id: self.session_id.clone(),
            user_context: Self::user(),
            operation_id: Some(uuid::Uuid::new_v4().to_string()),
            plan,
            request_options: vec![execute_plan_request::RequestOption {
                request_option: Some(
                    execute_plan_request::request_option::RequestOption::ReattachOptions(
                        ReattachOptions { reattachable },
                    ),
                ),
            }],
            tags,
            ..Default::default()
        }
    }

    /// Runs a relation to the end; returns the responses or the error status.
    async fn collect(&mut self, plan: Plan) -> Result<Vec<ExecutePlanResponse>, tonic::Status> {
        let req = self.execute_request(Some(plan), false, vec![]);
        let mut stream = self.client.execute_plan(req).await?.into_inner();
        let mut out = Vec::new();
        while let Some(r) = stream.next().await {
            out.push(r?);
        }
        Ok(out)
    }
}

fn range(end: i64) -> Relation {
    Relation {
        common: None,
        rel_type: Some(relation::RelType::Range(Range {
            start: Some(0),
            end,
            step: 1,
            num_partitions: None,
        })),
    }
}

fn root(rel: Relation) -> Plan {
    Plan {
        op_type: Some(plan::OpType::Root(rel)),
    }
}

/// `SELECT sum(id) FROM range(n)` as a relation: slow for a large `n`.
fn sum_of_range(n: i64) -> Relation {
    Relation {
        common: None,
        rel_type: Some(relation::RelType::Sql(Sql {
            query: format!("SELECT sum(id) FROM range({n})"),
            ..Default::default()
        })),
    }
}

fn rows(responses: &[ExecutePlanResponse]) -> i64 {
    responses
        .iter()
        .filter_map(|r| match &r.response_type {
            Some(ResponseType::ArrowBatch(b)) => Some(b.row_count),
            _ => None,
        })
        .sum()
}

fn error_class(status: &tonic::Status) -> String {
    let details = status.get_error_details();
    let info = details.error_info().expect("ErrorInfo in status");
    info.metadata.get("errorClass").cloned().unwrap_or_default()
}

#[tokio::test]
async fn malformed_plans_fail_alone_and_the_server_keeps_serving() {
    let mut s = TestServer::start().await;
    // No plan at all.
    let req = s.execute_request(None, false, vec![]);
    let err = s.client.execute_plan(req).await.expect_err("an error");
    let details = err.get_error_details();
    let info = details.error_info().expect("ErrorInfo");
    assert!(info.metadata["classes"].contains("org.apache.spark.SparkException"));
    // A relation without a type.
    let err = s.collect(root(Relation::default())).await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::Internal);
    // A plan that is not valid protobuf inside a compressed operation.
    let bad = Plan {
        op_type: Some(plan::OpType::CompressedOperation(
            plan::CompressedOperation {
                data: vec![1, 2, 3],
                op_type: 1,
                compression_codec: 1,
            },
        )),
    };
    let err = s.collect(bad).await.unwrap_err();
    assert_eq!(error_class(&err), "CONNECT_INVALID_PLAN.CANNOT_PARSE");
    // And the next query still works.
    let ok = s.collect(root(range(5))).await.unwrap();
    assert_eq!(rows(&ok), 5);
    s.stop().await;
}

#[tokio::test]
async fn zstd_compressed_plans_run() {
    let mut s = TestServer::start().await;
    let raw = range(7).encode_to_vec();
    let plan = Plan {
        op_type: Some(plan::OpType::CompressedOperation(
            plan::CompressedOperation {
                data: zstd::stream::encode_all(raw.as_slice(), 3).unwrap(),
                op_type: 1,
                compression_codec: 1,
            },
        )),
    };
    assert_eq!(rows(&s.collect(plan).await.unwrap()), 7);
    s.stop().await;
}

#[tokio::test]
async fn results_end_with_schema_batches_and_metrics() {
    let mut s = TestServer::start().await;
    let out = s.collect(root(range(25_000))).await.unwrap();
    assert!(out[0].schema.is_some(), "schema first");
    // A short query: the schema travels with the first batch (each message costs the client a
    // ReleaseExecute call), and no progress report comes before the final one.
    assert!(
        matches!(out[0].response_type, Some(ResponseType::ArrowBatch(_))),
        "{:?}",
        out[0].response_type
    );
    assert_eq!(out.iter().filter(|r| r.schema.is_some()).count(), 1);
    let batches: Vec<_> = out
        .iter()
        .filter_map(|r| match &r.response_type {
            Some(ResponseType::ArrowBatch(b)) => Some((b.row_count, b.start_offset)),
            _ => None,
        })
        .collect();
    assert_eq!(
        batches,
        vec![
            (10_000, Some(0)),
            (10_000, Some(10_000)),
            (5_000, Some(20_000))
        ]
    );
    assert!(out.last().unwrap().metrics.is_some(), "metrics last");
    assert!(
        out.iter()
            .all(|r| !r.response_id.is_empty() && !r.operation_id.is_empty())
    );
    s.stop().await;
}

#[tokio::test]
async fn reattach_replays_after_the_last_seen_response_and_release_forgets() {
    let mut s = TestServer::start().await;
    let req = s.execute_request(Some(root(range(30_000))), true, vec![]);
    let op = req.operation_id.clone().unwrap();
    let mut stream = s.client.execute_plan(req).await.unwrap().into_inner();
    let first = stream.next().await.unwrap().unwrap();
    let second = stream.next().await.unwrap().unwrap();
    drop(stream); // the connection "breaks" after two responses
    let mut rest = s
        .client
        .reattach_execute(ReattachExecuteRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            operation_id: op.clone(),
            last_response_id: Some(first.response_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut replayed = Vec::new();
    while let Some(r) = rest.next().await {
        replayed.push(r.unwrap());
    }
    assert_eq!(
        replayed[0].response_id, second.response_id,
        "resumes right after the last seen"
    );
    let mut all = vec![first, second];
    all.extend(replayed.iter().skip(1).cloned());
    assert_eq!(rows(&all), 30_000);
    assert!(matches!(
        replayed.last().unwrap().response_type,
        Some(ResponseType::ResultComplete(_))
    ));
    s.client
        .release_execute(ReleaseExecuteRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            operation_id: op.clone(),
            release: Some(release_execute_request::Release::ReleaseAll(
                release_execute_request::ReleaseAll {},
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    let gone = s
        .client
        .reattach_execute(ReattachExecuteRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            operation_id: op,
            ..Default::default()
        })
        .await
        .expect_err("released operations are gone");
    assert_eq!(error_class(&gone), "INVALID_HANDLE.OPERATION_NOT_FOUND");
    s.stop().await;
}

#[tokio::test]
async fn interrupt_by_tag_cancels_a_running_query() {
    let mut s = TestServer::start().await;
    let req = s.execute_request(
        Some(root(sum_of_range(1_000_000_000_000))),
        false,
        vec!["slow".into()],
    );
    let mut stream = s.client.execute_plan(req).await.unwrap().into_inner();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let resp = s
        .client
        .interrupt(InterruptRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            interrupt_type: interrupt_request::InterruptType::Tag as i32,
            interrupt: Some(interrupt_request::Interrupt::OperationTag("slow".into())),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(resp.interrupted_ids.len(), 1);
    let result = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.next().await {
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Some(e),
                None => return None,
            }
        }
    })
    .await
    .expect("the query stops promptly");
    assert_eq!(
        error_class(&result.expect("an error")),
        "OPERATION_CANCELED"
    );
    assert_eq!(rows(&s.collect(root(range(3))).await.unwrap()), 3);
    s.stop().await;
}

#[tokio::test]
async fn errors_carry_details_for_fetch_error_details() {
    let mut s = TestServer::start().await;
    let bad = Relation {
        common: None,
        rel_type: Some(relation::RelType::Sql(Sql {
            query: "SELECT 1/0".into(),
            ..Default::default()
        })),
    };
    let err = s.collect(root(bad)).await.unwrap_err();
    let details = err.get_error_details();
    let info = details.error_info().unwrap();
    assert_eq!(info.reason, "org.apache.spark.SparkArithmeticException");
    assert_eq!(info.metadata["sqlState"], "22012");
    let fetched = s
        .client
        .fetch_error_details(FetchErrorDetailsRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            error_id: info.metadata["errorId"].clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(fetched.root_error_idx, Some(0));
    let root = &fetched.errors[0];
    assert_eq!(
        root.spark_throwable
            .as_ref()
            .unwrap()
            .error_class
            .as_deref(),
        Some("DIVIDE_BY_ZERO")
    );
    s.stop().await;
}

#[tokio::test]
async fn a_stale_server_side_session_id_is_refused() {
    let mut s = TestServer::start().await;
    let err = s
        .client
        .config(ConfigRequest {
            session_id: s.session_id.clone(),
            user_context: TestServer::user(),
            client_observed_server_side_session_id: Some(uuid::Uuid::new_v4().to_string()),
            operation: Some(config_request::Operation {
                op_type: Some(config_request::operation::OpType::Get(
                    config_request::Get {
                        keys: vec!["spark.sql.ansi.enabled".into()],
                    },
                )),
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(error_class(&err), "INVALID_HANDLE.SESSION_CHANGED");
    let bad_id = s
        .client
        .config(ConfigRequest {
            session_id: "not-a-uuid".into(),
            user_context: TestServer::user(),
            operation: Some(config_request::Operation {
                op_type: Some(config_request::operation::OpType::GetAll(
                    config_request::GetAll { prefix: None },
                )),
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(error_class(&bad_id), "INVALID_HANDLE.FORMAT");
    s.stop().await;
}

#[tokio::test]
async fn a_client_that_disconnects_mid_stream_cancels_its_query() {
    let mut s = TestServer::start().await;
    let req = s.execute_request(Some(root(range(5_000_000))), false, vec!["big".into()]);
    let mut stream = s.client.execute_plan(req).await.unwrap().into_inner();
    let _ = stream.next().await.unwrap().unwrap();
    drop(stream);
    // The operation is forgotten: interrupting its tag finds nothing running.
    let mut interrupted = 1;
    for _ in 0..50 {
        let resp = s
            .client
            .interrupt(InterruptRequest {
                session_id: s.session_id.clone(),
                user_context: TestServer::user(),
                interrupt_type: interrupt_request::InterruptType::Tag as i32,
                interrupt: Some(interrupt_request::Interrupt::OperationTag("big".into())),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        interrupted = resp.interrupted_ids.len();
        if interrupted == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(interrupted, 0);
    assert_eq!(rows(&s.collect(root(range(4))).await.unwrap()), 4);
    s.stop().await;
}

#[tokio::test]
async fn shutdown_cancels_running_operations() {
    let mut s = TestServer::start().await;
    let req = s.execute_request(Some(root(sum_of_range(1_000_000_000_000))), false, vec![]);
    let mut stream = s.client.execute_plan(req).await.unwrap().into_inner();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let consumer = tokio::spawn(async move {
        loop {
            match stream.next().await {
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Some(e),
                None => return None,
            }
        }
    });
    s.stop().await; // returns only once in-flight calls ended
    let err = tokio::time::timeout(Duration::from_secs(10), consumer)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(error_class(&err.expect("cancelled")), "OPERATION_CANCELED");
}

/// gRPC clients (PySpark's grpcio among them) accept gzip by default; Spark's server still sends
/// results uncompressed, and so does Sabot (compressing every Arrow batch cost more CPU than
/// it saved: a 3M-row `toArrow()` took 2.6 s instead of 0.3 s).
#[tokio::test]
async fn results_are_sent_uncompressed_to_a_client_accepting_gzip() {
    let s = TestServer::start().await;
    let req = s.execute_request(Some(root(range(50_000))), false, vec![]);
    let mut client = s
        .client
        .clone()
        .accept_compressed(tonic::codec::CompressionEncoding::Gzip)
        .accept_compressed(tonic::codec::CompressionEncoding::Zstd);
    let response = client.execute_plan(req).await.unwrap();
    assert!(
        response.metadata().get("grpc-encoding").is_none(),
        "response encoding: {:?}",
        response.metadata().get("grpc-encoding")
    );
    let mut stream = response.into_inner();
    let mut out = Vec::new();
    while let Some(r) = stream.next().await {
        out.push(r.unwrap());
    }
    assert_eq!(rows(&out), 50_000);
    s.stop().await;
}
