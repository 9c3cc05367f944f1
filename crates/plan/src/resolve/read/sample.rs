//! What schema inference reads: the files' texts, and the records `samplingRatio` keeps.

use datafusion::prelude::SessionContext;
use sabot_common::Result;
use sabot_functions::XorShiftRandom;

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

/// The records inference looks at: all of them, or (ratio below 1) Spark's
/// `sample(withReplacement = false, ratio, seed = 1)` of them (`CSVUtils.sample`,
/// `JsonUtils.sample`): a Bernoulli draw of `XORShiftRandom(1)` per record, as Spark draws for
/// an input in one partition.
pub(crate) fn sampled<T: Copy>(all: &[T], ratio: f64) -> Vec<T> {
    if ratio >= 1.0 {
        return all.to_vec();
    }
    let mut rng = XorShiftRandom::new(1);
    all.iter()
        .copied()
        .filter(|_| rng.next_double() < ratio)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling() {
        assert_eq!(sampled(&[1, 2, 3, 4], 1.0), vec![1, 2, 3, 4]);
        let half = sampled(&(0..100).collect::<Vec<_>>(), 0.5);
        assert!(half.len() > 30 && half.len() < 70);
        assert_eq!(half, sampled(&(0..100).collect::<Vec<_>>(), 0.5));
    }
}
