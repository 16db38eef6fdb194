//! Stored sentence embeddings: of claims and fact-checks (claim memory by meaning) and of snapshots' sentences
//! (evidence by meaning), so that nothing is embedded twice.
//!
//! The store does not know what a vector means; it keeps f32 little-endian bytes under keys of its own. A claim's
//! vector is stored with a hash of the text it was computed from, so a re-worded claim's old vector is never used.
//! Vectors are derived data (recomputable from the text and the model), so they are written with a sled batch and a
//! flush rather than inside an editor action's transaction, and they are not part of workspace exports.

use crate::error::{Result, StoreError};
use crate::model::Id;
use crate::Store;

/// Kind byte ++ id (u64 BE) -> text hash (u64 LE) ++ f32 LE.
const TEXT_VECTORS: &str = "text_vectors";
/// Snapshot id (u64 BE) ++ sentence start (u64 BE) ++ end (u64 BE) -> f32 LE.
const SNAPSHOT_VECTORS: &str = "snapshot_vectors";
/// Snapshot id (u64 BE) -> number of sentences embedded (u64 LE), written when the whole snapshot is done.
const SNAPSHOT_VECTORS_DONE: &str = "snapshot_vectors_done";

/// A sentence's vector by its byte span in the snapshot text.
pub type SpanVector = ((usize, usize), Vec<f32>);

/// Whose vector it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VectorOf {
    /// A claim, by id.
    Claim(Id),
    /// An imported fact-check, by id.
    FactCheck(Id),
}

impl VectorOf {
    fn key(self) -> [u8; 9] {
        let (kind, id) = match self {
            VectorOf::Claim(id) => (b'c', id),
            VectorOf::FactCheck(id) => (b'f', id),
        };
        let mut k = [0u8; 9];
        k[0] = kind;
        k[1..].copy_from_slice(&id.to_be_bytes());
        k
    }
}

/// The hash a text vector is stored with (FNV-1a: stable across Rust releases).
pub fn text_hash(text: &str) -> u64 {
    claimdesk_core::fnv1a(text.as_bytes(), 0)
}

fn to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_bytes(b: &[u8]) -> Result<Vec<f32>> {
    if !b.len().is_multiple_of(4) {
        return Err(StoreError::corrupt(
            "a stored vector is not a whole number of floats",
        ));
    }
    Ok(b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

fn snapshot_key(snapshot: Id, span: (usize, usize)) -> [u8; 24] {
    let mut k = [0u8; 24];
    k[..8].copy_from_slice(&snapshot.to_be_bytes());
    k[8..16].copy_from_slice(&(span.0 as u64).to_be_bytes());
    k[16..].copy_from_slice(&(span.1 as u64).to_be_bytes());
    k
}

impl Store {
    fn named(&self, name: &str) -> Result<sled::Tree> {
        Ok(self.db()?.open_tree(name)?)
    }

    fn write_batch(&self, tree: &sled::Tree, batch: sled::Batch) -> Result<()> {
        self.noting_failure(tree.apply_batch(batch).map_err(StoreError::from))?;
        self.noting_failure(self.db()?.flush().map_err(StoreError::from))?;
        Ok(())
    }

    /// Stores vectors of claims or fact-checks, each with the text it was computed from; one batch, flushed.
    pub fn put_text_vectors(&self, items: &[(VectorOf, &str, &[f32])]) -> Result<()> {
        let tree = self.named(TEXT_VECTORS)?;
        let mut batch = sled::Batch::default();
        for (of, text, v) in items {
            let mut value = text_hash(text).to_le_bytes().to_vec();
            value.extend(to_bytes(v));
            batch.insert(&of.key()[..], value);
        }
        self.write_batch(&tree, batch)
    }

    /// The stored vector of `of` when it was computed from `text` (a re-worded claim has none until re-embedded).
    pub fn text_vector(&self, of: VectorOf, text: &str) -> Result<Option<Vec<f32>>> {
        let tree = self.named(TEXT_VECTORS)?;
        match tree.get(of.key())? {
            Some(v) if v.len() >= 8 && v[..8] == text_hash(text).to_le_bytes() => {
                Ok(Some(from_bytes(&v[8..])?))
            }
            _ => Ok(None),
        }
    }

    /// Stores vectors of some sentences of a snapshot (by byte span); one batch, flushed. A job embedding a long
    /// source calls this once per batch, so memory stays bounded and a cancelled job keeps what it did.
    pub fn put_snapshot_vectors(&self, snapshot: Id, items: &[SpanVector]) -> Result<()> {
        let tree = self.named(SNAPSHOT_VECTORS)?;
        let mut batch = sled::Batch::default();
        for (span, v) in items {
            batch.insert(&snapshot_key(snapshot, *span)[..], to_bytes(v));
        }
        self.write_batch(&tree, batch)
    }

    /// Records that every sentence of `snapshot` (`count` of them) has its vector.
    pub fn finish_snapshot_vectors(&self, snapshot: Id, count: usize) -> Result<()> {
        let tree = self.named(SNAPSHOT_VECTORS_DONE)?;
        let mut batch = sled::Batch::default();
        batch.insert(
            &snapshot.to_be_bytes()[..],
            &(count as u64).to_le_bytes()[..],
        );
        self.write_batch(&tree, batch)
    }

    /// Whether every sentence of `snapshot` has its vector.
    pub fn snapshot_vectors_done(&self, snapshot: Id) -> Result<bool> {
        Ok(self
            .named(SNAPSHOT_VECTORS_DONE)?
            .contains_key(snapshot.to_be_bytes())?)
    }

    /// The stored sentence vectors of `snapshot` (all, or those a cancelled job got to), by span.
    pub fn snapshot_vectors(&self, snapshot: Id) -> Result<Vec<SpanVector>> {
        let tree = self.named(SNAPSHOT_VECTORS)?;
        tree.scan_prefix(snapshot.to_be_bytes())
            .map(|kv| {
                let (k, v) = kv?;
                let num = |r: std::ops::Range<usize>| -> Result<usize> {
                    let b: [u8; 8] = k
                        .get(r)
                        .and_then(|s| s.try_into().ok())
                        .ok_or_else(|| StoreError::corrupt("a snapshot vector key is too short"))?;
                    usize::try_from(u64::from_be_bytes(b))
                        .map_err(|_| StoreError::corrupt("a snapshot vector offset is too large"))
                };
                Ok(((num(8..16)?, num(16..24)?), from_bytes(&v)?))
            })
            .collect()
    }
}
