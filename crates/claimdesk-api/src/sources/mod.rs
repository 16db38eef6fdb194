//! Sources and evidence, by operation: citing a URL ([`cite`]: fetch, archive, find the passage), link health and
//! re-checks ([`health`]), evidence for a claim ([`evidence`]), reading snapshots ([`snapshots`]), claim memory and
//! the source search ([`memory`]), background jobs with progress and cancel ([`jobs`]) and the stateless fetch
//! ([`fetch`]). Each module keeps its wire types beside the operations that produce them; the types shared by
//! several (a passage, a source summary) are here.
//!
//! Fetching is async (reqwest on tokio); everything else here is quick store and text work done inline.

use claimdesk_sources as sources;
use claimdesk_store as store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::offsets::Utf16Map;
use crate::rfc3339;

mod archive;
pub mod cite;
pub mod evidence;
pub mod fetch;
pub mod health;
pub mod jobs;
pub mod memory;
pub mod snapshots;

pub use cite::CitationView;
pub use evidence::{
    EvidenceView, NumberPairView, NumbersView, QuoteCheckView, ReasonView, SuggestionView,
};
pub use fetch::FetchView;
pub use health::LinkReport;
pub use jobs::{Job, JobProgress, JobStage};
pub use memory::{SimilarClaim, SourceHit};
pub use snapshots::{DiffLineView, DiffOp, SnapshotView};

/// A link's health: the core vocabulary, exported to TypeScript.
pub use claimdesk_core::LinkHealth;
/// How a citation bears on its claim: the core vocabulary, exported to TypeScript under this name.
pub use claimdesk_core::Stance as CitationStance;

/// A passage of a snapshot's text (UTF-16 offsets into that text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PassageView {
    /// The passage text.
    pub text: String,
    /// Start, UTF-16 code units into the snapshot text.
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// Relevance score (ranked passages only; 0 for a cited passage).
    pub score: f32,
    /// The passage's language (ranked passages only).
    pub lang: Option<claimdesk_evidence::semantic::Lang>,
    /// Cosine similarity with the claim, when meaning-aware matching ranked it.
    pub similarity: Option<f32>,
}

/// What Claimdesk knows about an archived source, for the citation list and reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceSummary {
    /// Snapshot id.
    #[ts(type = "number")]
    pub snapshot: u64,
    /// Title from the page's metadata.
    pub title: Option<String>,
    /// Publisher or site name.
    pub publisher: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Published date as the page gives it.
    pub published: Option<String>,
    /// When Claimdesk archived it (RFC 3339).
    pub archived_at: String,
    /// SHA-256 of the archived body.
    pub sha256: String,
    /// Where the request ended after redirects.
    pub final_url: String,
    /// The response's content type.
    pub content_type: Option<String>,
    /// Whether the snapshot has readable text.
    pub has_text: bool,
}

fn u16(map: &Utf16Map, byte: usize) -> u32 {
    u32::try_from(map.to_utf16(byte)).unwrap_or(u32::MAX)
}

fn summary_of(s: &store::Snapshot) -> SourceSummary {
    SourceSummary {
        snapshot: s.id,
        title: s.metadata.title.clone(),
        publisher: s.metadata.site_name.clone(),
        authors: s.metadata.authors.clone(),
        published: s.metadata.published.clone(),
        archived_at: rfc3339(s.fetched_at),
        sha256: s.sha256.clone(),
        final_url: s.final_url.clone(),
        content_type: s.content_type.clone(),
        has_text: !s.text.trim().is_empty(),
    }
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// One fetch with the default limits and no progress, for the stateless commands.
async fn stateless_fetch(url: &str) -> Result<sources::FetchOutcome, sources::FetchError> {
    let fetcher = sources::Fetcher::new(sources::FetchConfig::default())?;
    fetcher
        .fetch(url, None, &|_| {}, &sources::CancellationToken::new())
        .await
}
