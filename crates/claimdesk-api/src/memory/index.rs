//! The hybrid memories (claims of the workspace, imported fact-checks) built from the store's stored vectors, and
//! the embedding of what has no vector yet.
//!
//! A claim or fact-check is embedded once: its vector is stored in sled with a hash of its text
//! (`claimdesk_store::VectorOf`), so a re-worded claim is embedded again and nothing else ever is. Building an
//! index never embeds: what has no vector yet is matched by its words until [`Claimdesk::embed_pending`] has run.

use claimdesk_embed::Role;
use claimdesk_evidence::memory::HybridMemory;
use claimdesk_store::{Claim, VectorOf};

use crate::{ApiResult, Claimdesk};

/// Texts embedded per stored batch: a cancelled or interrupted run keeps every finished batch.
const EMBED_BATCH: usize = 32;

impl Claimdesk {
    /// The check-worthy claims of every draft but `excluded`, with their stored vectors.
    pub(crate) fn build_claim_memory(&self, excluded: Option<u64>) -> ApiResult<HybridMemory> {
        let mut memory = HybridMemory::new(DIM);
        for d in self.store.documents()? {
            if Some(d.id) == excluded {
                continue;
            }
            for c in self.store.claims(d.id)? {
                if c.checkworthy {
                    let v = self.store.text_vector(VectorOf::Claim(c.id), &c.text)?;
                    memory.add(&c.id.to_string(), &c.text, v.as_deref().unwrap_or(&[]));
                }
            }
        }
        Ok(memory)
    }

    /// Every imported fact-check, with its stored vector.
    pub(crate) fn build_factcheck_memory(&self) -> ApiResult<HybridMemory> {
        let mut memory = HybridMemory::new(DIM);
        for f in self.store.factchecks()? {
            let v = self
                .store
                .text_vector(VectorOf::FactCheck(f.id), &f.fields.claim_reviewed)?;
            memory.add(
                &f.id.to_string(),
                &f.fields.claim_reviewed,
                v.as_deref().unwrap_or(&[]),
            );
        }
        Ok(memory)
    }

    /// The vector of `claim`'s current text: the stored one, or computed now and stored. `None` without a model.
    pub(crate) fn claim_vector(&self, claim: &Claim) -> ApiResult<Option<Vec<f32>>> {
        if let Some(v) = self
            .store
            .text_vector(VectorOf::Claim(claim.id), &claim.text)?
        {
            return Ok(Some(v));
        }
        let Ok(enc) = crate::semantic::encoder() else {
            return Ok(None);
        };
        let v = enc.embed_one(&claim.text, Role::Query);
        self.store
            .put_text_vectors(&[(VectorOf::Claim(claim.id), &claim.text, &v)])?;
        // The claim memory of the other drafts holds this claim without its vector until rebuilt.
        self.memory_changed();
        Ok(Some(v))
    }

    /// Embeds every check-worthy claim and every fact-check that has no vector for its current text yet, storing
    /// them batch by batch; `keep_going(done, total)` is asked after each batch and stops the run when it says no.
    /// Answers how many were embedded (0 without a model: everything stays lexical).
    pub fn embed_pending(
        &self,
        mut keep_going: impl FnMut(usize, usize) -> bool,
    ) -> ApiResult<usize> {
        let Ok(enc) = crate::semantic::encoder() else {
            return Ok(0);
        };
        let mut todo: Vec<(VectorOf, String)> = Vec::new();
        for d in self.store.documents()? {
            for c in self.store.claims(d.id)? {
                if c.checkworthy
                    && self
                        .store
                        .text_vector(VectorOf::Claim(c.id), &c.text)?
                        .is_none()
                {
                    todo.push((VectorOf::Claim(c.id), c.text));
                }
            }
        }
        let claims = todo.len();
        for f in self.store.factchecks()? {
            let of = VectorOf::FactCheck(f.id);
            if self
                .store
                .text_vector(of, &f.fields.claim_reviewed)?
                .is_none()
            {
                todo.push((of, f.fields.claim_reviewed));
            }
        }
        let total = todo.len();
        let mut done = 0;
        for batch in todo.chunks(EMBED_BATCH) {
            let texts: Vec<&str> = batch.iter().map(|(_, t)| t.as_str()).collect();
            let vectors = enc.embed(&texts, Role::Query);
            let items: Vec<(VectorOf, &str, &[f32])> = batch
                .iter()
                .zip(&vectors)
                .map(|((of, t), v)| (*of, t.as_str(), v.as_slice()))
                .collect();
            self.store.put_text_vectors(&items)?;
            done += batch.len();
            if !keep_going(done, total) {
                break;
            }
        }
        if done > 0 {
            if claims > 0 {
                self.memory_changed();
            }
            if total > claims {
                self.factchecks_changed();
            }
        }
        Ok(done)
    }
}

/// Set when claims or fact-checks changed since the background embedder last looked; it waits on the condvar.
static WAKE: (std::sync::Mutex<bool>, std::sync::Condvar) =
    (std::sync::Mutex::new(true), std::sync::Condvar::new());

/// Tells the background embedder (if the app started one) that there may be something to embed.
pub(crate) fn wake_embedder() {
    if let Ok(mut w) = WAKE.0.lock() {
        *w = true;
        WAKE.1.notify_all();
    }
}

impl Claimdesk {
    /// Starts the background embedder of claim memory (the app calls this once): a thread that runs
    /// [`Claimdesk::embed_pending`] now and again whenever claims are added or re-worded or fact-checks imported,
    /// so that "checked before" and prior fact-checks are by meaning without the editor waiting. Nothing starts
    /// without a model (the model is loaded on that thread, so the window's start never waits for it).
    pub fn start_background_embedding(&self) {
        let desk = self.clone();
        let started = std::thread::Builder::new()
            .name("embed-claims".into())
            .spawn(move || loop {
                if crate::semantic::encoder().is_err() {
                    return;
                }
                let Ok(mut w) = WAKE.0.lock() else { return };
                while !*w {
                    w = match WAKE.1.wait(w) {
                        Ok(w) => w,
                        Err(_) => return,
                    };
                }
                *w = false;
                drop(w);
                if let Err(e) = desk.embed_pending(|_, _| true) {
                    tracing::warn!("embedding claims in the background failed: {}", e.message);
                }
            });
        if let Err(e) = started {
            tracing::warn!("the background embedder did not start: {e}");
        }
    }
}

/// The encoder's embedding size (multilingual-e5-small).
pub(crate) const DIM: usize = 384;
