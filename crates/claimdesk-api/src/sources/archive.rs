//! Archiving a fetched response as a snapshot, and recording each check of a link.

use claimdesk_sources as sources;
use claimdesk_store as store;

use super::now_unix;
use crate::{ApiError, ApiResult, Claimdesk};

impl Claimdesk {
    /// Archives a fetched response as a snapshot; returns the stored snapshot.
    pub(super) fn archive(&self, f: &sources::Fetched) -> ApiResult<store::Snapshot> {
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
        Ok(self.store.put_snapshot(
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
            },
            &self.editor,
        )?)
    }

    pub(super) fn record_check(
        &self,
        url: &str,
        snapshot: Option<u64>,
        obs: &sources::Observation,
    ) -> ApiResult<()> {
        let check = sources::Check {
            at_unix: now_unix(),
            observation: obs.clone(),
        };
        let v = serde_json::to_value(&check).map_err(ApiError::internal)?;
        Ok(self
            .store
            .record_link_check(url, snapshot, v, &self.editor)?)
    }
}
