//! Meaning-aware matching: the optional sentence encoder, loaded lazily once per process, and the evidence
//! computed with it.
//!
//! The model file is found as `claimdesk_embed::locate` documents (`$CLAIMDESK_MODEL_DIR`, then
//! `${XDG_DATA_HOME:-~/.local/share}/claimdesk/models/`, then `/usr/share/claimdesk/models/`). Without it, or with
//! `CLAIMDESK_SEMANTIC=off`, evidence is the lexical path exactly as before and [`SemanticStatus`] says why
//! meaning-aware matching is off; the UI shows that sentence.
//!
//! Sentence vectors of a snapshot are kept per snapshot (a snapshot's text never changes), read from the store when
//! its background job stored them, so a source is embedded once. A long source is not embedded whole at request time: up to [`LIVE_SENTENCES`] sentences
//! are, and beyond that the claim's [`LEXICAL_POOL`] lexically best sentences.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use claimdesk_embed::{Encoder, Role};
use claimdesk_evidence as evidence;
use evidence::semantic::{analyze_hybrid, sentence_spans, Embeddings, HybridOptions};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Sources of at most this many sentences are embedded whole.
///
/// Evidence is computed while the editor waits (a citation answers with it), and this encoder embeds about 5 to 20
/// sentences a second on a 2-core machine, so the budget is a few seconds: a short page is embedded whole (a
/// translation anywhere in it is found), a longer one only where the lexical ranking points. A cited source's
/// sentences are also embedded whole in a background job and stored with the snapshot (`sources::embedding`);
/// once stored, every sentence is ranked by meaning and nothing is embedded here.
pub const LIVE_SENTENCES: usize = 40;
/// Beyond [`LIVE_SENTENCES`], this many lexically best sentences per claim are embedded.
pub const LEXICAL_POOL: usize = 16;

/// Whether meaning-aware matching was used for a piece of evidence, and why not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SemanticStatus {
    /// True when the passages were ranked with embeddings.
    pub on: bool,
    /// Why it is off (no model, a corrupt model, turned off), for "meaning-aware matching is off: <reason>".
    pub reason: Option<String>,
}

static ENCODER: OnceLock<Result<Encoder, String>> = OnceLock::new();

/// The process's encoder, loaded on first use; the error is the reason meaning-aware matching is off.
pub fn encoder() -> Result<&'static Encoder, &'static str> {
    ENCODER
        .get_or_init(|| {
            if std::env::var("CLAIMDESK_SEMANTIC").is_ok_and(|v| v == "off" || v == "0") {
                return Err("turned off (CLAIMDESK_SEMANTIC=off)".to_string());
            }
            let loaded = Encoder::locate_and_load().map_err(|e| e.to_string());
            match &loaded {
                Ok(e) => tracing::info!(path = %e.path().display(), "sentence encoder loaded"),
                Err(e) => tracing::warn!("meaning-aware matching is off: {e}"),
            }
            loaded
        })
        .as_ref()
        .map_err(String::as_str)
}

/// Sentence vectors of one source text, by sentence span, filled on demand.
#[derive(Default)]
pub(crate) struct SourceVectors {
    vectors: Mutex<HashMap<(usize, usize), Vec<f32>>>,
    /// Whether the vectors stored with the snapshot (its background job's) were read in.
    loaded: std::sync::atomic::AtomicBool,
}

impl SourceVectors {
    /// Reads in the stored vectors once (`read` is called only the first time).
    pub(crate) fn load_once(&self, read: impl FnOnce() -> Vec<((usize, usize), Vec<f32>)>) {
        if self.loaded.swap(true, std::sync::atomic::Ordering::AcqRel) {
            return;
        }
        let stored = read();
        let mut map = match self.vectors.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for (span, v) in stored {
            map.entry(span).or_insert(v);
        }
    }
}

/// Sentence vectors of recent snapshots (a few: each holds its stored vectors, 1.5 KiB per sentence, or up to
/// [`LIVE_SENTENCES`] computed live).
#[derive(Default)]
pub(crate) struct VectorCache {
    by_snapshot: HashMap<u64, Arc<SourceVectors>>,
}

impl VectorCache {
    /// Forgets the vectors of `snapshot` (its background job stored more: they are read again on next use).
    pub(crate) fn forget(&mut self, snapshot: u64) {
        self.by_snapshot.remove(&snapshot);
    }

    /// The vectors of `snapshot`, created empty on first use (at most 64 snapshots are kept).
    pub(crate) fn of(&mut self, snapshot: u64) -> Arc<SourceVectors> {
        if self.by_snapshot.len() >= 64 && !self.by_snapshot.contains_key(&snapshot) {
            self.by_snapshot.clear();
        }
        self.by_snapshot.entry(snapshot).or_default().clone()
    }
}

/// The evidence for `claim` in `source`: hybrid when the encoder is available, lexical otherwise.
pub(crate) fn analyze(
    claim: &str,
    source: &str,
    vectors: Option<&SourceVectors>,
) -> (evidence::EvidenceReport, SemanticStatus) {
    let enc = match encoder() {
        Ok(e) => e,
        Err(reason) => {
            return (
                evidence::analyze(claim, source),
                SemanticStatus {
                    on: false,
                    reason: Some(reason.to_string()),
                },
            )
        }
    };
    let local = SourceVectors::default();
    let store = vectors.unwrap_or(&local);
    let spans = sentence_spans(source);
    let opts = evidence::RankOptions::default();
    let wanted: Vec<(usize, usize)> = if spans.len() <= LIVE_SENTENCES {
        spans.clone()
    } else {
        evidence::rank_spans(claim, source, &spans, LEXICAL_POOL, &opts)
            .iter()
            .map(|p| (p.start, p.end))
            .collect()
    };
    let mut map = match store.vectors.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    let missing: Vec<(usize, usize)> = wanted
        .iter()
        .copied()
        .filter(|s| !map.contains_key(s))
        .collect();
    let texts: Vec<&str> = missing
        .iter()
        .map(|&(s, e)| source.get(s..e).unwrap_or(""))
        .collect();
    for (span, v) in missing.iter().zip(enc.embed(&texts, Role::Passage)) {
        map.insert(*span, v);
    }
    let aligned: Vec<Vec<f32>> = spans
        .iter()
        .map(|s| map.get(s).cloned().unwrap_or_default())
        .collect();
    drop(map);
    let claim_vec = enc.embed_one(claim, Role::Query);
    let quotes: Vec<String> = evidence::quotes_of(claim);
    let quote_refs: Vec<&str> = quotes.iter().map(String::as_str).collect();
    let quote_vecs = enc.embed(&quote_refs, Role::Query);
    let emb = Embeddings {
        claim: &claim_vec,
        spans: &spans,
        vectors: &aligned,
        quotes: &quote_vecs,
    };
    let report = analyze_hybrid(claim, source, &emb, &opts, &HybridOptions::default());
    (
        report,
        SemanticStatus {
            on: true,
            reason: None,
        },
    )
}
