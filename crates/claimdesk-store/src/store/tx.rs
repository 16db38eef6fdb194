//! [`Tx`]: the view of every tree inside one sled transaction, and what user actions do through it.
//!
//! Typed reads and writes that abort the transaction on a decode error, the id counters (which live in `meta` and
//! move inside the transaction, so a refused action consumes no id), event and link-check recording, and claim
//! creation. [`Store::act`](super::Store::act) builds a `Tx` and runs one action over it.

use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, TransactionalTree,
};

use super::anchoring::anchors;
use super::codec::{
    decode, encode, id_key, index_value, link_check_key, pair_key, LinkCheckRecord,
};
use super::{
    CITATIONS, CLAIMS, CLAIM_EVENTS, DOC_CLAIMS, EVENTS, LINK_CHECKS, META, SNAPSHOTS,
    SNAPSHOT_BODIES, SYNC_DIRTY, URL_SNAPSHOTS,
};
use crate::error::StoreError;
use crate::model::*;

pub(crate) type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

pub(crate) fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

/// A view of all trees inside one transaction.
pub(crate) struct Tx<'a> {
    pub(crate) t: &'a [TransactionalTree],
    pub(crate) now: Millis,
    pub(crate) editor: &'a str,
    /// Record every write to a synced record in `sync_dirty` (the workspace is connected, and this is the editor's
    /// own action, not a write that came from the team server).
    pub(crate) track: bool,
}

impl Tx<'_> {
    fn tree(&self, i: usize) -> TxResult<&TransactionalTree> {
        match self.t.get(i) {
            Some(t) => Ok(t),
            None => abort(StoreError::corrupt("transaction is missing a tree")),
        }
    }

    pub(crate) fn get<T: DeserializeOwned>(&self, tree: usize, key: &[u8]) -> TxResult<Option<T>> {
        match self.tree(tree)?.get(key)? {
            Some(bytes) => match decode(&bytes) {
                Ok(v) => Ok(Some(v)),
                Err(e) => abort(e),
            },
            None => Ok(None),
        }
    }

    pub(crate) fn get_raw(&self, tree: usize, key: &[u8]) -> TxResult<Option<sled::IVec>> {
        Ok(self.tree(tree)?.get(key)?)
    }

    pub(crate) fn must<T: DeserializeOwned>(
        &self,
        tree: usize,
        entity: &'static str,
        id: Id,
    ) -> TxResult<T> {
        match self.get(tree, &id_key(id))? {
            Some(v) => Ok(v),
            None => abort(StoreError::NotFound { entity, id }),
        }
    }

    pub(crate) fn put<T: Serialize>(&self, tree: usize, key: &[u8], v: &T) -> TxResult<()> {
        match encode(v) {
            Ok(bytes) => self.put_raw(tree, key, bytes),
            Err(e) => abort(e),
        }
    }

    pub(crate) fn put_raw(&self, tree: usize, key: &[u8], bytes: Vec<u8>) -> TxResult<()> {
        self.tree(tree)?.insert(key, bytes)?;
        self.track(tree, key)
    }

    pub(crate) fn remove(&self, tree: usize, key: &[u8]) -> TxResult<()> {
        self.tree(tree)?.remove(key)?;
        self.track(tree, key)
    }

    /// Marks a synced record as changed since the last push. The counter tells a push's answer apart from a change
    /// made while the push was on the wire (that one stays dirty).
    fn track(&self, tree: usize, key: &[u8]) -> TxResult<()> {
        if !self.track {
            return Ok(());
        }
        let Some(kind) = crate::sync::kind_of_tree(tree) else {
            return Ok(());
        };
        let counter = self.next_id("sync_change")?;
        self.tree(SYNC_DIRTY)?
            .insert(crate::sync::record_key(kind, key), &counter.to_be_bytes())?;
        Ok(())
    }

    /// The next id of a kind. Counters live in `meta` and move inside the transaction, so a refused action
    /// consumes no id and ids stay small. A counter at `u64::MAX` refuses (the action aborts, nothing is written)
    /// instead of wrapping to 0 and overwriting existing records.
    pub(crate) fn next_id(&self, kind: &str) -> TxResult<Id> {
        let key = format!("seq/{kind}");
        let meta = self.tree(META)?;
        let last = match meta.get(key.as_bytes())? {
            Some(b) => match <[u8; 8]>::try_from(b.as_ref()) {
                Ok(a) => u64::from_be_bytes(a),
                Err(_) => {
                    return abort(StoreError::corrupt(format!("counter {key} is not 8 bytes")))
                }
            },
            None => 0,
        };
        let Some(next) = last.checked_add(1) else {
            return abort(StoreError::corrupt(format!(
                "the {kind} id counter is at its maximum ({last}); no new {kind} can be added"
            )));
        };
        meta.insert(key.as_bytes(), &next.to_be_bytes())?;
        Ok(next)
    }

    /// Makes sure a counter is at least `id`, so imported ids are never handed out again.
    pub(crate) fn bump_id(&self, kind: &str, id: Id) -> TxResult<()> {
        let key = format!("seq/{kind}");
        let meta = self.tree(META)?;
        let last = meta
            .get(key.as_bytes())?
            .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
            .map_or(0, u64::from_be_bytes);
        if id > last {
            meta.insert(key.as_bytes(), &id.to_be_bytes())?;
        }
        Ok(())
    }

    pub(crate) fn claim(&self, id: Id) -> TxResult<Claim> {
        self.must(CLAIMS, "claim", id)
    }

    /// Writes a claim and keeps the per-document index in step.
    pub(crate) fn put_claim(&self, c: &Claim) -> TxResult<()> {
        self.put(CLAIMS, &id_key(c.id), c)?;
        self.put_raw(DOC_CLAIMS, &pair_key(c.document, c.id), index_value(c))
    }

    pub(crate) fn stances(&self, claim: &Claim) -> TxResult<Vec<Stance>> {
        let mut out = Vec::with_capacity(claim.citations.len());
        for &cid in &claim.citations {
            let c: Citation = self.must(CITATIONS, "citation", cid)?;
            out.push(c.stance);
        }
        Ok(out)
    }

    /// Appends an event to the history.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn event(
        &self,
        entity: Entity,
        claim: Option<Id>,
        kind: EventKind,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
        reason: Option<String>,
    ) -> TxResult<Id> {
        let id = self.next_id("event")?;
        let e = Event {
            id,
            at: self.now,
            editor: self.editor.to_string(),
            entity,
            claim,
            kind,
            old,
            new,
            reason,
        };
        self.put(EVENTS, &id_key(id), &e)?;
        if let Some(c) = claim {
            self.put_raw(CLAIM_EVENTS, &pair_key(c, id), Vec::new())?;
        }
        Ok(id)
    }

    /// Writes an event that already exists (imported, or from the team server) with the indexes [`Tx::event`] keeps:
    /// the claim → event index and, for a link check, the per-URL check index.
    pub(crate) fn put_existing_event(&self, e: &Event) -> TxResult<()> {
        self.put(EVENTS, &id_key(e.id), e)?;
        if let Some(c) = e.claim {
            self.put_raw(CLAIM_EVENTS, &pair_key(c, e.id), Vec::new())?;
        }
        if let Some((url, record)) = super::codec::link_check_of(e) {
            // A NUL would break the key layout (URL, NUL, id); such a check stays in the history only.
            if !url.contains('\0') {
                self.put(LINK_CHECKS, &link_check_key(url, e.id), &record)?;
            }
        }
        Ok(())
    }

    /// Writes a snapshot that already exists (imported, or from the team server) with its compressed body and its
    /// URL index entry, as [`Tx::put_snapshot`](crate::snapshots) does for a new one.
    pub(crate) fn put_existing_snapshot(
        &self,
        snap: &Snapshot,
        compressed: Vec<u8>,
    ) -> TxResult<()> {
        self.put(SNAPSHOTS, &id_key(snap.id), snap)?;
        self.put_raw(SNAPSHOT_BODIES, &id_key(snap.id), compressed)?;
        self.put_raw(
            URL_SNAPSHOTS,
            &super::codec::url_key(&snap.url, snap.id),
            Vec::new(),
        )
    }

    /// Records one link check of `url`: a `link_checked` event in the history (about `snapshot` when there is one)
    /// and its entry in the per-URL index.
    pub(crate) fn link_check(
        &self,
        url: &str,
        snapshot: Option<Id>,
        check: &serde_json::Value,
    ) -> TxResult<Id> {
        let entity = snapshot.map(Entity::Snapshot).unwrap_or(Entity::Workspace);
        let id = self.event(
            entity,
            None,
            EventKind::LinkChecked,
            None,
            Some(serde_json::json!({"url": url, "check": check})),
            None,
        )?;
        let record = LinkCheckRecord {
            at: self.now,
            check: check.clone(),
        };
        self.put(LINK_CHECKS, &link_check_key(url, id), &record)?;
        Ok(id)
    }

    /// Creates the claims of one document version; `spans` are already validated and sorted.
    pub(crate) fn create_claims(
        &self,
        doc: Id,
        version: u32,
        text: &str,
        claims: &[NewClaim],
    ) -> TxResult<Vec<Id>> {
        let spans: Vec<(usize, usize)> = claims.iter().map(|c| (c.start, c.end)).collect();
        let anchors = anchors(text, version, &spans);
        let mut ids = Vec::with_capacity(claims.len());
        for (nc, anchor) in claims.iter().zip(anchors) {
            let id = self.next_id("claim")?;
            let claim = new_claim_record(id, doc, nc, anchor, self.now);
            self.put_claim(&claim)?;
            self.event(
                Entity::Claim(id),
                Some(id),
                EventKind::ClaimCreated,
                None,
                Some(serde_json::json!({"text": claim.text, "version": version, "start": nc.start, "end": nc.end,
                                        "status": claim.status, "checkworthy": claim.checkworthy})),
                None,
            )?;
            ids.push(id);
        }
        Ok(ids)
    }
}

pub(crate) fn new_claim_record(
    id: Id,
    doc: Id,
    nc: &NewClaim,
    anchor: Anchor,
    now: Millis,
) -> Claim {
    Claim {
        id,
        document: doc,
        text: nc.text.clone(),
        anchor,
        detection: nc.detection.clone(),
        checkworthy: nc.detection.checkworthy,
        status: Status::Unsourced,
        status_reason: None,
        stale: false,
        previous_text: None,
        orphan: false,
        notes: String::new(),
        assignee: None,
        citations: Vec::new(),
        created_at: now,
        updated_at: now,
    }
}
