//! Sync conflicts: a field two editors changed differently from the same version. The server kept the first
//! change; the desk keeps the conflict until the editor keeps theirs or applies their own, and both choices are
//! history events, so the history holds both values.

use claimdesk_core::RecordKind;
use serde::{Deserialize, Serialize};

use super::keys::{self, record_key, tree_of_kind};
use crate::error::{Result, StoreError};
use crate::model::*;
use crate::store::*;

/// A field two editors changed differently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncConflict {
    /// The record's kind.
    pub kind: RecordKind,
    /// Its wire key.
    pub key: String,
    /// The claim it concerns (the claim itself, or a citation's claim), for the claim detail.
    pub claim: Option<Id>,
    /// The field (`status`, `notes`, ...).
    pub field: String,
    /// The value the server kept, now in this workspace.
    pub theirs: serde_json::Value,
    /// The value this desk had pushed.
    pub mine: serde_json::Value,
    /// Who made the kept change.
    pub by: String,
    /// When it was accepted.
    pub at: Millis,
}

fn conflict_key(c_kind: RecordKind, sled_key: &[u8], field: &str) -> Vec<u8> {
    let mut k = record_key(c_kind, sled_key);
    k.push(0);
    k.extend_from_slice(field.as_bytes());
    k
}

pub(crate) fn put(tx: &Tx<'_>, c: &SyncConflict) -> TxResult<()> {
    let sled_key = match keys::sled_key(c.kind, &c.key) {
        Ok(k) => k,
        Err(e) => return abort(e),
    };
    tx.put(
        SYNC_CONFLICTS,
        &conflict_key(c.kind, &sled_key, &c.field),
        c,
    )
}

/// Which side of a conflict the editor keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The value the server kept (the other editor's).
    Theirs,
    /// This desk's value: applied as a new change, pushed at the next sync.
    Mine,
}

impl Store {
    /// The conflicts the editor has not resolved, oldest record first.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        self.tree(SYNC_CONFLICTS)?
            .iter()
            .values()
            .map(|v| decode(&v?))
            .collect()
    }

    /// Resolves one conflict. Keeping `Mine` writes this desk's value over the kept one (a claim's status only if
    /// the status rules hold), so the next push sends it; either way a `conflict_resolved` event records the choice
    /// beside both values.
    pub fn resolve_conflict(
        &self,
        kind: RecordKind,
        key: &str,
        field: &str,
        keep: Keep,
        editor: &str,
    ) -> Result<()> {
        let sled_key = keys::sled_key(kind, key)?;
        let ck = conflict_key(kind, &sled_key, field);
        let conflict: SyncConflict = match self.tree(SYNC_CONFLICTS)?.get(&ck)? {
            Some(b) => decode(&b)?,
            None => {
                return Err(StoreError::invalid(format!(
                    "no open conflict on {field} of {} {key}",
                    kind.as_str()
                )))
            }
        };
        let tree = tree_of_kind(kind);
        self.act(editor, |tx| {
            let value = match keep {
                Keep::Theirs => conflict.theirs.clone(),
                Keep::Mine => conflict.mine.clone(),
            };
            if keep == Keep::Mine {
                let Some(mut record) = tx.get::<serde_json::Value>(tree, &sled_key)? else {
                    return abort(StoreError::invalid(format!(
                        "{} {key} is no longer in this workspace",
                        kind.as_str()
                    )));
                };
                if let Some(obj) = record.as_object_mut() {
                    obj.insert(field.to_string(), value.clone());
                    obj.insert("updated_at".into(), serde_json::json!(tx.now));
                }
                if kind == RecordKind::Claim {
                    let claim: Claim = match serde_json::from_value(record) {
                        Ok(c) => c,
                        Err(e) => return abort(StoreError::corrupt(format!("claim {key}: {e}"))),
                    };
                    let stances = tx.stances(&claim)?;
                    if !rule_holds(claim.status, claim.status_reason.as_deref(), &stances) {
                        return abort(
                            StoreError::rule(claim.id, claim.status)
                                .unwrap_or_else(|| StoreError::invalid("rule")),
                        );
                    }
                    tx.put_claim(&claim)?;
                } else {
                    tx.put(tree, &sled_key, &record)?;
                }
            }
            let entity = match (kind, keys::id_of(&sled_key)) {
                (RecordKind::Claim, Ok(id)) => Entity::Claim(id),
                (RecordKind::Citation, Ok(id)) => Entity::Citation(id),
                (RecordKind::Snapshot, Ok(id)) => Entity::Snapshot(id),
                (RecordKind::Document, Ok(id)) => Entity::Document(id),
                _ => Entity::Workspace,
            };
            tx.event(
                entity,
                conflict.claim,
                EventKind::ConflictResolved,
                Some(
                    serde_json::json!({"field": field, "theirs": conflict.theirs, "by": conflict.by,
                                        "at": conflict.at, "mine": conflict.mine}),
                ),
                Some(serde_json::json!({"field": field, "kept": keep, "value": value})),
                None,
            )?;
            tx.remove(SYNC_CONFLICTS, &ck)?;
            Ok(())
        })
    }
}
