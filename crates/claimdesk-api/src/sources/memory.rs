//! Claim memory (earlier claims like this one, elsewhere in the workspace) and the workspace-wide source search.

use claimdesk_evidence as evidence;
use evidence::memory::{MemoryHit, MemoryOptions};
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
    /// Similarity score: the embeddings' cosine when `by_meaning`, the lexical similarity otherwise.
    pub score: f32,
    /// Whether the score is a similarity of meaning (embeddings) rather than of words.
    pub by_meaning: bool,
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
    /// Earlier claims in the workspace that say what this one says, in the same or other words or another
    /// language, with their status and citations (claim memory).
    pub fn similar_claims(&self, claim: u64) -> ApiResult<Vec<SimilarClaim>> {
        let c = self.store.claim(claim)?;
        // Claim memory looks at the workspace's *other* drafts: the same claim made again elsewhere. Claims of this
        // draft are on screen already. The index is built once and cached until claims change (see `cache`).
        let vector = self.claim_vector(&c)?;
        let hits = self.with_memory(
            Some(c.document),
            || self.build_claim_memory(Some(c.document)),
            |m| {
                m.similar(
                    &c.text,
                    vector.as_deref(),
                    crate::memory::SHOWN,
                    &MemoryOptions::default(),
                    None,
                )
            },
        )?;
        self.similar_claim_views(hits)
    }

    /// The views of claim-memory hits, read from the store now (so a claim marked since the index was built shows
    /// as it is).
    pub(crate) fn similar_claim_views(&self, hits: Vec<MemoryHit>) -> ApiResult<Vec<SimilarClaim>> {
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let Ok(id) = hit.id.parse::<u64>() else {
                continue;
            };
            let Ok(o) = self.store.claim(id) else {
                continue;
            };
            let title = self.store.document(o.document)?.title;
            let (score, by_meaning) = crate::memory::shown_score(&hit);
            out.push(SimilarClaim {
                claim: o.id,
                document: o.document,
                document_title: title,
                citations: u32::try_from(o.citations.len()).unwrap_or(u32::MAX),
                text: o.text,
                status: o.status,
                score,
                by_meaning,
            });
        }
        Ok(out)
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
                        page: super::page_of(&s.page_starts, h.start),
                        lang: None,
                        similarity: None,
                    },
                })
            })
            .collect())
    }
}
