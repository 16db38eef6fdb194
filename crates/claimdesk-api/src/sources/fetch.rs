//! The stateless fetch (`claimdesk fetch`): fetch, extract, metadata and SHA-256, with nothing stored.

use claimdesk_sources as sources;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use claimdesk_core::SourceMetadata;

use super::stateless_fetch;
use crate::{ApiError, ApiResult, Claimdesk};

/// `claimdesk fetch --json`: what a stateless fetch found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FetchView {
    /// JSON schema version.
    pub schema_version: u32,
    /// The URL asked for.
    pub url: String,
    /// Where it ended after redirects.
    pub final_url: String,
    /// The redirects followed.
    pub redirect_chain: Vec<String>,
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: Option<String>,
    /// When (RFC 3339).
    pub fetched_at: String,
    /// SHA-256 of the body.
    pub sha256: String,
    /// Body size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Title, authors, dates, site name, canonical URL, language and description, as the page states them (the
    /// same metadata a citation keeps), flattened into this object.
    #[serde(flatten)]
    pub metadata: SourceMetadata,
    /// Extracted main text, or null when there is no readable text.
    pub text: Option<String>,
    /// A paged source's pages (PDF), each with its text; empty for a web page.
    pub pages: Vec<PageView>,
    /// The software that wrote a PDF (its Info or XMP producer).
    pub producer: Option<String>,
    /// Why there is no text, when reading failed (an encrypted, damaged, empty or image-only PDF, ...).
    pub read_problem: Option<ReadProblemView>,
}

/// One page of a paged source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PageView {
    /// 1-based page number.
    pub number: u32,
    /// The page's text in reading order (running headers, footers and page numbers left out).
    pub text: String,
}

/// Why a source's text could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReadProblemView {
    /// What went wrong.
    pub kind: ReadProblemKind,
    /// The failure in words.
    pub message: String,
}

/// The kinds of reading failure (the sources crate's, on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadProblemKind {
    /// Encrypted with a user password.
    PasswordRequired,
    /// Not a readable PDF.
    Malformed,
    /// An empty file or a document without pages.
    Empty,
    /// No text layer (a scan).
    NoTextLayer,
    /// Past the reader's memory, output or page limits.
    TooLarge,
    /// Past the reader's time limit.
    TimedOut,
}

impl From<sources::ProblemKind> for ReadProblemKind {
    fn from(k: sources::ProblemKind) -> Self {
        match k {
            sources::ProblemKind::PasswordRequired => ReadProblemKind::PasswordRequired,
            sources::ProblemKind::Malformed => ReadProblemKind::Malformed,
            sources::ProblemKind::Empty => ReadProblemKind::Empty,
            sources::ProblemKind::NoTextLayer => ReadProblemKind::NoTextLayer,
            sources::ProblemKind::TooLarge => ReadProblemKind::TooLarge,
            sources::ProblemKind::TimedOut => ReadProblemKind::TimedOut,
        }
    }
}

/// The extracted parts of a fetch view: text, pages, producer and problem.
fn extracted_parts(
    e: &sources::Extracted,
) -> (
    Option<String>,
    Vec<PageView>,
    Option<String>,
    Option<ReadProblemView>,
) {
    (
        e.text.clone(),
        e.page_texts()
            .into_iter()
            .map(|(number, text)| PageView {
                number,
                text: text.to_string(),
            })
            .collect(),
        e.pdf.as_ref().and_then(|p| p.producer.clone()),
        e.problem.as_ref().map(|p| ReadProblemView {
            kind: p.kind.into(),
            message: p.message.clone(),
        }),
    )
}

impl FetchView {
    fn from_fetched(f: &sources::Fetched) -> Self {
        let (text, pages, producer, read_problem) = extracted_parts(&f.extracted);
        FetchView {
            schema_version: crate::SCHEMA_VERSION,
            url: f.request_url.clone(),
            final_url: f.final_url.clone(),
            redirect_chain: f.redirect_chain.iter().map(|r| r.url.clone()).collect(),
            status: f.status,
            content_type: f.content_type.clone(),
            fetched_at: f.fetched_at.clone(),
            sha256: f.sha256.clone(),
            bytes: f.body.len() as u64,
            metadata: f.extracted.metadata.clone(),
            text,
            pages,
            producer,
            read_problem,
        }
    }
}

impl Claimdesk {
    /// Stateless fetch (`claimdesk fetch`): fetch, extract, metadata, SHA-256. Nothing is stored, and no workspace
    /// is needed.
    pub async fn fetch_url(url: &str) -> ApiResult<FetchView> {
        match stateless_fetch(url).await? {
            sources::FetchOutcome::Fetched(f) => Ok(FetchView::from_fetched(&f)),
            sources::FetchOutcome::NotModified { .. } => {
                Err(ApiError::internal("unconditional fetch answered 304"))
            }
        }
    }

    /// Stateless read of a local source file (`claimdesk fetch FILE`): the same view as a fetch, with `url` and
    /// `final_url` the file's `file://` URL, `status` 0 (nothing was fetched) and the content type its extension
    /// names.
    pub fn fetch_file(path: &std::path::Path) -> ApiResult<FetchView> {
        let (bytes, ct, name) = super::read_source_file(path)?;
        let e = super::extract_source_file(&bytes, ct, &name)?;
        let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let url = format!("file://{}", abs.display());
        let (text, pages, producer, read_problem) = extracted_parts(&e);
        Ok(FetchView {
            schema_version: crate::SCHEMA_VERSION,
            url: url.clone(),
            final_url: url,
            redirect_chain: Vec::new(),
            status: 0,
            content_type: ct.map(str::to_string),
            fetched_at: crate::rfc3339(super::now_unix() * 1000),
            sha256: sources::sha256_hex(&bytes),
            bytes: bytes.len() as u64,
            metadata: e.metadata.clone(),
            text,
            pages,
            producer,
            read_problem,
        })
    }
}
