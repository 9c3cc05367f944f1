//! A session's runtime: the server's memory pool, disk manager and caches, with the session's
//! own object-store registry (its `spark.hadoop.*` settings pick the credentials and
//! endpoints, as each Spark session has its own Hadoop configuration).

use std::sync::Arc;

use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use sabot_plan::stores::SparkObjectStores;

/// The server's runtime with `stores` as its object-store registry; the server's runtime
/// itself if that cannot be built (then only the server's stores are reachable).
pub fn session_runtime(
    server: &Arc<RuntimeEnv>,
    stores: &Arc<SparkObjectStores>,
) -> Arc<RuntimeEnv> {
    let registry =
        Arc::clone(stores) as Arc<dyn datafusion::execution::object_store::ObjectStoreRegistry>;
    match RuntimeEnvBuilder::from_runtime_env(server)
        .with_object_store_registry(registry)
        .build_arc()
    {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "could not build the session's runtime; using the server's");
            Arc::clone(server)
        }
    }
}
