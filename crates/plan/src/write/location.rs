//! Where a write goes: the output directory's object store (the one registered in the
//! session's runtime for its URL, so local paths, `file://` and remote stores are alike), its
//! prefix in that store, and the few store operations a write needs.

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::execution::context::SessionContext;
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectStore, ObjectStoreExt};
use futures::TryStreamExt;
use sabot_common::{Result, SparkError};

use crate::error::from_datafusion;

/// A resolved output directory.
#[derive(Clone)]
pub struct Location {
    pub store: Arc<dyn ObjectStore>,
    /// The directory's path inside the store.
    pub root: Path,
    /// The directory on the local file system, when the store is local.
    pub local: Option<PathBuf>,
    /// The path as Spark's messages show it (a qualified Hadoop path: `file:/tmp/out`).
    pub display: String,
}

/// An object-store failure as a Spark error.
pub fn store_error(e: datafusion::object_store::Error) -> SparkError {
    crate::stores::from_object_store(&e)
}

impl Location {
    /// Resolves `path` (a local path or a URL) in the session's runtime.
    pub fn resolve(ctx: &SessionContext, path: &str) -> Result<Self> {
        if path.trim().is_empty() {
            return Err(SparkError::illegal_argument(
                "Can not create a Path from an empty string",
            ));
        }
        let url = crate::stores::listing_url(path).map_err(from_datafusion)?;
        if url.get_glob().is_some() {
            return Err(SparkError::unsupported(format!(
                "writing to a path with glob characters: {path}"
            )));
        }
        if matches!(url.scheme(), "http" | "https") {
            return Err(SparkError::unsupported(format!(
                "writing to an http(s) path ({path}): HTTP paths are read-only"
            )));
        }
        let store = ctx
            .runtime_env()
            .object_store(url.object_store())
            .map_err(from_datafusion)?;
        let root = url.prefix().clone();
        let (local, display) = if url.scheme() == "file" {
            let local = url
                .get_url()
                .to_file_path()
                .map_err(|_| SparkError::internal(format!("not a local path: {path}")))?;
            let shown = local.display().to_string();
            let shown = shown.trim_end_matches('/');
            (Some(local.clone()), format!("file:{shown}"))
        } else {
            (None, url.as_str().trim_end_matches('/').to_string())
        };
        Ok(Self {
            store,
            root,
            local,
            display,
        })
    }

    /// `rel` (a `/`-separated relative path) under the output directory, its segments kept
    /// as they are (Spark's escaped `k=a%2Fb` is that name on disk and that key in a bucket).
    pub fn child(&self, rel: &str) -> Path {
        let parts = rel.split('/').filter(|p| !p.is_empty());
        let raw: Vec<&str> = std::iter::once(self.root.as_ref())
            .filter(|r| !r.is_empty())
            .chain(parts.clone())
            .collect();
        match Path::parse(raw.join("/")) {
            Ok(p) => p,
            // A segment object stores refuse as it is (a control character): encoded.
            Err(_) => parts.fold(self.root.clone(), |p, part| p.join(part)),
        }
    }

    /// Whether the output path exists: a directory (even an empty local one) or a file.
    pub async fn exists(&self) -> Result<bool> {
        if let Some(local) = &self.local {
            return Ok(std::fs::symlink_metadata(local).is_ok());
        }
        if self.store.head(&self.root).await.is_ok() {
            return Ok(true);
        }
        let mut list = self.store.list(Some(&self.root));
        Ok(list.try_next().await.map_err(store_error)?.is_some())
    }

    /// Every object under `prefix` (recursively); none when it does not exist.
    pub async fn list(&self, prefix: &Path) -> Result<Vec<Path>> {
        let listed: std::result::Result<Vec<_>, _> =
            self.store.list(Some(prefix)).try_collect().await;
        match listed {
            Ok(metas) => Ok(metas.into_iter().map(|m| m.location).collect()),
            Err(datafusion::object_store::Error::NotFound { .. }) => Ok(Vec::new()),
            Err(e) => Err(store_error(e)),
        }
    }

    /// Deletes objects, ignoring ones already gone.
    pub async fn delete_all(&self, paths: &[Path]) -> Result<()> {
        for p in paths {
            match self.store.delete(p).await {
                Ok(()) | Err(datafusion::object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(store_error(e)),
            }
        }
        Ok(())
    }

    /// Object stores have no directories, but a local file system keeps the empty ones a
    /// delete or rename leaves behind: remove those under `rel` (and `rel` itself when empty).
    pub fn prune_local_dirs(&self, rel: &str) {
        if let Some(local) = &self.local {
            let dir = rel
                .split('/')
                .filter(|p| !p.is_empty())
                .fold(local.clone(), |d, p| d.join(p));
            prune_empty(&dir);
        }
    }
}

/// Removes empty directories bottom-up; returns whether `dir` itself was removed.
fn prune_empty(dir: &std::path::Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut empty = true;
    for entry in entries.flatten() {
        let p = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if !(is_dir && prune_empty(&p)) {
            empty = false;
        }
    }
    empty && std::fs::remove_dir(dir).is_ok()
}
