//! Claim memory by meaning and published fact-checks: "checked before" finds earlier claims of the workspace and
//! imported ClaimReview fact-checks that say the same thing in other words or another language.
//!
//! The index is exact cosine over a contiguous f32 matrix (`claimdesk_evidence::memory`), fused with BM25; the
//! vectors are stored in sled ([`index`]); without the model everything is the lexical memory and
//! [`SimilarAnswer::semantic`] says why.

pub mod claimreview;
mod index;

pub(crate) use index::wake_embedder;

use std::path::Path;

use claimdesk_embed::Role;
use claimdesk_evidence::memory::{HybridMemory, MemoryHit, MemoryOptions};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::semantic::SemanticStatus;
use crate::sources::SimilarClaim;
use crate::{ApiResult, Claimdesk};

/// At most this many prior fact-checks or similar claims are shown for one claim.
pub const SHOWN: usize = 5;

/// A published fact-check that reviewed the same claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PriorFactCheck {
    /// Its id in this workspace.
    #[ts(type = "number")]
    pub id: u64,
    /// The claim it reviewed (plain text, as imported).
    pub claim_reviewed: String,
    /// The verdict in words (`reviewRating.alternateName`).
    pub rating: Option<String>,
    /// The verdict on the publisher's scale (`reviewRating.ratingValue`).
    pub rating_value: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published, as the file says.
    pub date_published: Option<String>,
    /// Its page (http or https only).
    pub url: Option<String>,
    /// How similar it is: the embeddings' cosine when `by_meaning`, the lexical similarity otherwise.
    pub score: f32,
    /// Whether the score is a similarity of meaning (embeddings) rather than of words.
    pub by_meaning: bool,
}

/// What an import of fact-checks did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FactCheckImportView {
    /// The file read.
    pub file: String,
    /// Reviews found in the file.
    pub read: u32,
    /// Reviews added.
    pub added: u32,
    /// Reviews already in the workspace (same URL and claim), left as they were.
    pub already_present: u32,
    /// Fact-checks in the workspace now.
    pub total: u32,
}

/// `claimdesk similar`: earlier claims and prior fact-checks that say what a claim says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarAnswer {
    /// The claim's text.
    pub text: String,
    /// The claim's id, when the query was a claim of the workspace (its own draft is then left out).
    #[ts(type = "number | null")]
    pub claim: Option<u64>,
    /// Earlier claims of the workspace, most similar first.
    pub claims: Vec<SimilarClaim>,
    /// Prior fact-checks, most similar first.
    pub factchecks: Vec<PriorFactCheck>,
    /// Whether similarity was by meaning, and why not.
    pub semantic: SemanticStatus,
}

/// The semantic status of the memory right now.
pub(crate) fn memory_status() -> SemanticStatus {
    match crate::semantic::encoder() {
        Ok(_) => SemanticStatus {
            on: true,
            reason: None,
        },
        Err(reason) => SemanticStatus {
            on: false,
            reason: Some(reason.to_string()),
        },
    }
}

/// The score shown for a hit: its cosine when it has one, its lexical similarity otherwise.
pub(crate) fn shown_score(h: &MemoryHit) -> (f32, bool) {
    match (h.similarity, h.lexical) {
        (Some(s), _) => (s, true),
        (None, Some(l)) => (l, false),
        (None, None) => (h.score, false),
    }
}

impl Claimdesk {
    /// Imports the ClaimReview fact-checks of a JSON-LD file or feed, in one transaction: a refused file imports
    /// nothing and loses nothing. Their vectors are computed by [`Claimdesk::embed_pending`] (the app runs it in
    /// the background; `claimdesk similar` before answering).
    pub fn import_factchecks(&self, path: &Path) -> ApiResult<FactCheckImportView> {
        let items = claimreview::read_file(path)?;
        let done = self.store.import_factchecks(&items)?;
        self.factchecks_changed();
        Ok(FactCheckImportView {
            file: path.display().to_string(),
            read: u32::try_from(items.len()).unwrap_or(u32::MAX),
            added: done.added,
            already_present: done.already_present,
            total: done.total,
        })
    }

    /// Prior fact-checks that say what `text` says (with its vector, when there is one).
    pub(crate) fn factchecks_like(
        &self,
        text: &str,
        vector: Option<&[f32]>,
    ) -> ApiResult<Vec<PriorFactCheck>> {
        let memory = self.factcheck_index(|| self.build_factcheck_memory())?;
        let hits = memory.similar(text, vector, SHOWN, &MemoryOptions::default(), None);
        let mut out = Vec::with_capacity(hits.len());
        for h in hits {
            let Ok(id) = h.id.parse::<u64>() else {
                continue;
            };
            let Ok(f) = self.store.factcheck(id) else {
                continue;
            };
            let (score, by_meaning) = shown_score(&h);
            let fc = f.fields;
            out.push(PriorFactCheck {
                id: f.id,
                claim_reviewed: fc.claim_reviewed,
                rating: fc.rating,
                rating_value: fc.rating_value,
                author: fc.author,
                publisher: fc.publisher,
                date_published: fc.date_published,
                url: fc.url,
                score,
                by_meaning,
            });
        }
        Ok(out)
    }

    /// Prior fact-checks that say what claim `claim` says (the claim detail shows them).
    pub fn prior_factchecks(&self, claim: u64) -> ApiResult<Vec<PriorFactCheck>> {
        if self.store.factcheck_count()? == 0 {
            return Ok(Vec::new());
        }
        let c = self.store.claim(claim)?;
        let v = self.claim_vector(&c)?;
        self.factchecks_like(&c.text, v.as_deref())
    }

    /// `claimdesk similar`: `query` is a claim id of the workspace or a claim's text. Embeds what has no vector yet
    /// first (so the answer is by meaning wherever the model is installed), then answers with the earlier claims
    /// and prior fact-checks that say the same.
    pub fn similar(&self, query: &str) -> ApiResult<SimilarAnswer> {
        let query = query.trim();
        if query.is_empty() {
            return Err(crate::ApiError::invalid(
                "Give a claim id or a claim's text.",
            ));
        }
        self.embed_pending(|_, _| true)?;
        if let Some(c) = query
            .parse::<u64>()
            .ok()
            .and_then(|id| self.store.claim(id).ok())
        {
            return Ok(SimilarAnswer {
                claims: self.similar_claims(c.id)?,
                factchecks: self.prior_factchecks(c.id)?,
                text: c.text,
                claim: Some(c.id),
                semantic: memory_status(),
            });
        }
        let vector = crate::semantic::encoder()
            .ok()
            .map(|e| e.embed_one(query, Role::Query));
        let hits = self.with_memory(
            None,
            || self.build_claim_memory(None),
            |m: &HybridMemory| {
                m.similar(
                    query,
                    vector.as_deref(),
                    SHOWN,
                    &MemoryOptions::default(),
                    None,
                )
            },
        )?;
        Ok(SimilarAnswer {
            claims: self.similar_claim_views(hits)?,
            factchecks: self.factchecks_like(query, vector.as_deref())?,
            text: query.to_string(),
            claim: None,
            semantic: memory_status(),
        })
    }
}
