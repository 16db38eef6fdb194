//! The [`Store`]: one sled database per workspace, one transaction per user action.
//!
//! This module owns the handle itself: opening a workspace (locking, schema migration), the tree layout and its
//! constants, the transaction runner [`Store::act`] and the editor setting. The rest of `impl Store` lives in the
//! submodules, one per responsibility:
//!
//! - [`codec`]: key layouts, record encoding and the per-document index value;
//! - [`tx`]: [`Tx`], the view of all trees inside one transaction, with the id counters and event writing;
//! - [`anchoring`]: sentence spans, anchors and claim validation;
//! - [`documents`]: creating and reading documents and their versions;
//! - [`claims`]: listing and counting claims and the per-claim mutations (status, check-worthy, notes, stale);
//! - [`history`]: reading the event history.
//!
//! Everything the rest of the crate uses is re-exported here, so `crate::store::*` keeps meaning what it did.

mod anchoring;
mod claims;
mod codec;
mod documents;
mod history;
mod tx;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use sled::Transactional;

use crate::error::{Result, StoreError};
use crate::model::*;

pub(crate) use anchoring::{anchors, ceil_boundary, floor_boundary, validate_claims};
pub(crate) use claimdesk_core::{now_millis, sha256_hex};
pub(crate) use claims::rule_holds;
pub(crate) use codec::{
    decode, encode, id_key, index_value, link_check_key, link_check_of, pair_key, second_id,
    url_key, version_key, LinkCheckRecord,
};
pub(crate) use tx::{abort, new_claim_record, Tx, TxResult};

/// The schema version this build writes. Older versions are migrated on open by [`crate::migrate`].
pub const SCHEMA_VERSION: u32 = 5;

/// The most bytes of surrounding text kept in an anchor's prefix and suffix.
pub const CONTEXT_MAX_BYTES: usize = 256;

pub(crate) const SCHEMA_KEY: &[u8] = b"schema_version";
const EDITOR_KEY: &[u8] = b"editor";
const ALLOW_PRIVATE_KEY: &[u8] = b"allow_private_sources";

/// The trees of a workspace. The index of each name is its constant below; every transaction spans all of them,
/// which costs little in sled 0.34 (transactions serialize on one lock anyway) and keeps every action atomic.
pub(crate) const TREE_NAMES: [&str; 16] = [
    "meta",
    "documents",
    "versions",
    "claims",
    "doc_claims",
    "citations",
    "snapshots",
    "snapshot_bodies",
    "url_snapshots",
    "events",
    "claim_events",
    "link_checks",
    "sync",
    "sync_dirty",
    "sync_versions",
    "sync_conflicts",
];
pub(crate) const META: usize = 0;
/// Document id -> [`Document`].
pub(crate) const DOCUMENTS: usize = 1;
/// Document id ++ version number (u32 BE) -> [`DocumentVersion`].
pub(crate) const VERSIONS: usize = 2;
/// Claim id -> [`Claim`].
pub(crate) const CLAIMS: usize = 3;
/// Document id ++ claim id -> index value (see [`index_value`]). Makes listing one document a prefix scan.
pub(crate) const DOC_CLAIMS: usize = 4;
/// Citation id -> [`Citation`].
pub(crate) const CITATIONS: usize = 5;
/// Snapshot id -> [`Snapshot`] (without the body).
pub(crate) const SNAPSHOTS: usize = 6;
/// Snapshot id -> zstd-compressed raw body.
pub(crate) const SNAPSHOT_BODIES: usize = 7;
/// URL ++ 0x00 ++ snapshot id -> empty. URLs never contain a NUL byte.
pub(crate) const URL_SNAPSHOTS: usize = 8;
/// Event id -> [`Event`].
pub(crate) const EVENTS: usize = 9;
/// Claim id ++ event id -> empty.
pub(crate) const CLAIM_EVENTS: usize = 10;
/// URL ++ 0x00 ++ event id (u64 BE) -> [`LinkCheckRecord`] (schema 3). One URL's checks are a prefix scan, oldest
/// first, since event ids grow with time; the `link_checked` event stays in the history as well.
pub(crate) const LINK_CHECKS: usize = 11;

/// Team sync (schema 5): the connection to a team workspace and the pull cursor ([`crate::sync`]).
pub(crate) const SYNC: usize = 12;
/// Record key (kind byte ++ the record's own key) -> change counter (u64 BE): records changed since the last push.
pub(crate) const SYNC_DIRTY: usize = 13;
/// Record key -> the server version (u64 BE) this desk last saw.
pub(crate) const SYNC_VERSIONS: usize = 14;
/// Record key ++ 0x00 ++ field -> a [`crate::SyncConflict`] the editor has not resolved.
pub(crate) const SYNC_CONFLICTS: usize = 15;

/// A claimdesk workspace. Cheap to clone; clones share one database and may be used from many threads.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    /// Always `Some` until the drop (see the Drop impl).
    handles: Option<Handles>,
    path: PathBuf,
    /// Set when a write failed for lack of disk space (or another file-system error).
    write_failed: AtomicBool,
    /// Whether the workspace is connected to a team workspace: then every action also records what it changed
    /// in `sync_dirty`, for the next push.
    pub(crate) connected: AtomicBool,
}

struct Handles {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.write_failed.load(Ordering::Relaxed) {
            // sled's own drop flushes, and after a write failed on a full disk that flush waits forever for a log
            // buffer the disk never took (the process hung on exit). Every action that answered Ok was flushed
            // when it answered, so nothing is lost by not flushing: the handles are left to process exit.
            std::mem::forget(self.handles.take());
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish()
    }
}

fn open_db(config: &sled::Config, dir: &Path) -> Result<sled::Db> {
    match config.open() {
        Ok(db) => Ok(db),
        Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
            Err(StoreError::InUse {
                path: dir.to_path_buf(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Removes the `snap.*.generating` files a failed snapshot write left behind, and says how many there were.
///
/// sled writes its snapshot (a cache of the log, rebuilt from the log when absent) to `snap.N.generating` and renames
/// it when complete. When the disk fills up, or the process dies, mid-write, the unfinished file stays, and sled's
/// next open reads it as the newest snapshot and reports corruption for good, though every record is intact in the
/// log. Called only after an open failed with corruption: sled takes its lock before reading snapshots, so no other
/// process is writing one.
fn remove_unfinished_snapshots(dir: &Path) -> Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The default editor name: the OS user, as the issue asks.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "editor".to_string())
}

impl Store {
    /// Opens the workspace in `dir`, creating it if missing.
    ///
    /// A workspace held by another process (or another open `Store`) gives [`StoreError::InUse`]. An older schema is
    /// migrated; a newer one gives [`StoreError::SchemaTooNew`].
    pub fn open(dir: &Path) -> Result<Store> {
        // `create_dir_all` on a file fails with a bare "File exists (os error 17)"; say what is wrong instead.
        if let Ok(meta) = std::fs::metadata(dir) {
            if !meta.is_dir() {
                return Err(StoreError::invalid(format!(
                    "{} is a file, not a workspace folder; give a folder (a new one is created)",
                    dir.display()
                )));
            }
        }
        std::fs::create_dir_all(dir)?;
        // The cache is sled's main memory cost; 64 MiB holds the hot part of a 100k-claim workspace.
        let config = sled::Config::new()
            .path(dir)
            .cache_capacity(64 * 1024 * 1024);
        let db = match open_db(&config, dir) {
            Err(StoreError::Corrupt { .. }) if remove_unfinished_snapshots(dir)? > 0 => {
                open_db(&config, dir)?
            }
            other => other?,
        };
        let trees = TREE_NAMES
            .iter()
            .map(|n| db.open_tree(n))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let store = Store {
            inner: Arc::new(Inner {
                handles: Some(Handles { db, trees }),
                path: dir.to_path_buf(),
                write_failed: AtomicBool::new(false),
                connected: AtomicBool::new(false),
            }),
        };
        store.noting_failure(crate::migrate::check_and_migrate(&store))?;
        let connected = store
            .tree(SYNC)?
            .contains_key(crate::sync::CONNECTION_KEY)?;
        store.inner.connected.store(connected, Ordering::Relaxed);
        Ok(store)
    }

    /// Turns the recording of local changes for team sync on or off for this handle.
    pub(crate) fn set_connected_flag(&self, on: bool) {
        self.inner.connected.store(on, Ordering::Relaxed);
    }

    /// The workspace directory.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    fn handles(&self) -> Result<&Handles> {
        self.inner
            .handles
            .as_ref()
            .ok_or_else(|| StoreError::corrupt("the workspace is closed"))
    }

    pub(crate) fn db(&self) -> Result<&sled::Db> {
        Ok(&self.handles()?.db)
    }

    pub(crate) fn tree(&self, i: usize) -> Result<&sled::Tree> {
        self.handles()?
            .trees
            .get(i)
            .ok_or_else(|| StoreError::corrupt("missing tree"))
    }

    /// Runs one user action as one transaction over every tree, then flushes: when this returns `Ok`, the change is
    /// on disk.
    pub(crate) fn act<T>(&self, editor: &str, f: impl Fn(&Tx<'_>) -> TxResult<T>) -> Result<T> {
        let track = self.inner.connected.load(Ordering::Relaxed);
        self.act_tracking(editor, track, f)
    }

    /// [`Store::act`] with the sync tracking chosen: writes that come *from* the team server (a pull, a push's
    /// answer) must not be pushed back as local changes.
    pub(crate) fn act_tracking<T>(
        &self,
        editor: &str,
        track: bool,
        f: impl Fn(&Tx<'_>) -> TxResult<T>,
    ) -> Result<T> {
        let now = now_millis();
        let handles = self.handles()?;
        let out = handles.trees.as_slice().transaction(|t| {
            f(&Tx {
                t: t.as_slice(),
                now,
                editor,
                track,
            })
        });
        let out = self.noting_failure(out.map_err(StoreError::from))?;
        self.noting_failure(handles.db.flush().map_err(StoreError::from))?;
        Ok(out)
    }

    /// Passes `r` through, remembering a failed write (disk full, file-system error) so that dropping the store
    /// does not wait for a flush that cannot happen.
    pub(crate) fn noting_failure<T>(&self, r: Result<T>) -> Result<T> {
        if let Err(StoreError::DiskFull | StoreError::Io(_) | StoreError::Storage { .. }) = &r {
            self.inner.write_failed.store(true, Ordering::Relaxed);
        }
        r
    }

    pub(crate) fn get<T: DeserializeOwned>(
        &self,
        tree: usize,
        entity: &'static str,
        id: Id,
    ) -> Result<T> {
        match self.tree(tree)?.get(id_key(id))? {
            Some(bytes) => decode(&bytes),
            None => Err(StoreError::NotFound { entity, id }),
        }
    }

    /// The editor's name for history entries: the setting, or the OS user name when unset.
    pub fn editor(&self) -> Result<String> {
        Ok(match self.tree(META)?.get(EDITOR_KEY)? {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => os_user(),
        })
    }

    /// Whether this workspace lets sources on loopback, private and link-local addresses be fetched (the workspace
    /// setting behind the fetcher's private-address policy; off unless the editor turned it on).
    pub fn allow_private_sources(&self) -> Result<bool> {
        Ok(self
            .tree(META)?
            .get(ALLOW_PRIVATE_KEY)?
            .is_some_and(|b| b.as_ref() == [1]))
    }

    /// Turns the private-address opt-in of this workspace on or off; the change is in the history.
    pub fn set_allow_private_sources(&self, allow: bool) -> Result<()> {
        let old = self.allow_private_sources()?;
        let editor = self.editor()?;
        self.act(&editor, |tx| {
            tx.put_raw(META, ALLOW_PRIVATE_KEY, vec![u8::from(allow)])?;
            tx.event(
                Entity::Workspace,
                None,
                EventKind::SettingChanged,
                Some(serde_json::json!({"allow_private_sources": old})),
                Some(serde_json::json!({"allow_private_sources": allow})),
                None,
            )?;
            Ok(())
        })
    }

    /// Sets the editor's name.
    pub fn set_editor(&self, name: &str) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::invalid("the editor name is empty"));
        }
        let old = self.editor()?;
        self.act(name, |tx| {
            tx.put_raw(META, EDITOR_KEY, name.as_bytes().to_vec())?;
            tx.event(
                Entity::Workspace,
                None,
                EventKind::SettingChanged,
                Some(serde_json::json!({"editor": old})),
                Some(serde_json::json!({"editor": name})),
                None,
            )?;
            Ok(())
        })
    }
}
