//! Evidence for a claim in a source: the quote check, the numbers, the ranked passages and the suggested stance,
//! as the claim detail and `claimdesk evidence --json` show them.

use claimdesk_evidence as evidence;
use claimdesk_sources as sources;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{stateless_fetch, u16, PassageView};
use crate::offsets::Utf16Map;
use crate::{ApiError, ApiResult, Claimdesk, ErrorCode};

/// The largest source file `evidence --source FILE` reads (64 MiB, the draft limit).
pub const SOURCE_FILE_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One quotation of the claim looked up in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteCheckView {
    /// The quotation from the claim.
    pub quote: String,
    /// exact, fuzzy, translated (a passage in another language says it) or not_found.
    #[serde(rename = "match")]
    #[ts(rename = "match")]
    pub match_kind: evidence::MatchKind,
    /// Edit distance of a fuzzy match.
    pub distance: Option<u32>,
    /// The source's own wording where it was found.
    pub source_text: Option<String>,
    /// Start in the source text, UTF-16 units.
    pub start: Option<u32>,
    /// End in the source text, UTF-16 units.
    pub end: Option<u32>,
    /// The 1-based page where it was found, for a paged source (PDF).
    pub page: Option<u32>,
    /// Cosine similarity of a translated match.
    pub similarity: Option<f32>,
}

/// A number in the claim paired with one in the source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NumberPairView {
    /// As written in the claim.
    pub claim: String,
    /// As written in the source.
    pub source: String,
    /// count, percent, money, year, date or vague.
    pub kind: evidence::NumberKind,
}

/// Which numbers agree, conflict, or appear only in the claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NumbersView {
    /// Numbers the source confirms.
    pub matched: Vec<NumberPairView>,
    /// Numbers the source gives differently.
    pub conflicting: Vec<NumberPairView>,
    /// Numbers the source does not mention.
    pub claim_only: Vec<String>,
}

/// One reason behind a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReasonView {
    /// Machine-readable kind, e.g. quote_found, numbers_conflict, negation_mismatch.
    pub kind: evidence::ReasonKind,
    /// The reason in words.
    pub message: String,
}

/// Claimdesk's suggestion. The editor decides; nothing sets a status from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SuggestionView {
    /// supports, contradicts or not_enough_info.
    pub stance: evidence::SuggestedStance,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Why.
    pub reasons: Vec<ReasonView>,
}

/// Evidence for a claim in one source (the `claimdesk evidence` JSON and the claim detail's evidence panel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceView {
    /// JSON schema version.
    pub schema_version: u32,
    /// The snapshot examined, when it came from the workspace.
    #[ts(type = "number | null")]
    pub snapshot: Option<u64>,
    /// Quote check for every quotation in the claim.
    pub quotes: Vec<QuoteCheckView>,
    /// Numbers and dates compared.
    pub numbers: NumbersView,
    /// The five most relevant passages.
    pub passages: Vec<PassageView>,
    /// The suggested stance with its reasons.
    pub suggestion: SuggestionView,
    /// Whether meaning-aware matching (embeddings) was used, and why not.
    pub semantic: crate::semantic::SemanticStatus,
}

/// Builds the evidence DTO from the evidence crate's report (byte offsets into `source`).
pub(crate) fn evidence_view(
    report: &evidence::EvidenceReport,
    source: &str,
    snapshot: Option<u64>,
    page_starts: &[usize],
    semantic: crate::semantic::SemanticStatus,
) -> EvidenceView {
    let page = |at: usize| super::page_of(page_starts, at);
    let map = Utf16Map::new(source);
    let pairs = |ps: &[evidence::NumberPair]| -> Vec<NumberPairView> {
        ps.iter()
            .map(|p| NumberPairView {
                claim: p.claim.text.clone(),
                source: p.source.text.clone(),
                kind: p.claim.kind,
            })
            .collect()
    };
    EvidenceView {
        schema_version: crate::SCHEMA_VERSION,
        snapshot,
        quotes: report
            .quotes
            .iter()
            .map(|q| QuoteCheckView {
                quote: q.quote.clone(),
                match_kind: q.r#match,
                distance: q.distance.and_then(|d| u32::try_from(d).ok()),
                source_text: q.source_text.clone(),
                start: q.start.map(|b| u16(&map, b)),
                end: q.end.map(|b| u16(&map, b)),
                page: q.start.and_then(page),
                similarity: q.similarity,
            })
            .collect(),
        numbers: NumbersView {
            matched: pairs(&report.numbers.matched),
            conflicting: pairs(&report.numbers.conflicting),
            claim_only: report
                .numbers
                .claim_only
                .iter()
                .map(|n| n.text.clone())
                .collect(),
        },
        passages: report
            .passages
            .iter()
            .map(|p| PassageView {
                text: p.text.clone(),
                start: u16(&map, p.start),
                end: u16(&map, p.end),
                score: p.score,
                page: page(p.start),
                lang: Some(p.lang),
                similarity: p.similarity,
            })
            .collect(),
        suggestion: SuggestionView {
            stance: report.suggestion.stance,
            confidence: report.suggestion.confidence,
            reasons: report
                .suggestion
                .reasons
                .iter()
                .map(|r| ReasonView {
                    kind: r.kind,
                    message: r.message.clone(),
                })
                .collect(),
        },
        semantic,
    }
}

impl Claimdesk {
    /// Evidence for a claim in one of the workspace's snapshots.
    pub fn evidence(&self, claim: u64, snapshot: u64) -> ApiResult<EvidenceView> {
        let c = self.store.claim(claim)?;
        if let Some(v) = self.cached_evidence(claim, snapshot, &c.text) {
            return Ok(v);
        }
        let s = self.store.snapshot(snapshot)?;
        let vectors = self.snapshot_vectors(snapshot);
        let (report, status) = crate::semantic::analyze(&c.text, &s.text, vectors.as_deref());
        let view = evidence_view(&report, &s.text, Some(snapshot), &s.page_starts, status);
        self.keep_evidence(claim, snapshot, &c.text, &view);
        Ok(view)
    }

    /// Stateless evidence (`claimdesk evidence --claim TEXT --source FILE_OR_URL`). A source file must be a regular
    /// file of at most [`SOURCE_FILE_MAX_BYTES`].
    pub async fn evidence_for_text(claim: &str, source: &str) -> ApiResult<EvidenceView> {
        let claim = claim.trim();
        if claim.is_empty() {
            return Err(ApiError::invalid("The claim text is empty."));
        }
        let extracted = if source.starts_with("http://") || source.starts_with("https://") {
            match stateless_fetch(source).await? {
                sources::FetchOutcome::Fetched(f) => f.extracted,
                sources::FetchOutcome::NotModified { .. } => {
                    return Err(ApiError::internal("unconditional fetch answered 304"))
                }
            }
        } else {
            let (bytes, ct, name) = super::read_source_file(std::path::Path::new(source))?;
            super::extract_source_file(&bytes, ct.or(Some("text/plain")), &name)?
        };
        let text = extracted.text.clone().unwrap_or_default();
        if text.trim().is_empty() {
            let why = extracted
                .problem
                .as_ref()
                .map(|p| format!(" {}", p.message))
                .unwrap_or_default();
            return Err(ApiError::new(
                ErrorCode::NoReadableText,
                format!("The source has no readable text to compare with.{why}"),
            ));
        }
        let starts = super::page_starts(&extracted);
        let (report, status) = crate::semantic::analyze(claim, &text, None);
        Ok(evidence_view(&report, &text, None, &starts, status))
    }
}
