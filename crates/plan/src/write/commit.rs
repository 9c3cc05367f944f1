//! Staging and committing a write, as Spark's `FileOutputCommitter` does: files are written
//! under `<output>/_temporary/<job id>/` (invisible to readers, which skip `_`-prefixed
//! entries), and only a successful job moves them into place and writes `_SUCCESS`. A failed
//! job deletes what it staged, so it leaves nothing visible behind.

use datafusion::object_store::ObjectStoreExt;
use datafusion::object_store::path::Path;
use sabot_common::Result;

use super::location::{Location, store_error};

/// The staging area's name under the output directory (Hadoop's `PENDING_DIR_NAME`).
pub const TEMPORARY_DIR: &str = "_temporary";
/// The marker of a committed job (Hadoop's `SUCCEEDED_FILE_NAME`).
pub const SUCCESS_FILE: &str = "_SUCCESS";

/// What a committed job replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replace {
    /// Nothing (append, or a new path).
    Nothing,
    /// Everything under the output directory (overwrite).
    All,
    /// The files of these partition directories (dynamic partition overwrite: the
    /// partitions the job wrote).
    Partitions(Vec<String>),
}

/// One write job's staging area.
pub struct Job {
    pub location: Location,
    /// The job's UUID, also in its file names.
    pub id: String,
}

impl Job {
    /// Where the file at `rel` (relative to the output directory) is staged.
    pub fn staged(&self, rel: &str) -> Path {
        self.location
            .child(&format!("{TEMPORARY_DIR}/{}/{rel}", self.id))
    }

    fn staging_rel(&self) -> String {
        format!("{TEMPORARY_DIR}/{}", self.id)
    }

    /// Moves the staged `files` into place and writes `_SUCCESS`. When overwriting, the data
    /// that was there (everything but other jobs' staging areas, or the written partitions'
    /// files) is deleted once the new files are in place; the old `_SUCCESS` goes first, so
    /// the directory is never marked complete while it holds a mix.
    pub async fn commit(&self, files: &[String], replace: &Replace) -> Result<()> {
        let loc = &self.location;
        let store = &loc.store;
        let overwrite = !matches!(replace, Replace::Nothing);
        let old = match replace {
            Replace::Nothing => Vec::new(),
            Replace::All => {
                let temporary = loc.child(TEMPORARY_DIR);
                let all = loc.list(&loc.root).await?;
                all.into_iter()
                    .filter(|p| !p.prefix_matches(&temporary))
                    .collect()
            }
            Replace::Partitions(dirs) => {
                let mut old = Vec::new();
                for d in dirs {
                    old.extend(loc.list(&loc.child(d)).await?);
                }
                old
            }
        };
        let success = loc.child(SUCCESS_FILE);
        loc.delete_all(std::slice::from_ref(&success)).await?;
        for rel in files {
            store
                .rename(&self.staged(rel), &loc.child(rel))
                .await
                .map_err(store_error)?;
        }
        let new: Vec<Path> = files.iter().map(|f| loc.child(f)).collect();
        let old: Vec<Path> = old
            .into_iter()
            .filter(|p| *p != success && !new.contains(p))
            .collect();
        loc.delete_all(&old).await?;
        if overwrite {
            // Old partition directories left empty on a local disk.
            for dir in local_subdirs(loc) {
                loc.prune_local_dirs(&dir);
            }
        }
        store
            .put(&success, Vec::<u8>::new().into())
            .await
            .map_err(store_error)?;
        self.clean_up().await
    }

    /// Deletes what the job staged (after a failure). Like Spark, an output directory the
    /// job created stays (empty) on a local disk.
    pub async fn abort(&self) -> Result<()> {
        self.clean_up().await
    }

    async fn clean_up(&self) -> Result<()> {
        let loc = &self.location;
        let staging = loc.child(&self.staging_rel());
        let left = loc.list(&staging).await?;
        loc.delete_all(&left).await?;
        // A local multipart upload dropped mid-way leaves a part file the store does not list.
        if let Some(local) = &loc.local {
            let _ = std::fs::remove_dir_all(local.join(TEMPORARY_DIR).join(&self.id));
        }
        loc.prune_local_dirs(TEMPORARY_DIR);
        Ok(())
    }
}

/// The names of the local output directory's subdirectories (none for remote stores).
fn local_subdirs(loc: &Location) -> Vec<String> {
    let Some(local) = &loc.local else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(local) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n != TEMPORARY_DIR)
        .collect()
}
