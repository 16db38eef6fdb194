//! What a change answers with: every mutation returns the entities it changed (the claim, its document's counts,
//! its history; the citations and the evidence the detail shows next), and the claim detail comes in one call.
//! The UI applies these instead of fetching again, so one key press is one round trip.

use claimdesk_store as store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sources::{CitationView, EvidenceView, SimilarClaim};
use crate::{ApiResult, ClaimView, Claimdesk, DocumentSummary, HistoryEntry};

/// A claim after a change, with what the change touched around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimChange {
    /// The claim as it is now.
    pub claim: ClaimView,
    /// Its document as listed, with the counts after the change.
    pub document: DocumentSummary,
    /// The claim's whole history, oldest first, including this change.
    pub history: Vec<HistoryEntry>,
}

/// What a citation change touched: the citations, the claim (a stance change can send it back to unsourced), and
/// the evidence the claim detail shows next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CitationChange {
    /// The citations added or changed (one for a cite or an edit, several for a reuse).
    pub citations: Vec<CitationView>,
    /// The claim after the change.
    pub claim: ClaimChange,
    /// The evidence against the claim's first citation with an archived source, as the detail shows it.
    pub evidence: Option<ClaimEvidence>,
}

/// The evidence the claim detail shows, and the citation it was computed against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimEvidence {
    /// The citation whose archived source was read.
    #[ts(type = "number")]
    pub citation: u64,
    /// The evidence.
    pub view: EvidenceView,
}

/// Everything the claim detail shows, in one call (what `j` and `k` fetch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimDetail {
    /// The claim.
    pub claim: ClaimView,
    /// Its history, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Its citations with their sources and link health.
    pub citations: Vec<CitationView>,
    /// The evidence against its first citation with an archived source.
    pub evidence: Option<ClaimEvidence>,
    /// Earlier claims like it elsewhere in the workspace (claim memory).
    pub similar: Vec<SimilarClaim>,
    /// Published fact-checks (imported ClaimReviews) that reviewed the same claim, most similar first.
    pub factchecks: Vec<crate::memory::PriorFactCheck>,
}

impl Claimdesk {
    /// The [`ClaimChange`] for a claim the store just returned from a mutation.
    pub(crate) fn claim_change(&self, c: &store::Claim) -> ApiResult<ClaimChange> {
        Ok(ClaimChange {
            claim: self.claim_view_of(c)?,
            document: self.summary(&self.store.document(c.document)?)?,
            history: self.history(c.id)?,
        })
    }

    /// The [`CitationChange`] after `citations` of `claim` were added or changed.
    pub(crate) fn citation_change(
        &self,
        claim: u64,
        citations: Vec<CitationView>,
    ) -> ApiResult<CitationChange> {
        let c = self.store.claim(claim)?;
        // The claim's stored citations say which one has an archived source; their views (link health for each)
        // are not needed for that.
        let archived = self
            .store
            .citations(claim)?
            .iter()
            .find_map(|c| c.snapshot.map(|s| (c.id, s)));
        Ok(CitationChange {
            evidence: self.first_evidence(claim, archived)?,
            claim: self.claim_change(&c)?,
            citations,
        })
    }

    /// The evidence against `archived`, the claim's first citation with an archived source as (citation,
    /// snapshot), if there is one (cached per claim and snapshot).
    fn first_evidence(
        &self,
        claim: u64,
        archived: Option<(u64, u64)>,
    ) -> ApiResult<Option<ClaimEvidence>> {
        let Some((citation, snapshot)) = archived else {
            return Ok(None);
        };
        Ok(Some(ClaimEvidence {
            citation,
            view: self.evidence(claim, snapshot)?,
        }))
    }

    /// Everything the claim detail shows, in one call.
    pub fn claim_detail(&self, claim: u64) -> ApiResult<ClaimDetail> {
        let citations = self.citations(claim)?;
        Ok(ClaimDetail {
            claim: self.claim(claim)?,
            history: self.history(claim)?,
            evidence: self.first_evidence(
                claim,
                citations
                    .iter()
                    .find_map(|c| c.source.as_ref().map(|s| (c.id, s.snapshot))),
            )?,
            similar: self.similar_claims(claim)?,
            factchecks: self.prior_factchecks(claim)?,
            citations,
        })
    }
}
