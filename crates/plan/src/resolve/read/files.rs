//! Which files a read covers: each path is a file, a directory (its files and its `key=value`
//! partition directories) or a glob; names starting with `_` or `.` are skipped, as Spark's
//! `InMemoryFileIndex` skips hidden and metadata files. Everything goes through the session's
//! `object_store` registry, so local paths and cloud stores list alike.

use std::sync::Arc;

use datafusion::datasource::listing::ListingTableUrl;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};
use datafusion::prelude::SessionContext;
use futures::TryStreamExt;
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::error::from_datafusion;

/// One file of a read.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub store: ObjectStoreUrl,
    pub meta: ObjectMeta,
    /// The file's URI as Spark shows it (`input_file_name()`): `file:///tmp/x.csv`.
    pub uri: String,
    /// The `key=value` directory segments between the read's root and the file.
    pub partition: Vec<(String, String)>,
}

/// `PATH_NOT_FOUND` (Spark's `QueryCompilationErrors.dataPathNotExistError`).
pub(crate) fn path_not_found(path: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Analysis,
        "PATH_NOT_FOUND",
        "42K03",
        format!("Path does not exist: {path}."),
    )
    .param("path", path)
}

/// How paths are listed: Spark's generic file source options.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing {
    /// `recursiveFileLookup`: every file below a directory, no partition discovery.
    pub recursive: bool,
    /// `pathGlobFilter`: a glob the file names must match.
    pub name_glob: Option<glob::Pattern>,
}

impl Listing {
    pub(crate) fn new(o: &super::options::Options) -> Result<Self> {
        let name_glob = o
            .get("pathGlobFilter")
            .map(|g| {
                glob::Pattern::new(g).map_err(|e| {
                    SparkError::illegal_argument(format!("Invalid pathGlobFilter {g}: {e}"))
                })
            })
            .transpose()?;
        Ok(Self {
            recursive: o.bool("recursiveFileLookup", false)?,
            name_glob,
        })
    }

    /// Whether the read uses more than DataFusion's listing does.
    pub(crate) fn is_custom(&self) -> bool {
        self.recursive || self.name_glob.is_some()
    }
}

/// The files of all `paths`, in path order (each path's files sorted by name).
pub(crate) async fn list_files(
    ctx: &SessionContext,
    paths: &[String],
    listing: &Listing,
) -> Result<Vec<SourceFile>> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(list_path(ctx, p, listing).await?);
    }
    Ok(out)
}

async fn list_path(ctx: &SessionContext, path: &str, listing: &Listing) -> Result<Vec<SourceFile>> {
    let url = crate::stores::listing_url(path).map_err(from_datafusion)?;
    let store_url = url.object_store();
    let store: Arc<dyn ObjectStore> = ctx
        .runtime_env()
        .object_store(&store_url)
        .map_err(from_datafusion)?;
    let state = ctx.state();
    let mut metas: Vec<ObjectMeta> = if listing.recursive && url.get_glob().is_none() {
        recursive(store.as_ref(), url.prefix()).await?
    } else if let Some(glob) = url.get_glob() {
        let all = recursive(store.as_ref(), url.prefix()).await?;
        all.into_iter()
            .filter(|m| glob_matches(&url, glob, &m.location))
            .collect()
    } else {
        url.list_all_files(&state, store.as_ref(), "")
            .await
            .map_err(from_datafusion)?
            .try_collect()
            .await
            .map_err(from_datafusion)?
    };
    metas.retain(|m| !hidden(&url, &m.location));
    if let Some(g) = &listing.name_glob {
        metas.retain(|m| m.location.filename().is_some_and(|n| g.matches(n)));
    }
    metas.sort_by(|a, b| a.location.cmp(&b.location));
    if metas.is_empty() && !exists(store.as_ref(), url.prefix()).await {
        return Err(path_not_found(&display_path(path)));
    }
    let base = store_url.as_str().trim_end_matches('/').to_string();
    Ok(metas
        .into_iter()
        .map(|meta| {
            let partition = if listing.recursive {
                Vec::new()
            } else {
                partition_segments(&url, &meta.location)
            };
            let uri = format!("{base}/{}", meta.location);
            SourceFile {
                store: store_url.clone(),
                meta,
                uri,
                partition,
            }
        })
        .collect())
}

/// Every file at or below `prefix` (`recursiveFileLookup`).
async fn recursive(store: &dyn ObjectStore, prefix: &Path) -> Result<Vec<ObjectMeta>> {
    if let Ok(meta) = store.head(prefix).await {
        return Ok(vec![meta]);
    }
    store
        .list(Some(prefix))
        .try_collect()
        .await
        .map_err(|e| crate::stores::from_object_store(&e))
}

/// Whether a glob (relative to the listed directory) matches the file or one of the
/// directories above it: Hadoop's `globStatus` expands a glob to files and directories, and a
/// matched directory is read with its files. `*` does not cross `/`.
fn glob_matches(url: &ListingTableUrl, glob: &glob::Pattern, location: &Path) -> bool {
    let Some(segments) = url.strip_prefix(location) else {
        return false;
    };
    let segments: Vec<&str> = segments.collect();
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    (1..=segments.len()).any(|k| glob.matches_with(&segments[..k].join("/"), options))
}

/// Whether the prefix is a file or a directory with anything in it (an empty directory
/// exists for Spark: its read has no files).
async fn exists(store: &dyn ObjectStore, prefix: &Path) -> bool {
    if store.head(prefix).await.is_ok() {
        return true;
    }
    // A local directory that exists but holds no files.
    let local = format!("/{prefix}");
    std::path::Path::new(&local).is_dir()
}

/// Spark shows a missing local path as `file:/tmp/x`.
fn display_path(path: &str) -> String {
    if path.contains("://") {
        path.to_string()
    } else if path.starts_with('/') {
        format!("file:{path}")
    } else {
        std::env::current_dir()
            .map(|d| format!("file:{}", d.join(path).display()))
            .unwrap_or_else(|_| path.to_string())
    }
}

/// A file under a `_`/`.` directory or with such a name (Spark's `shouldFilterOutPathName`).
fn hidden(url: &ListingTableUrl, location: &Path) -> bool {
    let Some(segments) = url.strip_prefix(location) else {
        return false;
    };
    segments
        .into_iter()
        .any(|s| (s.starts_with('_') && !s.contains('=')) || s.starts_with('.'))
}

/// The `key=value` directories between the root and the file, values percent-decoded as
/// Spark's `unescapePathName` does.
fn partition_segments(url: &ListingTableUrl, location: &Path) -> Vec<(String, String)> {
    let Some(segments) = url.strip_prefix(location) else {
        return Vec::new();
    };
    let segments: Vec<&str> = segments.collect();
    let dirs = segments.len().saturating_sub(1);
    segments[..dirs]
        .iter()
        .filter_map(|s| {
            // Once for `object_store`'s encoding of the name, once for Spark's escaping.
            let decoded = unescape(&unescape(s));
            let (k, v) = decoded.split_once('=')?;
            (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// `%XX` escapes decoded (Spark's `ExternalCatalogUtils.unescapePathName`).
pub(crate) fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads a whole file.
pub(crate) async fn read_bytes(store: &dyn ObjectStore, meta: &ObjectMeta) -> Result<Vec<u8>> {
    let got = store
        .get(&meta.location)
        .await
        .map_err(|e| crate::stores::from_object_store(&e))?;
    let bytes = got
        .bytes()
        .await
        .map_err(|e| crate::stores::from_object_store(&e))?;
    super::compression::decompress(meta.location.as_ref(), bytes.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_and_hidden_files() {
        let url = ListingTableUrl::parse("file:///data/t/").unwrap();
        let loc = Path::from("data/t/y=2020/m=a%20b/part-0.csv");
        assert_eq!(
            partition_segments(&url, &loc),
            vec![
                ("y".to_string(), "2020".to_string()),
                ("m".to_string(), "a b".to_string())
            ]
        );
        assert!(hidden(&url, &Path::from("data/t/_SUCCESS")));
        assert!(hidden(&url, &Path::from("data/t/y=1/.part.crc")));
        assert!(!hidden(&url, &Path::from("data/t/y=1/part-0")));
        assert_eq!(unescape("a%3Db%2"), "a=b%2");
        assert_eq!(display_path("/tmp/x"), "file:/tmp/x");
        let g = crate::stores::listing_url("s3a://b/t/d*/*.csv").unwrap();
        let pat = g.get_glob().clone().unwrap();
        assert!(glob_matches(&g, &pat, &Path::from("t/d1/f.csv")));
        assert!(!glob_matches(&g, &pat, &Path::from("t/d1/f.txt")));
        assert!(!glob_matches(&g, &pat, &Path::from("t/e1/f.csv")));
        let d = crate::stores::listing_url("s3a://b/t/d*").unwrap();
        let pat = d.get_glob().clone().unwrap();
        assert!(glob_matches(&d, &pat, &Path::from("t/d1/k=1/f.csv")));
    }
}
