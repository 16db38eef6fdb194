//! How records and index entries are laid out in sled: key encodings, JSON record encoding, the per-document
//! index value and the link-check records.
//!
//! Kept apart from the trees and the transaction helper so that the on-disk format is in one place: migrations,
//! the consistency check and export/import all read it from here.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::model::*;

pub(crate) fn id_key(id: Id) -> [u8; 8] {
    id.to_be_bytes()
}

pub(crate) fn pair_key(a: Id, b: Id) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&a.to_be_bytes());
    k[8..].copy_from_slice(&b.to_be_bytes());
    k
}

pub(crate) fn version_key(doc: Id, version: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&doc.to_be_bytes());
    k[8..].copy_from_slice(&version.to_be_bytes());
    k
}

pub(crate) fn url_key(url: &str, snapshot: Id) -> Vec<u8> {
    let mut k = Vec::with_capacity(url.len() + 9);
    k.extend_from_slice(url.as_bytes());
    k.push(0);
    k.extend_from_slice(&snapshot.to_be_bytes());
    k
}

/// The key of one link check in [`LINK_CHECKS`](super::LINK_CHECKS): the URL, a NUL (URLs never contain one), the event id.
pub(crate) fn link_check_key(url: &str, event: Id) -> Vec<u8> {
    url_key(url, event)
}

/// One entry of [`LINK_CHECKS`](super::LINK_CHECKS): when the check was recorded and the check itself (opaque to the store).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct LinkCheckRecord {
    pub(crate) at: Millis,
    pub(crate) check: serde_json::Value,
}

/// The URL and record of a `link_checked` event, as [`Tx::link_check`](super::Tx::link_check) writes them; `None` for other events.
pub(crate) fn link_check_of(e: &Event) -> Option<(&str, LinkCheckRecord)> {
    if e.kind != EventKind::LinkChecked {
        return None;
    }
    let new = e.new.as_ref()?;
    let url = new.get("url")?.as_str()?;
    let check = new.get("check")?.clone();
    Some((url, LinkCheckRecord { at: e.at, check }))
}

/// The second half of a 16-byte pair key.
pub(crate) fn second_id(key: &[u8]) -> Result<Id> {
    key.get(8..16)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| StoreError::corrupt("index key is not 16 bytes"))
}

/// The value stored in the per-document index for a claim: its status byte (schema 2), so that a status filter
/// decodes only the claims it returns, then whether it is check-worthy (schema 4), so that a document's counts
/// are a scan of the index, not a decode of every claim (a mark answers with them).
pub(crate) fn index_value(claim: &Claim) -> Vec<u8> {
    vec![
        crate::model::status_byte(claim.status),
        u8::from(claim.checkworthy),
    ]
}

pub(crate) fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| StoreError::corrupt(format!("cannot encode record: {e}")))
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| StoreError::corrupt(format!("cannot decode record: {e}")))
}
