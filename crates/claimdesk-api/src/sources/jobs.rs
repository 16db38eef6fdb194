//! Background source jobs: an id, a cancel token and a progress sink per fetch (and per embedding of an archived
//! source, `embedding.rs`), so the UI can show and stop it.

use std::sync::Arc;

use claimdesk_sources as sources;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Claimdesk;

/// Where a background fetch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobStage {
    /// Waiting for a connection slot.
    Queued,
    /// Connecting to the server.
    Connecting,
    /// Receiving the body (see `received` and `total`).
    Bytes,
    /// Extracting the text and metadata.
    Extracting,
    /// Embedding the archived source's sentences (see `received`: sentences done, and `total`).
    Embedding,
    /// Finished.
    Done,
    /// Failed (see `message`).
    Failed,
    /// Cancelled by the editor.
    Cancelled,
}

impl JobStage {
    /// The snake_case name used in JSON and in the CLI's progress lines.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStage::Queued => "queued",
            JobStage::Connecting => "connecting",
            JobStage::Bytes => "bytes",
            JobStage::Extracting => "extracting",
            JobStage::Embedding => "embedding",
            JobStage::Done => "done",
            JobStage::Failed => "failed",
            JobStage::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for JobStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A progress event of a background source job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct JobProgress {
    /// Job id (for cancel).
    #[ts(type = "number")]
    pub job: u64,
    /// The URL being fetched.
    pub url: String,
    /// queued, connecting, bytes, extracting, done, failed or cancelled.
    pub stage: JobStage,
    /// Bytes received so far.
    #[ts(type = "number | null")]
    pub received: Option<u64>,
    /// Expected total bytes, when known.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    /// Failure reason.
    pub message: Option<String>,
}

/// A background job's handle: its id, its cancel token and where its progress goes.
#[derive(Clone)]
pub struct Job {
    /// Job id.
    pub id: u64,
    /// Cancelling it stops the fetch.
    pub cancel: sources::CancellationToken,
    progress: Arc<dyn Fn(JobProgress) + Send + Sync>,
}

impl Job {
    /// A job that belongs to no workspace (it cannot be cancelled by id): progress for a fetch made before the
    /// workspace is opened, as the CLI's `cite` does.
    pub fn detached(progress: Arc<dyn Fn(JobProgress) + Send + Sync>) -> Job {
        Job {
            id: 0,
            cancel: sources::CancellationToken::new(),
            progress,
        }
    }

    /// Where this job's progress goes (a follow-up job reports to the same place).
    pub(super) fn progress(&self) -> Arc<dyn Fn(JobProgress) + Send + Sync> {
        self.progress.clone()
    }

    pub(super) fn emit(
        &self,
        url: &str,
        stage: JobStage,
        received: Option<u64>,
        total: Option<u64>,
        message: Option<String>,
    ) {
        (self.progress)(JobProgress {
            job: self.id,
            url: url.to_string(),
            stage,
            received,
            total,
            message,
        });
    }
}

impl Claimdesk {
    /// Starts a background job: an id, a cancel token registered for [`Claimdesk::cancel_job`], and a progress sink.
    pub fn start_job(&self, progress: Arc<dyn Fn(JobProgress) + Send + Sync>) -> Job {
        let id = self
            .next_job
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        let cancel = sources::CancellationToken::new();
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.insert(id, cancel.clone());
        }
        Job {
            id,
            cancel,
            progress,
        }
    }

    pub(super) fn finish_job(&self, job: &Job) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(&job.id);
        }
    }

    /// Cancels a running job; returns whether it was still running.
    pub fn cancel_job(&self, job: u64) -> bool {
        match self.jobs.lock() {
            Ok(mut jobs) => jobs.remove(&job).map(|t| t.cancel()).is_some(),
            Err(_) => false,
        }
    }

    /// Fetches a URL with progress reported to `job`.
    pub(super) async fn fetch_with(
        &self,
        job: &Job,
        url: &str,
        conditional: Option<&sources::Validators>,
    ) -> Result<sources::FetchOutcome, sources::FetchError> {
        fetch_reporting(&self.fetcher, job, url, conditional).await
    }
}

/// Fetches a URL on `fetcher` with progress reported to `job`.
pub(super) async fn fetch_reporting(
    fetcher: &sources::Fetcher,
    job: &Job,
    url: &str,
    conditional: Option<&sources::Validators>,
) -> Result<sources::FetchOutcome, sources::FetchError> {
    {
        let j = job.clone();
        let u = sources::url_without_credentials(url);
        let progress = move |p: sources::Progress| match p {
            sources::Progress::Queued => j.emit(&u, JobStage::Queued, None, None, None),
            sources::Progress::Connecting => j.emit(&u, JobStage::Connecting, None, None, None),
            sources::Progress::Bytes { received, total } => {
                j.emit(&u, JobStage::Bytes, Some(received), total, None)
            }
            sources::Progress::Extracting => j.emit(&u, JobStage::Extracting, None, None, None),
            sources::Progress::Done => j.emit(&u, JobStage::Done, None, None, None),
            sources::Progress::Failed { reason, .. } => {
                j.emit(&u, JobStage::Failed, None, None, Some(reason))
            }
        };
        fetcher
            .fetch(url, conditional, &progress, &job.cancel)
            .await
    }
}
