//! Source independence: copies of the same wire story are one source, not several.
//!
//! Fact-checkers count independent confirmations. Ten regional sites running the same agency copy confirm a claim
//! once. We detect such copies by comparing the sources' extracted text as sets of word 5-gram shingles: a
//! syndicated copy keeps most of the agency's sentences even when the site trims the tail, rewrites the headline or
//! adds a dateline, while two outlets reporting the same event in their own words share very few 5-grams.
//!
//! Each text is reduced to a bottom-k MinHash sketch (its `SKETCH` smallest distinct shingle hashes). That keeps
//! the comparison cost independent of article length, and an inverted index over sketch values means only pairs
//! that share some shingles are compared at all, so a report with thousands of sources stays fast.

use std::collections::HashMap;

use crate::model::SourceInfo;

/// Words per shingle. Five words are long enough that unrelated articles rarely share one by chance, short
/// enough that a light edit (a changed word every sentence or two) leaves most shingles intact.
const SHINGLE_WORDS: usize = 5;
/// Sketch size. 256 values give a Jaccard estimate with a standard error of about 0.03.
const SKETCH: usize = 256;
/// Texts with fewer distinct shingles than this are too short to call a copy (a one-line caption, a paywall stub).
const MIN_SHINGLES: usize = 20;
/// Two texts are copies when this share of the shorter one's shingles is also in the longer one. The overlap
/// coefficient rather than plain Jaccard, because a site that runs only the first half of a wire story is still
/// running a copy of it.
const MIN_OVERLAP: f64 = 0.5;
/// Candidate pairs must share at least this many sketch values before the estimate is computed.
const MIN_SHARED_FOR_CANDIDATE: usize = 2;

/// A source's text reduced for comparison.
struct Sketch {
    /// Number of distinct shingles in the whole text.
    distinct: usize,
    /// The smallest `SKETCH` distinct shingle hashes, ascending.
    mins: Vec<u64>,
}

// FNV-1a from claimdesk-core: stable across Rust releases, so the groups in a saved report stay the same.
use claimdesk_core::fnv1a;
use claimdesk_core::hash::{fnv1a_step, FNV_OFFSET, FNV_PRIME};

/// A final avalanche (splitmix64) so that the sketch's "smallest values" are a uniform sample of the shingles.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of every word of `text`: runs of alphanumeric characters, lowercased, FNV-1a over their UTF-8 bytes.
/// Punctuation and typography (curly vs straight quotes) are what copy desks change most, so they separate words
/// and are otherwise ignored. ASCII, most of the text, is handled a byte at a time without decoding characters.
fn word_hashes(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                h = fnv1a_step(h, b.to_ascii_lowercase());
                in_word = true;
            } else if in_word {
                out.push(h);
                h = FNV_OFFSET;
                in_word = false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        if c.is_alphanumeric() {
            for lc in c.to_lowercase() {
                let mut buf = [0u8; 4];
                h = fnv1a(lc.encode_utf8(&mut buf).as_bytes(), h);
            }
            in_word = true;
        } else if in_word {
            out.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
        i += c.len_utf8();
    }
    if in_word {
        out.push(h);
    }
    out
}

fn sketch(text: &str) -> Sketch {
    let words = word_hashes(text);
    // A shingle's hash: the five word hashes combined polynomially, then mixed (five multiplies, not forty).
    let mut hashes: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|win| {
            mix(win
                .iter()
                .fold(0u64, |h, w| h.wrapping_mul(FNV_PRIME).wrapping_add(*w)))
        })
        .collect();
    // Only the smallest values matter. Partition around a cut comfortably above the sketch size (duplicates of a
    // repeated phrase can take several slots) and sort only that part; a full sort is the fallback.
    let cut = SKETCH * 4;
    if hashes.len() > cut {
        hashes.select_nth_unstable(cut);
        let tail_min = hashes.get(cut).copied().unwrap_or(u64::MAX);
        let mut head: Vec<u64> = hashes.get(..cut).map(<[u64]>::to_vec).unwrap_or_default();
        head.sort_unstable();
        head.dedup();
        if head.len() >= SKETCH {
            head.truncate(SKETCH);
            // The K-minimum-values estimate of the distinct count: k values spread over [0, v_k] of a uniform
            // 64-bit space. Exact counting would need the full sort this avoids.
            let vk = head.last().copied().unwrap_or(tail_min).max(1);
            let distinct = ((SKETCH - 1) as f64 * (u64::MAX as f64) / vk as f64) as usize;
            return Sketch {
                distinct: distinct.max(SKETCH),
                mins: head,
            };
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    let distinct = hashes.len();
    hashes.truncate(SKETCH);
    Sketch {
        distinct,
        mins: hashes,
    }
}

/// Estimated overlap coefficient |A∩B| / min(|A|,|B|) from two bottom-k sketches.
fn overlap(a: &Sketch, b: &Sketch) -> f64 {
    if a.distinct == 0 || b.distinct == 0 {
        return 0.0;
    }
    // Walk the union's smallest k values; those present in both sketches are a uniform sample of A∩B among
    // A∪B (a value among the union's k smallest that is in both sets is necessarily in both sketches).
    let (mut i, mut j, mut taken, mut both) = (0usize, 0usize, 0usize, 0usize);
    while taken < SKETCH && (i < a.mins.len() || j < b.mins.len()) {
        let x = a.mins.get(i).copied();
        let y = b.mins.get(j).copied();
        match (x, y) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, Some(_)) => j += 1,
            (None, None) => break,
        }
        taken += 1;
    }
    if taken == 0 {
        return 0.0;
    }
    let jaccard = both as f64 / taken as f64;
    let (na, nb) = (a.distinct as f64, b.distinct as f64);
    let intersection = jaccard * (na + nb) / (1.0 + jaccard);
    (intersection / na.min(nb)).min(1.0)
}

/// Union-find over source indices.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(n: usize) -> Self {
        Groups {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            // Path halving keeps the trees flat without recursion.
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = gp;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index becomes the root so that the result does not depend on visiting order.
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            if let Some(slot) = self.parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
}

/// Normalises a URL for "same page" comparison: scheme, `www.`, fragment and a trailing slash do not matter.
fn page_key(url: &str) -> String {
    let u = url.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let u = u.trim_end_matches('/');
    // Hosts are case-insensitive, paths are not.
    let (host, path) = u.split_at(u.find('/').unwrap_or(u.len()));
    let host = host.to_ascii_lowercase();
    format!("{}{path}", host.strip_prefix("www.").unwrap_or(&host))
}

/// Groups sources that are the same story: the same archived bytes, the same page, or near-duplicate text
/// (syndicated copies). Every source index appears in exactly one group; groups are sorted by their first index
/// and each group is ascending, so the result is deterministic. The number of groups is the number of independent
/// sources.
pub fn independence_groups(sources: &[SourceInfo]) -> Vec<Vec<usize>> {
    let n = sources.len();
    let mut groups = Groups::new(n);

    // Exact identity first: the same snapshot hash or the same page.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, s) in sources.iter().enumerate() {
        let mut keys = vec![format!(
            "url:{}",
            page_key(s.final_url.as_deref().unwrap_or(&s.url))
        )];
        if let Some(h) = s.sha256.as_deref().filter(|h| !h.trim().is_empty()) {
            keys.push(format!("sha:{}", h.trim().to_ascii_lowercase()));
        }
        for k in keys {
            match by_key.get(&k) {
                Some(&first) => groups.union(first, i),
                None => {
                    by_key.insert(k, i);
                }
            }
        }
    }

    // Near-duplicate text.
    let sketches: Vec<Option<Sketch>> = sources
        .iter()
        .map(|s| {
            s.text
                .as_deref()
                .map(sketch)
                .filter(|k| k.distinct >= MIN_SHINGLES)
        })
        .collect();
    // (sketch value, source) for every source, sorted: each run of equal values is the list of sources sharing that
    // shingle. A sorted vector is much cheaper than a hash map of vectors here.
    let mut postings: Vec<(u64, u32)> = Vec::new();
    for (i, sk) in sketches.iter().enumerate() {
        if let (Some(sk), Ok(i)) = (sk, u32::try_from(i)) {
            postings.extend(sk.mins.iter().map(|&v| (v, i)));
        }
    }
    postings.sort_unstable();
    // Every pair of sources that share a sketch value, once per shared value; sorting and counting runs is much
    // faster than a hash map of pair counts.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for list in postings.chunk_by(|a, b| a.0 == b.0) {
        // A shingle in very many sources is boilerplate ("all rights reserved ..."); pairing all of them would be
        // quadratic and say nothing about copying.
        if list.len() < 2 || list.len() > 64 {
            continue;
        }
        for (k, &(_, a)) in list.iter().enumerate() {
            for &(_, b) in list.iter().skip(k + 1) {
                pairs.push((a, b));
            }
        }
    }
    pairs.sort_unstable();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    let mut run = 0usize;
    for (k, p) in pairs.iter().enumerate() {
        run += 1;
        if pairs.get(k + 1) != Some(p) {
            if run >= MIN_SHARED_FOR_CANDIDATE {
                candidates.push((p.0 as usize, p.1 as usize));
            }
            run = 0;
        }
    }
    for (a, b) in candidates {
        if let (Some(Some(sa)), Some(Some(sb))) = (sketches.get(a), sketches.get(b)) {
            if overlap(sa, sb) >= MIN_OVERLAP {
                groups.union(a, b);
            }
        }
    }

    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = groups.find(i);
        by_root.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = by_root.into_values().collect();
    out.sort_unstable_by_key(|g| g.first().copied().unwrap_or(usize::MAX));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_of_identical_and_disjoint_texts() {
        let a = sketch(&"alpha beta gamma delta epsilon zeta eta theta iota kappa ".repeat(10));
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let b = sketch(&words.join(" "));
        let c = sketch(&words.join(" "));
        assert!((overlap(&b, &c) - 1.0).abs() < 1e-9);
        assert!(overlap(&a, &b) < 0.01);
    }

    #[test]
    fn page_key_ignores_scheme_www_fragment_and_slash() {
        assert_eq!(
            page_key("https://www.Example.org/a/#x"),
            page_key("http://example.org/a")
        );
        assert_ne!(
            page_key("https://example.org/a"),
            page_key("https://example.org/b")
        );
    }
}
