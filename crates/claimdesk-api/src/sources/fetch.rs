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
}

impl FetchView {
    fn from_fetched(f: &sources::Fetched) -> Self {
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
            text: f.extracted.text.clone(),
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
}
