//! The server's lifecycle: bind, serve, shut down.
//!
//! - **Listener**: a TCP listener on `host:port` (port 0 picks a free port). Once bound, the
//!   server prints `Sabot Spark Connect server listening on HOST:PORT` on stdout: scripts and the
//!   test fixture wait for that line.
//! - **Sessions**: one [`SessionManager`] for all connections; a background task closes
//!   sessions idle longer than the session timeout and executions abandoned by their client.
//! - **Limits**: gRPC messages up to `spark.connect.grpc.maxInboundMessageSize` (128 MiB, as
//!   Spark) in both directions; gzip- and zstd-compressed requests accepted. Responses are not
//!   compressed (as Spark's server): gRPC clients advertise gzip by default, and compressing
//!   every Arrow batch would cost more CPU than a local or datacenter link saves.
//! - **Idle memory**: once no operation has computed or started for 200 ms, the allocator's
//!   free pages go back to the system (see [`crate::idle_trim`]).
//! - **Shutdown**: when the shutdown future completes (Ctrl-C/SIGTERM in the binary), the
//!   listener stops accepting, every running operation is cancelled (clients get
//!   `OPERATION_CANCELED`), and the server returns once in-flight RPCs have ended.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use sabot_common::config::{self, SparkConf};
use sabot_common::{Result, SparkError};
use spark_connect_proto::connect::spark_connect_service_server::SparkConnectServiceServer;
use tokio::net::TcpListener;
use tonic::codec::CompressionEncoding;
use tonic::transport::server::TcpIncoming;

use crate::service::SabotService;
use crate::session::SessionManager;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    pub host: String,
    pub port: u16,
    /// Spark configs from `--conf` and the config file; defaults for every session.
    pub conf: SparkConf,
}

impl ServerOptions {
    fn duration_conf(&self, key: &str, default: Duration) -> Duration {
        self.conf
            .get_set(key)
            .and_then(parse_duration)
            .unwrap_or(default)
    }
}

/// Parses Spark time strings: `60s`, `5min`, `1h`, `500ms`, plain numbers as seconds.
pub fn parse_duration(v: &str) -> Option<Duration> {
    let v = v.trim().to_ascii_lowercase();
    let split = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (n, unit) = v.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => return Some(Duration::from_millis(n)),
        "m" | "min" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// A bound server, not yet serving.
pub struct Server {
    listener: TcpListener,
    options: ServerOptions,
}

impl Server {
    /// Binds the listener.
    pub async fn bind(options: ServerOptions) -> Result<Self> {
        let listener = TcpListener::bind((options.host.as_str(), options.port))
            .await
            .map_err(|e| {
                SparkError::internal(format!(
                    "cannot listen on {}:{}: {e}",
                    options.host, options.port
                ))
            })?;
        Ok(Self { listener, options })
    }

    /// The bound address (the real port when 0 was asked for).
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| SparkError::internal(e.to_string()))
    }

    /// Serves until `shutdown` completes, then cancels running operations and returns.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let memory_limit = self
            .options
            .conf
            .get_set(config::MEMORY_LIMIT)
            .and_then(config::parse_bytes)
            .and_then(|n| usize::try_from(n).ok());
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(crate::memory::server_pool(memory_limit))
            .build_arc()
            .map_err(|e| SparkError::internal(e.to_string()))?;
        let sessions = Arc::new(SessionManager::new(self.options.conf.clone(), runtime));

        let idle_timeout = self.options.duration_conf(
            "spark.connect.session.manager.defaultSessionTimeout",
            Duration::from_secs(3600),
        );
        let detached_timeout = self.options.duration_conf(
            "spark.connect.execute.manager.detachedTimeout",
            Duration::from_secs(300),
        );
        let reaper = {
            let sessions = Arc::clone(&sessions);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(10).min(idle_timeout));
                loop {
                    tick.tick().await;
                    sessions.close_idle(idle_timeout, detached_timeout);
                }
            })
        };

        let trimmer = tokio::spawn(crate::idle_trim::trim_when_idle(
            crate::idle_trim::IDLE_DELAY,
        ));

        let max_message = self
            .options
            .conf
            .get_set("spark.connect.grpc.maxInboundMessageSize")
            .and_then(config::parse_bytes)
            .unwrap_or(128 << 20) as usize;
        let service = SparkConnectServiceServer::new(SabotService {
            sessions: Arc::clone(&sessions),
        })
        .max_decoding_message_size(max_message)
        .max_encoding_message_size(max_message)
        .accept_compressed(CompressionEncoding::Gzip)
        .accept_compressed(CompressionEncoding::Zstd);

        let on_shutdown = {
            let sessions = Arc::clone(&sessions);
            async move {
                shutdown.await;
                tracing::info!(
                    running = sessions.running_executions(),
                    "shutting down: cancelling running operations"
                );
                sessions.close_all();
            }
        };
        let result = tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming_shutdown(
                // TCP_NODELAY: without it Nagle's algorithm holds each small response until the
                // client's delayed ACK (~40 ms per round trip).
                TcpIncoming::from(self.listener).with_nodelay(Some(true)),
                on_shutdown,
            )
            .await
            .map_err(|e| SparkError::internal(format!("server error: {e}")));
        reaper.abort();
        trimmer.abort();
        sessions.close_all();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60s"), Some(Duration::from_secs(60)));
        assert_eq!(parse_duration("5min"), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("soon"), None);
    }
}
