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
use crate::{rfc3339, ApiResult};

mod archive;
pub mod cite;
pub mod embedding;
pub mod evidence;
pub mod fetch;
pub mod health;
pub mod jobs;
pub mod memory;
pub mod snapshots;

pub use cite::{CitationView, FetchedSource};
pub use evidence::{
    EvidenceView, NumberPairView, NumbersView, QuoteCheckView, ReasonView, SuggestionView,
};
pub use fetch::{FetchView, PageView, ReadProblemKind, ReadProblemView};
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
    /// The 1-based page the passage starts on, for a paged source (PDF); null otherwise.
    pub page: Option<u32>,
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
    /// Pages, for a paged source (PDF); 0 otherwise.
    pub pages: u32,
    /// Why the text could not be read (an encrypted or damaged PDF, ...), when it could not.
    pub read_problem: Option<String>,
    /// The name of the file the editor attached as the copy of the URL, when the snapshot came from one (not
    /// from a fetch).
    pub editor_file: Option<String>,
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
        pages: u32::try_from(s.page_starts.len()).unwrap_or(u32::MAX),
        read_problem: s.read_problem.clone(),
        editor_file: match &s.origin {
            store::SnapshotOrigin::EditorFile { file_name } => Some(file_name.clone()),
            store::SnapshotOrigin::Fetched => None,
        },
    }
}

/// The page holding byte offset `at` of a snapshot's text, from its page starts.
pub(crate) fn page_of(page_starts: &[usize], at: usize) -> Option<u32> {
    let i = page_starts.partition_point(|&s| s <= at);
    u32::try_from(i).ok().filter(|&n| n > 0)
}

/// The pages of an extracted source as page starts.
pub(crate) fn page_starts(e: &sources::Extracted) -> Vec<usize> {
    e.pages.iter().map(|p| p.start).collect()
}

/// Reads a source file's text: PDF, HTML and MHTML through the source extractor, plain text, Markdown and .docx
/// through the draft importers (the same path as a draft's), anything else as the extractor sniffs it.
pub(crate) fn extract_source_file(
    bytes: &[u8],
    content_type: Option<&str>,
    name: &str,
) -> ApiResult<sources::Extracted> {
    let is_docx = content_type.is_some_and(|c| c.contains("wordprocessingml"))
        || (content_type.is_none() && bytes.starts_with(b"PK\x03\x04"));
    if is_docx || content_type == Some("text/plain") {
        let draft = claimdesk_text::import::import_bytes(Some(name), bytes)?;
        return Ok(sources::Extracted {
            text: Some(draft.text).filter(|t| !t.trim().is_empty()),
            kind: sources::ContentKind::Text,
            metadata: Default::default(),
            encoding: Some(draft.encoding),
            pages: Vec::new(),
            problem: None,
            pdf: None,
        });
    }
    Ok(sources::extract(content_type, name, bytes))
}

/// A source file read for `fetch FILE`, `evidence --source FILE` and `cite --file`: its bytes, the content type
/// its extension names, and its name (no directories).
pub(crate) fn read_source_file(
    path: &std::path::Path,
) -> ApiResult<(Vec<u8>, Option<&'static str>, String)> {
    let bytes =
        crate::files::read_regular_file(path, evidence::SOURCE_FILE_MAX_BYTES, "source file")?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let ct = match ext.as_deref() {
        Some("html") | Some("htm") | Some("xhtml") => Some("text/html"),
        Some("pdf") => Some("application/pdf"),
        Some("json") => Some("application/json"),
        Some("mhtml") | Some("mht") => Some("multipart/related"),
        Some("docx") => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        Some("txt") | Some("text") | Some("md") => Some("text/plain"),
        _ => None,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, ct, name))
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A fetcher with the default limits and no workspace: private addresses only with `allow_private` (a workspace's
/// setting) or `CLAIMDESK_ALLOW_PRIVATE=1`.
pub(super) fn stateless_fetcher(
    allow_private: bool,
) -> Result<sources::Fetcher, sources::FetchError> {
    sources::Fetcher::new(sources::FetchConfig {
        allow_private: allow_private || sources::allow_private_from_env(),
        ..sources::FetchConfig::default()
    })
}

/// One fetch with the default limits and no progress, for the stateless commands.
async fn stateless_fetch(url: &str) -> Result<sources::FetchOutcome, sources::FetchError> {
    let fetcher = stateless_fetcher(false)?;
    fetcher
        .fetch(url, None, &|_| {}, &sources::CancellationToken::new())
        .await
}
