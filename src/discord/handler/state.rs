//! The state database, off the runtime: one thread makes the handler's SQLite calls, in the order
//! they were asked for, fed by a bounded queue.
//!
//! A locked or slow database (another process's transaction, a slow disk) then holds up only
//! that thread, never tokio's worker threads, so other students' answers go on. Writes an answer
//! does not depend on (a question logged) are queued and not waited for; calls whose result the
//! reply shows (a vote counted, `/review`, `/stats`) are awaited. One thread rather than a
//! `spawn_blocking` per call: the connection is one mutex anyway, the order is kept (a `/review`
//! after an `/ask` sees that question), and a stuck database costs one thread and a queue of at
//! most [`QUEUE`] jobs, not a blocking-pool thread per question.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::store::{Store, StoreError};

/// How many calls may wait for the database; beyond that a question goes unlogged (logged as a
/// failure) rather than the queue growing while the database is stuck.
const QUEUE: usize = 1024;

type Job = Box<dyn FnOnce(&Store) + Send>;

/// Why a call to the state database gave no result.
#[derive(Debug, thiserror::Error)]
pub(super) enum StateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the state database is behind: {QUEUE} calls are waiting for it")]
    Busy,
    #[error("the state database's thread has stopped")]
    Gone,
}

/// The handle to the state database's thread (it stops when the handle is dropped).
#[derive(Debug)]
pub(super) struct StateWorker {
    store: Arc<Store>,
    jobs: mpsc::Sender<Job>,
}

impl StateWorker {
    pub(super) fn start(store: Arc<Store>) -> StateWorker {
        let (jobs, mut queue) = mpsc::channel::<Job>(QUEUE);
        let owned = store.clone();
        let spawned = std::thread::Builder::new().name("normbot-state".into()).spawn(move || {
            while let Some(job) = queue.blocking_recv() {
                // A panicking call loses its own result only, not the thread.
                if std::panic::catch_unwind(AssertUnwindSafe(|| job(&owned))).is_err() {
                    tracing::error!("a call to the state database panicked");
                }
            }
        });
        if let Err(error) = spawned {
            tracing::error!(%error, "could not start the state database's thread; nothing will be recorded");
        }
        StateWorker { store, jobs }
    }

    /// The store, for what needs no SQLite (a question id is handed out in memory).
    pub(super) fn store(&self) -> &Store {
        &self.store
    }

    /// Queues `job` without waiting for it.
    pub(super) fn submit(&self, job: impl FnOnce(&Store) + Send + 'static) -> Result<(), StateError> {
        self.jobs.try_send(Box::new(job)).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => StateError::Busy,
            mpsc::error::TrySendError::Closed(_) => StateError::Gone,
        })
    }

    /// Runs `job` on the state database's thread and waits for its result.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StateError> {
        let (done, result) = oneshot::channel();
        self.submit(move |store| {
            let _ = done.send(job(store));
        })?;
        result.await.map_err(|_| StateError::Gone)?.map_err(StateError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn calls_run_in_order_and_a_panic_loses_only_its_own_result() {
        let worker = StateWorker::start(Arc::new(Store::in_memory().unwrap()));
        let asked = |text: &'static str| crate::store::Asked {
            guild: None,
            channel: None,
            user: None,
            at: 1,
            text,
            status: "no_match",
            score: 0.0,
            entry: None,
        };
        let id = worker.store().reserve_question_id();
        worker
            .submit(move |store| {
                store.log_question_as(id, &asked("queued")).unwrap();
            })
            .unwrap();
        let text = worker.run(move |store| store.question_text(id)).await.unwrap();
        assert_eq!(text.as_deref(), Some("queued"), "a call sees what was queued before it");
        let panicked = worker.run::<()>(|_| panic!("a broken call")).await;
        assert!(matches!(panicked, Err(StateError::Gone)), "{panicked:?}");
        assert_eq!(worker.run(move |store| store.question_text(id)).await.unwrap().as_deref(), Some("queued"));
    }
}
