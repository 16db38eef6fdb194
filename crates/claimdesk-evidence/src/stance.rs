//! SuggestedStance suggestion: supports, contradicts or not enough information, with reasons.
//!
//! This is a transparent scorer, not a trained entailment model: every input is a signal the editor can
//! check in the report (word coverage, numbers, negation, names, dates, quotes). The weights of the
//! support score are a logistic regression fitted on the WiCE *dev* split (`--example evidence_eval -- fit`);
//! nothing was fitted on a test split. **The editor decides**: the suggestion never changes a status.

use crate::numbers::{NumberComparison, NumberKind};
use crate::quotes::{MatchKind, QuoteCheck};
use serde::{Deserialize, Serialize};

/// The suggested relation between claim and source. Not a citation's [`claimdesk_core::Stance`]: "not enough
/// info" is a suggestion, never something an editor records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SuggestedStance {
    /// The top passages state what the claim says.
    Supports,
    /// The top passages state something incompatible with the claim.
    Contradicts,
    /// The source does not settle the claim.
    NotEnoughInfo,
}

impl SuggestedStance {
    /// The snake_case name used in JSON and in the CLI's text output.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestedStance::Supports => "supports",
            SuggestedStance::Contradicts => "contradicts",
            SuggestedStance::NotEnoughInfo => "not_enough_info",
        }
    }
}

impl std::fmt::Display for SuggestedStance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a suggestion was made; the UI switches on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// A quotation from the claim is in the source verbatim.
    QuoteFound,
    /// A quotation is in the source only approximately (not verbatim).
    QuoteFuzzy,
    /// A quotation is not in the source verbatim but a passage in another language says it.
    QuoteTranslated,
    /// A quotation is not in the source.
    QuoteNotFound,
    /// The claim's numbers appear in the passages.
    NumbersAgree,
    /// The passages give different numbers of the same kind.
    NumbersConflict,
    /// One side is negated and the other is not.
    NegationMismatch,
    /// Names in the claim do not occur in the source.
    DifferentEntity,
    /// The passages give a different year or date.
    DifferentDate,
    /// A passage says what the claim says in other words or another language (embedding similarity).
    SameMeaning,
    /// Most of the claim's distinctive words are in one passage.
    HighOverlap,
    /// Few of the claim's distinctive words are in the source.
    LowOverlap,
}

/// One reason behind a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// Machine-readable kind.
    pub kind: ReasonKind,
    /// A sentence for the editor.
    pub message: String,
}

/// The suggestion shown beside the evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Supports, contradicts or not enough information.
    pub stance: SuggestedStance,
    /// How sure the suggestion is, 0..1.
    pub confidence: f32,
    /// Estimated probability that the source supports the claim, 0..1 (what AUROC is computed on).
    pub support_score: f32,
    /// The reasons, strongest first.
    pub reasons: Vec<Reason>,
}

/// The measurable signals the suggestion is computed from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signals {
    /// IDF-weighted share of the claim's content words found in the best single passage.
    pub coverage_best: f32,
    /// IDF-weighted share of the claim's content words found anywhere in the top passages.
    pub coverage_top: f32,
    /// IDF-weighted share of the claim's content words found anywhere in the source.
    pub coverage_source: f32,
    /// Share of the claim's capitalised names that never occur in the source.
    pub missing_entities: f32,
    /// The claim's capitalised names that never occur in the source.
    pub missing_entity_words: Vec<String>,
    /// Whether exactly one of claim and best passage is negated.
    pub negation_mismatch: bool,
    /// Quotations found exactly, fuzzily, not at all.
    pub quotes_exact: usize,
    /// Quotations found only approximately.
    pub quotes_fuzzy: usize,
    /// Quotations not found.
    pub quotes_missing: usize,
    /// Quotations found only as a translation in another language.
    pub quotes_translated: usize,
    /// Highest cosine similarity of a passage with the claim, when embeddings were given.
    pub similarity_best: Option<f32>,
    /// Claim numbers matched in the passages.
    pub numbers_matched: usize,
    /// Claim numbers (not years/dates) that conflict.
    pub numbers_conflicting: usize,
    /// Claim years/dates that conflict.
    pub dates_conflicting: usize,
}

/// Words that negate a statement.
pub(crate) fn is_negation(lower: &str) -> bool {
    matches!(
        lower,
        "not"
            | "no"
            | "never"
            | "none"
            | "nobody"
            | "nothing"
            | "neither"
            | "nor"
            | "without"
            | "cannot"
            | "denied"
            | "denies"
            | "deny"
            | "refused"
            | "refuses"
            | "false"
            | "fake"
            | "hoax"
            | "unable"
            | "failed"
            | "fails"
    ) || lower.ends_with("n't")
}

/// Fitted weights of the support score: intercept, then one per feature of [`features`].
///
/// Logistic regression on WiCE dev (349 claims; label 1 = supported or partially supported), refitted
/// with `cargo run --release -p claimdesk-evidence --example evidence_eval -- fit`.
pub const SUPPORT_WEIGHTS: [f32; 8] = [0.712, 0.825, 1.062, 1.199, -0.899, 0.368, -0.325, -0.295];

/// Support score from which the suggestion is "supports": the best balanced accuracy (supported vs
/// not supported) on WiCE dev (`--example evidence_eval -- wice dev`). Below it, without a concrete conflict,
/// the suggestion is "not enough information".
pub const SUPPORT_THRESHOLD: f32 = 0.86;

/// The feature vector the support score is a logistic function of.
pub fn features(s: &Signals) -> [f32; 7] {
    [
        s.coverage_best,
        s.coverage_top,
        s.coverage_source,
        s.missing_entities,
        (s.numbers_matched as f32).min(2.0),
        (s.numbers_conflicting + s.dates_conflicting) as f32,
        f32::from(u8::from(s.negation_mismatch)) + s.quotes_missing as f32,
    ]
}

/// Logistic support score for a set of signals with the given weights.
pub fn support_score(s: &Signals, weights: &[f32; 8]) -> f32 {
    let f = features(s);
    let z = weights[0] + f.iter().zip(&weights[1..]).map(|(x, w)| x * w).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// A share in [0, 1] as a whole percentage for the editor. An empty sum of `f32` is `-0.0` (Rust's float `Sum`
/// starts there), which `{:.0}` prints as "-0": the rounding here never yields a negative zero.
pub fn percent(share: f32) -> u32 {
    let p = (share * 100.0).round();
    if p.is_finite() && p > 0.0 {
        p.min(100.0) as u32
    } else {
        0
    }
}

/// Weights of the support score with meaning: intercept, the lexical support score's logit, the best passage's
/// cosine similarity with the claim. Logistic regression on dev splits only: the first 100 claims of WiCE dev and
/// the 708 pairs of FEVER-Symmetric dev (`cargo run --release -p claimdesk-embed --example semantic_eval -- fit`).
pub const SEMANTIC_WEIGHTS: [f32; 3] = [-8.119, 1.260, 8.593];

/// Support score with meaning from which the suggestion is "supports" (best balanced accuracy on the same dev
/// rows as [`SEMANTIC_WEIGHTS`]).
pub const SEMANTIC_THRESHOLD: f32 = 0.87;

/// The support score when embeddings were given: the lexical score and the best similarity, combined by
/// [`SEMANTIC_WEIGHTS`].
pub fn semantic_support_score(s: &Signals, similarity: f32, weights: &[f32; 3]) -> f32 {
    let p = support_score(s, &SUPPORT_WEIGHTS).clamp(1e-4, 1.0 - 1e-4);
    let z = weights[0] + weights[1] * (p / (1.0 - p)).ln() + weights[2] * similarity;
    1.0 / (1.0 + (-z).exp())
}

/// Turns signals into a suggestion with reasons (the lexical path: no similarity).
pub fn suggest(s: &Signals, quotes: &[QuoteCheck], numbers: &NumberComparison) -> Suggestion {
    suggest_with(s, quotes, numbers, f32::INFINITY)
}

/// Turns signals into a suggestion with reasons; when `s.similarity_best` is set, the score weighs it and a best
/// passage at or above `same_meaning_min` is given as a reason.
pub fn suggest_with(
    s: &Signals,
    quotes: &[QuoteCheck],
    numbers: &NumberComparison,
    same_meaning_min: f32,
) -> Suggestion {
    let (score, threshold) = match s.similarity_best {
        Some(sim) => (
            semantic_support_score(s, sim, &SEMANTIC_WEIGHTS),
            SEMANTIC_THRESHOLD,
        ),
        None => (support_score(s, &SUPPORT_WEIGHTS), SUPPORT_THRESHOLD),
    };
    let mut reasons = Vec::new();
    for q in quotes {
        let (kind, message) = match q.r#match {
            MatchKind::Exact => (ReasonKind::QuoteFound, format!("The quotation \u{201C}{}\u{201D} is in the source verbatim.", q.quote)),
            MatchKind::Fuzzy => (
                ReasonKind::QuoteFuzzy,
                format!(
                    "The quotation \u{201C}{}\u{201D} is not verbatim: the source says \u{201C}{}\u{201D} ({} character edits).",
                    q.quote,
                    q.source_text.as_deref().unwrap_or(""),
                    q.distance.unwrap_or(0)
                ),
            ),
            MatchKind::Translated => (
                ReasonKind::QuoteTranslated,
                format!(
                    "The quotation \u{201C}{}\u{201D} is not in the source verbatim; a passage in another language says it: \u{201C}{}\u{201D} (similarity {}%). A translation, not the speaker's words.",
                    q.quote,
                    q.source_text.as_deref().unwrap_or(""),
                    percent(q.similarity.unwrap_or(0.0))
                ),
            ),
            MatchKind::NotFound => (ReasonKind::QuoteNotFound, format!("The quotation \u{201C}{}\u{201D} is not in the source.", q.quote)),
        };
        reasons.push(Reason { kind, message });
    }
    for p in &numbers.conflicting {
        let is_date = matches!(p.claim.kind, NumberKind::Year | NumberKind::Date);
        reasons.push(Reason {
            kind: if is_date {
                ReasonKind::DifferentDate
            } else {
                ReasonKind::NumbersConflict
            },
            message: format!(
                "The claim says \u{201C}{}\u{201D}; the source says \u{201C}{}\u{201D}.",
                p.claim.text, p.source.text
            ),
        });
    }
    if !numbers.matched.is_empty() {
        let list: Vec<&str> = numbers
            .matched
            .iter()
            .map(|p| p.claim.text.as_str())
            .collect();
        reasons.push(Reason {
            kind: ReasonKind::NumbersAgree,
            message: format!("The source gives the same figures: {}.", list.join(", ")),
        });
    }
    if s.negation_mismatch {
        reasons.push(Reason {
            kind: ReasonKind::NegationMismatch,
            message: "The best passage is negated where the claim is not, or the other way round."
                .into(),
        });
    }
    if !s.missing_entity_words.is_empty() {
        reasons.push(Reason {
            kind: ReasonKind::DifferentEntity,
            message: format!(
                "The source never mentions: {}.",
                s.missing_entity_words.join(", ")
            ),
        });
    }
    if let Some(sim) = s.similarity_best.filter(|&v| v >= same_meaning_min) {
        reasons.push(Reason {
            kind: ReasonKind::SameMeaning,
            message: format!(
                "A passage says what the claim says, in other words or another language (similarity {}%).",
                percent(sim)
            ),
        });
    }
    if s.coverage_best >= 0.7 {
        reasons.push(Reason {
            kind: ReasonKind::HighOverlap,
            message: format!(
                "One passage holds {}% of the claim's distinctive words.",
                percent(s.coverage_best)
            ),
        });
    } else if s.coverage_source < 0.5 {
        reasons.push(Reason {
            kind: ReasonKind::LowOverlap,
            message: format!(
                "Only {}% of the claim's distinctive words occur in the source.",
                percent(s.coverage_source)
            ),
        });
    }

    // A contradiction needs a passage that is clearly about the claim *and* a concrete conflict.
    let conflict = s.negation_mismatch
        || s.numbers_conflicting > 0
        || s.dates_conflicting > 0
        || s.quotes_missing > 0;
    let (stance, confidence) = if conflict && s.coverage_best >= 0.5 && s.numbers_matched == 0 {
        (
            SuggestedStance::Contradicts,
            (0.4 + 0.5 * s.coverage_best).min(0.9),
        )
    } else if score >= threshold {
        (SuggestedStance::Supports, score)
    } else {
        (SuggestedStance::NotEnoughInfo, 1.0 - score)
    };
    Suggestion {
        stance,
        confidence,
        support_score: score,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_never_show_a_negative_zero() {
        assert_eq!(percent(-0.0), 0);
        assert_eq!(percent(0.004), 0);
        assert_eq!(percent(0.5), 50);
        assert_eq!(percent(f32::NAN), 0);
        // An empty f32 sum is -0.0: the low-overlap reason used to read "Only -0% …".
        let s = Signals {
            coverage_source: std::iter::empty::<f32>().sum(),
            ..Signals::default()
        };
        assert!(s.coverage_source.is_sign_negative());
        let out = suggest(&s, &[], &NumberComparison::default());
        let low = out
            .reasons
            .iter()
            .find(|r| r.kind == ReasonKind::LowOverlap)
            .expect("low overlap");
        assert_eq!(
            low.message,
            "Only 0% of the claim's distinctive words occur in the source."
        );
    }

    #[test]
    fn similarity_moves_the_support_score_and_gives_a_reason() {
        let s = Signals {
            coverage_best: 0.3,
            coverage_top: 0.4,
            coverage_source: 0.5,
            ..Signals::default()
        };
        let high = Signals {
            similarity_best: Some(0.93),
            ..s.clone()
        };
        let low = Signals {
            similarity_best: Some(0.70),
            ..s.clone()
        };
        let n = NumberComparison::default();
        let (h, l) = (
            suggest_with(&high, &[], &n, 0.88),
            suggest_with(&low, &[], &n, 0.88),
        );
        assert!(h.support_score > l.support_score);
        assert!(h.reasons.iter().any(|r| r.kind == ReasonKind::SameMeaning));
        assert!(!l.reasons.iter().any(|r| r.kind == ReasonKind::SameMeaning));
    }
}
