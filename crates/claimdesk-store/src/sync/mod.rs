//! The desk's side of team sync: what this workspace changed since its last push, what the team server answered,
//! and the conflicts the editor has not resolved yet. The wire protocol is `claimdesk-sync`; the HTTP client is
//! the facade's. This module only keeps state, in four trees of the workspace:
//!
//! - `sync`: the [`SyncConnection`] (server, team workspace, token, desk number, pull cursor, last outcome);
//! - `sync_dirty`: every record a local action wrote since the last push ([`Tx`](crate::store::Tx) records it in
//!   the same transaction as the write, so a crash cannot lose the fact that something changed);
//! - `sync_versions`: the server version of each record this desk last saw (a push's `base`);
//! - `sync_conflicts`: fields two editors changed differently, kept until the editor chooses.
//!
//! Writes that come from the server (a pull, a push's merged answer) go through
//! [`Store::act_tracking`](crate::Store) with tracking off, so they are not pushed back.

mod apply;
mod conflicts;
mod keys;

use claimdesk_core::RecordKind;
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::model::*;
use crate::store::*;

pub use apply::Incoming;
pub use conflicts::{Keep, SyncConflict};
pub(crate) use keys::{kind_of_tree, record_key};
use keys::{split_record_key, tree_of_kind, wire_key};

/// Where the connection lives in the `sync` tree.
pub(crate) const CONNECTION_KEY: &[u8] = b"connection";

/// This workspace's link to a team workspace on a `claimdesk-server`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConnection {
    /// The server's base URL.
    pub url: String,
    /// The team workspace's name on the server.
    pub team_workspace: String,
    /// The member's bearer token. It stays in the workspace folder, which only the editor can read.
    pub token: String,
    /// This desk's number on the server (its ids start at `desk << 32`).
    pub desk: u32,
    /// The member's name on the server: the desk's editor name.
    pub member: String,
    /// The member's role (`admin`, `editor`, `viewer`).
    pub role: String,
    /// The server sequence number this desk has pulled up to.
    pub pulled: u64,
    /// When the last sync completed.
    pub last_sync: Option<Millis>,
    /// Why the last sync failed, when it did (the server unreachable, a refused token).
    pub last_error: Option<String>,
}

/// A record changed on this desk, ready to push.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// The record's kind.
    pub kind: RecordKind,
    /// Its key on the wire.
    pub key: String,
    /// The server version last seen; 0 when the server has never had it.
    pub base: u64,
    /// The record's JSON now; `null` when removed.
    pub data: serde_json::Value,
    /// The local change counter: with the desk number, the push's change id.
    pub counter: u64,
    /// For a snapshot: its body's SHA-256 and the raw body, uploaded before the record.
    pub blob: Option<(String, Vec<u8>)>,
}

/// The server's answer to one pushed record, as the desk applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledged {
    /// The record's kind.
    pub kind: RecordKind,
    /// Its key.
    pub key: String,
    /// The counter of the pushed change ([`Outgoing::counter`]).
    pub counter: u64,
    /// The server version now.
    pub version: u64,
    /// The record as the server has it now.
    pub data: serde_json::Value,
    /// Fields that another editor changed first.
    pub conflicts: Vec<SyncConflict>,
}

impl Store {
    /// The team connection, if this workspace has one.
    pub fn sync_connection(&self) -> Result<Option<SyncConnection>> {
        self.tree(SYNC)?
            .get(CONNECTION_KEY)?
            .map(|b| decode(&b))
            .transpose()
    }

    /// The team connection, or [`StoreError::NotConnected`].
    pub fn require_connection(&self) -> Result<SyncConnection> {
        self.sync_connection()?.ok_or(StoreError::NotConnected)
    }

    /// Connects this workspace to a team workspace the server has just let this desk join.
    ///
    /// A workspace with work in it can only seed an empty team workspace (`team_head == 0`): all its records are
    /// then marked for the first push. Joining a team workspace that already has work needs an empty workspace,
    /// because two independent histories cannot be interleaved. The desk's id counters move to its own range, and
    /// the editor name becomes the member's.
    pub fn connect_team(&self, conn: SyncConnection, team_head: u64) -> Result<()> {
        if self.sync_connection()?.is_some() {
            return Err(StoreError::invalid(
                "this workspace is already connected to a team workspace",
            ));
        }
        let has_work = !self.tree(DOCUMENTS)?.is_empty();
        if has_work && team_head > 0 {
            return Err(StoreError::invalid(format!(
                "this workspace already holds work and the team workspace {:?} too; connect a new, empty \
                 workspace to join it (or export this one and import it into an empty team workspace)",
                conn.team_workspace
            )));
        }
        let mut existing = Vec::new();
        if has_work {
            for kind in RecordKind::ALL {
                for k in self.tree(tree_of_kind(kind))?.iter().keys() {
                    existing.push(record_key(kind, &k?));
                }
            }
        }
        let floor = claimdesk_core::desk_id_floor(conn.desk);
        let bytes = encode(&conn)?;
        let member = conn.member.clone();
        self.act_tracking(&member, false, |tx| {
            for kind in crate::export::COUNTERS {
                tx.bump_id(kind, floor)?;
            }
            for (i, key) in existing.iter().enumerate() {
                tx.put_raw(SYNC_DIRTY, key, (i as u64 + 1).to_be_bytes().to_vec())?;
            }
            tx.bump_id("sync_change", existing.len() as u64)?;
            tx.put_raw(SYNC, CONNECTION_KEY, bytes.clone())?;
            tx.put_raw(META, b"editor", member.as_bytes().to_vec())?;
            Ok(())
        })?;
        self.inner_connected(true);
        Ok(())
    }

    /// Records how a sync went: the new pull cursor (when it moved), and the time or the reason it failed.
    pub fn set_sync_outcome(&self, pulled: Option<u64>, error: Option<String>) -> Result<()> {
        let mut conn = self.require_connection()?;
        if let Some(p) = pulled {
            conn.pulled = conn.pulled.max(p);
        }
        match error {
            Some(e) => conn.last_error = Some(e),
            None => {
                conn.last_error = None;
                conn.last_sync = Some(now_millis());
            }
        }
        let bytes = encode(&conn)?;
        self.act_tracking("sync", false, |tx| {
            tx.put_raw(SYNC, CONNECTION_KEY, bytes.clone())
        })
    }

    /// How many changed records wait for the next push.
    pub fn sync_waiting(&self) -> Result<usize> {
        Ok(self.tree(SYNC_DIRTY)?.len())
    }

    /// The server version this desk last saw of a record (0: never).
    pub(crate) fn sync_version(&self, kind: RecordKind, sled_key: &[u8]) -> Result<u64> {
        Ok(self
            .tree(SYNC_VERSIONS)?
            .get(record_key(kind, sled_key))?
            .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
            .map_or(0, u64::from_be_bytes))
    }

    /// Up to `limit` records changed since the last push, parents before children (documents, versions, claims,
    /// citations, snapshots, then events).
    pub fn sync_outgoing(&self, limit: usize) -> Result<Vec<Outgoing>> {
        self.require_connection()?;
        let mut dirty = Vec::new();
        for kv in self.tree(SYNC_DIRTY)?.iter() {
            let (k, v) = kv?;
            let (kind, sled_key) = split_record_key(&k)?;
            let counter = <[u8; 8]>::try_from(v.as_ref())
                .map(u64::from_be_bytes)
                .map_err(|_| StoreError::corrupt("a sync counter is not 8 bytes"))?;
            dirty.push((kind, sled_key.to_vec(), counter));
        }
        dirty.sort_by_key(|(kind, _, counter)| (*kind, *counter));
        dirty.truncate(limit);
        let mut out = Vec::with_capacity(dirty.len());
        for (kind, sled_key, counter) in dirty {
            let data: serde_json::Value = match self.tree(tree_of_kind(kind))?.get(&sled_key)? {
                Some(b) => decode(&b)?,
                None => serde_json::Value::Null,
            };
            let blob = match (kind, data.get("sha256").and_then(|s| s.as_str())) {
                (RecordKind::Snapshot, Some(sha)) => {
                    let id = keys::id_of(&sled_key)?;
                    Some((sha.to_string(), self.snapshot_raw(id)?))
                }
                _ => None,
            };
            out.push(Outgoing {
                kind,
                key: wire_key(kind, &sled_key)?,
                base: self.sync_version(kind, &sled_key)?,
                data,
                counter,
                blob,
            });
        }
        Ok(out)
    }

    /// Applies the server's answers to a push: versions recorded, merged records written, conflicts kept, and each
    /// record cleared from the push list unless it changed again while the push was on the wire.
    pub fn sync_acknowledge(&self, acks: &[Acknowledged]) -> Result<()> {
        self.require_connection()?;
        let mut prepared = Vec::with_capacity(acks.len());
        for a in acks {
            let sled_key = keys::sled_key(a.kind, &a.key)?;
            let incoming = Incoming {
                kind: a.kind,
                key: a.key.clone(),
                version: a.version,
                data: a.data.clone(),
                body: None,
            };
            let current = self.tree(tree_of_kind(a.kind))?.get(&sled_key)?;
            let same = match (&current, &a.data) {
                (None, serde_json::Value::Null) => true,
                (Some(b), d) => decode::<serde_json::Value>(b).is_ok_and(|v| &v == d),
                (None, _) => false,
            };
            let body = if same || a.kind != RecordKind::Snapshot {
                None
            } else {
                // A merged snapshot record keeps the body this desk already has.
                Some(self.snapshot_raw(keys::id_of(&sled_key)?)?)
            };
            prepared.push((a, sled_key, incoming, same, body));
        }
        self.act_tracking("sync", false, |tx| {
            for (a, sled_key, incoming, same, body) in &prepared {
                let rk = record_key(a.kind, sled_key);
                let still = tx
                    .get_raw(SYNC_DIRTY, &rk)?
                    .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
                    .map(u64::from_be_bytes);
                tx.put_raw(SYNC_VERSIONS, &rk, a.version.to_be_bytes().to_vec())?;
                if still == Some(a.counter) {
                    tx.remove(SYNC_DIRTY, &rk)?;
                    if !same {
                        let mut inc = incoming.clone();
                        inc.body = body.clone();
                        apply::apply(tx, &inc)?;
                    }
                }
                for c in &a.conflicts {
                    conflicts::put(tx, c)?;
                }
            }
            Ok(())
        })
    }

    /// Applies records pulled from the server, in order, and moves the pull cursor to `next`. A record changed
    /// here and not yet pushed is left alone: the next push merges it with the server's version.
    pub fn sync_apply(&self, incoming: &[Incoming], next: u64) -> Result<usize> {
        let mut conn = self.require_connection()?;
        let mut todo = Vec::new();
        for inc in incoming {
            let sled_key = keys::sled_key(inc.kind, &inc.key)?;
            let rk = record_key(inc.kind, &sled_key);
            if self.tree(SYNC_DIRTY)?.contains_key(&rk)? {
                continue;
            }
            if self.sync_version(inc.kind, &sled_key)? >= inc.version {
                continue;
            }
            todo.push((rk, inc));
        }
        conn.pulled = conn.pulled.max(next);
        let bytes = encode(&conn)?;
        let applied = todo.len();
        self.act_tracking("sync", false, |tx| {
            for (rk, inc) in &todo {
                apply::apply(tx, inc)?;
                tx.put_raw(SYNC_VERSIONS, rk, inc.version.to_be_bytes().to_vec())?;
            }
            tx.put_raw(SYNC, CONNECTION_KEY, bytes.clone())?;
            Ok(())
        })?;
        Ok(applied)
    }

    /// Whether this desk already holds the body with this SHA-256 (so a pull need not download it).
    pub fn has_snapshot_with_sha(&self, snapshot: Id, sha256: &str) -> Result<bool> {
        Ok(self
            .tree(SNAPSHOTS)?
            .get(id_key(snapshot))?
            .map(|b| decode::<Snapshot>(&b))
            .transpose()?
            .is_some_and(|s| s.sha256 == sha256))
    }

    fn inner_connected(&self, on: bool) {
        self.set_connected_flag(on);
    }
}
