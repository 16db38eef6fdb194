//! Real edit sequences for evaluating re-anchoring: article texts from the extraction benchmark, revised by
//! insertions, deletions, rewordings and moves of sentences, with the truth for every claim tracked.
//! Shared by `tests/revise.rs` (a subset) and `examples/eval_reanchor.rs` (all 181 articles).
#![allow(dead_code)]

use std::collections::BTreeMap;

use claimdesk_store::{Id, NewDocument, Revision, RevisionReport, Store};

use super::sentences;

/// The committed excerpt of the extraction benchmark's ground truth (MIT; see its README): the first 25 articles by
/// benchmark id and the last one.
pub const GROUND_TRUTH_EXCERPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/article-extraction-benchmark/ground-truth-excerpt.json"
);

/// The full ground truth (181 articles) in `$CLAIMDESK_DATA` (a relative path is taken from the repository root;
/// default `../shared/data`). Only the examples (`make eval`, benches) read it.
pub fn ground_truth_full() -> std::path::PathBuf {
    let data = std::env::var_os("CLAIMDESK_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "../shared/data".into());
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("extraction/article-extraction-benchmark/ground-truth.json")
}

/// Article bodies of the committed excerpt (26), ordered by their benchmark id.
pub fn articles() -> Vec<String> {
    articles_from(std::path::Path::new(GROUND_TRUTH_EXCERPT))
}

/// All 181 article bodies of the full data set, ordered by their benchmark id.
pub fn benchmark_articles() -> Vec<String> {
    articles_from(&ground_truth_full())
}

fn articles_from(path: &std::path::Path) -> Vec<String> {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set CLAIMDESK_DATA for the full data)",
            path.display()
        )
    });
    let map: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&raw).expect("valid ground truth");
    map.values()
        .filter_map(|v| v["articleBody"].as_str().map(str::to_string))
        .collect()
}

/// xorshift64*: deterministic and dependency-free.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// One sentence of a draft, with the whitespace after it, and what the truth knows about it.
#[derive(Clone, Debug)]
pub struct Piece {
    pub text: String,
    pub gap: String,
    /// The store's claim for this sentence, once known.
    pub claim: Option<Id>,
    /// The text changed since the claim was created: the claim must be stale.
    pub changed: bool,
}

/// What the truth says about a claim after a revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Truth {
    Unchanged,
    Moved,
    Reworded,
    Deleted,
}

pub fn pieces(text: &str) -> (String, Vec<Piece>) {
    let spans = sentences(text);
    let lead = spans
        .first()
        .map_or(text.to_string(), |c| text[..c.start].to_string());
    let mut out = Vec::new();
    for (i, c) in spans.iter().enumerate() {
        let next = spans.get(i + 1).map_or(text.len(), |n| n.start);
        out.push(Piece {
            text: c.text.clone(),
            gap: text[c.end..next].to_string(),
            claim: None,
            changed: false,
        });
    }
    (lead, out)
}

pub fn join(lead: &str, pieces: &[Piece]) -> String {
    let mut s = lead.to_string();
    for p in pieces {
        s.push_str(&p.text);
        s.push_str(&p.gap);
    }
    s
}

const WORDS: [&str; 8] = [
    "reportedly",
    "nearly",
    "several",
    "official",
    "recent",
    "major",
    "local",
    "annual",
];

/// Rewords a sentence: replaces one word of four or more letters, or changes a digit. `None` when it has neither.
fn reword(text: &str, rng: &mut Rng) -> Option<String> {
    let digits: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    if !digits.is_empty() && rng.chance(0.5) {
        let i = digits[rng.below(digits.len())];
        let d = text.as_bytes()[i] - b'0';
        let nd = (d + 1 + rng.below(8) as u8) % 10;
        return Some(format!("{}{}{}", &text[..i], nd, &text[i + 1..]));
    }
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |at, w| {
            let s = *at;
            *at += w.len() + 1;
            Some((s, w))
        })
        .filter(|(_, w)| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .collect();
    if words.is_empty() {
        return None;
    }
    let (at, w) = words[rng.below(words.len())];
    let replacement = WORDS[rng.below(WORDS.len())];
    if replacement == w {
        return None;
    }
    Some(format!(
        "{}{}{}",
        &text[..at],
        replacement,
        &text[at + w.len()..]
    ))
}

/// Truth for each claim the revision touches, keyed by claim id (claims not listed are unchanged).
pub struct Revised {
    pub lead: String,
    pub pieces: Vec<Piece>,
    pub truth: BTreeMap<Id, Truth>,
    pub deleted: Vec<Piece>,
}

/// Applies random edits: each sentence is reworded (10%), deleted (5%) or moved (5%); new sentences taken from
/// `donor` are inserted at 5% of positions.
pub fn revise(lead: &str, old: &[Piece], donor: &[String], rng: &mut Rng) -> Revised {
    let mut truth = BTreeMap::new();
    let mut kept: Vec<Piece> = Vec::new();
    let mut moving: Vec<Piece> = Vec::new();
    let mut deleted = Vec::new();
    for p in old {
        let mut p = p.clone();
        let id = p.claim;
        let roll = rng.below(100);
        if roll < 10 {
            if let Some(t) = reword(&p.text, rng) {
                p.text = t;
                p.changed = true;
                id.map(|i| truth.insert(i, Truth::Reworded));
            }
            kept.push(p);
        } else if roll < 15 {
            id.map(|i| truth.insert(i, Truth::Deleted));
            deleted.push(p);
        } else if roll < 20 {
            id.map(|i| truth.insert(i, Truth::Moved));
            moving.push(p);
        } else {
            kept.push(p);
        }
    }
    for p in moving {
        let at = rng.below(kept.len() + 1);
        kept.insert(at, p);
    }
    let existing: std::collections::HashSet<String> = old.iter().map(|p| p.text.clone()).collect();
    let mut i = 0;
    while i <= kept.len() && !donor.is_empty() {
        if rng.chance(0.05) {
            let text = donor[rng.below(donor.len())].clone();
            if !existing.contains(&text) && text.ends_with(['.', '!', '?']) {
                kept.insert(
                    i,
                    Piece {
                        text,
                        gap: " ".into(),
                        claim: None,
                        changed: false,
                    },
                );
                i += 1;
            }
        }
        i += 1;
    }
    // Sentences without final punctuation (headings) only end at a line break; keep them on their own line.
    for p in kept.iter_mut() {
        if p.gap.is_empty()
            || (!p.text.ends_with(['.', '!', '?', '"', '\u{201d}']) && !p.gap.contains('\n'))
        {
            p.gap = "\n".into();
        }
    }
    Revised {
        lead: lead.to_string(),
        pieces: kept,
        truth,
        deleted,
    }
}

/// Counts of truth x outcome.
#[derive(Default, Debug)]
pub struct Tally {
    /// (truth, outcome) -> count. Outcomes: kept, moved, stale, orphan, misplaced (found at the wrong sentence).
    pub cells: BTreeMap<(Truth, &'static str), usize>,
    pub new_sentences: usize,
    pub created_right: usize,
    pub created_spurious: usize,
    pub segmentation_drift: usize,
    pub revisions: usize,
    pub claims_lost: usize,
}

impl Tally {
    pub fn correct(&self) -> usize {
        self.cells
            .iter()
            .filter(|((t, o), _)| {
                matches!(
                    (t, *o),
                    (Truth::Unchanged, "kept")
                        | (Truth::Moved, "kept")
                        | (Truth::Moved, "moved")
                        | (Truth::Reworded, "stale")
                        | (Truth::Deleted, "orphan")
                )
            })
            .map(|(_, n)| n)
            .sum()
    }
    pub fn total(&self) -> usize {
        self.cells.values().sum()
    }
}

/// Imports `text` and applies `revisions` random revisions, checking every claim against the truth each time.
pub fn run_sequence(
    store: &Store,
    text: &str,
    donor: &[String],
    revisions: usize,
    rng: &mut Rng,
    tally: &mut Tally,
) {
    let (lead, mut ps) = pieces(text);
    let new = NewDocument {
        title: "article".into(),
        file_name: None,
        text: text.to_string(),
        claims: sentences(text),
    };
    let doc = store.create_document(new, "eval").expect("create");
    let claims = store.claims(doc.id).expect("claims");
    for (p, c) in ps.iter_mut().zip(&claims) {
        p.claim = Some(c.id);
    }
    let mut orphans: Vec<Id> = Vec::new();
    for _ in 0..revisions {
        let r = revise(&lead, &ps, donor, rng);
        let new_text = join(&r.lead, &r.pieces);
        let segs = sentences(&new_text);
        if segs.len() != r.pieces.len() || segs.iter().zip(&r.pieces).any(|(s, p)| s.text != p.text)
        {
            tally.segmentation_drift += 1;
            continue;
        }
        let before = store.claims(doc.id).expect("claims").len();
        let report: RevisionReport = store
            .revise_document(
                doc.id,
                Revision {
                    file_name: None,
                    text: new_text,
                    claims: segs,
                },
                "eval",
            )
            .expect("revise");
        tally.revisions += 1;
        let after = store.claims(doc.id).expect("claims");
        tally.claims_lost += (before + report.created.len()).saturating_sub(after.len());
        let by_id: BTreeMap<Id, &claimdesk_store::Claim> =
            after.iter().map(|c| (c.id, c)).collect();
        for p in &r.pieces {
            let Some(id) = p.claim else { continue };
            let Some(c) = by_id.get(&id) else {
                tally.claims_lost += 1;
                continue;
            };
            let truth = r.truth.get(&id).copied().unwrap_or(Truth::Unchanged);
            let outcome = if c.orphan {
                "orphan"
            } else if c.text != claimdesk_core::text::sentence_text(&p.text) {
                // The store keeps a claim's text in the one normalised form (Unicode spaces folded, soft hyphens
                // dropped); the piece is raw draft text.
                "misplaced"
            } else if report.stale.contains(&id) {
                "stale"
            } else if report.moved.contains(&id) {
                "moved"
            } else {
                "kept"
            };
            if std::env::var_os("CLAIMDESK_EVAL_VERBOSE").is_some()
                && !matches!(
                    (truth, outcome),
                    (Truth::Unchanged, "kept")
                        | (Truth::Moved, "moved")
                        | (Truth::Moved, "kept")
                        | (Truth::Reworded, "stale")
                        | (Truth::Unchanged, "moved")
                )
            {
                eprintln!("{truth:?} -> {outcome}: {:?} (store: {:?})", p.text, c.text);
            }
            // A claim reworded earlier stays stale (and counts as kept here) until an editor reviews it.
            *tally.cells.entry((truth, outcome)).or_default() += 1;
        }
        for p in &r.deleted {
            if let Some(id) = p.claim {
                let outcome = match by_id.get(&id) {
                    Some(c) if c.orphan => "orphan",
                    Some(_) => "misplaced",
                    None => {
                        tally.claims_lost += 1;
                        continue;
                    }
                };
                *tally.cells.entry((Truth::Deleted, outcome)).or_default() += 1;
                orphans.push(id);
            }
        }
        // Map the new sentences to the claims created for them.
        let created: Vec<&claimdesk_store::Claim> = report
            .created
            .iter()
            .filter_map(|id| by_id.get(id).copied())
            .collect();
        let mut next = r.pieces;
        let mut used = vec![false; created.len()];
        for p in next.iter_mut().filter(|p| p.claim.is_none()) {
            tally.new_sentences += 1;
            if let Some(k) = (0..created.len()).find(|&k| !used[k] && created[k].text == p.text) {
                used[k] = true;
                p.claim = Some(created[k].id);
                tally.created_right += 1;
            }
        }
        tally.created_spurious += used.iter().filter(|u| !**u).count();
        // Rewording is judged per revision; the next revision starts from the store's current state.
        for p in next.iter_mut() {
            p.changed = false;
        }
        ps = next;
    }
    let _ = orphans;
}
