//! Reading archived snapshots: the source reader's view and the line diff between two versions.

use claimdesk_sources as sources;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{summary_of, SourceSummary};
use crate::{ApiResult, Claimdesk};

/// An archived snapshot for the source reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SnapshotView {
    /// Metadata and archive facts.
    pub summary: SourceSummary,
    /// The URL that was cited.
    pub url: String,
    /// Redirects followed, in order.
    pub redirect_chain: Vec<String>,
    /// HTTP status.
    pub status: u16,
    /// The extracted text (empty when the source has no readable text).
    pub text: String,
    /// Other snapshots of the same URL, oldest first (for the diff).
    #[ts(type = "number[]")]
    pub versions: Vec<u64>,
    /// Where each page starts in `text` (UTF-16 units), for a paged source (PDF); empty otherwise.
    pub page_starts: Vec<u32>,
}

/// What a diff line is to the older snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    /// In both.
    Same,
    /// Only in the older one.
    Removed,
    /// Only in the newer one.
    Added,
}

/// One line of a diff between two snapshots' texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DiffLineView {
    /// same, removed or added.
    pub op: DiffOp,
    /// The line.
    pub text: String,
}

impl Claimdesk {
    /// A snapshot for the source reader.
    pub fn snapshot(&self, id: u64) -> ApiResult<SnapshotView> {
        let s = self.store.snapshot(id)?;
        let mut versions: Vec<u64> = self
            .store
            .snapshots_for_url(&s.url)?
            .iter()
            .map(|v| v.id)
            .collect();
        versions.sort_unstable();
        Ok(SnapshotView {
            summary: summary_of(&s),
            url: s.url.clone(),
            redirect_chain: s.redirect_chain.clone(),
            status: s.status,
            text: s.text.clone(),
            versions,
            page_starts: {
                let map = crate::offsets::Utf16Map::new(&s.text);
                s.page_starts
                    .iter()
                    .map(|&b| u32::try_from(map.to_utf16(b)).unwrap_or(u32::MAX))
                    .collect()
            },
        })
    }

    /// A line diff between two snapshots' texts.
    pub fn diff_snapshots(&self, old: u64, new: u64) -> ApiResult<Vec<DiffLineView>> {
        let a = self.store.snapshot(old)?;
        let b = self.store.snapshot(new)?;
        Ok(sources::diff_lines(&a.text, &b.text)
            .into_iter()
            .map(|l| match l {
                sources::DiffLine::Same(t) => DiffLineView {
                    op: DiffOp::Same,
                    text: t,
                },
                sources::DiffLine::Removed(t) => DiffLineView {
                    op: DiffOp::Removed,
                    text: t,
                },
                sources::DiffLine::Added(t) => DiffLineView {
                    op: DiffOp::Added,
                    text: t,
                },
            })
            .collect())
    }
}
