//! What the store keeps of a fetch: the snapshot of a fetched response, and the check of a link. The store writes
//! them together with the citation (or the re-check) that caused them, in one transaction.

use claimdesk_sources as sources;
use claimdesk_store as store;

use super::now_unix;
use crate::{ApiError, ApiResult, Claimdesk};

impl Claimdesk {
    /// The snapshot to archive for a fetched response.
    pub(super) fn new_snapshot(f: &sources::Fetched) -> store::NewSnapshot {
        let fetched_at = time::OffsetDateTime::parse(
            &f.fetched_at,
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or_else(|_| now_unix() * 1000);
        let health = if f.final_url != f.request_url {
            store::FetchStatus::Redirected
        } else {
            store::FetchStatus::Ok
        };
        store::NewSnapshot {
            url: f.request_url.clone(),
            final_url: f.final_url.clone(),
            redirect_chain: f.redirect_chain.iter().map(|r| r.url.clone()).collect(),
            fetched_at,
            status: f.status,
            headers: f.headers.clone(),
            content_type: f.content_type.clone(),
            raw: f.body.clone(),
            text: f.extracted.text.clone().unwrap_or_default(),
            metadata: f.extracted.metadata.clone(),
            link_health: health,
            page_starts: f.extracted.pages.iter().map(|p| p.start).collect(),
            read_problem: f.extracted.problem.as_ref().map(|p| p.message.clone()),
            origin: store::SnapshotOrigin::Fetched,
        }
    }

    /// The snapshot to archive for a file the editor saved as the copy of `url` (nothing is fetched: the URL is
    /// what the copy is of, the bytes are the editor's).
    pub(super) fn new_snapshot_from_file(
        url: &str,
        file_name: &str,
        bytes: Vec<u8>,
        content_type: Option<&str>,
        extracted: &sources::Extracted,
    ) -> store::NewSnapshot {
        store::NewSnapshot {
            url: url.to_string(),
            final_url: url.to_string(),
            redirect_chain: vec![url.to_string()],
            fetched_at: now_unix() * 1000,
            status: 200,
            headers: Vec::new(),
            content_type: content_type.map(str::to_string),
            raw: bytes,
            text: extracted.text.clone().unwrap_or_default(),
            metadata: extracted.metadata.clone(),
            link_health: store::FetchStatus::Ok,
            page_starts: extracted.pages.iter().map(|p| p.start).collect(),
            read_problem: extracted.problem.as_ref().map(|p| p.message.clone()),
            origin: store::SnapshotOrigin::EditorFile {
                file_name: file_name.to_string(),
            },
        }
    }

    /// A link check observed now, as the store keeps it.
    pub(super) fn check_value(obs: &sources::Observation) -> ApiResult<serde_json::Value> {
        let check = sources::Check {
            at_unix: now_unix(),
            observation: obs.clone(),
        };
        serde_json::to_value(&check).map_err(ApiError::internal)
    }
}
