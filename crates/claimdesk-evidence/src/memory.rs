//! Claim memory by meaning: earlier claims (or published fact-checks) that say the same thing in other words or
//! another language, from embeddings the caller computed, fused with the BM25 claim memory of [`ClaimMemory`].
//!
//! The index is **exact cosine over one contiguous f32 matrix** (row `i` is the unit vector of the `i`th claim).
//! Why not an approximate index (HNSW and the like): a workspace holds thousands of claims and at most about a
//! hundred thousand fact-checks; one pass over 100,000 × 384 floats is ~38 M multiply-adds, a few milliseconds
//! per query (docs/BENCHMARKS.md, "Claim memory"), exact, with no graph to build, persist or repair, and the rows
//! are rebuilt from the store's stored vectors when the workspace opens. What it costs: 1.5 KiB of memory per claim.
//!
//! Without a vector for the query (no model), [`HybridMemory::similar`] is exactly the lexical claim memory.

use crate::index::ClaimMemory;
use serde::Serialize;

/// How the hybrid memory ranks and when it shows a claim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryOptions {
    /// Weight of the BM25 score (divided by the query's best BM25 score, so 0..1) added to the cosine.
    /// Chosen on CLEF-2020 task 2 dev (`--example claim_matching_eval -- tune`: 0.04 gives MAP@5 0.811, 0 gives
    /// 0.734, 0.1 gives 0.789).
    pub lexical_weight: f32,
    /// Candidates taken from each side (nearest by cosine, best by BM25) before fusing.
    pub candidates: usize,
    /// Cosine from which an earlier claim is shown as "said before" (e5 cosines of unrelated claims are ~0.75).
    pub min_similarity: f32,
    /// The lexical threshold used without vectors ([`ClaimMemory::DEFAULT_THRESHOLD`]).
    pub min_lexical: f32,
}

impl Default for MemoryOptions {
    fn default() -> Self {
        MemoryOptions {
            lexical_weight: 0.04,
            candidates: 50,
            min_similarity: 0.88,
            min_lexical: ClaimMemory::DEFAULT_THRESHOLD,
        }
    }
}

/// One claim of the memory, ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoryHit {
    /// The id it was added under.
    pub id: String,
    /// The fused ranking score (cosine + weighted BM25; comparable within one query only).
    pub score: f32,
    /// The cosine of the two claims' embeddings, when both have one.
    pub similarity: Option<f32>,
    /// The lexical similarity ([`ClaimMemory::similar`]'s IDF cosine), when the lexical path found it.
    pub lexical: Option<f32>,
}

/// Claims with their embeddings (exact cosine) and their words (BM25), by string id.
#[derive(Debug, Clone)]
pub struct HybridMemory {
    dim: usize,
    ids: Vec<String>,
    /// Row-major, `ids.len() × dim`; a claim added without a vector has a zero row (cosine 0 with everything).
    matrix: Vec<f32>,
    has_vector: Vec<bool>,
    by_id: std::collections::HashMap<String, usize>,
    lexical: ClaimMemory,
}

impl HybridMemory {
    /// An empty memory for vectors of `dim` floats.
    pub fn new(dim: usize) -> Self {
        HybridMemory {
            dim,
            ids: Vec::new(),
            matrix: Vec::new(),
            has_vector: Vec::new(),
            by_id: std::collections::HashMap::new(),
            lexical: ClaimMemory::new(),
        }
    }

    /// Adds a claim with its embedding (empty, or of another length than `dim`: the claim is lexical only).
    /// An id added twice keeps the first row; add each claim once.
    pub fn add(&mut self, id: &str, text: &str, vector: &[f32]) {
        if self.by_id.contains_key(id) {
            return;
        }
        self.by_id.insert(id.to_string(), self.ids.len());
        self.ids.push(id.to_string());
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        let ok = vector.len() == self.dim && norm > 0.0;
        if ok {
            self.matrix.extend(vector.iter().map(|x| x / norm));
        } else {
            self.matrix.extend(std::iter::repeat_n(0.0, self.dim));
        }
        self.has_vector.push(ok);
        self.lexical.add(id, text);
    }

    /// Number of claims held.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no claims are held.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// How many claims have a vector.
    pub fn with_vectors(&self) -> usize {
        self.has_vector.iter().filter(|&&b| b).count()
    }

    /// The `k` rows nearest to `query` by cosine (exact scan), best first: (row, cosine).
    pub fn nearest(&self, query: &[f32], k: usize) -> Vec<(usize, f32)> {
        if query.len() != self.dim || self.ids.is_empty() || k == 0 {
            return Vec::new();
        }
        let norm = query.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        let q: Vec<f32> = query.iter().map(|x| x / norm).collect();
        // One pass over the matrix keeping the k best in a small buffer: no allocation per row, and the row loop
        // is only the dot product (the matrix is read once, which is what bounds the time: 1.5 KiB per claim).
        let mut best: Vec<(usize, f32)> = Vec::with_capacity(k + 1);
        let mut floor = f32::NEG_INFINITY;
        for (i, row) in self.matrix.chunks_exact(self.dim).enumerate() {
            let d = dot(row, &q);
            if best.len() < k || d > floor {
                if !self.has_vector[i] {
                    continue;
                }
                if best.len() == k {
                    let worst = best
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
                        .map_or(0, |(j, _)| j);
                    best.swap_remove(worst);
                }
                best.push((i, d));
                if best.len() == k {
                    floor = best.iter().map(|b| b.1).fold(f32::INFINITY, f32::min);
                }
            }
        }
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best
    }

    /// The `k` best claims for `text` (with its embedding `vector`, when there is one), by fused score, with no
    /// threshold: the ranking that CLEF's MAP@5 measures. Without a vector, plain BM25.
    pub fn rank(
        &self,
        text: &str,
        vector: Option<&[f32]>,
        k: usize,
        opts: &MemoryOptions,
    ) -> Vec<MemoryHit> {
        let bm25 = self.lexical.search(text, opts.candidates.max(k));
        let Some(q) = vector.filter(|v| v.len() == self.dim && self.with_vectors() > 0) else {
            return bm25
                .into_iter()
                .take(k)
                .map(|h| MemoryHit {
                    id: h.id,
                    score: h.score,
                    similarity: None,
                    lexical: None,
                })
                .collect();
        };
        let norm = q.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        let qn: Vec<f32> = q.iter().map(|x| x / norm).collect();
        let best = bm25.first().map_or(1.0, |h| h.score).max(1e-6);
        let mut fused: std::collections::HashMap<usize, (f32, f32)> =
            std::collections::HashMap::new();
        for h in &bm25 {
            if let Some(&row) = self.by_id.get(&h.id) {
                fused.insert(row, (f32::NAN, h.score / best));
            }
        }
        for (row, cos) in self.nearest(&qn, opts.candidates.max(k)) {
            fused.entry(row).or_insert((cos, 0.0)).0 = cos;
        }
        let mut out: Vec<MemoryHit> = fused
            .into_iter()
            .map(|(row, (cos, lex))| {
                // A BM25 candidate outside the cosine top list still gets its exact cosine.
                let cos = if cos.is_nan() {
                    if self.has_vector[row] {
                        dot(&self.matrix[row * self.dim..(row + 1) * self.dim], &qn)
                    } else {
                        0.0
                    }
                } else {
                    cos
                };
                MemoryHit {
                    id: self.ids[row].clone(),
                    score: cos + opts.lexical_weight * lex,
                    similarity: self.has_vector[row].then_some(cos),
                    lexical: None,
                }
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.truncate(k);
        out
    }

    /// Claims that say what `text` says, most similar first, skipping `exclude`: with a vector, those whose cosine
    /// reaches [`MemoryOptions::min_similarity`] or whose words match as [`ClaimMemory::similar`] does; without
    /// one, exactly the lexical claim memory.
    pub fn similar(
        &self,
        text: &str,
        vector: Option<&[f32]>,
        k: usize,
        opts: &MemoryOptions,
        exclude: Option<&str>,
    ) -> Vec<MemoryHit> {
        let lexical = self
            .lexical
            .similar(text, k.max(10), opts.min_lexical, exclude);
        let mut out: Vec<MemoryHit> = Vec::new();
        if vector.is_some_and(|v| v.len() == self.dim) {
            for h in self.rank(text, vector, k.max(10) + 1, opts) {
                if Some(h.id.as_str()) == exclude {
                    continue;
                }
                let lex = lexical.iter().find(|l| l.id == h.id).map(|l| l.similarity);
                if h.similarity.is_some_and(|s| s >= opts.min_similarity) || lex.is_some() {
                    out.push(MemoryHit { lexical: lex, ..h });
                }
            }
        }
        // Lexical matches the fused ranking did not reach (or every match, without vectors).
        for l in lexical {
            if !out.iter().any(|h| h.id == l.id) {
                let similarity = vector
                    .filter(|v| v.len() == self.dim)
                    .and_then(|q| self.cosine_of(&l.id, q));
                out.push(MemoryHit {
                    id: l.id,
                    score: l.similarity,
                    similarity,
                    lexical: Some(l.similarity),
                });
            }
        }
        // Shown by their meaning when known, by their words otherwise.
        let key = |h: &MemoryHit| h.similarity.or(h.lexical).unwrap_or(0.0);
        out.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.id.cmp(&b.id)));
        out.truncate(k);
        out
    }

    /// The cosine of the claim `id` with `query`, when the claim has a vector.
    fn cosine_of(&self, id: &str, query: &[f32]) -> Option<f32> {
        let &row = self.by_id.get(id)?;
        if !self.has_vector[row] {
            return None;
        }
        let norm = query.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        let d = dot(&self.matrix[row * self.dim..(row + 1) * self.dim], query);
        Some(d / norm)
    }
}

/// The dot product, with eight independent sums so the compiler can keep them in SIMD lanes (a single running sum
/// is a serial dependency chain it may not reorder).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = a.len() / 8 * 8;
    for (x, y) in a[..chunks].chunks_exact(8).zip(b[..chunks].chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let tail: f32 = a[chunks..]
        .iter()
        .zip(&b[chunks..])
        .map(|(x, y)| x * y)
        .sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn nearest_is_the_exact_cosine_order() {
        let mut m = HybridMemory::new(3);
        m.add("a", "alpha", &[1.0, 0.0, 0.0]);
        m.add("b", "beta", &[0.6, 0.8, 0.0]);
        m.add("c", "gamma", &[0.0, 0.0, 1.0]);
        m.add("d", "delta", &[]);
        let got = m.nearest(&[1.0, 0.1, 0.0], 10);
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), vec![0, 1, 2]);
        let expect = unit(&[1.0, 0.1, 0.0])[0];
        assert!((got[0].1 - expect).abs() < 1e-6);
        assert_eq!(m.with_vectors(), 3);
    }

    #[test]
    fn similar_finds_a_claim_by_meaning_that_shares_no_word() {
        let mut m = HybridMemory::new(2);
        m.add("1", "La presidenta rechazó las tropas", &[1.0, 0.05]);
        m.add("2", "Unemployment fell in May", &[0.0, 1.0]);
        let opts = MemoryOptions::default();
        let hits = m.similar(
            "The president refused the troops",
            Some(&[1.0, 0.0]),
            5,
            &opts,
            None,
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, "1");
        assert!(hits[0].similarity.is_some_and(|s| s > 0.99));
        // Without a vector the same query is lexical: no shared word, nothing shown.
        assert!(m
            .similar("The president refused the troops", None, 5, &opts, None)
            .is_empty());
        // And the lexical path still finds the same words in another order.
        let lex = m.similar("In May, unemployment fell", None, 5, &opts, None);
        assert_eq!(lex[0].id, "2");
        assert!(lex[0].similarity.is_none() && lex[0].lexical.is_some());
    }

    #[test]
    fn rank_without_vectors_is_bm25_and_exclude_is_honoured() {
        let mut m = HybridMemory::new(2);
        m.add("1", "the bridge will be rebuilt by 2027", &[1.0, 0.0]);
        m.add("2", "the mayor opened a school", &[0.0, 1.0]);
        let opts = MemoryOptions::default();
        let bm25 = m.rank("bridge rebuilt", None, 5, &opts);
        assert_eq!(bm25[0].id, "1");
        assert!(bm25[0].similarity.is_none());
        let hits = m.similar(
            "bridge rebuilt by 2027",
            Some(&[1.0, 0.0]),
            5,
            &opts,
            Some("1"),
        );
        assert!(hits.iter().all(|h| h.id != "1"));
    }
}
