//! Database and table directories wherever their location is: a `file:` path or an
//! object-store URL (`s3a://bucket/warehouse/db.db/t`). The catalog creates, empties, renames and
//! lists them as Spark's `SessionCatalog` does through Hadoop's `FileSystem`: on a local disk
//! with directory operations, on an object store through the session's store for the URL (which
//! has no directories: a directory is the prefix of its objects, a rename copies and deletes).

use datafusion::object_store::ObjectStoreExt;
use datafusion::object_store::path::Path;
use datafusion::prelude::SessionContext;
use sabot_common::{Result, SparkError};
use sabot_plan::write::location::{Location, store_error};

use super::{is_local, local_path, path_uri};

/// `name` inside the directory `parent`, in `parent`'s form.
pub fn child(parent: &str, name: &str) -> String {
    if is_local(parent) {
        path_uri(&local_path(parent).join(name))
    } else {
        format!("{}/{name}", parent.trim_end_matches('/'))
    }
}

/// Creates a local directory (object stores have none to create).
pub fn create(location: &str) {
    if is_local(location) {
        let _ = std::fs::create_dir_all(local_path(location));
    }
}

/// Deletes a directory and everything in it; a missing one is no error.
pub async fn remove_all(ctx: &SessionContext, location: &str) -> Result<()> {
    if is_local(location) {
        return match std::fs::remove_dir_all(local_path(location)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(SparkError::internal(
                format!("cannot delete {location}: {e}"),
            )),
            _ => Ok(()),
        };
    }
    let at = Location::resolve(ctx, location)?;
    let objects = at.list(&at.root).await?;
    at.delete_all(&objects).await
}

/// Deletes every file under a directory, keeping a local directory tree (Spark's
/// `TRUNCATE TABLE ... PARTITION` empties the partition's directory).
pub async fn delete_files(ctx: &SessionContext, location: &str) -> Result<()> {
    if !is_local(location) {
        return remove_all(ctx, location).await;
    }
    let root = local_path(location);
    let mut files = Vec::new();
    walk_local(&root, &root, &mut files);
    for f in files {
        let p = root.join(f);
        std::fs::remove_file(&p)
            .map_err(|e| SparkError::internal(format!("cannot delete {}: {e}", p.display())))?;
    }
    Ok(())
}

/// Whether a directory holds anything (a missing one does not).
pub async fn has_files(ctx: &SessionContext, location: &str) -> Result<bool> {
    if is_local(location) {
        return Ok(std::fs::read_dir(local_path(location)).is_ok_and(|mut d| d.next().is_some()));
    }
    let at = Location::resolve(ctx, location)?;
    Ok(!at.list(&at.root).await?.is_empty())
}

/// Moves a directory's contents to `to` (Spark renames a managed table's directory with it).
pub async fn rename(ctx: &SessionContext, from: &str, to: &str) -> Result<()> {
    if is_local(from) {
        let (old, new) = (local_path(from), local_path(to));
        if old.exists() {
            std::fs::rename(&old, &new).map_err(|e| {
                SparkError::internal(format!("cannot rename {}: {e}", old.display()))
            })?;
        }
        return Ok(());
    }
    let (src, dst) = (Location::resolve(ctx, from)?, Location::resolve(ctx, to)?);
    let objects = src.list(&src.root).await?;
    for o in &objects {
        let rel = relative(&src.root, o);
        src.store
            .copy(o, &dst.child(&rel))
            .await
            .map_err(store_error)?;
    }
    src.delete_all(&objects).await
}

/// The `/`-separated paths of the files under a directory, relative to it (none when it is
/// missing); hidden and metadata names are the caller's to skip.
pub async fn files(ctx: &SessionContext, location: &str) -> Result<Vec<String>> {
    if is_local(location) {
        let root = local_path(location);
        let mut out = Vec::new();
        walk_local(&root, &root, &mut out);
        return Ok(out);
    }
    let at = Location::resolve(ctx, location)?;
    Ok(at
        .list(&at.root)
        .await?
        .iter()
        .map(|o| relative(&at.root, o))
        .collect())
}

fn walk_local(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk_local(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// An object's path below `root`, `/`-separated, its segments as the store keeps them.
fn relative(root: &Path, object: &Path) -> String {
    let parts: Vec<String> = match object.prefix_match(root) {
        Some(rest) => rest.map(|p| p.as_ref().to_string()).collect(),
        None => object.parts().map(|p| p.as_ref().to_string()).collect(),
    };
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_keep_the_parent_form() {
        assert_eq!(child("file:/w/db.db", "t"), "file:/w/db.db/t");
        assert_eq!(child("s3a://b/w/db.db/", "t"), "s3a://b/w/db.db/t");
    }

    #[tokio::test]
    async fn local_directories() {
        let ctx = SessionContext::new();
        let tmp = std::env::temp_dir().join(format!("sabot-dirs-{}", std::process::id()));
        let a = path_uri(&tmp.join("a"));
        let b = path_uri(&tmp.join("b"));
        std::fs::create_dir_all(tmp.join("a/k=1")).unwrap();
        std::fs::write(tmp.join("a/k=1/part-0"), b"x").unwrap();
        assert!(has_files(&ctx, &a).await.unwrap());
        assert_eq!(
            files(&ctx, &a).await.unwrap(),
            vec!["k=1/part-0".to_string()]
        );
        rename(&ctx, &a, &b).await.unwrap();
        assert!(!has_files(&ctx, &a).await.unwrap());
        remove_all(&ctx, &b).await.unwrap();
        remove_all(&ctx, &b).await.unwrap();
        assert!(!has_files(&ctx, &b).await.unwrap());
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
