//! Snapshots: immutable archived copies of sources, with the raw body zstd-compressed in its own tree so that
//! listing snapshots never touches the bodies.

use crate::error::{Result, StoreError};
use crate::model::*;
use crate::store::*;

/// zstd level 3: the library's default, a good speed/size balance for HTML.
const ZSTD_LEVEL: i32 = 3;

/// A snapshot checked and compressed outside the transaction, ready for [`Tx::put_snapshot`].
pub(crate) struct PreparedSnapshot {
    new: NewSnapshot,
    compressed: Vec<u8>,
    sha256: String,
}

impl PreparedSnapshot {
    /// Refuses an empty URL or one with a NUL byte (the URL index's separator), then hashes and compresses the body.
    pub(crate) fn new(new: NewSnapshot) -> Result<PreparedSnapshot> {
        if new.url.trim().is_empty() || new.url.contains('\0') {
            return Err(StoreError::invalid(
                "the snapshot URL is empty or contains a NUL byte",
            ));
        }
        let compressed = zstd::bulk::compress(&new.raw, ZSTD_LEVEL)?;
        let sha256 = sha256_hex(&new.raw);
        Ok(PreparedSnapshot {
            new,
            compressed,
            sha256,
        })
    }
}

impl Tx<'_> {
    /// Stores a prepared snapshot with its body, its URL index entry and its history event.
    pub(crate) fn put_snapshot(&self, p: &PreparedSnapshot) -> TxResult<Snapshot> {
        let new = &p.new;
        let id = self.next_id("snapshot")?;
        let snap = Snapshot {
            id,
            url: new.url.clone(),
            final_url: new.final_url.clone(),
            redirect_chain: new.redirect_chain.clone(),
            fetched_at: new.fetched_at,
            status: new.status,
            headers: new.headers.clone(),
            content_type: new.content_type.clone(),
            sha256: p.sha256.clone(),
            raw_len: new.raw.len(),
            compressed_len: p.compressed.len(),
            text: new.text.clone(),
            metadata: new.metadata.clone(),
            link_health: new.link_health.clone(),
            stored_by: self.editor.to_string(),
            page_starts: new.page_starts.clone(),
            read_problem: new.read_problem.clone(),
            origin: new.origin.clone(),
        };
        self.put(SNAPSHOTS, &id_key(id), &snap)?;
        self.put_raw(SNAPSHOT_BODIES, &id_key(id), p.compressed.clone())?;
        self.put_raw(URL_SNAPSHOTS, &url_key(&snap.url, id), Vec::new())?;
        self.event(
            Entity::Snapshot(id),
            None,
            EventKind::SnapshotStored,
            None,
            Some(serde_json::json!({"url": snap.url, "final_url": snap.final_url, "status": snap.status,
                                    "sha256": snap.sha256})),
            None,
        )?;
        Ok(snap)
    }
}

/// Refuses a checked URL that is empty or holds a NUL byte (the link-check index's separator).
pub(crate) fn check_checked_url(url: &str) -> Result<()> {
    if url.trim().is_empty() || url.contains('\0') {
        return Err(StoreError::invalid(
            "the checked URL is empty or contains a NUL byte",
        ));
    }
    Ok(())
}

impl Store {
    /// Archives a fetched source. Snapshots are never changed afterwards.
    pub fn put_snapshot(&self, new: NewSnapshot, editor: &str) -> Result<Snapshot> {
        let p = PreparedSnapshot::new(new)?;
        self.act(editor, |tx| tx.put_snapshot(&p))
    }

    /// Records one fetch of a cited URL as one action: the new snapshot when the content changed (`new`), then the
    /// link check, about that snapshot or else about `existing` (the snapshot the fetch was compared with). A crash
    /// cannot leave the snapshot without its check or the other way round. Returns the stored snapshot.
    pub fn record_fetch(
        &self,
        url: &str,
        new: Option<NewSnapshot>,
        existing: Option<Id>,
        check: serde_json::Value,
        editor: &str,
    ) -> Result<Option<Snapshot>> {
        check_checked_url(url)?;
        let p = new.map(PreparedSnapshot::new).transpose()?;
        self.act(editor, |tx| {
            let snap = p.as_ref().map(|p| tx.put_snapshot(p)).transpose()?;
            tx.link_check(url, snap.as_ref().map(|s| s.id).or(existing), &check)?;
            Ok(snap)
        })
    }

    /// One snapshot, without its body.
    pub fn snapshot(&self, id: Id) -> Result<Snapshot> {
        self.get(SNAPSHOTS, "snapshot", id)
    }

    /// A snapshot's raw body, decompressed.
    pub fn snapshot_raw(&self, id: Id) -> Result<Vec<u8>> {
        let snap = self.snapshot(id)?;
        let compressed = self
            .tree(SNAPSHOT_BODIES)?
            .get(id_key(id))?
            .ok_or_else(|| StoreError::corrupt(format!("snapshot {id} has no body")))?;
        let raw = zstd::bulk::decompress(&compressed, snap.raw_len.max(1))?;
        if sha256_hex(&raw) != snap.sha256 {
            return Err(StoreError::corrupt(format!(
                "snapshot {id}'s body does not match its SHA-256"
            )));
        }
        Ok(raw)
    }

    /// Every snapshot of a URL (as asked for, not the final URL), oldest first.
    pub fn snapshots_for_url(&self, url: &str) -> Result<Vec<Snapshot>> {
        let mut prefix = url.as_bytes().to_vec();
        prefix.push(0);
        let mut out = Vec::new();
        for kv in self.tree(URL_SNAPSHOTS)?.scan_prefix(&prefix) {
            let (k, _) = kv?;
            let id = k
                .get(prefix.len()..)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| StoreError::corrupt("bad URL index key"))?;
            out.push(self.snapshot(id)?);
        }
        Ok(out)
    }

    /// Records one link check of `url` (an observation made by the sources crate, kept opaque here).
    ///
    /// WHY both in the event log and in a tree of its own: a check is exactly an append-only fact with a time, so it
    /// belongs in the history (and travels with workspace exports for free); but link health ("gone" needs two
    /// failures spaced apart) is computed from one URL's checks on every citation view, so they are also indexed
    /// by URL, in the same transaction, and read with a prefix scan instead of decoding the whole log.
    pub fn record_link_check(
        &self,
        url: &str,
        snapshot: Option<Id>,
        check: serde_json::Value,
        editor: &str,
    ) -> Result<()> {
        check_checked_url(url)?;
        self.act(editor, |tx| {
            tx.link_check(url, snapshot, &check)?;
            Ok(())
        })
    }

    /// Every recorded check of `url`, oldest first, as `(time, check)`.
    pub fn link_checks(&self, url: &str) -> Result<Vec<(Millis, serde_json::Value)>> {
        let mut prefix = url.as_bytes().to_vec();
        prefix.push(0);
        self.tree(LINK_CHECKS)?
            .scan_prefix(&prefix)
            .values()
            .map(|v| {
                let r: LinkCheckRecord = decode(&v?)?;
                Ok((r.at, r.check))
            })
            .collect()
    }
}
