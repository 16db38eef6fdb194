//! Claim memory and workspace-wide source search: an in-memory BM25 inverted index.
//!
//! Why not tantivy: tantivy is the right tool for millions of documents on disk, but a Claimdesk
//! workspace holds thousands of claims and at most a few hundred snapshots (tens of MB of text), its
//! durable copy already lives in the sled store, and tantivy plus its dependency tree costs minutes of
//! compile time on the project's 2-core CI. An in-memory index of our own, rebuilt from the store when a
//! workspace opens, is a few hundred lines, uses the *same* tokeniser and stemmer as passage ranking
//! (so a claim that ranks a passage also finds its source), needs no index files to migrate or repair,
//! and indexes a megabyte of text in tens of milliseconds (see docs/BENCHMARKS.md). What it gives up:
//! phrase queries and on-disk persistence, neither of which the issue needs.

use crate::text::{paragraphs, sentences, tokenize};
use serde::Serialize;
use std::collections::HashMap;

/// Content-word stems of a text (stopwords dropped), the unit of every index here.
fn terms_of(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem)
        .collect()
}

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    len: usize,
    /// Distinct terms with their counts, kept so that removal and similarity need no re-tokenising.
    terms: Vec<(u32, u32)>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The id the document was added under.
    pub id: String,
    /// BM25 score; comparable within one search only.
    pub score: f32,
}

/// An in-memory BM25 index over short texts with string ids.
///
/// Adding an id that exists replaces the old text. Removed documents leave tombstones that are skipped
/// at query time and compacted away once they outnumber the live documents.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    vocab: HashMap<String, u32>,
    postings: Vec<Vec<(u32, u32)>>,
    /// Live documents per term, kept current so IDF is O(1).
    df: Vec<u32>,
    docs: Vec<Option<Doc>>,
    by_id: HashMap<String, u32>,
    live: usize,
    total_len: usize,
}

impl TextIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of live documents.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether the index holds no live documents.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Adds (or replaces) a document.
    pub fn add(&mut self, id: &str, text: &str) {
        self.remove(id);
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let terms = terms_of(text);
        for t in &terms {
            let next = self.vocab.len() as u32;
            let tid = *self.vocab.entry(t.clone()).or_insert(next);
            if tid as usize == self.postings.len() {
                self.postings.push(Vec::new());
                self.df.push(0);
            }
            *counts.entry(tid).or_insert(0) += 1;
        }
        let doc_idx = self.docs.len() as u32;
        let mut list: Vec<(u32, u32)> = counts.into_iter().collect();
        list.sort_unstable();
        for &(tid, tf) in &list {
            if let Some(p) = self.postings.get_mut(tid as usize) {
                p.push((doc_idx, tf));
            }
            if let Some(d) = self.df.get_mut(tid as usize) {
                *d += 1;
            }
        }
        self.docs.push(Some(Doc {
            id: id.to_string(),
            len: terms.len(),
            terms: list,
        }));
        self.by_id.insert(id.to_string(), doc_idx);
        self.live += 1;
        self.total_len += terms.len();
    }

    /// Removes a document; returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(idx) = self.by_id.remove(id) else {
            return false;
        };
        if let Some(doc) = self.docs.get_mut(idx as usize).and_then(Option::take) {
            self.live -= 1;
            self.total_len -= doc.len;
            for &(tid, _) in &doc.terms {
                if let Some(d) = self.df.get_mut(tid as usize) {
                    *d = d.saturating_sub(1);
                }
            }
        }
        if self.docs.len() > 64 && self.docs.len() > 2 * self.live {
            self.compact();
        }
        true
    }

    fn compact(&mut self) {
        let old = std::mem::take(&mut self.docs);
        self.postings.iter_mut().for_each(Vec::clear);
        self.by_id.clear();
        for doc in old.into_iter().flatten() {
            let idx = self.docs.len() as u32;
            for &(tid, tf) in &doc.terms {
                if let Some(p) = self.postings.get_mut(tid as usize) {
                    p.push((idx, tf));
                }
            }
            self.by_id.insert(doc.id.clone(), idx);
            self.docs.push(Some(doc));
        }
    }

    fn idf(&self, tid: u32) -> f32 {
        let df = self.df.get(tid as usize).copied().unwrap_or(0);
        let n = self.live as f32;
        (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
    }

    /// The `k` best documents for a free-text query, best first.
    pub fn search(&self, query: &str, k: usize) -> Vec<Hit> {
        let (k1, b) = (1.2f32, 0.75f32);
        let avgdl = self.total_len as f32 / self.live.max(1) as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        let mut qterms: Vec<u32> = terms_of(query)
            .iter()
            .filter_map(|t| self.vocab.get(t).copied())
            .collect();
        qterms.sort_unstable();
        qterms.dedup();
        for tid in qterms {
            let idf = self.idf(tid);
            for &(d, tf) in self
                .postings
                .get(tid as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let Some(Some(doc)) = self.docs.get(d as usize) else {
                    continue;
                };
                let tf = tf as f32;
                let norm = k1 * (1.0 - b + b * doc.len as f32 / avgdl.max(1.0));
                *scores.entry(d).or_insert(0.0) += idf * tf * (k1 + 1.0) / (tf + norm);
            }
        }
        let mut hits: Vec<(u32, f32)> = scores.into_iter().collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter()
            .take(k)
            .filter_map(|(d, score)| {
                let doc = self.docs.get(d as usize)?.as_ref()?;
                Some(Hit {
                    id: doc.id.clone(),
                    score,
                })
            })
            .collect()
    }

    /// IDF-weighted cosine similarity between a text and an indexed document, 0..1.
    fn similarity(&self, query_terms: &HashMap<u32, f32>, query_norm: f32, d: u32) -> f32 {
        let Some(Some(doc)) = self.docs.get(d as usize) else {
            return 0.0;
        };
        let mut dot = 0.0;
        let mut norm = 0.0;
        for &(tid, _) in &doc.terms {
            let w = self.idf(tid);
            norm += w * w;
            if let Some(qw) = query_terms.get(&tid) {
                dot += qw * w;
            }
        }
        if norm <= 0.0 || query_norm <= 0.0 {
            0.0
        } else {
            dot / (norm.sqrt() * query_norm.sqrt())
        }
    }
}

/// An earlier claim that resembles a new one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarClaim {
    /// The earlier claim's id.
    pub id: String,
    /// IDF-weighted cosine similarity of the two claims' content words, 0..1.
    pub similarity: f32,
}

/// Every claim of a workspace, for "this resembles a claim you already checked".
///
/// The lead's facade rebuilds it from the store when a workspace opens and adds each new or edited
/// claim; the store keeps the status and citations that the UI offers to reuse.
#[derive(Debug, Clone, Default)]
pub struct ClaimMemory {
    index: TextIndex,
}

impl ClaimMemory {
    /// Similarity from which a claim is shown as "already checked". Chosen on FEVER-Symmetric dev
    /// (`--example evidence_eval -- memory dev`), where each claim has a one-or-two-word rewrite: at 0.5
    /// the rewrite is shown for 92% of claims at 0.19 other claims per claim; 0.6 drops recall to 80%.
    /// Showing one claim too many costs the editor a glance; missing a redraft costs a re-check.
    pub const DEFAULT_THRESHOLD: f32 = 0.5;

    /// An empty memory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a claim.
    pub fn add(&mut self, id: &str, text: &str) {
        self.index.add(id, text);
    }

    /// Forgets a claim.
    pub fn remove(&mut self, id: &str) -> bool {
        self.index.remove(id)
    }

    /// Number of claims held.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether no claims are held.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// BM25 search over the claims.
    pub fn search(&self, query: &str, k: usize) -> Vec<Hit> {
        self.index.search(query, k)
    }

    /// Claims at least `min_similarity` similar to `text`, most similar first, skipping `exclude` (the
    /// claim itself when it is already in the memory).
    pub fn similar(
        &self,
        text: &str,
        k: usize,
        min_similarity: f32,
        exclude: Option<&str>,
    ) -> Vec<SimilarClaim> {
        let mut q: HashMap<u32, f32> = HashMap::new();
        for t in terms_of(text) {
            if let Some(&tid) = self.index.vocab.get(&t) {
                q.insert(tid, self.index.idf(tid));
            }
        }
        // Query words the memory has never seen still count in the query's norm: they make it differ.
        let unseen = terms_of(text)
            .iter()
            .filter(|t| !self.index.vocab.contains_key(*t))
            .count() as f32;
        let max_idf = (1.0 + (self.index.live as f32 + 0.5) / 0.5).ln();
        let q_norm: f32 = q.values().map(|w| w * w).sum::<f32>() + unseen * max_idf * max_idf;
        // Candidates: every claim sharing a word (BM25 top 50), then exact cosine on those.
        let mut out: Vec<SimilarClaim> = self
            .index
            .search(text, 50)
            .into_iter()
            .filter(|h| Some(h.id.as_str()) != exclude)
            .filter_map(|h| {
                let d = *self.index.by_id.get(&h.id)?;
                let similarity = self.index.similarity(&q, q_norm, d);
                (similarity >= min_similarity).then_some(SimilarClaim {
                    id: h.id,
                    similarity,
                })
            })
            .collect();
        out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.id.cmp(&b.id)));
        out.truncate(k);
        out
    }
}

/// A passage of an archived source that matches a workspace-wide search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceHit {
    /// The snapshot's id.
    pub id: String,
    /// Byte offset of the best-matching chunk in the snapshot text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// BM25 score of that chunk.
    pub score: f32,
}

/// Workspace-wide search over archived source snapshots.
///
/// Snapshots are indexed in chunks (paragraphs, long paragraphs cut into runs of sentences of at most
/// ~1,500 bytes), so a hit points at a place to open the reader at, and long pages do not win merely by
/// being long.
#[derive(Debug, Clone, Default)]
pub struct SourceIndex {
    index: TextIndex,
    chunks: HashMap<String, Vec<(usize, usize)>>,
}

const CHUNK_BYTES: usize = 1500;

fn chunk_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (ps, pe) in paragraphs(text) {
        if pe - ps <= CHUNK_BYTES {
            out.push((ps, pe));
            continue;
        }
        let para = text.get(ps..pe).unwrap_or("");
        let mut cur: Option<(usize, usize)> = None;
        for (s, e) in sentences(para) {
            let (s, e) = (ps + s, ps + e);
            cur = match cur {
                Some((cs, _)) if e - cs > CHUNK_BYTES => {
                    if let Some(c) = cur {
                        out.push(c);
                    }
                    Some((s, e))
                }
                Some((cs, _)) => Some((cs, e)),
                None => Some((s, e)),
            };
        }
        if let Some(c) = cur {
            out.push(c);
        }
    }
    out
}

impl SourceIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a snapshot's text.
    pub fn add(&mut self, id: &str, text: &str) {
        self.remove(id);
        let spans = chunk_spans(text);
        for (i, &(s, e)) in spans.iter().enumerate() {
            self.index
                .add(&format!("{id}\u{0}{i}"), text.get(s..e).unwrap_or(""));
        }
        self.chunks.insert(id.to_string(), spans);
    }

    /// Removes a snapshot; returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(spans) = self.chunks.remove(id) else {
            return false;
        };
        for i in 0..spans.len() {
            self.index.remove(&format!("{id}\u{0}{i}"));
        }
        true
    }

    /// Number of snapshots held.
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    /// Whether no snapshots are held.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// The `k` best snapshots for a query, each with its best chunk, best first.
    pub fn search(&self, query: &str, k: usize) -> Vec<SourceHit> {
        let mut out: Vec<SourceHit> = Vec::new();
        for hit in self.index.search(query, k.saturating_mul(20).max(50)) {
            let Some((id, idx)) = hit.id.split_once('\u{0}') else {
                continue;
            };
            if out.iter().any(|h| h.id == id) {
                continue;
            }
            let Some(&(start, end)) = idx
                .parse::<usize>()
                .ok()
                .and_then(|i| self.chunks.get(id)?.get(i))
            else {
                continue;
            };
            out.push(SourceHit {
                id: id.to_string(),
                start,
                end,
                score: hit.score,
            });
            if out.len() >= k {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_memory_finds_a_redrafted_claim_and_not_an_unrelated_one() {
        let mut m = ClaimMemory::new();
        m.add(
            "c1",
            "The bridge repairs will cost 4 million euros, the mayor said.",
        );
        m.add("c2", "Unemployment fell to 5 percent in March.");
        m.add("c3", "The new stadium opened in 2019.");
        let got = m.similar(
            "According to the mayor, repairing the bridge costs 4 million euros",
            5,
            0.3,
            None,
        );
        assert_eq!(got.first().map(|s| s.id.as_str()), Some("c1"));
        assert!(got.iter().all(|s| s.id != "c2"));
        assert!(m.remove("c1"));
        assert!(m.similar("bridge repairs mayor", 5, 0.1, None).is_empty());
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn source_index_points_at_the_matching_paragraph() {
        let mut idx = SourceIndex::new();
        let text = "Intro about the town.\n\nThe reservoir level dropped to 40 percent in August.\n\nOther news.";
        idx.add("s1", text);
        idx.add("s2", "A page about football and the league table.");
        let hits = idx.search("reservoir levels", 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            &text[hits[0].start..hits[0].end],
            "The reservoir level dropped to 40 percent in August."
        );
        idx.add("s1", "Replaced text without the word.");
        assert!(idx.search("reservoir", 5).is_empty());
    }
}
