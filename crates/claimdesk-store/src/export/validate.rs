//! The whole-file check an import runs before it writes anything: a workspace file is imported all or nothing, so
//! every rule the store keeps must hold in the file itself. A hostile or damaged file (duplicate ids, a verified
//! claim without a supporting citation, dangling references, a document without its versions, a snapshot body that
//! is corrupt, swapped with another's or larger than it says) is refused with what is wrong, and the workspace
//! stays empty.

use std::collections::{HashMap, HashSet};

use claimdesk_core::sha256_hex;

use super::{bad, Line};
use crate::error::Result;
use crate::model::*;
use crate::store::rule_holds;

/// The largest snapshot body an import decompresses (the fetcher's own cap on a decompressed body is 50 MB): a
/// file cannot make the import allocate more than this per snapshot, whatever `raw_len` it claims.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Checks the records of a workspace file against each other; `bodies` are the decoded (still compressed) snapshot
/// bodies in the order of the snapshot records.
pub(super) fn validate(lines: &[Line], bodies: &[Vec<u8>]) -> Result<()> {
    let mut docs: HashMap<Id, &Document> = HashMap::new();
    let mut versions: HashSet<(Id, u32)> = HashSet::new();
    let mut claims: HashMap<Id, &Claim> = HashMap::new();
    let mut citations: HashMap<Id, &Citation> = HashMap::new();
    let mut snapshots: HashSet<Id> = HashSet::new();
    let mut events: HashSet<Id> = HashSet::new();
    let mut body = bodies.iter();
    for l in lines {
        let fresh = match l {
            Line::Document(d) => docs.insert(d.id, d).is_none(),
            Line::Version(v) => versions.insert((v.document, v.info.number)),
            Line::Claim(c) => claims.insert(c.id, c).is_none(),
            Line::Citation(c) => citations.insert(c.id, c).is_none(),
            Line::Snapshot { snapshot, .. } => {
                let Some(b) = body.next() else {
                    return Err(bad(format!("snapshot {} has no body", snapshot.id)));
                };
                check_body(snapshot, b)?;
                snapshots.insert(snapshot.id)
            }
            Line::Event(e) => events.insert(e.id),
            _ => true,
        };
        if !fresh {
            return Err(bad(format!("{} appears twice", describe(l))));
        }
    }

    for d in docs.values() {
        if d.versions.is_empty() {
            return Err(bad(format!("document {} has no version", d.id)));
        }
        for v in &d.versions {
            if !versions.contains(&(d.id, v.number)) {
                return Err(bad(format!(
                    "document {} lists version {} but the file has no text for it",
                    d.id, v.number
                )));
            }
        }
    }
    for &(doc, number) in &versions {
        if !docs
            .get(&doc)
            .is_some_and(|d| d.versions.iter().any(|v| v.number == number))
        {
            return Err(bad(format!(
                "version {number} of document {doc} belongs to no document in the file"
            )));
        }
    }

    for c in claims.values() {
        if !docs.contains_key(&c.document) {
            return Err(bad(format!(
                "claim {} belongs to document {}, which is not in the file",
                c.id, c.document
            )));
        }
        let mut stances = Vec::with_capacity(c.citations.len());
        let mut listed = HashSet::new();
        for cid in &c.citations {
            if !listed.insert(*cid) {
                return Err(bad(format!("claim {} lists citation {cid} twice", c.id)));
            }
            match citations.get(cid) {
                Some(cit) if cit.claim == c.id => stances.push(cit.stance),
                Some(cit) => {
                    return Err(bad(format!(
                        "claim {} lists citation {cid}, which belongs to claim {}",
                        c.id, cit.claim
                    )))
                }
                None => {
                    return Err(bad(format!(
                        "claim {} lists citation {cid}, which is not in the file",
                        c.id
                    )))
                }
            }
        }
        if !rule_holds(c.status, c.status_reason.as_deref(), &stances) {
            return Err(bad(format!(
                "claim {} is {} without what that status requires (a supporting citation to be verified; a \
                 contradicting citation or a written reason to be disputed)",
                c.id, c.status
            )));
        }
    }
    for c in citations.values() {
        if !claims
            .get(&c.claim)
            .is_some_and(|cl| cl.citations.contains(&c.id))
        {
            return Err(bad(format!(
                "citation {} is not listed by its claim {}",
                c.id, c.claim
            )));
        }
        if let Some(s) = c.snapshot {
            if !snapshots.contains(&s) {
                return Err(bad(format!(
                    "citation {} refers to snapshot {s}, which is not in the file",
                    c.id
                )));
            }
        }
    }
    Ok(())
}

/// A snapshot body must decompress (within [`MAX_BODY`]) to exactly `raw_len` bytes whose SHA-256 is the
/// snapshot's: this refuses a corrupt body and one swapped with another snapshot's.
fn check_body(snapshot: &Snapshot, compressed: &[u8]) -> Result<()> {
    if snapshot.raw_len > MAX_BODY {
        return Err(bad(format!(
            "snapshot {} says its body is {} bytes, more than the {MAX_BODY} an import accepts",
            snapshot.id, snapshot.raw_len
        )));
    }
    let raw = zstd::bulk::decompress(compressed, snapshot.raw_len.max(1)).map_err(|e| {
        bad(format!(
            "snapshot {}'s body does not decompress: {e}",
            snapshot.id
        ))
    })?;
    if raw.len() != snapshot.raw_len || sha256_hex(&raw) != snapshot.sha256 {
        return Err(bad(format!(
            "snapshot {}'s body does not match its SHA-256 (damaged, or another snapshot's body)",
            snapshot.id
        )));
    }
    Ok(())
}

fn describe(l: &Line) -> String {
    match l {
        Line::Document(d) => format!("document {}", d.id),
        Line::Version(v) => format!("version {} of document {}", v.info.number, v.document),
        Line::Claim(c) => format!("claim {}", c.id),
        Line::Citation(c) => format!("citation {}", c.id),
        Line::Snapshot { snapshot, .. } => format!("snapshot {}", snapshot.id),
        Line::Event(e) => format!("event {}", e.id),
        _ => "a record".to_string(),
    }
}
