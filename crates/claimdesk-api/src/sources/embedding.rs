//! Sentence vectors of an archived snapshot, computed once in a background job and stored with the snapshot, so
//! evidence by meaning reads them instead of embedding at request time.
//!
//! The job embeds the snapshot's sentences in batches ([`BATCH`]) and stores each batch as it is done: memory stays
//! bounded by one batch whatever the source's length (a 50,000-sentence source included), a cancelled job keeps
//! what it stored, and the next run resumes where it stopped. Evidence never waits for it: it loads whatever vectors
//! are stored and embeds the few it needs live, as before (`crate::semantic`).

use std::collections::HashSet;
use std::sync::Arc;

use claimdesk_embed::Role;
use claimdesk_evidence::semantic::sentence_spans;

use super::{Job, JobProgress, JobStage};
use crate::{ApiResult, Claimdesk};

/// Sentences embedded and stored per batch.
pub const BATCH: usize = 32;

impl Claimdesk {
    /// Embeds every sentence of `snapshot` that has no stored vector yet, storing them batch by batch and reporting
    /// progress (`embedding`, sentences done of all) to `job`. Answers whether the snapshot is now complete: false
    /// when the job was cancelled, or without a model (nothing is done then). Runs on the caller's thread.
    pub fn embed_snapshot(&self, snapshot: u64, job: &Job) -> ApiResult<bool> {
        let Ok(enc) = crate::semantic::encoder() else {
            return Ok(false);
        };
        if self.store.snapshot_vectors_done(snapshot)? {
            return Ok(true);
        }
        let s = self.store.snapshot(snapshot)?;
        let spans = sentence_spans(&s.text);
        let stored: HashSet<(usize, usize)> = self
            .store
            .snapshot_vectors(snapshot)?
            .into_iter()
            .map(|(span, _)| span)
            .collect();
        let todo: Vec<(usize, usize)> = spans
            .iter()
            .copied()
            .filter(|sp| !stored.contains(sp))
            .collect();
        let texts: Vec<&str> = todo
            .iter()
            .map(|&(a, b)| s.text.get(a..b).unwrap_or(""))
            .collect();
        let total = spans.len() as u64;
        let mut done = stored.len() as u64;
        let mut batch: Vec<((usize, usize), Vec<f32>)> = Vec::with_capacity(BATCH);
        let mut failed = None;
        let complete = enc.embed_each(&texts, Role::Passage, |i, v| {
            batch.push((todo[i], v));
            if batch.len() >= BATCH || i + 1 == todo.len() {
                if let Err(e) = self.store.put_snapshot_vectors(snapshot, &batch) {
                    failed = Some(e);
                    return false;
                }
                done += batch.len() as u64;
                batch.clear();
                job.emit(&s.url, JobStage::Embedding, Some(done), Some(total), None);
            }
            !job.cancel.is_cancelled()
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        // A cancel seen after the last batch was stored still leaves the snapshot whole.
        let complete = complete || done == total;
        if complete {
            self.store.finish_snapshot_vectors(snapshot, spans.len())?;
            // The in-memory vectors of this snapshot are reloaded from the store on next use.
            self.forget_snapshot_vectors(snapshot);
            job.emit(&s.url, JobStage::Done, Some(done), Some(total), None);
        } else {
            job.emit(&s.url, JobStage::Cancelled, Some(done), Some(total), None);
        }
        Ok(complete)
    }

    /// Starts [`Claimdesk::embed_snapshot`] on a thread of its own as a cancellable job (its id is returned, for
    /// [`Claimdesk::cancel_job`]); `None` when there is no model or the snapshot is done already.
    pub fn embed_snapshot_in_background(
        &self,
        snapshot: u64,
        progress: Arc<dyn Fn(JobProgress) + Send + Sync>,
    ) -> Option<u64> {
        if crate::semantic::encoder().is_err()
            || self.store.snapshot_vectors_done(snapshot).unwrap_or(true)
        {
            return None;
        }
        let job = self.start_job(progress);
        let id = job.id;
        let desk = self.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("embed-snapshot-{snapshot}"))
            .spawn(move || {
                if let Err(e) = desk.embed_snapshot(snapshot, &job) {
                    tracing::warn!(snapshot, "embedding the snapshot failed: {}", e.message);
                    job.emit("", JobStage::Failed, None, None, Some(e.message));
                }
                desk.finish_job(&job);
            });
        spawned.is_ok().then_some(id)
    }
}
