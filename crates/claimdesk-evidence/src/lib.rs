//! Evidence for a claim in a source: quote check, numbers, passage ranking, stance suggestion.
//!
//! Pure computation over strings: no I/O, no network, no model files. All offsets are UTF-8 byte
//! offsets into the source text as given, so the UI can highlight `source[start..end]` directly.
//!
//! ```
//! let source = "The mayor said on Monday: \u{201C}We will rebuild the bridge by 2027.\u{201D} \
//!               The repairs will cost 4 million euros.";
//! let report = claimdesk_evidence::analyze(
//!     "The mayor promised \"we will rebuild the bridge by 2027\" at a cost of 4 million euros.",
//!     source,
//! );
//! assert_eq!(report.quotes[0].r#match, claimdesk_evidence::MatchKind::Exact);
//! assert_eq!(report.numbers.matched.len(), 2);
//! assert!(report.passages[0].text.contains("bridge"));
//! ```
#![deny(missing_docs)]

pub mod index;
pub mod memory;
pub mod myers;
pub mod normalize;
pub mod numbers;
pub mod quotes;
pub mod rank;
pub mod semantic;
pub mod stance;
pub mod text;

pub use index::{ClaimMemory, Hit, SimilarClaim, SourceHit, SourceIndex, TextIndex};
pub use numbers::{
    compare_numbers, extract_numbers, NumberComparison, NumberFact, NumberKind, NumberPair,
};
pub use quotes::{check_quote, check_quote_with, quotes_of, MatchKind, QuoteCheck, QuoteOptions};
pub use rank::{rank_passages, rank_passages_with, rank_spans, Passage, RankOptions};
pub use stance::{Reason, ReasonKind, Signals, SuggestedStance, Suggestion};

use serde::Serialize;
use std::collections::HashSet;

/// Everything Claimdesk shows about one claim and one source snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceReport {
    /// Each quotation in the claim, checked against the source.
    pub quotes: Vec<QuoteCheck>,
    /// The claim's numbers compared with those of the top passages.
    pub numbers: NumberComparison,
    /// The top passages (at most five), best first.
    pub passages: Vec<Passage>,
    /// The suggested stance, with confidence and reasons. A suggestion only: the editor decides.
    pub suggestion: Suggestion,
    /// The measured signals behind the suggestion.
    pub signals: Signals,
}

/// Number of passages shown to the editor.
pub const TOP_PASSAGES: usize = 5;

/// Analyses a claim against a source text with the default settings.
pub fn analyze(claim: &str, source: &str) -> EvidenceReport {
    analyze_with(claim, source, None, &RankOptions::default())
}

/// Analyses a claim against a source, optionally over caller-given passage spans (e.g. the sentences
/// of a data set) and with explicit ranking options.
pub fn analyze_with(
    claim: &str,
    source: &str,
    spans: Option<&[(usize, usize)]>,
    opts: &RankOptions,
) -> EvidenceReport {
    let quotes: Vec<QuoteCheck> = {
        let found = quotes_of(claim);
        if found.is_empty() {
            Vec::new()
        } else {
            let norm = normalize::normalize(source);
            let qopts = QuoteOptions::default();
            found
                .iter()
                .map(|q| check_quote_with(q, &norm, &qopts))
                .collect()
        }
    };
    let ranked = rank::rank_internal(claim, source, spans, TOP_PASSAGES, opts);

    let claim_numbers = extract_numbers(claim);
    let mut source_numbers = Vec::new();
    for p in &ranked.passages {
        for mut f in extract_numbers(&p.text) {
            f.start += p.start;
            f.end += p.start;
            source_numbers.push(f);
        }
    }
    let numbers = compare_numbers(&claim_numbers, &source_numbers);
    let signals = signals(claim, &ranked, &quotes, &numbers);
    let suggestion = stance::suggest(&signals, &quotes, &numbers);
    EvidenceReport {
        quotes,
        numbers,
        passages: ranked.passages,
        suggestion,
        signals,
    }
}

pub(crate) fn signals(
    claim: &str,
    ranked: &rank::Ranked,
    quotes: &[QuoteCheck],
    numbers: &NumberComparison,
) -> Signals {
    let q = &ranked.query;
    let total: f32 = ranked.idf.iter().sum();
    let share = |present: &dyn Fn(&str) -> bool| -> f32 {
        if total <= 0.0 {
            return 0.0;
        }
        q.terms
            .iter()
            .zip(&ranked.idf)
            .filter(|(t, _)| present(&t.key))
            .map(|(_, w)| *w)
            .sum::<f32>()
            / total
    };
    let key_sets: Vec<HashSet<String>> = ranked
        .passages
        .iter()
        .map(|p| {
            text::tokenize(&p.text)
                .iter()
                .map(|t| rank::term_key(t, q.stem))
                .collect()
        })
        .collect();
    let coverage_best = key_sets
        .iter()
        .map(|s| share(&|k| s.contains(k)))
        .fold(0.0f32, f32::max);
    let coverage_top = share(&|k| key_sets.iter().any(|s| s.contains(k)));
    let in_source = |k: &str| {
        q.terms
            .iter()
            .zip(&ranked.df)
            .any(|(t, &d)| t.key == k && d > 0)
    };
    let coverage_source = share(&in_source);
    let claim_toks = text::tokenize(claim);
    let missing: Vec<String> = claim_toks
        .iter()
        .filter(|t| t.capitalized && !t.stop && q.entities.contains(&t.stem))
        .filter(|t| {
            q.terms
                .iter()
                .any(|term| term.key == rank::term_key(t, q.stem))
                && !in_source(&rank::term_key(t, q.stem))
        })
        .map(|t| t.lower.clone())
        .collect::<Vec<_>>();
    let mut missing_words: Vec<String> = Vec::new();
    for w in missing {
        if !missing_words.contains(&w) {
            missing_words.push(w);
        }
    }
    let claim_neg = claim_toks.iter().any(|t| stance::is_negation(&t.lower));
    let best_neg = ranked.passages.first().is_some_and(|p| {
        text::tokenize(&p.text)
            .iter()
            .any(|t| stance::is_negation(&t.lower))
    });
    let count = |k: MatchKind| quotes.iter().filter(|c| c.r#match == k).count();
    let is_date = |f: &NumberFact| matches!(f.kind, NumberKind::Year | NumberKind::Date);
    Signals {
        coverage_best,
        coverage_top,
        coverage_source,
        missing_entities: if q.entities.is_empty() {
            0.0
        } else {
            missing_words.len() as f32 / q.entities.len() as f32
        },
        missing_entity_words: missing_words,
        negation_mismatch: claim_neg != best_neg && !ranked.passages.is_empty(),
        quotes_exact: count(MatchKind::Exact),
        quotes_fuzzy: count(MatchKind::Fuzzy),
        quotes_missing: count(MatchKind::NotFound),
        quotes_translated: count(MatchKind::Translated),
        similarity_best: None,
        numbers_matched: numbers.matched.len(),
        numbers_conflicting: numbers
            .conflicting
            .iter()
            .filter(|p| !is_date(&p.claim))
            .count(),
        dates_conflicting: numbers
            .conflicting
            .iter()
            .filter(|p| is_date(&p.claim))
            .count(),
    }
}
