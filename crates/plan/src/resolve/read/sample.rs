//! What schema inference reads: the files' texts, and the records `samplingRatio` keeps.

use datafusion::prelude::SessionContext;
use sabot_common::Result;

use super::files::{SourceFile, read_bytes};
use super::options::Encoding;
use crate::error::from_datafusion;

/// The decoded text of every file.
pub(crate) async fn read_texts(
    ctx: &SessionContext,
    files: &[SourceFile],
    encoding: Encoding,
) -> Result<Vec<String>> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let store = ctx
            .runtime_env()
            .object_store(&f.store)
            .map_err(from_datafusion)?;
        out.push(encoding.decode(&read_bytes(store.as_ref(), &f.meta).await?));
    }
    Ok(out)
}

/// The records inference looks at: all of them, or (ratio below 1) an evenly spread,
/// deterministic share of them, never none.
pub(crate) fn sampled<T: Copy>(all: &[T], ratio: f64) -> Vec<T> {
    if ratio >= 1.0 || all.is_empty() {
        return all.to_vec();
    }
    let mut out = Vec::new();
    let mut acc = 0.0;
    for &x in all {
        acc += ratio;
        if acc >= 1.0 {
            acc -= 1.0;
            out.push(x);
        }
    }
    if out.is_empty() {
        out.push(all[0]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling() {
        assert_eq!(sampled(&[1, 2, 3, 4], 1.0), vec![1, 2, 3, 4]);
        assert_eq!(sampled(&[1, 2, 3, 4], 0.5), vec![2, 4]);
        assert_eq!(sampled(&[1], 0.1), vec![1]);
    }
}
