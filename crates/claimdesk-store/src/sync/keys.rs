//! How synced records are named: the tree each kind lives in, the sync trees' record keys (a kind byte and the
//! record's own sled key) and the wire keys (`12`, or `12/3` for version 3 of document 12).

use claimdesk_core::RecordKind;

use crate::error::{Result, StoreError};
use crate::model::Id;
use crate::store::{CITATIONS, CLAIMS, DOCUMENTS, EVENTS, SNAPSHOTS, VERSIONS};

fn kind_byte(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Document => b'd',
        RecordKind::Version => b'v',
        RecordKind::Claim => b'c',
        RecordKind::Citation => b't',
        RecordKind::Snapshot => b's',
        RecordKind::Event => b'e',
    }
}

/// The kind of record a tree holds, for the trees that are synced (indexes and bodies are not: a desk rebuilds
/// indexes from records and fetches bodies as blobs).
pub(crate) fn kind_of_tree(tree: usize) -> Option<RecordKind> {
    match tree {
        DOCUMENTS => Some(RecordKind::Document),
        VERSIONS => Some(RecordKind::Version),
        CLAIMS => Some(RecordKind::Claim),
        CITATIONS => Some(RecordKind::Citation),
        SNAPSHOTS => Some(RecordKind::Snapshot),
        EVENTS => Some(RecordKind::Event),
        _ => None,
    }
}

/// The tree a kind of record lives in.
pub(crate) fn tree_of_kind(kind: RecordKind) -> usize {
    match kind {
        RecordKind::Document => DOCUMENTS,
        RecordKind::Version => VERSIONS,
        RecordKind::Claim => CLAIMS,
        RecordKind::Citation => CITATIONS,
        RecordKind::Snapshot => SNAPSHOTS,
        RecordKind::Event => EVENTS,
    }
}

/// The key of a record in the sync trees.
pub(crate) fn record_key(kind: RecordKind, sled_key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(sled_key.len() + 1);
    k.push(kind_byte(kind));
    k.extend_from_slice(sled_key);
    k
}

/// The kind and sled key of a sync-tree key.
pub(crate) fn split_record_key(k: &[u8]) -> Result<(RecordKind, &[u8])> {
    let (first, rest) = k
        .split_first()
        .ok_or_else(|| StoreError::corrupt("an empty sync key"))?;
    let kind = RecordKind::ALL
        .into_iter()
        .find(|k| kind_byte(*k) == *first)
        .ok_or_else(|| StoreError::corrupt("a sync key of unknown kind"))?;
    Ok((kind, rest))
}

/// The id in an 8-byte id key.
pub(crate) fn id_of(sled_key: &[u8]) -> Result<Id> {
    <[u8; 8]>::try_from(sled_key)
        .map(u64::from_be_bytes)
        .map_err(|_| StoreError::corrupt("an id key is not 8 bytes"))
}

/// The wire key of a record.
pub(crate) fn wire_key(kind: RecordKind, sled_key: &[u8]) -> Result<String> {
    if kind == RecordKind::Version {
        let doc = sled_key
            .get(..8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_be_bytes);
        let num = sled_key
            .get(8..12)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes);
        return match (doc, num) {
            (Some(d), Some(n)) if sled_key.len() == 12 => Ok(format!("{d}/{n}")),
            _ => Err(StoreError::corrupt("a version key is not 12 bytes")),
        };
    }
    Ok(id_of(sled_key)?.to_string())
}

/// The sled key of a wire key; a key that does not parse is the server's (or a hostile server's) mistake.
pub(crate) fn sled_key(kind: RecordKind, wire: &str) -> Result<Vec<u8>> {
    let bad = || {
        StoreError::invalid(format!(
            "the team server sent a bad {} key {wire:?}",
            kind.as_str()
        ))
    };
    if kind == RecordKind::Version {
        let (d, n) = wire.split_once('/').ok_or_else(bad)?;
        let d: Id = d.parse().map_err(|_| bad())?;
        let n: u32 = n.parse().map_err(|_| bad())?;
        return Ok(crate::store::version_key(d, n).to_vec());
    }
    let id: Id = wire.parse().map_err(|_| bad())?;
    Ok(id.to_be_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for kind in [RecordKind::Claim, RecordKind::Version, RecordKind::Event] {
            let wire = if kind == RecordKind::Version {
                "4294967297/3"
            } else {
                "8589934593"
            };
            let k = sled_key(kind, wire).unwrap();
            assert_eq!(wire_key(kind, &k).unwrap(), wire);
            let rk = record_key(kind, &k);
            assert_eq!(split_record_key(&rk).unwrap(), (kind, k.as_slice()));
        }
        assert!(sled_key(RecordKind::Claim, "1; DROP").is_err());
        assert!(sled_key(RecordKind::Version, "1").is_err());
    }
}
