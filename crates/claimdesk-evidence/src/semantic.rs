//! Meaning-aware evidence: each passage's language, hybrid ranking (BM25 fused with embedding similarity) and
//! translated quotes.
//!
//! This crate has no model: the caller embeds the claim, its quotations and the source's sentences (the facade
//! uses `claimdesk-embed`) and passes the vectors in as [`Embeddings`]. Without them the lexical path
//! ([`crate::analyze`]) is unchanged.
//!
//! The fusion is a weighted blend, fitted on dev splits (docs/EVALUATION.md): a sentence scores its lexical
//! score (BM25 over the best BM25 of the source, plus the name/number/word-pair bonus) plus
//! `weight × max(0, (cosine − floor) / (1 − floor))`. The floor is where e5 cosines of unrelated sentences lie, so
//! a sentence with no word of the claim but the same meaning, in any language, can still rank first.

use crate::numbers::{compare_numbers, extract_numbers};
use crate::quotes::{check_quote_with, quotes_of, MatchKind, QuoteCheck, QuoteOptions};
use crate::rank::{lexical_scores, Passage, RankOptions, Ranked};
use crate::{normalize, stance, EvidenceReport, TOP_PASSAGES};
use serde::{Deserialize, Serialize};

/// A passage's language, as far as its stopwords tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// Portuguese.
    Pt,
    /// German.
    De,
    /// Undetermined: too short, or another language.
    Und,
}

impl Lang {
    /// The ISO 639-1 code (`und` when undetermined).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Pt => "pt",
            Lang::De => "de",
            Lang::Und => "und",
        }
    }
}

/// Frequent function words that are (nearly) specific to one language. Words shared by two languages of the
/// set ("de", "la", "a", "que", "en", "die"…) are left out or listed only where they dominate.
const STOPWORDS: [(Lang, &[&str]); 5] = [
    (
        Lang::En,
        &[
            "the", "and", "of", "to", "is", "was", "that", "with", "for", "on", "are", "by",
            "this", "it", "from", "have", "has", "be", "which", "not", "we", "will", "they",
            "their", "were", "been", "would", "said", "our", "do", "does", "did",
        ],
    ),
    (
        Lang::Es,
        &[
            "el", "los", "las", "del", "y", "que", "por", "con", "una", "para", "es", "su", "al",
            "lo", "como", "más", "pero", "sus", "fue", "este", "ha", "han", "se", "muy", "también",
            "dijo", "nosotros", "está", "nuestro", "nuestra", "ante", "sobre", "entre", "cuando",
            "sin", "hasta", "desde", "según", "afirmó", "año", "años",
        ],
    ),
    (
        Lang::Fr,
        &[
            "le", "les", "des", "et", "est", "du", "une", "dans", "pour", "qui", "au", "sur",
            "pas", "par", "avec", "ce", "sont", "aux", "il", "elle", "nous", "été", "mais", "ont",
            "cette", "ses", "selon", "notre", "nos", "leur", "ne",
        ],
    ),
    (
        Lang::Pt,
        &[
            "o", "os", "as", "do", "da", "dos", "das", "e", "um", "uma", "não", "com", "para",
            "na", "ao", "pelo", "pela", "foi", "são", "mais", "seu", "sua", "também", "disse",
            "nós", "ele", "ela", "nosso", "nossa", "sobre", "entre", "quando", "sem", "até",
            "desde", "segundo", "ano", "anos",
        ],
    ),
    (
        Lang::De,
        &[
            "der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "den", "dem", "zu",
            "von", "auf", "für", "sich", "auch", "es", "im", "wir", "wird", "wurde", "sind",
            "nach", "bei", "aus", "sagte", "dass",
        ],
    ),
];

/// The language of `text` from its stopwords: the language with the most hits, when it has at least twice as
/// many as the runner-up; otherwise (no hit, or a close call) [`Lang::Und`].
pub fn detect_lang(text: &str) -> Lang {
    let mut hits = [0usize; 5];
    let mut words = 0usize;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if words > 400 {
            break;
        }
        let lower = w.to_lowercase();
        for (i, (_, list)) in STOPWORDS.iter().enumerate() {
            if list.contains(&lower.as_str()) {
                hits[i] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..5).collect();
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]));
    let (best, second) = (hits[order[0]], hits[order[1]]);
    if best > 0 && best >= 2 * second {
        STOPWORDS[order[0]].0
    } else {
        Lang::Und
    }
}

/// The embeddings of one claim/source pair, all from the same encoder (L2-normalised vectors).
#[derive(Debug, Clone, Copy)]
pub struct Embeddings<'a> {
    /// The claim's embedding.
    pub claim: &'a [f32],
    /// The source's sentences as byte spans (normally [`sentence_spans`] of the source).
    pub spans: &'a [(usize, usize)],
    /// One embedding per span.
    pub vectors: &'a [Vec<f32>],
    /// One embedding per quotation of the claim ([`quotes_of`] order); may be empty (no translated check).
    pub quotes: &'a [Vec<f32>],
}

/// Parameters of the hybrid path. [`HybridOptions::default`] is the setting chosen on dev splits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HybridOptions {
    /// Weight of the similarity term against the lexical score (whose best sentence scores 1 plus bonuses).
    pub weight: f32,
    /// Cosine below which similarity adds nothing (where unrelated sentences lie for e5).
    pub floor: f32,
    /// Cosine from which a cross-language passage counts as a translation of a quotation.
    pub translated_min: f32,
    /// Cosine from which the best passage is said to state the claim in other words.
    pub same_meaning_min: f32,
}

impl Default for HybridOptions {
    /// `weight` is chosen on WiCE dev (docs/EVALUATION.md). The cosine cut-offs come from e5's scale: unrelated
    /// sentences of one topic lie at 0.70–0.78, a Spanish rendering of an English quotation at 0.85–0.88
    /// (measured on the pairs of `crates/claimdesk-cli/tests/evidence_semantic.rs`; the shared data has no
    /// cross-language dev split to fit them on).
    fn default() -> Self {
        HybridOptions {
            weight: 0.25,
            floor: 0.75,
            translated_min: 0.83,
            same_meaning_min: 0.85,
        }
    }
}

/// The spans the hybrid path embeds and ranks: the source's sentences (the core segmenter's).
pub fn sentence_spans(source: &str) -> Vec<(usize, usize)> {
    crate::text::sentences(source)
}

/// Cosine similarity (dot product over the norms; 0 for empty or mismatched vectors).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na > 0.0 && nb > 0.0 {
        (dot / (na * nb)).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// Checks the claim's quotations: exact and fuzzy first (as [`crate::analyze`]); a quotation still not found is
/// `translated` when a sentence in another language than the quotation's has a cosine of at least
/// `translated_min` with it.
pub fn check_quotes(
    claim: &str,
    source: &str,
    emb: Option<&Embeddings>,
    h: &HybridOptions,
) -> Vec<QuoteCheck> {
    let found = quotes_of(claim);
    if found.is_empty() {
        return Vec::new();
    }
    let norm = normalize::normalize(source);
    let qopts = QuoteOptions::default();
    let claim_lang = detect_lang(claim);
    found
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut check = check_quote_with(q, &norm, &qopts);
            let qv = emb.and_then(|e| e.quotes.get(i).map(|v| (e, v)));
            if let (MatchKind::NotFound, Some((e, qv))) = (check.r#match, qv) {
                let lang = match detect_lang(q) {
                    Lang::Und => claim_lang,
                    l => l,
                };
                let best = e
                    .spans
                    .iter()
                    .zip(e.vectors)
                    .filter_map(|(&(s, t), v)| {
                        let text = source.get(s..t)?;
                        let l = detect_lang(text);
                        (l != Lang::Und && lang != Lang::Und && l != lang)
                            .then(|| (cosine(qv, v), s, t, text))
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                if let Some((sim, s, t, text)) = best.filter(|b| b.0 >= h.translated_min) {
                    check.r#match = MatchKind::Translated;
                    check.similarity = Some(sim);
                    check.source_text = Some(text.to_string());
                    check.start = Some(s);
                    check.end = Some(t);
                }
            }
            check
        })
        .collect()
}

/// The sentences of `emb.spans` ranked by the hybrid score, best first, at most `k`; each carries its
/// language and its similarity with the claim. Also answers the lexical statistics for the stance step.
pub(crate) fn rank_hybrid(
    claim: &str,
    source: &str,
    emb: &Embeddings,
    k: usize,
    opts: &RankOptions,
    h: &HybridOptions,
) -> Ranked {
    let (query, df, idf, lex) = lexical_scores(claim, source, emb.spans, opts);
    let sims: Vec<f32> = (0..emb.spans.len())
        .map(|i| emb.vectors.get(i).map_or(0.0, |v| cosine(emb.claim, v)))
        .collect();
    let span = (1.0 - h.floor).max(f32::EPSILON);
    let mut scored: Vec<(f32, usize)> = lex
        .iter()
        .zip(&sims)
        .enumerate()
        .map(|(i, (l, s))| (l + h.weight * ((s - h.floor) / span).max(0.0), i))
        .filter(|(s, i)| {
            *s > 0.0
                && source
                    .get(emb.spans[*i].0..emb.spans[*i].1)
                    .is_some_and(|t| !t.trim().is_empty())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let passages = scored
        .into_iter()
        .take(k)
        .map(|(score, i)| {
            let (s, e) = emb.spans[i];
            let text = source.get(s..e).unwrap_or("");
            Passage {
                text: text.to_string(),
                start: s,
                end: e,
                score,
                lang: detect_lang(text),
                similarity: Some(sims[i]),
            }
        })
        .collect();
    Ranked {
        query,
        idf,
        df,
        passages,
    }
}

/// The evidence report with meaning: hybrid-ranked passages with language and similarity, quotations that may
/// be `translated`, and a suggestion that weighs similarity ([`stance::semantic_support_score`]).
pub fn analyze_hybrid(
    claim: &str,
    source: &str,
    emb: &Embeddings,
    opts: &RankOptions,
    h: &HybridOptions,
) -> EvidenceReport {
    let quotes = check_quotes(claim, source, Some(emb), h);
    let ranked = rank_hybrid(claim, source, emb, TOP_PASSAGES, opts, h);
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
    let mut signals = crate::signals(claim, &ranked, &quotes, &numbers);
    signals.similarity_best = ranked
        .passages
        .iter()
        .filter_map(|p| p.similarity)
        .reduce(f32::max);
    let suggestion = stance::suggest_with(&signals, &quotes, &numbers, h.same_meaning_min);
    EvidenceReport {
        quotes,
        numbers,
        passages: ranked.passages,
        suggestion,
        signals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_told_apart_by_their_stopwords() {
        for (text, want) in [
            (
                "The president said that the troops were not needed.",
                Lang::En,
            ),
            (
                "La presidenta dijo que no necesita las tropas de los Estados Unidos.",
                Lang::Es,
            ),
            (
                "Le président a dit que les troupes ne sont pas nécessaires pour le pays.",
                Lang::Fr,
            ),
            (
                "O presidente disse que não precisa das tropas dos Estados Unidos.",
                Lang::Pt,
            ),
            (
                "Der Präsident sagte, dass die Truppen nicht nötig sind.",
                Lang::De,
            ),
            ("Lisboa, 2024", Lang::Und),
            ("", Lang::Und),
        ] {
            assert_eq!(detect_lang(text), want, "{text}");
        }
    }

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn a_sentence_with_the_claims_meaning_outranks_word_overlap() {
        // Vectors stand in for an encoder's: the Spanish sentence points where the claim points.
        let source = "The president visited the troops in the north. \
                      La presidenta rechazó la oferta de tropas de los Estados Unidos. \
                      The weather was fine.";
        let spans = sentence_spans(source);
        assert_eq!(spans.len(), 3);
        let claim = unit(&[1.0, 0.2, 0.0]);
        let vectors = vec![
            unit(&[0.6, 1.0, 0.0]),
            unit(&[1.0, 0.25, 0.0]),
            unit(&[0.0, 0.0, 1.0]),
        ];
        let emb = Embeddings {
            claim: &claim,
            spans: &spans,
            vectors: &vectors,
            quotes: &[],
        };
        let report = analyze_hybrid(
            "The president refused the troops offered by the United States.",
            source,
            &emb,
            &RankOptions::default(),
            // The English sentence shares three of the claim's words: a similarity weight of 2 lets meaning win.
            &HybridOptions {
                weight: 2.0,
                ..HybridOptions::default()
            },
        );
        assert_eq!(report.passages[0].lang, Lang::Es);
        assert!(report.passages[0].text.starts_with("La presidenta"));
        assert!(report.passages[0].similarity.is_some_and(|s| s > 0.99));
        // The lexical path on the same source ranks the English sentence first, with no similarity.
        let lexical = crate::analyze(
            "The president refused the troops offered by the United States.",
            source,
        );
        assert!(lexical.passages.iter().all(|p| p.similarity.is_none()));
    }

    #[test]
    fn a_quote_said_in_another_language_is_translated_never_exact() {
        let source = "La presidenta dijo: \u{201C}No necesitamos tropas extranjeras en nuestro país.\u{201D} \
                      El clima era bueno en la capital.";
        let spans = sentence_spans(source);
        let claim_text = "The president said \"we do not need foreign troops in our country\".";
        let q = unit(&[1.0, 0.0, 0.1]);
        let claim = unit(&[1.0, 0.1, 0.1]);
        let vectors = vec![unit(&[1.0, 0.05, 0.12]), unit(&[0.0, 1.0, 0.0])];
        let quotes = vec![q];
        let emb = Embeddings {
            claim: &claim,
            spans: &spans,
            vectors: &vectors,
            quotes: &quotes,
        };
        let checks = check_quotes(claim_text, source, Some(&emb), &HybridOptions::default());
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].r#match, MatchKind::Translated);
        assert!(checks[0]
            .source_text
            .as_deref()
            .is_some_and(|t| t.contains("No necesitamos")));
        assert!(checks[0].similarity.is_some_and(|s| s > 0.99));
        // A dissimilar passage is no translation.
        let far = vec![unit(&[0.0, 1.0, 0.0]), unit(&[0.0, 1.0, 0.0])];
        let emb = Embeddings {
            claim: &claim,
            spans: &spans,
            vectors: &far,
            quotes: &quotes,
        };
        assert_eq!(
            check_quotes(claim_text, source, Some(&emb), &HybridOptions::default())[0].r#match,
            MatchKind::NotFound
        );
        // Without embeddings the check is the lexical one.
        assert_eq!(
            check_quotes(claim_text, source, None, &HybridOptions::default())[0].r#match,
            MatchKind::NotFound
        );
    }

    #[test]
    fn a_same_language_paraphrase_of_a_quote_is_not_a_translation() {
        let source = "The president said foreign soldiers are not needed here.";
        let spans = sentence_spans(source);
        let v = unit(&[1.0, 0.0]);
        let vectors = vec![v.clone()];
        let quotes = vec![v.clone()];
        let emb = Embeddings {
            claim: &v,
            spans: &spans,
            vectors: &vectors,
            quotes: &quotes,
        };
        let checks = check_quotes(
            "The president said \"we do not need foreign troops in our country\".",
            source,
            Some(&emb),
            &HybridOptions::default(),
        );
        assert_eq!(checks[0].r#match, MatchKind::NotFound);
    }
}
