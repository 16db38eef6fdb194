//! Re-anchoring claims in a revised draft.
//!
//! Every old claim is first mapped through a word diff of the old and new text (`similar`, Myers): the bytes of the
//! claim that survive unchanged land in the new text, and the new sentence that receives most of them is the claim's
//! new place. When the diff cannot place a claim (it moved, or was rewritten too much, or it was already an orphan of
//! an older version), a fuzzy match in the style of Hypothesis' anchoring scores every still-free new sentence on the
//! quote, the prefix, the suffix and the position, weighted 50 / 20 / 20 / 2 as Hypothesis does. Below
//! [`FUZZY_MIN_SCORE`] the claim becomes an orphan.

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffTag, TextDiff};

use crate::model::Anchor;
use crate::store::{ceil_boundary, floor_boundary};

/// The share of a claim's bytes (relative to the longer of old and new sentence) that must reach one new sentence
/// through the diff for the diff to place it there.
pub const DIFF_MIN_SHARE: f32 = 0.5;
/// The weighted fuzzy score (quote 50, prefix 20, suffix 20, position 2) a new sentence needs to take an unplaced
/// claim.
pub const FUZZY_MIN_SCORE: f32 = 0.6;
/// The quote similarity (similar's character ratio) below which a sentence is never a fuzzy match, whatever its
/// context: a changed neighbour must not drag an unrelated sentence in.
pub const FUZZY_MIN_QUOTE: f32 = 0.6;

/// Where an old claim goes in the revised draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "placement")]
pub enum Placement {
    /// Found with its text unchanged at new sentence `sentence`. `moved` is set when only the fuzzy search found it.
    Kept {
        /// Index into the new sentences.
        sentence: usize,
        /// Found by fuzzy matching, not through the diff.
        moved: bool,
    },
    /// Found at new sentence `sentence`, with different text.
    Stale {
        /// Index into the new sentences.
        sentence: usize,
    },
    /// Not found.
    Orphan,
}

/// An old claim to place: its anchor, and whether that anchor's offsets refer to `old_text` (false for claims that
/// were already orphans of an older version: those only have their quote and context).
#[derive(Debug, Clone, Copy)]
pub struct OldClaim<'a> {
    /// The claim's anchor.
    pub anchor: &'a Anchor,
    /// The anchor's offsets refer to the old text.
    pub in_old_text: bool,
}

/// Byte ranges the diff keeps unchanged: old `start..end` is new `new_start..`.
fn equal_regions(old: &str, new: &str) -> Vec<(usize, usize, usize)> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        // A pathological pair of texts must not freeze the UI; past the deadline the diff is coarser, and the fuzzy
        // step picks up what it misses.
        .timeout(Duration::from_secs(2))
        .diff_words(old, new);
    let offsets = |slices: &[&str], total: usize| -> Option<Vec<usize>> {
        let mut v = Vec::with_capacity(slices.len() + 1);
        let mut at = 0;
        v.push(0);
        for s in slices {
            at += s.len();
            v.push(at);
        }
        (at == total).then_some(v)
    };
    let (Some(oo), Some(no)) = (
        offsets(diff.old_slices(), old.len()),
        offsets(diff.new_slices(), new.len()),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for op in diff.ops() {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            continue;
        }
        if let (Some(&os), Some(&oe), Some(&ns)) = (oo.get(o.start), oo.get(o.end), no.get(n.start))
        {
            out.push((os, oe, ns));
        }
    }
    out
}

/// similar's character ratio, 1.0 for equal strings.
fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    TextDiff::configure()
        .timeout(Duration::from_millis(50))
        .diff_chars(a, b)
        .ratio()
}

/// Context similarity; a missing context on either side is neutral rather than a mismatch.
fn context_similarity(stored: &str, found: &str) -> f32 {
    if stored.trim().is_empty() && found.trim().is_empty() {
        1.0
    } else if stored.trim().is_empty() || found.trim().is_empty() {
        0.5
    } else {
        similarity(stored.trim(), found.trim())
    }
}

/// Places every old claim in the new text. `new_spans` are the new sentences, sorted by start, not overlapping.
/// Each new sentence takes at most one old claim.
pub fn reanchor(
    old_text: &str,
    old: &[OldClaim<'_>],
    new_text: &str,
    new_spans: &[(usize, usize)],
) -> Vec<Placement> {
    let sentence_text = |j: usize| {
        new_spans
            .get(j)
            .and_then(|&(s, e)| new_text.get(s..e))
            .unwrap_or_default()
    };
    let regions = if old.iter().any(|c| c.in_old_text) {
        equal_regions(old_text, new_text)
    } else {
        Vec::new()
    };

    // Step 1: the diff. Candidates (share, old index, new index), best first.
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (i, c) in old.iter().enumerate() {
        if !c.in_old_text {
            continue;
        }
        let (s, e) = (c.anchor.start, c.anchor.end);
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        let first = regions.partition_point(|r| r.1 <= s);
        for &(os, oe, ns) in regions.iter().skip(first).take_while(|r| r.0 < e) {
            let (x, y) = (s.max(os), e.min(oe));
            if x >= y {
                continue;
            }
            let (nx, ny) = (ns + (x - os), ns + (y - os));
            let j0 = new_spans.partition_point(|sp| sp.1 <= nx);
            for (j, &(js, je)) in new_spans
                .iter()
                .enumerate()
                .skip(j0)
                .take_while(|(_, sp)| sp.0 < ny)
            {
                let o = ny.min(je).saturating_sub(nx.max(js));
                *overlap.entry(j).or_default() += o;
            }
        }
        if let Some((&j, &o)) = overlap
            .iter()
            .max_by_key(|(&j, &o)| (o, std::cmp::Reverse(j)))
        {
            let longer = (e - s).max(sentence_text(j).len()).max(1);
            let share = o as f32 / longer as f32;
            if share >= DIFF_MIN_SHARE {
                candidates.push((share, i, j));
            }
        }
    }
    let mut placement = vec![Placement::Orphan; old.len()];
    let mut taken = vec![false; new_spans.len()];
    assign(
        &mut candidates,
        &mut placement,
        &mut taken,
        old,
        &sentence_text,
        false,
    );

    // Step 2: fuzzy matching of what the diff left, against the sentences still free.
    let unplaced: Vec<usize> = (0..old.len())
        .filter(|&i| placement[i] == Placement::Orphan)
        .collect();
    if unplaced.is_empty() {
        return placement;
    }
    let free: Vec<usize> = (0..new_spans.len()).filter(|&j| !taken[j]).collect();
    let old_len = old_text.len().max(1) as f32;
    let new_len = new_text.len().max(1) as f32;
    let mut fuzzy: Vec<(f32, usize, usize)> = Vec::new();
    for &i in &unplaced {
        let a = old[i].anchor;
        let qlen = a.exact.len().max(1);
        for &j in &free {
            let cand = sentence_text(j);
            // Sentences of very different length cannot reach the quote threshold; skip the character diff.
            if cand.len() * 2 < qlen || cand.len() > qlen * 2 {
                continue;
            }
            let q = similarity(&a.exact, cand);
            if q < FUZZY_MIN_QUOTE {
                continue;
            }
            let (js, je) = new_spans[j];
            let pre = new_text
                .get(ceil_boundary(new_text, js.saturating_sub(a.prefix.len()))..js)
                .unwrap_or_default();
            let suf = new_text
                .get(je..floor_boundary(new_text, je + a.suffix.len()))
                .unwrap_or_default();
            let p = context_similarity(&a.prefix, pre);
            let sfx = context_similarity(&a.suffix, suf);
            let pos = 1.0
                - ((a.start as f32 / old_len) - (js as f32 / new_len))
                    .abs()
                    .min(1.0);
            let score = (50.0 * q + 20.0 * p + 20.0 * sfx + 2.0 * pos) / 92.0;
            if score >= FUZZY_MIN_SCORE {
                fuzzy.push((score, i, j));
            }
        }
    }
    assign(
        &mut fuzzy,
        &mut placement,
        &mut taken,
        old,
        &sentence_text,
        true,
    );
    placement
}

/// Greedy assignment, best score first; each old claim and each new sentence is used once.
fn assign<'t>(
    candidates: &mut [(f32, usize, usize)],
    placement: &mut [Placement],
    taken: &mut [bool],
    old: &[OldClaim<'_>],
    sentence_text: &dyn Fn(usize) -> &'t str,
    fuzzy: bool,
) {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for &(_, i, j) in candidates.iter() {
        if placement[i] != Placement::Orphan || taken[j] {
            continue;
        }
        taken[j] = true;
        placement[i] = if sentence_text(j) == old[i].anchor.exact {
            Placement::Kept {
                sentence: j,
                moved: fuzzy,
            }
        } else {
            Placement::Stale { sentence: j }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::anchors;

    fn spans(text: &str, sentences: &[&str]) -> Vec<(usize, usize)> {
        sentences
            .iter()
            .map(|s| {
                let at = text.find(s).unwrap();
                (at, at + s.len())
            })
            .collect()
    }

    #[test]
    fn insertion_rewording_move_and_deletion() {
        let old = "Alpha rose 5% in May. Beta fell sharply. Gamma stayed flat all year. Delta doubled in size.";
        let old_s = [
            "Alpha rose 5% in May.",
            "Beta fell sharply.",
            "Gamma stayed flat all year.",
            "Delta doubled in size.",
        ];
        let new = "A new lead sentence. Alpha rose 6% in May. Gamma stayed flat all year. Delta doubled in size. Beta fell sharply.";
        let new_s = [
            "A new lead sentence.",
            "Alpha rose 6% in May.",
            "Gamma stayed flat all year.",
            "Delta doubled in size.",
            "Beta fell sharply.",
        ];
        let a = anchors(old, 1, &spans(old, &old_s));
        let olds: Vec<OldClaim<'_>> = a
            .iter()
            .map(|anchor| OldClaim {
                anchor,
                in_old_text: true,
            })
            .collect();
        let p = reanchor(old, &olds, new, &spans(new, &new_s));
        assert_eq!(p[0], Placement::Stale { sentence: 1 });
        assert_eq!(
            p[1],
            Placement::Kept {
                sentence: 4,
                moved: true
            }
        );
        assert_eq!(
            p[2],
            Placement::Kept {
                sentence: 2,
                moved: false
            }
        );
        assert_eq!(
            p[3],
            Placement::Kept {
                sentence: 3,
                moved: false
            }
        );
        let deleted = "Alpha rose 5% in May. Gamma stayed flat all year. Delta doubled in size.";
        let p = reanchor(
            old,
            &olds,
            deleted,
            &spans(deleted, &[old_s[0], old_s[2], old_s[3]]),
        );
        assert_eq!(p[1], Placement::Orphan);
    }
}
