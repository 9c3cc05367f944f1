//! Sabot's Spark Connect server: what `sabot server` runs.
//!
//! - [`server`]: lifecycle: listener, limits, idle-session reaper, graceful shutdown.
//! - [`service`]: the `SparkConnectService` gRPC service, one thin handler per RPC.
//! - [`session`]: sessions keyed by (user id, session id), each isolated.
//! - [`execution`]: `ExecutePlan` operations: the reattachable response buffer, running
//!   relations and commands, Arrow result batches.
//! - [`analyze`]: the `AnalyzePlan` RPC.
//! - [`conf`]: the `Config` RPC.
//! - [`artifacts`]: `AddArtifacts`/`ArtifactStatus` and cached local relations.
//! - [`error`]: the one place errors become `tonic::Status` (with Spark's `ErrorInfo`).
//! - [`cli`]: the command line and the config file.
//! - [`idle_trim`]: freed heap pages go back to the system once no operation is left.
//! - [`catalog`]: databases, tables and views (the persistent `spark_catalog`), their SQL
//!   statements and the `spark.catalog` API.

pub mod analyze;
pub mod artifacts;
pub mod cache;
pub mod catalog;
pub mod checkpoint;
pub mod cli;
mod client_types;
pub mod conf;
pub mod error;
pub mod execution;
pub mod idle_trim;
pub mod memory;
pub mod object_stores;
pub mod server;
pub mod service;
pub mod session;
pub mod time_gate;
