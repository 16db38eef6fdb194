//! Passage ranking: BM25 with stemming over the source's sentences and paragraphs, re-ranked with
//! entity, number and word-pair overlap.
//!
//! The source itself is the collection: every sentence is a BM25 document, so IDF says how
//! distinctive a claim word is *within this source* (a page about a city mentions the city in every
//! sentence; the year in the claim may appear once). Paragraphs are scored from their sentences' term
//! counts, so the editor sees either a single sentence or a short paragraph, whichever fits better.
//!
//! Speed matters because this runs on every claim/source pair, and snapshots reach megabytes. The
//! first pass therefore never builds token strings: it walks bytes, and only words whose first three
//! letters equal those of a claim term are lower-cased and stemmed. Only the best 50 units get the full
//! tokenisation that the re-ranking features need.

use crate::text::{paragraphs, sentences, stem, tokenize, FxMap, Token};
use serde::Serialize;
use std::collections::HashSet;

/// A ranked passage of the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The passage as it stands in the source.
    pub text: String,
    /// Byte offset of the passage in the source.
    pub start: usize,
    /// Byte offset just past the passage.
    pub end: usize,
    /// Relevance score; higher is better. Comparable within one ranking only.
    pub score: f32,
    /// The passage's language, from its stopwords (`und` when unsure).
    pub lang: crate::semantic::Lang,
    /// Cosine similarity of the passage's embedding with the claim's, when embeddings were given
    /// ([`crate::semantic`]); `None` on the lexical path.
    pub similarity: Option<f32>,
}

/// Ranking parameters. [`RankOptions::default`] is the tuned ranker; [`RankOptions::plain_bm25`] is the
/// baseline the evaluation reports beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankOptions {
    /// Stem words (Snowball English) before matching.
    pub stem: bool,
    /// Drop stopwords from the claim's query terms.
    pub drop_stopwords: bool,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalisation.
    pub b: f32,
    /// Weight of the share of the claim's capitalised names found in the passage.
    pub entity_weight: f32,
    /// Weight of the share of the claim's numbers found in the passage.
    pub number_weight: f32,
    /// Weight of the share of the claim's adjacent content-word pairs found adjacent in the passage.
    pub bigram_weight: f32,
    /// Also rank paragraphs (only when the ranker splits the source itself).
    pub paragraphs: bool,
}

impl Default for RankOptions {
    /// Parameters tuned on the WiCE and Climate-FEVER dev splits (see docs/EVALUATION.md).
    fn default() -> Self {
        RankOptions {
            stem: true,
            drop_stopwords: true,
            k1: 1.2,
            b: 0.4,
            // Entity overlap helped neither WiCE nor Climate-FEVER dev once BM25 had the names; it
            // still drives the `different_entity` reason of the stance step.
            entity_weight: 0.0,
            number_weight: 0.3,
            bigram_weight: 0.2,
            paragraphs: true,
        }
    }
}

impl RankOptions {
    /// Textbook BM25 (k1 = 1.2, b = 0.75) on lower-cased words without stemming or extra features.
    pub fn plain_bm25() -> Self {
        RankOptions {
            stem: false,
            drop_stopwords: true,
            k1: 1.2,
            b: 0.75,
            entity_weight: 0.0,
            number_weight: 0.0,
            bigram_weight: 0.0,
            paragraphs: false,
        }
    }
}

/// A claim word used as a query term.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub key: String,
    /// First (up to) three lower-cased bytes, packed little-endian, and the mask of the bytes used.
    prefix: u32,
    mask: u32,
}

pub(crate) fn term_key(tok: &Token, stem: bool) -> String {
    if stem {
        tok.stem.clone()
    } else {
        tok.lower.clone()
    }
}

fn prefix_of(bytes: &[u8]) -> (u32, u32) {
    // Packed into an integer so that the per-word check is two ALU ops, not a memcmp call.
    let mut p = 0u32;
    let mut mask = 0u32;
    for (i, b) in bytes.iter().take(3).enumerate() {
        p |= u32::from(b.to_ascii_lowercase()) << (8 * i);
        mask |= 0xFF << (8 * i);
    }
    (p, mask)
}

/// The query side of a ranking: the claim's terms, names, numbers and word pairs.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub terms: Vec<Term>,
    /// Bit set of the first two lower-cased bytes of the terms (65,536 bits); `None` when a term is
    /// shorter than two bytes. Rejects almost every word of a page with one memory access.
    first_two: Option<Vec<u64>>,
    pub entities: Vec<String>,
    pub numbers: Vec<String>,
    pub bigrams: Vec<(String, String)>,
    pub stem: bool,
}

impl Query {
    pub fn new(claim: &str, opts: &RankOptions) -> Query {
        let toks = tokenize(claim);
        let mut seen = HashSet::new();
        let mut terms = Vec::new();
        for t in &toks {
            if opts.drop_stopwords && t.stop {
                continue;
            }
            let key = term_key(t, opts.stem);
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let (prefix, mask) = prefix_of(key.as_bytes());
            terms.push(Term { key, prefix, mask });
        }
        let entities = toks
            .iter()
            .filter(|t| t.capitalized && !t.stop && !t.lower.chars().all(|c| c.is_ascii_digit()))
            .map(|t| t.stem.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let numbers = toks
            .iter()
            .filter(|t| t.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .map(|t| t.lower.replace(',', ""))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let content: Vec<&Token> = toks.iter().filter(|t| !t.stop).collect();
        let bigrams = content
            .windows(2)
            .map(|w| (w[0].stem.clone(), w[1].stem.clone()))
            .collect();
        let first_two = if terms.iter().all(|t| t.key.len() >= 2) {
            let mut bits = vec![0u64; 1024];
            for t in &terms {
                let k = (t.prefix & 0xFFFF) as usize;
                if let Some(w) = bits.get_mut(k / 64) {
                    *w |= 1 << (k % 64);
                }
            }
            Some(bits)
        } else {
            None
        };
        Query {
            terms,
            first_two,
            entities,
            numbers,
            bigrams,
            stem: opts.stem,
        }
    }

    /// Index of the query term a source word stands for, if any. Cheap rejection on the first three
    /// letters before any allocation or stemming.
    fn could_match(&self, word: &[u8]) -> bool {
        if let (Some(bits), [a, b, ..]) = (&self.first_two, word) {
            if a.is_ascii() && b.is_ascii() {
                let k =
                    usize::from(a.to_ascii_lowercase()) | usize::from(b.to_ascii_lowercase()) << 8;
                if bits.get(k / 64).is_some_and(|w| w & (1 << (k % 64)) == 0) {
                    return false;
                }
            }
        }
        let (p, n) = prefix_of(word);
        // A word shorter than the term's prefix has zero bytes where the term has letters.
        !word.is_ascii()
            || self
                .terms
                .iter()
                .any(|t| (p & t.mask) == t.prefix && (n & t.mask) == t.mask)
    }

    /// Index of the query term a source word stands for (after lower-casing and stemming), if any.
    fn lookup(&self, word: &[u8], scratch: &mut String) -> Option<usize> {
        let text = std::str::from_utf8(word).ok()?;
        scratch.clear();
        for c in text.chars() {
            scratch.extend(c.to_lowercase());
        }
        let key = if self.stem {
            stem(scratch)
        } else {
            scratch.clone()
        };
        self.terms.iter().position(|t| t.key == key)
    }
}

/// Per-unit term statistics from the fast pass.
#[derive(Debug, Clone)]
pub(crate) struct UnitStats {
    pub start: usize,
    pub end: usize,
    pub len: usize,
    pub tf: Vec<u16>,
}

/// Counts query-term occurrences and words in `text[start..end]`.
fn scan_unit<'a>(
    source: &'a str,
    start: usize,
    end: usize,
    query: &Query,
    scratch: &mut String,
    memo: &mut FxMap<&'a [u8], Option<usize>>,
) -> UnitStats {
    let mut tf = vec![0u16; query.terms.len()];
    let mut len = 0usize;
    let slice = source.get(start..end).unwrap_or("");
    let bytes = slice.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        // Find the next word: ASCII alphanumerics, or any non-ASCII alphanumeric character.
        let Some(ws) = next_word_start(slice, i) else {
            break;
        };
        let we = word_end(slice, ws);
        len += 1;
        // Prefix rejection first: most words of a page share no first three letters with the claim,
        // and then neither the memo nor the stemmer is consulted.
        let idx = bytes
            .get(ws..we)
            .filter(|w| query.could_match(w))
            .and_then(|w| *memo.entry(w).or_insert_with(|| query.lookup(w, scratch)));
        if let Some(idx) = idx {
            if let Some(slot) = tf.get_mut(idx) {
                *slot = slot.saturating_add(1);
            }
        }
        i = we.max(ws + 1);
    }
    UnitStats {
        start,
        end,
        len,
        tf,
    }
}

fn is_word_char_at(s: &str, i: usize) -> Option<(bool, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((ASCII_WORD[usize::from(b)], 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

/// ASCII letters and digits, as a table: this test runs once per byte of the source.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

fn next_word_start(s: &str, mut i: usize) -> Option<usize> {
    loop {
        let (w, n) = is_word_char_at(s, i)?;
        if w {
            return Some(i);
        }
        i += n;
    }
}

fn word_end(s: &str, mut i: usize) -> usize {
    while let Some((w, n)) = is_word_char_at(s, i) {
        if !w {
            break;
        }
        i += n;
    }
    i
}

/// Everything a ranking computed, for the stance step to reuse.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    pub query: Query,
    /// IDF of each query term within the source (sentences as documents).
    pub idf: Vec<f32>,
    /// Number of sentences holding each term.
    pub df: Vec<usize>,
    pub passages: Vec<Passage>,
}

fn bm25(stats: &UnitStats, idf: &[f32], avgdl: f32, opts: &RankOptions) -> f32 {
    let norm = opts.k1 * (1.0 - opts.b + opts.b * stats.len as f32 / avgdl.max(1.0));
    stats
        .tf
        .iter()
        .zip(idf)
        .map(|(&tf, &w)| {
            let tf = f32::from(tf);
            w * tf * (opts.k1 + 1.0) / (tf + norm)
        })
        .sum()
}

/// How many BM25-best units get the (tokenising, stemming) re-ranking features.
const RERANK_POOL: usize = 30;

/// Longest paragraph offered as a passage.
const MAX_PARAGRAPH_BYTES: usize = 1500;

/// The query, each span's term counts, and each term's document frequency and IDF (the spans as documents).
fn sentence_stats(
    claim: &str,
    source: &str,
    spans: &[(usize, usize)],
    opts: &RankOptions,
) -> (Query, Vec<UnitStats>, Vec<usize>, Vec<f32>) {
    let query = Query::new(claim, opts);
    let mut scratch = String::new();
    let mut memo = FxMap::default();
    let sents: Vec<UnitStats> = spans
        .iter()
        .map(|&(s, e)| scan_unit(source, s, e, &query, &mut scratch, &mut memo))
        .collect();
    let n = sents.len().max(1) as f32;
    let mut df = vec![0usize; query.terms.len()];
    for u in &sents {
        for (d, &tf) in df.iter_mut().zip(&u.tf) {
            *d += usize::from(tf > 0);
        }
    }
    let idf: Vec<f32> = df
        .iter()
        .map(|&d| (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln())
        .collect();
    (query, sents, df, idf)
}

/// The lexical score of every span, on the scale of the ranking: BM25 over the best score, plus the
/// name/number/word-pair bonus for the [`RERANK_POOL`] BM25-best spans (0 for a span without a claim word).
pub(crate) fn lexical_scores(
    claim: &str,
    source: &str,
    spans: &[(usize, usize)],
    opts: &RankOptions,
) -> (Query, Vec<usize>, Vec<f32>, Vec<f32>) {
    let (query, sents, df, idf) = sentence_stats(claim, source, spans, opts);
    let avg = sents.iter().map(|u| u.len).sum::<usize>() as f32 / sents.len().max(1) as f32;
    let raw: Vec<f32> = sents.iter().map(|u| bm25(u, &idf, avg, opts)).collect();
    let max = raw
        .iter()
        .copied()
        .fold(0.0f32, f32::max)
        .max(f32::MIN_POSITIVE);
    let mut order: Vec<usize> = (0..raw.len()).filter(|&i| raw[i] > 0.0).collect();
    order.sort_by(|&a, &b| raw[b].total_cmp(&raw[a]).then(a.cmp(&b)));
    let mut scores: Vec<f32> = raw.iter().map(|s| s / max).collect();
    let extras = opts.entity_weight > 0.0 || opts.number_weight > 0.0 || opts.bigram_weight > 0.0;
    if extras {
        for &i in order.iter().take(RERANK_POOL) {
            let (s, e) = spans[i];
            scores[i] += feature_bonus(&query, source.get(s..e).unwrap_or(""), opts);
        }
    }
    (query, df, idf, scores)
}

pub(crate) fn rank_internal(
    claim: &str,
    source: &str,
    spans: Option<&[(usize, usize)]>,
    k: usize,
    opts: &RankOptions,
) -> Ranked {
    let owned;
    let sent_spans: &[(usize, usize)] = match spans {
        Some(s) => s,
        None => {
            owned = sentences(source);
            &owned
        }
    };
    let (query, sents, df, idf) = sentence_stats(claim, source, sent_spans, opts);

    // Paragraphs aggregate the counts of the sentences inside them.
    let mut paras: Vec<UnitStats> = Vec::new();
    if spans.is_none() && opts.paragraphs {
        let mut si = 0usize;
        for (ps, pe) in paragraphs(source) {
            let mut agg = UnitStats {
                start: ps,
                end: pe,
                len: 0,
                tf: vec![0; query.terms.len()],
            };
            let mut count = 0;
            while let Some(s) = sents.get(si) {
                if s.start >= pe {
                    break;
                }
                if s.start >= ps {
                    agg.len += s.len;
                    for (a, &t) in agg.tf.iter_mut().zip(&s.tf) {
                        *a = a.saturating_add(t);
                    }
                    count += 1;
                }
                si += 1;
            }
            // A "paragraph" of many kilobytes (a page without blank lines) is not a passage to show.
            if count >= 2 && pe - ps <= MAX_PARAGRAPH_BYTES {
                paras.push(agg);
            }
        }
    }

    let avg = |units: &[UnitStats]| {
        units.iter().map(|u| u.len).sum::<usize>() as f32 / units.len().max(1) as f32
    };
    let (avg_s, avg_p) = (avg(&sents), avg(&paras));
    let mut scored: Vec<(f32, &UnitStats)> = sents
        .iter()
        .map(|u| (bm25(u, &idf, avg_s, opts), u))
        .chain(paras.iter().map(|u| (bm25(u, &idf, avg_p, opts), u)))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
    let max = scored.first().map_or(1.0, |s| s.0).max(f32::MIN_POSITIVE);
    let extras = opts.entity_weight > 0.0 || opts.number_weight > 0.0 || opts.bigram_weight > 0.0;
    let pool = if extras { RERANK_POOL } else { k.max(1) * 4 };
    let mut rescored: Vec<Passage> = scored
        .iter()
        .take(pool)
        .map(|&(s, u)| {
            let text = source.get(u.start..u.end).unwrap_or("");
            let score = if extras {
                s / max + feature_bonus(&query, text, opts)
            } else {
                s
            };
            Passage {
                text: text.to_string(),
                start: u.start,
                end: u.end,
                score,
                lang: crate::semantic::detect_lang(text),
                similarity: None,
            }
        })
        .collect();
    rescored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
    // A paragraph and a sentence inside it say the same thing; keep the better-ranked one.
    let mut passages: Vec<Passage> = Vec::new();
    for p in rescored {
        if passages.len() >= k {
            break;
        }
        if passages
            .iter()
            .all(|q| p.end <= q.start || p.start >= q.end)
        {
            passages.push(p);
        }
    }
    Ranked {
        query,
        idf,
        df,
        passages,
    }
}

/// Share-based bonuses for names, numbers and word pairs of the claim found in `text`.
fn feature_bonus(query: &Query, text: &str, opts: &RankOptions) -> f32 {
    let toks = tokenize(text);
    let stems: HashSet<&str> = toks.iter().map(|t| t.stem.as_str()).collect();
    let share = |hits: usize, total: usize| {
        if total == 0 {
            0.0
        } else {
            hits as f32 / total as f32
        }
    };
    let ent = share(
        query
            .entities
            .iter()
            .filter(|e| stems.contains(e.as_str()))
            .count(),
        query.entities.len(),
    );
    let nums: HashSet<String> = toks
        .iter()
        .filter(|t| t.lower.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|t| t.lower.replace(',', ""))
        .collect();
    let num = share(
        query.numbers.iter().filter(|n| nums.contains(*n)).count(),
        query.numbers.len(),
    );
    let content: Vec<&str> = toks
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.as_str())
        .collect();
    let pairs: HashSet<(&str, &str)> = content.windows(2).map(|w| (w[0], w[1])).collect();
    let bi = share(
        query
            .bigrams
            .iter()
            .filter(|(a, b)| pairs.contains(&(a.as_str(), b.as_str())))
            .count(),
        query.bigrams.len(),
    );
    opts.entity_weight * ent + opts.number_weight * num + opts.bigram_weight * bi
}

/// Ranks the source's sentences and paragraphs by relevance to the claim and returns the best `k`,
/// without overlaps, best first.
pub fn rank_passages(claim: &str, source: &str, k: usize) -> Vec<Passage> {
    rank_internal(claim, source, None, k, &RankOptions::default()).passages
}

/// Ranks caller-given spans of `source` (e.g. the sentences of a data set) with the given options.
///
/// Spans that are out of range or not on character boundaries score as empty text.
pub fn rank_spans(
    claim: &str,
    source: &str,
    spans: &[(usize, usize)],
    k: usize,
    opts: &RankOptions,
) -> Vec<Passage> {
    rank_internal(claim, source, Some(spans), k, opts).passages
}

/// Ranks the source's own sentences (and paragraphs if `opts.paragraphs`) with the given options.
pub fn rank_passages_with(claim: &str, source: &str, k: usize, opts: &RankOptions) -> Vec<Passage> {
    rank_internal(claim, source, None, k, opts).passages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_the_sentence_that_shares_rare_words_first() {
        let source = "The council met on Tuesday. It discussed the budget.\n\n\
                      The mayor said that the bridge repairs would cost 4 million euros. \
                      Residents complained about noise.\n\nThe weather was fine.";
        let got = rank_passages(
            "Repairing the bridge will cost 4 million euros, the mayor said",
            source,
            3,
        );
        assert!(!got.is_empty());
        assert!(got[0]
            .text
            .contains("bridge repairs would cost 4 million euros"));
        assert_eq!(&source[got[0].start..got[0].end], got[0].text);
        assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn plain_bm25_misses_inflections_that_stemming_catches() {
        let source = "Bridges were repaired.\nNothing else happened here.";
        let spans = crate::text::sentences(source);
        let plain = rank_spans(
            "bridge repair",
            source,
            &spans,
            5,
            &RankOptions::plain_bm25(),
        );
        let tuned = rank_spans("bridge repair", source, &spans, 5, &RankOptions::default());
        assert!(plain.is_empty());
        assert_eq!(
            tuned.first().map(|p| p.text.as_str()),
            Some("Bridges were repaired.")
        );
    }
}
