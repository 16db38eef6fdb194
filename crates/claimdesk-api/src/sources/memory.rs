//! Claim memory (earlier claims like this one, elsewhere in the workspace) and the workspace-wide source search.

use claimdesk_evidence as evidence;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{u16, PassageView};
use crate::offsets::Utf16Map;
use crate::{ApiResult, ClaimStatus, Claimdesk};

/// An earlier claim that resembles this one (claim memory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarClaim {
    /// The earlier claim's id.
    #[ts(type = "number")]
    pub claim: u64,
    /// Its document's id.
    #[ts(type = "number")]
    pub document: u64,
    /// Its document's title.
    pub document_title: String,
    /// Its text.
    pub text: String,
    /// Its status.
    pub status: ClaimStatus,
    /// Number of citations it has (reusable with one action).
    pub citations: u32,
    /// Similarity score.
    pub score: f32,
}

/// A hit of the workspace-wide source search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SourceHit {
    /// Snapshot id.
    #[ts(type = "number")]
    pub snapshot: u64,
    /// The archived URL.
    pub url: String,
    /// Page title.
    pub title: Option<String>,
    /// The matching passage.
    pub passage: PassageView,
}

impl Claimdesk {
    /// Earlier claims in the workspace that resemble this one, with their status and citations (claim memory).
    pub fn similar_claims(&self, claim: u64) -> ApiResult<Vec<SimilarClaim>> {
        let c = self.store.claim(claim)?;
        let mut memory = evidence::ClaimMemory::new();
        let mut by_id = std::collections::HashMap::new();
        // Claim memory looks at the workspace's *other* drafts: the same claim made again elsewhere. Claims of this
        // draft are on screen already, and skipping them keeps a selection in a large draft cheap.
        for d in self
            .store
            .documents()?
            .into_iter()
            .filter(|d| d.id != c.document)
        {
            for other in self.store.claims(d.id)? {
                if !other.checkworthy {
                    continue;
                }
                memory.add(&other.id.to_string(), &other.text);
                by_id.insert(other.id, (other, d.title.clone()));
            }
        }
        Ok(memory
            .similar(&c.text, 5, evidence::ClaimMemory::DEFAULT_THRESHOLD, None)
            .into_iter()
            .filter_map(|hit| {
                let score = hit.similarity;
                let (o, title) = by_id.get(&hit.id.parse::<u64>().ok()?)?;
                Some(SimilarClaim {
                    claim: o.id,
                    document: o.document,
                    document_title: title.clone(),
                    text: o.text.clone(),
                    status: o.status,
                    citations: u32::try_from(o.citations.len()).unwrap_or(u32::MAX),
                    score,
                })
            })
            .collect())
    }

    /// Workspace-wide search of archived sources' text.
    pub fn search_sources(&self, query: &str, k: usize) -> ApiResult<Vec<SourceHit>> {
        let query = query.trim();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        // Snapshots are found through the citations (every archived snapshot was made for one).
        let mut index = evidence::SourceIndex::new();
        let mut snaps = std::collections::HashMap::new();
        for d in self.store.documents()? {
            for c in self.store.claims(d.id)? {
                for cit in self.store.citations(c.id)? {
                    for s in self.store.snapshots_for_url(&cit.url)? {
                        if let std::collections::hash_map::Entry::Vacant(slot) = snaps.entry(s.id) {
                            index.add(&s.id.to_string(), &s.text);
                            slot.insert(s);
                        }
                    }
                }
            }
        }
        Ok(index
            .search(query, k)
            .into_iter()
            .filter_map(|h| {
                let s = snaps.get(&h.id.parse::<u64>().ok()?)?;
                let map = Utf16Map::new(&s.text);
                Some(SourceHit {
                    snapshot: s.id,
                    url: s.url.clone(),
                    title: s.metadata.title.clone(),
                    passage: PassageView {
                        text: s.text.get(h.start..h.end).unwrap_or_default().to_string(),
                        start: u16(&map, h.start),
                        end: u16(&map, h.end),
                        score: h.score,
                    },
                })
            })
            .collect())
    }
}
