//! [`SharedRun`]: work an exec does once per run for all its output partitions (a stage
//! boundary: read the whole input, then hand each partition its part). The first partition
//! to ask does the work; the others wait for it and share its result or its error.

use std::sync::{Arc, Mutex};

use datafusion::common::{DataFusionError, Result as DfResult, internal_err};
use tokio::sync::OnceCell;

/// The run's outcome, shared by the partitions.
type Outcome<T> = Arc<Result<T, Arc<DataFusionError>>>;

#[derive(Debug)]
pub struct SharedRun<T>(Arc<OnceCell<Outcome<T>>>);

impl<T> Clone for SharedRun<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Default for SharedRun<T> {
    fn default() -> Self {
        Self(Arc::new(OnceCell::new()))
    }
}

impl<T> SharedRun<T> {
    /// The run's result, doing the work with `run` if no partition has yet.
    pub async fn get<F>(&self, run: impl FnOnce() -> F) -> DfResult<&T>
    where
        F: Future<Output = DfResult<T>>,
    {
        let outcome = self
            .0
            .get_or_init(|| async { Arc::new(run().await.map_err(Arc::new)) })
            .await;
        match outcome.as_ref() {
            Ok(t) => Ok(t),
            Err(e) => Err(DataFusionError::Shared(Arc::clone(e))),
        }
    }

    /// The result, if the run is done and succeeded (for display).
    pub fn done(&self) -> Option<&T> {
        self.0.get().and_then(|o| o.as_ref().as_ref().ok())
    }
}

/// Partition `partition`'s part of a run's parts, taken (each part is read once).
pub fn take_part<V>(parts: &Mutex<Vec<Option<V>>>, partition: usize) -> DfResult<Option<V>> {
    match parts.lock() {
        Ok(mut p) => Ok(p.get_mut(partition).and_then(Option::take)),
        Err(_) => internal_err!("a shared run's state is poisoned"),
    }
}
