//! The [`Store`]: one sled database per workspace, one transaction per user action.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, TransactionalTree,
};
use sled::Transactional;

use crate::error::{Result, StoreError};
use crate::model::*;

/// The schema version this build writes. Older versions are migrated on open by [`crate::migrate`].
pub const SCHEMA_VERSION: u32 = 4;

/// The most bytes of surrounding text kept in an anchor's prefix and suffix.
pub const CONTEXT_MAX_BYTES: usize = 256;

pub(crate) const SCHEMA_KEY: &[u8] = b"schema_version";
const EDITOR_KEY: &[u8] = b"editor";

/// The trees of a workspace. The index of each name is its constant below; every transaction spans all of them,
/// which costs little in sled 0.34 (transactions serialize on one lock anyway) and keeps every action atomic.
pub(crate) const TREE_NAMES: [&str; 12] = [
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

/// A claimdesk workspace. Cheap to clone; clones share one database and may be used from many threads.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    db: sled::Db,
    path: PathBuf,
    trees: Vec<sled::Tree>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.inner.path)
            .finish()
    }
}

pub(crate) type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

pub(crate) fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

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

/// The key of one link check in [`LINK_CHECKS`]: the URL, a NUL (URLs never contain one), the event id.
pub(crate) fn link_check_key(url: &str, event: Id) -> Vec<u8> {
    url_key(url, event)
}

/// One entry of [`LINK_CHECKS`]: when the check was recorded and the check itself (opaque to the store).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub(crate) struct LinkCheckRecord {
    pub(crate) at: Millis,
    pub(crate) check: serde_json::Value,
}

/// The URL and record of a `link_checked` event, as [`Tx::link_check`] writes them; `None` for other events.
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

use claimdesk_core::text::sentence_text;
pub(crate) use claimdesk_core::{now_millis, sha256_hex};

pub(crate) fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| StoreError::corrupt(format!("cannot encode record: {e}")))
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes)
        .map_err(|e| StoreError::corrupt(format!("cannot decode record: {e}")))
}

/// The default editor name: the OS user, as the issue asks.
fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "editor".to_string())
}

/// The largest index `<= i` that is a char boundary of `s`.
pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest index `>= i` that is a char boundary of `s`.
pub(crate) fn ceil_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Builds the anchors for sentences of `text`: each prefix reaches back to the previous sentence's start, each
/// suffix forward to the next sentence's end, both capped at [`CONTEXT_MAX_BYTES`].
pub(crate) fn anchors(text: &str, version: u32, spans: &[(usize, usize)]) -> Vec<Anchor> {
    spans
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| {
            let from = if i == 0 { 0 } else { spans[i - 1].0.min(start) };
            let to = spans.get(i + 1).map_or(text.len(), |n| n.1.max(end));
            let from = ceil_boundary(text, from.max(start.saturating_sub(CONTEXT_MAX_BYTES)));
            let to = floor_boundary(text, to.min(end + CONTEXT_MAX_BYTES));
            Anchor {
                version,
                exact: text.get(start..end).unwrap_or_default().to_string(),
                prefix: text.get(from..start).unwrap_or_default().to_string(),
                suffix: text.get(end..to).unwrap_or_default().to_string(),
                start,
                end,
            }
        })
        .collect()
}

/// Checks sentences against their text (each claim's text must be its span, exactly or as [`sentence_text`]
/// normalises it) and returns them sorted by position, with their text normalised.
pub(crate) fn validate_claims(text: &str, claims: &[NewClaim]) -> Result<Vec<NewClaim>> {
    let mut sorted = claims.to_vec();
    sorted.sort_by_key(|c| (c.start, c.end));
    for c in &mut sorted {
        match text.get(c.start..c.end) {
            // The claim's text is the span's normalised text (the segmenter's `Sentence::text`); the exact slice
            // is accepted too and stored normalised, so every stored claim text has the one form.
            Some(slice) if slice == c.text || sentence_text(slice) == c.text => {
                c.text = sentence_text(slice);
            }
            Some(_) => {
                return Err(StoreError::invalid(format!(
                    "claim text {:?} does not equal the document text at {}..{}",
                    c.text, c.start, c.end
                )))
            }
            None => {
                return Err(StoreError::invalid(format!(
                    "claim offsets {}..{} are outside the text or not on character boundaries",
                    c.start, c.end
                )))
            }
        }
    }
    Ok(sorted)
}

/// Does `status` (with `reason`) hold for a claim whose citations have these stances?
pub(crate) fn rule_holds(status: Status, reason: Option<&str>, stances: &[Stance]) -> bool {
    match status {
        Status::Unsourced => true,
        Status::Verified => stances.contains(&Stance::Supports),
        Status::Disputed => {
            stances.contains(&Stance::Contradicts) || reason.is_some_and(|r| !r.trim().is_empty())
        }
    }
}

/// A view of all trees inside one transaction.
pub(crate) struct Tx<'a> {
    pub(crate) t: &'a [TransactionalTree],
    pub(crate) now: Millis,
    pub(crate) editor: &'a str,
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
        Ok(())
    }

    pub(crate) fn remove(&self, tree: usize, key: &[u8]) -> TxResult<()> {
        self.tree(tree)?.remove(key)?;
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
        citations: Vec::new(),
        created_at: now,
        updated_at: now,
    }
}

fn status_json(status: Status, reason: &Option<String>) -> serde_json::Value {
    serde_json::json!({"status": status, "reason": reason})
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
        let db = match config.open() {
            Ok(db) => db,
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                return Err(StoreError::InUse {
                    path: dir.to_path_buf(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let trees = TREE_NAMES
            .iter()
            .map(|n| db.open_tree(n))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let store = Store {
            inner: Arc::new(Inner {
                db,
                path: dir.to_path_buf(),
                trees,
            }),
        };
        crate::migrate::check_and_migrate(&store)?;
        Ok(store)
    }

    /// The workspace directory.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    pub(crate) fn db(&self) -> &sled::Db {
        &self.inner.db
    }

    pub(crate) fn tree(&self, i: usize) -> Result<&sled::Tree> {
        self.inner
            .trees
            .get(i)
            .ok_or_else(|| StoreError::corrupt("missing tree"))
    }

    /// Runs one user action as one transaction over every tree, then flushes: when this returns `Ok`, the change is
    /// on disk.
    pub(crate) fn act<T>(&self, editor: &str, f: impl Fn(&Tx<'_>) -> TxResult<T>) -> Result<T> {
        let now = now_millis();
        let out = self.inner.trees.as_slice().transaction(|t| {
            f(&Tx {
                t: t.as_slice(),
                now,
                editor,
            })
        })?;
        self.inner.db.flush()?;
        Ok(out)
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

    /// Stores a new draft as a document with its first version, and every sentence as an unsourced claim.
    pub fn create_document(&self, new: NewDocument, editor: &str) -> Result<Document> {
        let title = new.title.trim();
        if title.is_empty() {
            return Err(StoreError::invalid("the document title is empty"));
        }
        let claims = validate_claims(&new.text, &new.claims)?;
        let sha = sha256_hex(new.text.as_bytes());
        self.act(editor, |tx| {
            let id = tx.next_id("document")?;
            let info = VersionInfo {
                number: 1,
                sha256: sha.clone(),
                bytes: new.text.len(),
                file_name: new.file_name.clone(),
                imported_at: tx.now,
                editor: editor.to_string(),
            };
            let doc = Document {
                id,
                title: title.to_string(),
                versions: vec![info.clone()],
                created_at: tx.now,
                updated_at: tx.now,
            };
            tx.put(DOCUMENTS, &id_key(id), &doc)?;
            tx.put(VERSIONS, &version_key(id, 1), &DocumentVersion { document: id, info, text: new.text.clone() })?;
            tx.event(
                Entity::Document(id),
                None,
                EventKind::DocumentCreated,
                None,
                Some(serde_json::json!({"title": doc.title, "sha256": sha, "file_name": new.file_name,
                                        "claims": claims.len()})),
                None,
            )?;
            tx.create_claims(id, 1, &new.text, &claims)?;
            Ok(doc)
        })
    }

    /// Every document, oldest first.
    pub fn documents(&self) -> Result<Vec<Document>> {
        self.tree(DOCUMENTS)?
            .iter()
            .values()
            .map(|v| decode(&v?))
            .collect()
    }

    /// One document.
    pub fn document(&self, id: Id) -> Result<Document> {
        self.get(DOCUMENTS, "document", id)
    }

    /// The full text of one version of a document.
    pub fn document_version(&self, doc: Id, version: u32) -> Result<DocumentVersion> {
        match self.tree(VERSIONS)?.get(version_key(doc, version))? {
            Some(b) => decode(&b),
            None => {
                self.document(doc)?;
                Err(StoreError::NotFound {
                    entity: "version",
                    id: u64::from(version),
                })
            }
        }
    }

    fn claim_ids(&self, doc: Id) -> impl Iterator<Item = Result<(Id, sled::IVec)>> + '_ {
        let scan = self
            .inner
            .trees
            .get(DOC_CLAIMS)
            .map(|t| t.scan_prefix(id_key(doc)));
        scan.into_iter().flatten().map(|kv| {
            let (k, v) = kv?;
            Ok((second_id(&k)?, v))
        })
    }

    /// A document's claims in text order; orphans, which have no place in the current text, come last.
    pub fn claims(&self, doc: Id) -> Result<Vec<Claim>> {
        self.claims_where(doc, None)
    }

    /// A document's counts of check-worthy claims by status, read from the per-document index alone (no claim is
    /// decoded).
    pub fn claim_counts(&self, doc: Id) -> Result<ClaimCounts> {
        self.document(doc)?;
        let mut counts = ClaimCounts::default();
        for item in self.claim_ids(doc) {
            let (id, v) = item?;
            let status = v.first().and_then(|&b| crate::model::status_from_byte(b));
            let (Some(status), Some(&checkworthy)) = (status, v.get(1)) else {
                return Err(StoreError::corrupt(format!(
                    "the index entry of claim {id} has no status or check-worthy byte"
                )));
            };
            if checkworthy == 0 {
                continue;
            }
            counts.checkworthy += 1;
            match status {
                Status::Unsourced => counts.unsourced += 1,
                Status::Verified => counts.verified += 1,
                Status::Disputed => counts.disputed += 1,
            }
        }
        Ok(counts)
    }

    /// A document's claims with one status, in text order. The status is read from the index, so only the claims
    /// returned are decoded.
    pub fn claims_with_status(&self, doc: Id, status: Status) -> Result<Vec<Claim>> {
        self.claims_where(doc, Some(status))
    }

    fn claims_where(&self, doc: Id, status: Option<Status>) -> Result<Vec<Claim>> {
        self.document(doc)?;
        let claims_tree = self.tree(CLAIMS)?;
        let mut out = Vec::new();
        for item in self.claim_ids(doc) {
            let (id, v) = item?;
            if let Some(want) = status {
                let have = v.first().and_then(|&b| crate::model::status_from_byte(b));
                if have != Some(want) {
                    continue;
                }
            }
            let bytes = claims_tree.get(id_key(id))?.ok_or_else(|| {
                StoreError::corrupt(format!("index lists claim {id}, which does not exist"))
            })?;
            out.push(decode(&bytes)?);
        }
        sort_text_order(&mut out);
        Ok(out)
    }

    /// One claim.
    pub fn claim(&self, id: Id) -> Result<Claim> {
        self.get(CLAIMS, "claim", id)
    }

    /// Sets a claim's status, enforcing the rules: verified needs a supporting citation; disputed needs a
    /// contradicting citation or a written reason. A refusal writes nothing.
    pub fn set_status(
        &self,
        claim: Id,
        status: Status,
        reason: Option<String>,
        editor: &str,
    ) -> Result<Claim> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            let stances = tx.stances(&c)?;
            if !rule_holds(status, reason.as_deref(), &stances) {
                return abort(
                    StoreError::rule(claim, status).unwrap_or_else(|| StoreError::invalid("rule")),
                );
            }
            if c.status == status && c.status_reason == reason {
                return Ok(c);
            }
            let old = status_json(c.status, &c.status_reason);
            c.status = status;
            c.status_reason = reason.clone();
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::StatusChanged,
                Some(old),
                Some(status_json(status, &reason)),
                reason.clone(),
            )?;
            Ok(c)
        })
    }

    /// Promotes (`true`) or demotes (`false`) a sentence as a check-worthy claim.
    pub fn set_checkworthy(&self, claim: Id, checkworthy: bool, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if c.checkworthy == checkworthy {
                return Ok(c);
            }
            c.checkworthy = checkworthy;
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::CheckworthyChanged,
                Some(serde_json::json!(!checkworthy)),
                Some(serde_json::json!(checkworthy)),
                None,
            )?;
            Ok(c)
        })
    }

    /// Replaces a claim's notes.
    pub fn set_notes(&self, claim: Id, notes: &str, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if c.notes == notes {
                return Ok(c);
            }
            let old = std::mem::replace(&mut c.notes, notes.to_string());
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::NotesChanged,
                Some(serde_json::json!(old)),
                Some(serde_json::json!(notes)),
                None,
            )?;
            Ok(c)
        })
    }

    /// Clears a claim's stale flag once the editor has reviewed the changed text.
    pub fn clear_stale(&self, claim: Id, editor: &str) -> Result<Claim> {
        self.act(editor, |tx| {
            let mut c = tx.claim(claim)?;
            if !c.stale {
                return Ok(c);
            }
            c.stale = false;
            let previous = c.previous_text.take();
            c.updated_at = tx.now;
            tx.put_claim(&c)?;
            tx.event(
                Entity::Claim(claim),
                Some(claim),
                EventKind::StaleCleared,
                Some(serde_json::json!({"stale": true, "previous_text": previous})),
                Some(serde_json::json!({"stale": false})),
                None,
            )?;
            Ok(c)
        })
    }

    /// A claim's history, oldest first, including its citations' events.
    pub fn history(&self, claim: Id) -> Result<Vec<Event>> {
        self.claim(claim)?;
        let events = self.tree(EVENTS)?;
        let mut out = Vec::new();
        for kv in self.tree(CLAIM_EVENTS)?.scan_prefix(id_key(claim)) {
            let (k, _) = kv?;
            let id = second_id(&k)?;
            let bytes = events
                .get(id_key(id))?
                .ok_or_else(|| StoreError::corrupt(format!("event {id} is missing")))?;
            out.push(decode(&bytes)?);
        }
        Ok(out)
    }

    /// The whole history of the workspace, oldest first.
    pub fn events(&self) -> Result<Vec<Event>> {
        self.tree(EVENTS)?
            .iter()
            .values()
            .map(|v| decode(&v?))
            .collect()
    }
}

/// Text order: by position in the current version; orphans (no position there) last, by id.
pub(crate) fn sort_text_order(claims: &mut [Claim]) {
    claims.sort_by_key(|c| (c.orphan, if c.orphan { 0 } else { c.anchor.start }, c.id));
}
