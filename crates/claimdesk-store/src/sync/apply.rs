//! Writing a record that came from the team server into this workspace, with the indexes a local action would
//! have written beside it (the per-document claim index, the URL index of snapshots, the claim → event index and
//! link checks). The server's JSON is checked against the store's model first: a record that does not decode, or
//! whose id is not its key, is refused, and the transaction writes nothing.

use claimdesk_core::{sha256_hex, RecordKind};
use serde::de::DeserializeOwned;

use super::keys;
use crate::error::StoreError;
use crate::model::*;
use crate::store::*;

/// One record from the server: pulled, or a push's merged answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The record's kind.
    pub kind: RecordKind,
    /// Its wire key.
    pub key: String,
    /// Its server version.
    pub version: u64,
    /// The record; `null` when removed on the server.
    pub data: serde_json::Value,
    /// For a snapshot: its raw body (downloaded as a blob), checked against the record's SHA-256.
    pub body: Option<Vec<u8>>,
}

fn parse<T: DeserializeOwned>(inc: &Incoming) -> TxResult<T> {
    match serde_json::from_value(inc.data.clone()) {
        Ok(v) => Ok(v),
        Err(e) => abort(StoreError::invalid(format!(
            "the team server sent a {} this Claimdesk cannot read ({}): {e}",
            inc.kind.as_str(),
            inc.key
        ))),
    }
}

fn check_id(inc: &Incoming, id: Id) -> TxResult<()> {
    if inc.key != id.to_string() {
        return abort(StoreError::invalid(format!(
            "the team server sent {} {} under the key {}",
            inc.kind.as_str(),
            id,
            inc.key
        )));
    }
    Ok(())
}

/// Writes one incoming record (tracking is off in the caller's transaction).
pub(crate) fn apply(tx: &Tx<'_>, inc: &Incoming) -> TxResult<()> {
    let sled_key = match keys::sled_key(inc.kind, &inc.key) {
        Ok(k) => k,
        Err(e) => return abort(e),
    };
    if inc.data.is_null() {
        return remove(tx, inc.kind, &sled_key);
    }
    match inc.kind {
        RecordKind::Document => {
            let d: Document = parse(inc)?;
            check_id(inc, d.id)?;
            tx.put(DOCUMENTS, &sled_key, &d)
        }
        RecordKind::Version => {
            let v: DocumentVersion = parse(inc)?;
            if inc.key != format!("{}/{}", v.document, v.info.number) {
                return abort(StoreError::invalid(
                    "the team server sent a version under another key",
                ));
            }
            tx.put(VERSIONS, &sled_key, &v)
        }
        RecordKind::Claim => {
            let c: Claim = parse(inc)?;
            check_id(inc, c.id)?;
            tx.put_claim(&c)
        }
        RecordKind::Citation => {
            let c: Citation = parse(inc)?;
            check_id(inc, c.id)?;
            tx.put(CITATIONS, &sled_key, &c)
        }
        RecordKind::Snapshot => {
            let s: Snapshot = parse(inc)?;
            check_id(inc, s.id)?;
            let Some(body) = &inc.body else {
                return abort(StoreError::invalid(format!(
                    "snapshot {} came without its body",
                    s.id
                )));
            };
            if sha256_hex(body) != s.sha256 {
                return abort(StoreError::invalid(format!(
                    "snapshot {}'s body from the team server does not match its SHA-256",
                    s.id
                )));
            }
            let compressed = match zstd::bulk::compress(body, 3) {
                Ok(c) => c,
                Err(e) => return abort(StoreError::Io(e)),
            };
            tx.put_existing_snapshot(&s, compressed)
        }
        RecordKind::Event => {
            let e: Event = parse(inc)?;
            check_id(inc, e.id)?;
            tx.put_existing_event(&e)
        }
    }
}

/// A record removed on the server. Only citations are ever removed by an action; the others are removed with
/// their index entries for completeness.
fn remove(tx: &Tx<'_>, kind: RecordKind, sled_key: &[u8]) -> TxResult<()> {
    match kind {
        RecordKind::Claim => {
            if let Some(c) = tx.get::<Claim>(CLAIMS, sled_key)? {
                tx.remove(DOC_CLAIMS, &pair_key(c.document, c.id))?;
            }
            tx.remove(CLAIMS, sled_key)
        }
        RecordKind::Snapshot => {
            if let Some(s) = tx.get::<Snapshot>(SNAPSHOTS, sled_key)? {
                tx.remove(URL_SNAPSHOTS, &url_key(&s.url, s.id))?;
            }
            tx.remove(SNAPSHOT_BODIES, sled_key)?;
            tx.remove(SNAPSHOTS, sled_key)
        }
        other => tx.remove(keys::tree_of_kind(other), sled_key),
    }
}
