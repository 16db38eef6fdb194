//! Per-workspace caches of what is costly to compute and rarely changes: the evidence for a claim in a snapshot,
//! the claim-memory index of the other drafts
//! and the index of imported fact-checks.
//!
//! Why they are safe: a snapshot's text never changes (snapshots are content-addressed and immutable), so the
//! evidence for a claim in a snapshot changes only when the claim's text does, and the entry is keyed by that
//! text. The claim-memory index holds only claim texts; it is rebuilt after any change that adds, removes,
//! re-words, promotes or demotes claims ([`Claimdesk::memory_changed`]). Statuses and citation counts shown with a
//! similar claim are read from the store at query time, so marking a claim never invalidates the index.

use std::collections::HashMap;

use claimdesk_evidence as evidence;

use crate::sources::EvidenceView;
use crate::Claimdesk;

/// At most this many evidence entries are kept; past it the cache starts again (a desk works on a few claims).
const EVIDENCE_ENTRIES: usize = 512;

/// The caches of one open workspace, shared by the clones of its [`Claimdesk`].
#[derive(Default)]
pub(crate) struct Caches {
    /// (claim, snapshot) -> (the claim's text when computed, the evidence).
    evidence: HashMap<(u64, u64), (String, EvidenceView)>,
    /// Bumped by every change that affects claim memory.
    memory_generation: u64,
    /// The index of the check-worthy claims of every draft but one, for that draft's claims.
    memory: Option<MemoryIndex>,
    /// Bumped by every import of fact-checks and every vector stored for one.
    factcheck_generation: u64,
    /// The index of the imported fact-checks, with the generation it was built at.
    factchecks: Option<(u64, std::sync::Arc<evidence::memory::HybridMemory>)>,
    /// Sentence embeddings of recent snapshots (meaning-aware matching).
    vectors: crate::semantic::VectorCache,
}

/// Claim memory over every draft but `excluded`.
pub(crate) struct MemoryIndex {
    /// The generation it was built at.
    pub generation: u64,
    /// The draft whose claims are left out (they are on screen already); `None`: every draft.
    pub excluded: Option<u64>,
    /// The index, keyed by claim id, with the vectors stored so far.
    pub memory: evidence::memory::HybridMemory,
}

impl Claimdesk {
    /// Forgets the claim-memory index: claims were added, removed, re-worded, promoted or demoted.
    pub(crate) fn memory_changed(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.memory_generation += 1;
            c.memory = None;
        }
        crate::memory::wake_embedder();
    }

    /// Forgets the fact-check index: fact-checks were imported, or vectors stored for them.
    pub(crate) fn factchecks_changed(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.factcheck_generation += 1;
            c.factchecks = None;
        }
        crate::memory::wake_embedder();
    }

    /// The fact-check index, built by `build` when there is none for the current generation.
    pub(crate) fn factcheck_index(
        &self,
        build: impl FnOnce() -> crate::ApiResult<evidence::memory::HybridMemory>,
    ) -> crate::ApiResult<std::sync::Arc<evidence::memory::HybridMemory>> {
        let generation = match self.cache.lock() {
            Ok(c) => {
                if let Some((g, m)) = &c.factchecks {
                    if *g == c.factcheck_generation {
                        return Ok(m.clone());
                    }
                }
                c.factcheck_generation
            }
            Err(_) => return Ok(std::sync::Arc::new(build()?)),
        };
        // Built outside the lock: it reads every fact-check.
        let memory = std::sync::Arc::new(build()?);
        if let Ok(mut c) = self.cache.lock() {
            if c.factcheck_generation == generation {
                c.factchecks = Some((generation, memory.clone()));
            }
        }
        Ok(memory)
    }

    /// The cached evidence for `claim` (whose text is `text`) in `snapshot`, if any.
    pub(crate) fn cached_evidence(
        &self,
        claim: u64,
        snapshot: u64,
        text: &str,
    ) -> Option<EvidenceView> {
        let c = self.cache.lock().ok()?;
        c.evidence
            .get(&(claim, snapshot))
            .filter(|(t, _)| t == text)
            .map(|(_, v)| v.clone())
    }

    /// The sentence-vector cache of `snapshot` (immutable text, so vectors never go stale).
    pub(crate) fn snapshot_vectors(
        &self,
        snapshot: u64,
    ) -> Option<std::sync::Arc<crate::semantic::SourceVectors>> {
        let v = self.cache.lock().ok().map(|mut c| c.vectors.of(snapshot))?;
        // Read outside the cache lock: the vectors the snapshot's background job stored (none, some or all).
        v.load_once(|| self.store.snapshot_vectors(snapshot).unwrap_or_default());
        Some(v)
    }

    /// Forgets the in-memory vectors of `snapshot` and the evidence computed without them (its background job
    /// stored them all: they are read again, and every sentence ranked by meaning, on next use).
    pub(crate) fn forget_snapshot_vectors(&self, snapshot: u64) {
        if let Ok(mut c) = self.cache.lock() {
            c.vectors.forget(snapshot);
            c.evidence.retain(|&(_, s), _| s != snapshot);
        }
    }

    /// Keeps the evidence for `claim` in `snapshot`.
    pub(crate) fn keep_evidence(&self, claim: u64, snapshot: u64, text: &str, view: &EvidenceView) {
        if let Ok(mut c) = self.cache.lock() {
            if c.evidence.len() >= EVIDENCE_ENTRIES {
                c.evidence.clear();
            }
            c.evidence
                .insert((claim, snapshot), (text.to_string(), view.clone()));
        }
    }

    /// Runs `query` against the claim-memory index of every draft but `excluded`, building it first when the
    /// cached one is for another draft or out of date.
    pub(crate) fn with_memory<T>(
        &self,
        excluded: Option<u64>,
        build: impl FnOnce() -> crate::ApiResult<evidence::memory::HybridMemory>,
        query: impl FnOnce(&evidence::memory::HybridMemory) -> T,
    ) -> crate::ApiResult<T> {
        let generation = match self.cache.lock() {
            Ok(c) => {
                if let Some(m) = c
                    .memory
                    .as_ref()
                    .filter(|m| m.generation == c.memory_generation && m.excluded == excluded)
                {
                    return Ok(query(&m.memory));
                }
                c.memory_generation
            }
            Err(_) => return Ok(query(&build()?)),
        };
        // Built outside the lock: it reads the whole workspace.
        let memory = build()?;
        let out = query(&memory);
        if let Ok(mut c) = self.cache.lock() {
            if c.memory_generation == generation {
                c.memory = Some(MemoryIndex {
                    generation,
                    excluded,
                    memory,
                });
            }
        }
        Ok(out)
    }
}
