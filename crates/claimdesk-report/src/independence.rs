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

/// FNV-1a, written out because the std hasher's output may change between Rust releases and the groups in a
/// saved report should not.
fn fnv1a(bytes: &[u8], mut h: u64) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A final avalanche (splitmix64) so that the sketch's "smallest values" are a uniform sample of the shingles.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn sketch(text: &str) -> Sketch {
    // Lowercased alphanumeric words; punctuation and typography (curly vs straight quotes) are what copy desks
    // change most, so they are ignored.
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut h = 0xcbf2_9ce4_8422_2325;
            for c in w.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                h = fnv1a(c.encode_utf8(&mut buf).as_bytes(), h);
            }
            h
        })
        .collect();
    let mut hashes: Vec<u64> = words
        .windows(SHINGLE_WORDS)
        .map(|win| {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for w in win {
                h = fnv1a(&w.to_le_bytes(), h);
            }
            mix(h)
        })
        .collect();
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
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, sk) in sketches.iter().enumerate() {
        if let Some(sk) = sk {
            for &v in &sk.mins {
                postings.entry(v).or_default().push(i);
            }
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for list in postings.values() {
        // A shingle in very many sources is boilerplate ("all rights reserved ..."); pairing all of them would be
        // quadratic and say nothing about copying.
        if list.len() > 64 {
            continue;
        }
        for (k, &a) in list.iter().enumerate() {
            for &b in list.iter().skip(k + 1) {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut candidates: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&(_, count)| count >= MIN_SHARED_FOR_CANDIDATE)
        .map(|(pair, _)| pair)
        .collect();
    candidates.sort_unstable();
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
