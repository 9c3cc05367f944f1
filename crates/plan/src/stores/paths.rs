//! Paths as listing URLs: DataFusion splits a glob off local paths only, so a URL with glob
//! characters (`s3a://bucket/logs/2024-*/*.json`) is split here the same way: the directory
//! before the first glob character is listed, the rest is the pattern its files must match.

use datafusion::datasource::listing::ListingTableUrl;
use datafusion::error::{DataFusionError, Result};
use url::Url;

/// Hadoop's glob characters that `glob::Pattern` understands.
const GLOB_CHARS: &[char] = &['*', '?', '['];

/// The listing URL of a path (a local path or a URL), with its glob, if any.
pub fn listing_url(path: &str) -> Result<ListingTableUrl> {
    if !path.contains("://") {
        return ListingTableUrl::parse(path);
    }
    let url = Url::parse(path).map_err(|e| DataFusionError::External(Box::new(e)))?;
    let Some(first) = url.path().find(GLOB_CHARS) else {
        return ListingTableUrl::try_new(url, None);
    };
    let full = url.path().to_string();
    let split = full[..first].rfind('/').map_or(0, |i| i + 1);
    let (dir, pattern) = full.split_at(split);
    let pattern =
        glob::Pattern::new(pattern).map_err(|e| DataFusionError::External(Box::new(e)))?;
    let mut base = url;
    base.set_path(dir);
    ListingTableUrl::try_new(base, Some(pattern))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_in_urls_are_split_off() {
        let u = listing_url("s3a://b/logs/d*/*.csv").unwrap();
        assert_eq!(u.as_str(), "s3a://b/logs/");
        assert_eq!(u.prefix().as_ref(), "logs");
        assert_eq!(u.get_glob().as_ref().map(|g| g.as_str()), Some("d*/*.csv"));
        let plain = listing_url("s3a://b/logs/x.csv").unwrap();
        assert!(plain.get_glob().is_none());
        assert_eq!(plain.prefix().as_ref(), "logs/x.csv");
        let local = listing_url("/tmp/a*/x").unwrap();
        assert!(local.get_glob().is_some());
    }
}
