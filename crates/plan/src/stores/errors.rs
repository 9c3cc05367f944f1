//! Object-store failures as Spark errors: a refused request names the store settings to check
//! (where Spark shows Hadoop's `AccessDeniedException`), anything else keeps the store's message.

use object_store::Error;
use sabot_common::SparkError;
use sabot_common::error::ExceptionKind;

/// The Spark error for a failed store operation.
pub fn from_object_store(e: &Error) -> SparkError {
    match e {
        Error::PermissionDenied { path, source } | Error::Unauthenticated { path, source } => {
            SparkError::new(
                ExceptionKind::Internal,
                format!(
                    "Access denied to {path}: {source}. Check the store's credentials: \
                     spark.hadoop.fs.s3a.access.key / secret.key / session.token (or \
                     fs.s3a.bucket.<bucket>.*), fs.gs.auth.*, \
                     fs.azure.account.key.<account>.dfs.core.windows.net, or the \
                     environment's credentials."
                ),
            )
        }
        other => SparkError::internal(format!("object store: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_names_the_settings() {
        let e = Error::PermissionDenied {
            path: "data/x".into(),
            source: "403 Forbidden".into(),
        };
        let s = from_object_store(&e).to_string();
        assert!(s.contains("Access denied to data/x"), "{s}");
        assert!(s.contains("spark.hadoop.fs.s3a.access.key"), "{s}");
    }
}
