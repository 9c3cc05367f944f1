//! The `SparkConnectService` gRPC service: every RPC of the protocol, each a thin dispatch to
//! the session and execution layers. Errors leave through [`crate::error::to_status`] only.

use std::sync::Arc;

use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::interrupt_request::{Interrupt, InterruptType};
use spark_connect_proto::connect::release_execute_request::Release;
use spark_connect_proto::connect::spark_connect_service_server::SparkConnectService;
use spark_connect_proto::connect::*;
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};

use crate::artifacts::AddArtifactsHandler;
use crate::error::{error_chain, to_status};
use crate::execution::ExecuteHolder;
use crate::execution::holder::{ErrorSink, ResponseStream};
use crate::execution::runner;
use crate::session::{Session, SessionManager};

/// The service state shared by all connections.
pub struct SabotService {
    pub sessions: Arc<SessionManager>,
}

fn user_id(ctx: &Option<UserContext>) -> &str {
    ctx.as_ref().map(|c| c.user_id.as_str()).unwrap_or("")
}

/// Converts a handler's result, keeping the error for FetchErrorDetails when a session exists.
fn respond<T>(session: Option<&Session>, r: Result<T>) -> Result<Response<T>, Status> {
    r.map(Response::new)
        .map_err(|e| to_status(&e, session.map(|s| &s.errors)))
}

impl SabotService {
    fn session(
        &self,
        user: &Option<UserContext>,
        session_id: &str,
        observed: &Option<String>,
    ) -> Result<Arc<Session>, Status> {
        self.sessions
            .get_or_create(user_id(user), session_id, observed.as_deref())
            .map_err(|e| to_status(&e, None))
    }
}

#[tonic::async_trait]
impl SparkConnectService for SabotService {
    type ExecutePlanStream = ResponseStream;

    async fn execute_plan(
        &self,
        request: Request<ExecutePlanRequest>,
    ) -> Result<Response<Self::ExecutePlanStream>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        crate::client_types::note_client(&session, req.client_type.as_deref());
        let result = start_execution(&session, req);
        respond(Some(&session), result)
    }

    async fn analyze_plan(
        &self,
        request: Request<AnalyzePlanRequest>,
    ) -> Result<Response<AnalyzePlanResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        crate::client_types::note_client(&session, req.client_type.as_deref());
        let result = match req.analyze {
            Some(a) => crate::analyze::handle(&session, a).await,
            None => Err(SparkError::invalid_plan(
                "AnalyzePlan request has no analysis",
            )),
        };
        respond(Some(&session), result)
    }

    async fn config(
        &self,
        request: Request<ConfigRequest>,
    ) -> Result<Response<ConfigResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let result = match req.operation.and_then(|o| o.op_type) {
            Some(op) => crate::conf::handle(&session, op),
            None => Err(SparkError::invalid_plan("Config request has no operation")),
        };
        respond(Some(&session), result)
    }

    async fn add_artifacts(
        &self,
        request: Request<Streaming<AddArtifactsRequest>>,
    ) -> Result<Response<AddArtifactsResponse>, Status> {
        let mut stream = request.into_inner();
        let mut session: Option<Arc<Session>> = None;
        let mut handler = AddArtifactsHandler::default();
        while let Some(msg) = stream.next().await {
            let req = msg?;
            let s = match &session {
                Some(s) => Arc::clone(s),
                None => {
                    let s = self.session(
                        &req.user_context,
                        &req.session_id,
                        &req.client_observed_server_side_session_id,
                    )?;
                    session = Some(Arc::clone(&s));
                    s
                }
            };
            if let Some(payload) = req.payload {
                handler
                    .handle(&s.artifacts, payload)
                    .map_err(|e| to_status(&e, Some(&s.errors)))?;
            }
        }
        let Some(s) = session else {
            return Err(to_status(
                &SparkError::invalid_plan("AddArtifacts stream was empty"),
                None,
            ));
        };
        let result = handler
            .finish(&s.artifacts)
            .map(|artifacts| AddArtifactsResponse {
                session_id: s.session_id.clone(),
                server_side_session_id: s.server_side_session_id.clone(),
                artifacts,
            });
        respond(Some(&s), result)
    }

    async fn artifact_status(
        &self,
        request: Request<ArtifactStatusesRequest>,
    ) -> Result<Response<ArtifactStatusesResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let statuses = req
            .names
            .into_iter()
            .map(|name| {
                let exists = session.artifacts.exists(&name);
                (name, artifact_statuses_response::ArtifactStatus { exists })
            })
            .collect();
        Ok(Response::new(ArtifactStatusesResponse {
            session_id: session.session_id.clone(),
            server_side_session_id: session.server_side_session_id.clone(),
            statuses,
        }))
    }

    async fn interrupt(
        &self,
        request: Request<InterruptRequest>,
    ) -> Result<Response<InterruptResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let result = (|| {
            let kind =
                InterruptType::try_from(req.interrupt_type).unwrap_or(InterruptType::Unspecified);
            let execs = session.executions()?;
            let selected: Vec<_> = match (kind, &req.interrupt) {
                (InterruptType::All, _) => execs,
                (InterruptType::Tag, Some(Interrupt::OperationTag(tag))) => execs
                    .into_iter()
                    .filter(|h| h.tags.iter().any(|t| t == tag))
                    .collect(),
                (InterruptType::OperationId, Some(Interrupt::OperationId(id))) => execs
                    .into_iter()
                    .filter(|h| &h.operation_id == id)
                    .collect(),
                _ => {
                    return Err(SparkError::invalid_plan(
                        "Interrupt request has no valid interrupt type",
                    ));
                }
            };
            let mut ids = Vec::new();
            for h in selected {
                if !h.is_finished() {
                    h.interrupt();
                    ids.push(h.operation_id.clone());
                }
            }
            Ok(InterruptResponse {
                session_id: session.session_id.clone(),
                server_side_session_id: session.server_side_session_id.clone(),
                interrupted_ids: ids,
            })
        })();
        respond(Some(&session), result)
    }

    type ReattachExecuteStream = ResponseStream;

    async fn reattach_execute(
        &self,
        request: Request<ReattachExecuteRequest>,
    ) -> Result<Response<Self::ReattachExecuteStream>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let result = (|| {
            let holder = session.execution(&req.operation_id)?;
            if !holder.reattachable {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Sql,
                    "INVALID_HANDLE.OPERATION_NOT_REATTACHABLE",
                    "HY000",
                    format!(
                        "The handle {} is invalid. Operation is not reattachable.",
                        req.operation_id
                    ),
                ));
            }
            attach(&session, &holder, req.last_response_id.as_deref())
        })();
        respond(Some(&session), result)
    }

    async fn release_execute(
        &self,
        request: Request<ReleaseExecuteRequest>,
    ) -> Result<Response<ReleaseExecuteResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        // Releasing an operation that is already gone is not an error (Spark ignores it too).
        let result = (|| {
            match req.release {
                Some(Release::ReleaseAll(_)) => {
                    if let Some(h) = session.remove_execution(&req.operation_id)? {
                        h.interrupt();
                    }
                }
                Some(Release::ReleaseUntil(u)) => {
                    if let Ok(h) = session.execution(&req.operation_id) {
                        h.release_until(&u.response_id)?;
                    }
                }
                None => {
                    return Err(SparkError::invalid_plan(
                        "ReleaseExecute request has no release type",
                    ));
                }
            }
            Ok(ReleaseExecuteResponse {
                session_id: session.session_id.clone(),
                server_side_session_id: session.server_side_session_id.clone(),
                operation_id: Some(req.operation_id.clone()),
            })
        })();
        respond(Some(&session), result)
    }

    async fn release_session(
        &self,
        request: Request<ReleaseSessionRequest>,
    ) -> Result<Response<ReleaseSessionResponse>, Status> {
        let req = request.into_inner();
        let released = self
            .sessions
            .release(
                user_id(&req.user_context),
                &req.session_id,
                req.allow_reconnect,
            )
            .map_err(|e| to_status(&e, None))?;
        Ok(Response::new(ReleaseSessionResponse {
            session_id: req.session_id,
            server_side_session_id: released
                .map(|s| s.server_side_session_id.clone())
                .unwrap_or_default(),
        }))
    }

    async fn fetch_error_details(
        &self,
        request: Request<FetchErrorDetailsRequest>,
    ) -> Result<Response<FetchErrorDetailsResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let (root, errors) = match session.errors.take(&req.error_id) {
            Some(e) => (Some(0), error_chain(&e)),
            None => (None, Vec::new()),
        };
        Ok(Response::new(FetchErrorDetailsResponse {
            server_side_session_id: session.server_side_session_id.clone(),
            session_id: session.session_id.clone(),
            root_error_idx: root,
            errors,
        }))
    }

    async fn clone_session(
        &self,
        request: Request<CloneSessionRequest>,
    ) -> Result<Response<CloneSessionResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        // Cloning must copy temp views, config and artifacts; copying a DataFusion catalog
        // faithfully is not done yet, so say so rather than hand out a half-copied session.
        respond::<CloneSessionResponse>(
            Some(&session),
            Err(SparkError::unsupported("cloning a session (CloneSession)")),
        )
    }

    async fn get_status(
        &self,
        request: Request<GetStatusRequest>,
    ) -> Result<Response<GetStatusResponse>, Status> {
        let req = request.into_inner();
        let session = self.session(
            &req.user_context,
            &req.session_id,
            &req.client_observed_server_side_session_id,
        )?;
        let mut statuses = Vec::new();
        if let Some(op) = req.operation_status {
            for id in op.operation_ids {
                // OperationState: 1 = running, 2 = terminated, 0 = unknown (not found).
                let state = match session.execution(&id) {
                    Ok(h) if h.is_finished() => 2,
                    Ok(_) => 1,
                    Err(_) => 0,
                };
                statuses.push(get_status_response::OperationStatus {
                    operation_id: id,
                    state,
                    extensions: Vec::new(),
                });
            }
        }
        Ok(Response::new(GetStatusResponse {
            session_id: session.session_id.clone(),
            server_side_session_id: session.server_side_session_id.clone(),
            operation_statuses: statuses,
            extensions: Vec::new(),
        }))
    }
}

/// Starts an `ExecutePlan` operation and attaches the caller's stream to it.
fn start_execution(session: &Arc<Session>, req: ExecutePlanRequest) -> Result<ResponseStream> {
    let operation_id = match req.operation_id {
        Some(id) if !id.is_empty() => {
            if uuid::Uuid::parse_str(&id).is_err() {
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Sql,
                    "INVALID_HANDLE.FORMAT",
                    "HY000",
                    format!(
                        "The handle {id} is invalid. Handle must be an UUID string of the format '00112233-4455-6677-8899-aabbccddeeff'"
                    ),
                ));
            }
            id
        }
        _ => uuid::Uuid::new_v4().to_string(),
    };
    let reattachable = req.request_options.iter().any(|o| {
        matches!(
            &o.request_option,
            Some(execute_plan_request::request_option::RequestOption::ReattachOptions(r)) if r.reattachable
        )
    });
    let plan = req
        .plan
        .ok_or_else(|| SparkError::invalid_plan("ExecutePlan request has no plan"))?;
    let op = runner::operation(plan)?;
    let holder = ExecuteHolder::new(operation_id, req.tags, reattachable);
    session.add_execution(Arc::clone(&holder))?;
    tokio::spawn(runner::run(Arc::clone(session), Arc::clone(&holder), op));
    attach(session, &holder, None)
}

/// Attaches a stream; when a non-reattachable stream ends the operation is forgotten.
fn attach(
    session: &Arc<Session>,
    holder: &Arc<ExecuteHolder>,
    last: Option<&str>,
) -> Result<ResponseStream> {
    let sink: Arc<dyn ErrorSink> = Arc::clone(session) as Arc<dyn ErrorSink>;
    let s = Arc::clone(session);
    let h = Arc::clone(holder);
    holder.attach(
        last,
        sink,
        Box::new(move |_completed| {
            if !h.reattachable {
                let _ = s.remove_execution(&h.operation_id);
            }
        }),
    )
}
