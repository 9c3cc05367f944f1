//! Gives the heap's free pages back to the system once no operation computes.
//!
//! glibc's allocator keeps what a thread freed in that thread's arena: after a burst of large
//! results (Arrow batches of a few MiB each) tens of MiB stay resident for the life of the
//! process, although nothing uses them. An operation holds a [`Busy`] guard while it computes
//! (not while it waits for its client, which may be gone); when the last guard is dropped, or
//! an operation's buffered responses are freed with nothing computing, a background task waits
//! a moment and, if no operation started meanwhile, asks the allocator to return its free
//! pages (`malloc_trim`). A steady stream of queries therefore never pays for a trim.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// How long no operation may compute or start before the server trims.
pub const IDLE_DELAY: Duration = Duration::from_millis(200);

/// Operations computing, operations ever started (or resumed), and the trimmer's wake-up.
#[derive(Debug)]
struct Idle {
    live: AtomicUsize,
    started: AtomicU64,
    wake: Notify,
}

/// The server's (process-wide, as the allocator it trims).
static IDLE: Idle = Idle::new();

/// Held by an operation while it computes.
#[derive(Debug)]
pub struct Busy(&'static Idle);

/// Marks an operation computing until the guard is dropped.
pub fn busy() -> Busy {
    IDLE.busy()
}

/// Dropped with memory worth giving back (an operation's buffered responses): wakes the
/// trimmer when nothing computes.
#[derive(Debug)]
pub struct Freed;

impl Drop for Freed {
    fn drop(&mut self) {
        IDLE.freed();
    }
}

/// Runs for the server's life: trims once after each wake-up (see `Idle::idle_for`) when no
/// operation started within `delay`.
pub async fn trim_when_idle(delay: Duration) {
    loop {
        if IDLE.idle_for(delay).await {
            // The trim walks every arena: on a blocking thread, off the runtime's workers.
            let released = tokio::task::spawn_blocking(release_free_memory).await;
            tracing::debug!(?released, "returned free heap pages to the system");
        }
    }
}

impl Idle {
    const fn new() -> Self {
        Self {
            live: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            wake: Notify::const_new(),
        }
    }

    fn busy(&'static self) -> Busy {
        self.started.fetch_add(1, Ordering::AcqRel);
        self.live.fetch_add(1, Ordering::AcqRel);
        Busy(self)
    }

    fn freed(&self) {
        if self.live.load(Ordering::Acquire) == 0 {
            self.wake.notify_one();
        }
    }

    /// Waits for a wake-up (the last operation stopped computing, or memory was freed with
    /// nothing computing); true when no operation started within `delay` after it.
    async fn idle_for(&self, delay: Duration) -> bool {
        self.wake.notified().await;
        let started = self.started.load(Ordering::Acquire);
        tokio::time::sleep(delay).await;
        self.live.load(Ordering::Acquire) == 0 && self.started.load(Ordering::Acquire) == started
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if self.0.live.fetch_sub(1, Ordering::AcqRel) == 1 {
            // Stored as a permit when the trimmer is not waiting yet.
            self.0.wake.notify_one();
        }
    }
}

/// Asks glibc to return the free pages of every arena (`malloc_trim(0)`); whether any were.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_free_memory() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and glibc serializes it with every other
    // allocator call; freed memory only is given back, live allocations stay where they are.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Other allocators (musl, macOS, Windows) return memory on their own, or have no such call.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_memory() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAY: Duration = Duration::from_millis(50);

    fn idle() -> &'static Idle {
        Box::leak(Box::new(Idle::new()))
    }

    #[tokio::test]
    async fn idle_once_the_last_operation_ends_and_none_starts() {
        let idle = idle();
        let (a, b) = (idle.busy(), idle.busy());
        drop(a);
        drop(b);
        assert!(idle.idle_for(DELAY).await);
    }

    #[tokio::test]
    async fn freed_memory_wakes_the_trimmer_only_when_nothing_computes() {
        let idle = idle();
        let computing = idle.busy();
        idle.freed();
        let woken = tokio::time::timeout(DELAY, idle.wake.notified()).await;
        assert!(woken.is_err(), "woken while an operation computes");
        drop(computing);
        assert!(idle.idle_for(DELAY).await);
        // Nothing computes now: freeing alone wakes it.
        idle.freed();
        assert!(idle.idle_for(DELAY).await);
    }

    #[tokio::test]
    async fn not_idle_when_an_operation_starts_within_the_delay() {
        let idle = idle();
        drop(idle.busy());
        let waiting = tokio::spawn(idle.idle_for(DELAY));
        tokio::time::sleep(Duration::from_millis(10)).await;
        let next = idle.busy();
        assert!(!waiting.await.unwrap());
        // Its end makes the server idle again.
        drop(next);
        assert!(idle.idle_for(DELAY).await);
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_memory_goes_back_to_the_system() {
        fn resident_kib() -> u64 {
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let line = status.lines().find(|l| l.starts_with("RssAnon:")).unwrap();
            line.split_whitespace().nth(1).unwrap().parse().unwrap()
        }
        // Many small blocks below glibc's mmap threshold, freed except for the last one: the
        // freed ones stay in the heap below it, resident, until trimmed.
        let mut blocks: Vec<Vec<u8>> = (0..20_000).map(|i| vec![i as u8; 4096]).collect();
        let keep = blocks.pop();
        drop(blocks);
        let before = resident_kib();
        assert!(release_free_memory());
        let after = resident_kib();
        assert!(before > after + 40_000, "{before} KiB -> {after} KiB");
        drop(keep);
    }
}
