//! The service facade shared by the Tauri app and the CLI: DTOs, the one IPC error, and the operations.
//!
//! Both shells (`src-tauri/` and `claimdesk-cli`) are thin: each command is one call on [`Claimdesk`]. Everything an
//! editor can do goes through here, so the app and the CLI cannot drift apart, and every operation is testable
//! without a window.
#![deny(missing_docs)]

pub mod about;
mod cache;
pub mod changes;
pub mod claims;
pub mod dto;
pub mod error;
pub mod files;
pub mod memory;
pub mod offsets;
pub mod reports;
pub mod semantic;
pub mod sources;
pub mod startup;
pub mod team;
pub mod workspace;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use claimdesk_store as store;
use claimdesk_text as text;
pub use dto::*;
pub use error::{catch_panics, ApiError, ApiResult, ErrorCode};
use offsets::Utf16Map;

/// Environment variable that chooses the workspace directory.
pub const WORKSPACE_ENV: &str = "CLAIMDESK_WORKSPACE";

/// Largest draft file the facade reads, in bytes. The importer applies its own limit on the decoded text; this one
/// stops us from reading a huge file into memory only to refuse it.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The default workspace: `$CLAIMDESK_WORKSPACE` if set, else `<user data dir>/claimdesk/workspace`
/// (`~/.local/share/claimdesk/workspace` on Linux).
pub fn default_workspace_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(WORKSPACE_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    about::data_dir().join("workspace")
}

/// The editor's name recorded in the history: `$CLAIMDESK_EDITOR`, else the OS user name.
pub fn default_editor_name() -> String {
    ["CLAIMDESK_EDITOR", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "editor".to_string())
}

/// One open workspace and the operations on it.
#[derive(Clone)]
pub struct Claimdesk {
    pub(crate) store: store::Store,
    /// Shared by the clones, so that joining a team renames the editor for the whole app at once.
    pub(crate) editor: Arc<std::sync::RwLock<String>>,
    dir: PathBuf,
    /// One HTTP client with the global and per-host limits, shared by every fetch of this workspace.
    pub(crate) fetcher: claimdesk_sources::Fetcher,
    /// Running background jobs and their cancel tokens.
    pub(crate) jobs: Arc<Mutex<HashMap<u64, claimdesk_sources::CancellationToken>>>,
    pub(crate) next_job: Arc<AtomicU64>,
    /// Evidence and claim memory computed once and reused (see [`cache`]).
    pub(crate) cache: Arc<Mutex<cache::Caches>>,
}

impl Claimdesk {
    /// Opens (or creates) the workspace at `dir`. A workspace held by another process gives `workspace_in_use`.
    pub fn open(dir: &Path) -> ApiResult<Self> {
        let store = store::Store::open(dir)?;
        let fetcher = claimdesk_sources::Fetcher::new(claimdesk_sources::FetchConfig {
            allow_private: claimdesk_sources::allow_private_from_env()
                || store.allow_private_sources()?,
            ..claimdesk_sources::FetchConfig::default()
        })?;
        // A desk connected to a team works as its member there: the history names the server account.
        let editor = match store.sync_connection()? {
            Some(conn) => conn.member,
            None => default_editor_name(),
        };
        Ok(Self {
            store,
            editor: Arc::new(std::sync::RwLock::new(editor)),
            dir: dir.to_path_buf(),
            fetcher,
            jobs: Arc::new(Mutex::new(HashMap::new())),
            next_job: Arc::new(AtomicU64::new(0)),
            cache: Arc::default(),
        })
    }

    /// The workspace directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Turns the workspace's private-address opt-in on or off: with it on, sources on loopback, private and
    /// link-local addresses are fetched (for an intranet page cited on purpose). Stored in the workspace, so it
    /// holds for the app and the CLI alike; `CLAIMDESK_ALLOW_PRIVATE=1` turns it on for one process.
    pub fn set_allow_private_sources(&self, allow: bool) -> ApiResult<WorkspaceInfo> {
        self.store.set_allow_private_sources(allow)?;
        self.fetcher
            .set_allow_private(allow || claimdesk_sources::allow_private_from_env());
        Ok(self.info())
    }

    /// Where the workspace is and who is editing.
    pub fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            dir: self.dir.display().to_string(),
            editor: self.editor(),
            allow_private_sources: self.fetcher.allows_private(),
            about: about::about(),
            open_files: Vec::new(),
        }
    }

    /// The editor name recorded with every change (the member name once the workspace joins a team workspace).
    pub fn editor(&self) -> String {
        self.editor
            .read()
            .map(|e| e.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Sets the editor name for every clone of this facade (the app's window and its background work share one).
    pub(crate) fn set_editor_name(&self, name: &str) {
        match self.editor.write() {
            Ok(mut e) => *e = name.to_string(),
            Err(poisoned) => *poisoned.into_inner() = name.to_string(),
        }
    }

    /// Changes the editor name recorded with later changes.
    pub fn set_editor(&mut self, name: &str) -> ApiResult<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ApiError::invalid("The editor name cannot be empty."));
        }
        self.set_editor_name(name);
        Ok(())
    }

    /// Imports pasted text as a new document and returns it opened.
    pub fn paste_draft(&self, title: Option<String>, text: &str) -> ApiResult<DocumentView> {
        let draft = text::import::import_pasted(text)?;
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| title_from_text(&draft.text));
        let doc = self.create_document(title, None, draft)?;
        self.open_document(doc)
    }

    /// Imports a file (plain text, Markdown, HTML or .docx) as a new document; returns its id.
    pub fn import_file(&self, path: &Path, title: Option<String>) -> ApiResult<u64> {
        let (name, draft) = read_draft(path)?;
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| name.clone());
        self.create_document(title, Some(name), draft)
    }

    fn create_document(
        &self,
        title: String,
        file_name: Option<String>,
        draft: text::import::ImportedDraft,
    ) -> ApiResult<u64> {
        let claims = new_claims(&draft);
        let doc = self.store.create_document(
            store::NewDocument {
                title,
                file_name,
                text: draft.text,
                claims,
            },
            &self.editor(),
        )?;
        self.memory_changed();
        Ok(doc.id)
    }

    /// Every document in the workspace, newest first.
    pub fn documents(&self) -> ApiResult<Vec<DocumentSummary>> {
        let mut docs = self.store.documents()?;
        docs.sort_by_key(|d| std::cmp::Reverse(d.id));
        docs.iter().map(|d| self.summary(d)).collect()
    }

    /// A document as listed. The counts come from the store's per-document index, so no claim is decoded: a mark
    /// answers with them.
    pub(crate) fn summary(&self, d: &store::Document) -> ApiResult<DocumentSummary> {
        let n = self.store.claim_counts(d.id)?;
        Ok(DocumentSummary {
            id: d.id,
            title: d.title.clone(),
            file_name: d.file_name().map(str::to_string),
            created_at: rfc3339(d.created_at),
            claim_count: n.checkworthy,
            counts: StatusCounts {
                unsourced: n.unsourced,
                verified: n.verified,
                disputed: n.disputed,
            },
        })
    }

    /// Checks that a document exists (for commands that take a document id).
    pub fn document(&self, id: u64) -> ApiResult<()> {
        self.store.document(id)?;
        Ok(())
    }

    /// A document with its text and the first page of its check-worthy claims (the panel's default filter); the
    /// rest comes from [`Claimdesk::claims_page`] and [`Claimdesk::claims_by_id`].
    pub fn open_document(&self, id: u64) -> ApiResult<DocumentView> {
        let d = self.store.document(id)?;
        let claims = self.store.claims(id)?;
        let text = self.document_text(&d)?;
        let map = Utf16Map::new(&text);
        let page = claims::page_of(
            &claims,
            &claims::ClaimQuery::default(),
            0,
            claims::FIRST_PAGE,
            &map,
        );
        Ok(DocumentView {
            document: self.summary(&d)?,
            claims: page.claims,
            total: page.total,
            ids: page.ids,
            text,
        })
    }

    /// The check-worthy claims of a document (`claimdesk claims`). The CLI prints them all: it is not IPC.
    pub fn claims(&self, doc: u64) -> ApiResult<ClaimsOutput> {
        let d = self.store.document(doc)?;
        let map = Utf16Map::new(&self.document_text(&d)?);
        Ok(ClaimsOutput {
            schema_version: SCHEMA_VERSION,
            document: doc,
            claims: self
                .store
                .claims(doc)?
                .iter()
                .filter(|c| c.checkworthy)
                .map(|c| claim_view(c, &map))
                .collect(),
        })
    }

    /// Sets a claim's status, with an optional reason. The store enforces the rules (verified needs a supporting
    /// citation; disputed needs a contradicting citation or a reason). Answers with the claim, its document's new
    /// counts and its history.
    pub fn mark(
        &self,
        claim: u64,
        status: ClaimStatus,
        reason: Option<String>,
    ) -> ApiResult<changes::ClaimChange> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let c = self
            .store
            .set_status(claim, status, reason, &self.editor())?;
        self.claim_change(&c)
    }

    /// One claim as the UI shows it.
    pub fn claim(&self, claim: u64) -> ApiResult<ClaimView> {
        self.claim_view_of(&self.store.claim(claim)?)
    }

    /// Converts one store claim (offsets against its document's current text).
    pub(crate) fn claim_view_of(&self, c: &store::Claim) -> ApiResult<ClaimView> {
        let text = self.document_text(&self.store.document(c.document)?)?;
        Ok(claim_view(c, &Utf16Map::new(&text)))
    }

    /// A claim's history, oldest first.
    pub fn history(&self, claim: u64) -> ApiResult<Vec<HistoryEntry>> {
        Ok(self
            .store
            .history(claim)?
            .into_iter()
            .map(history_entry)
            .collect())
    }

    /// The plain text of a document's latest version.
    pub(crate) fn document_text(&self, d: &store::Document) -> ApiResult<String> {
        Ok(self.store.document_version(d.id, d.current_version())?.text)
    }

    /// Stateless: the sentences and claims of a file (`claimdesk extract`).
    pub fn extract_file(path: &Path) -> ApiResult<ExtractOutput> {
        let (_, draft) = read_draft(path)?;
        Ok(extract_output(&draft))
    }
}

/// Reads and imports a draft file; returns its file name and the imported text.
fn read_draft(path: &Path) -> ApiResult<(String, text::import::ImportedDraft)> {
    // A regular file only (no device, FIFO or socket), and never more than the cap, whatever its length says.
    let bytes = files::read_regular_file(path, MAX_FILE_BYTES, "draft file")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".to_string());
    let draft = text::import::import_bytes(Some(&name), &bytes)?;
    Ok((name, draft))
}

pub(crate) fn file_error(path: &Path, e: &std::io::Error) -> ApiError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ApiError::new(
            ErrorCode::FileNotFound,
            format!("There is no file at {}.", path.display()),
        ),
        std::io::ErrorKind::PermissionDenied => ApiError::new(
            ErrorCode::PermissionDenied,
            format!("Claimdesk may not read {}.", path.display()),
        ),
        _ if store::is_disk_full(e) => {
            ApiError::new(
                ErrorCode::DiskFull,
                format!(
                    "The disk is full: {} could not be written. Nothing was saved; free some space and try again.",
                    path.display()
                ),
            )
        }
        _ => ApiError::new(
            ErrorCode::Io,
            format!("Could not read {}: {e}.", path.display()),
        ),
    }
}

/// An error writing `what` to `path`: `disk_full` for a full disk, else `io`.
pub(crate) fn write_error(what: &str, path: &Path, e: &std::io::Error) -> ApiError {
    if store::is_disk_full(e) {
        ApiError::new(
            ErrorCode::DiskFull,
            format!(
                "The disk is full: {what} {} could not be written. Nothing was left half-written; free some space and try again.",
                path.display()
            ),
        )
    } else {
        ApiError::new(
            ErrorCode::Io,
            format!("Could not write {what} {}: {e}.", path.display()),
        )
    }
}

/// A title from the first words of a pasted draft.
fn title_from_text(text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut title: String = first.trim().chars().take(60).collect();
    if first.trim().chars().count() > 60 {
        title.push('…');
    }
    if title.is_empty() {
        "Untitled draft".to_string()
    } else {
        title
    }
}

fn extract_output(draft: &text::import::ImportedDraft) -> ExtractOutput {
    let map = Utf16Map::new(&draft.text);
    let analyzed = text::analyze(&draft.text);
    let sentences: Vec<ExtractedSentence> = analyzed
        .iter()
        .map(|a| ExtractedSentence {
            text: a.sentence.text.clone(),
            start: u16_offset(&map, a.sentence.start),
            end: u16_offset(&map, a.sentence.end),
            score: a.detection.score,
            kinds: kinds_to_strings(&a.detection.kinds),
            quotes: quotes_view(&a.detection.quotes, &analyzed),
            unnamed_source: a.detection.unnamed_source,
            opinion: a.detection.opinion,
            is_claim: a.detection.is_claim,
        })
        .collect();
    let claims = sentences
        .iter()
        .filter(|s| s.is_claim)
        .map(|s| ExtractedClaim {
            text: s.text.clone(),
            start: s.start,
            end: s.end,
            score: s.score,
            kinds: s.kinds.clone(),
            quotes: s.quotes.clone(),
            unnamed_source: s.unnamed_source,
            opinion: s.opinion,
        })
        .collect();
    ExtractOutput {
        schema_version: SCHEMA_VERSION,
        format: enum_name(&draft.format),
        encoding: draft.encoding.clone(),
        sentences,
        claims,
        links: draft
            .links
            .iter()
            .map(|l| ProposedLink {
                url: l.url.clone(),
                text: l.text.clone(),
                start: u16_offset(&map, l.start),
                end: u16_offset(&map, l.end),
            })
            .collect(),
    }
}

fn u16_offset(map: &Utf16Map, byte: usize) -> u32 {
    u32::try_from(map.to_utf16(byte)).unwrap_or(u32::MAX)
}

/// The serde name of a unit enum variant (`Format::PlainText` -> `plain_text`), so the wire names come from one place.
pub(crate) fn enum_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn kinds_to_strings(kinds: &[text::Kind]) -> Vec<String> {
    kinds.iter().map(enum_name).collect()
}

/// The text of the sentence that names a quote's speaker (`speaker_sentence` indexes `analyzed`).
fn speaker_origin(q: &text::Quote, analyzed: &[text::AnalyzedSentence]) -> Option<String> {
    q.speaker_sentence
        .and_then(|i| analyzed.get(i))
        .map(|a| a.sentence.text.clone())
}

fn quotes_view(quotes: &[text::Quote], analyzed: &[text::AnalyzedSentence]) -> Vec<QuoteView> {
    quotes
        .iter()
        .map(|q| QuoteView {
            text: q.text.clone(),
            speaker: q.speaker.clone(),
            speaker_resolved_from: speaker_origin(q, analyzed),
            speaker_mention: q.speaker_mention.clone(),
            speaker_candidate: q.speaker_candidate.clone(),
        })
        .collect()
}

/// Every sentence of an imported draft as a claim record for the store, with detection data and the draft's own
/// links attached, as proposed citations, to the sentence that holds each link.
pub(crate) fn new_claims(draft: &text::import::ImportedDraft) -> Vec<store::NewClaim> {
    let analyzed = text::analyze(&draft.text);
    let mut proposed: Vec<Vec<store::ProposedCitation>> = vec![Vec::new(); analyzed.len()];
    for link in &draft.links {
        if let Some(slot) =
            text::sentence_index_at(&analyzed, link.start).and_then(|i| proposed.get_mut(i))
        {
            if !slot.iter().any(|p| p.url == link.url) {
                slot.push(store::ProposedCitation {
                    url: link.url.clone(),
                    text: link.text.clone(),
                });
            }
        }
    }
    analyzed
        .iter()
        .zip(proposed)
        .map(|(a, links)| store::NewClaim {
            text: a.sentence.text.clone(),
            start: a.sentence.start,
            end: a.sentence.end,
            detection: store::Detection {
                proposed_citations: links,
                ..detection_to_store(&a.detection, &analyzed)
            },
        })
        .collect()
}

fn detection_to_store(
    d: &text::Detection,
    analyzed: &[text::AnalyzedSentence],
) -> store::Detection {
    store::Detection {
        score: d.score,
        kinds: kinds_to_strings(&d.kinds),
        quotes: d
            .quotes
            .iter()
            .map(|q| store::QuoteRecord {
                text: q.text.clone(),
                speaker: q.speaker.clone(),
                speaker_resolved_from: speaker_origin(q, analyzed),
                speaker_mention: q.speaker_mention.clone(),
                speaker_candidate: q.speaker_candidate.clone(),
            })
            .collect(),
        unnamed_source: d.unnamed_source,
        opinion: d.opinion,
        checkworthy: d.is_claim,
        proposed_citations: Vec::new(),
    }
}

pub(crate) fn claim_view(c: &store::Claim, map: &Utf16Map) -> ClaimView {
    ClaimView {
        id: c.id,
        document: c.document,
        text: c.text.clone(),
        start: u16_offset(map, c.anchor.start),
        end: u16_offset(map, c.anchor.end),
        status: c.status,
        status_reason: c.status_reason.clone(),
        stale: c.stale,
        orphan: c.orphan,
        checkworthy: c.checkworthy,
        score: c.detection.score,
        kinds: c.detection.kinds.clone(),
        quotes: c
            .detection
            .quotes
            .iter()
            .map(|q| QuoteView {
                text: q.text.clone(),
                speaker: q.speaker.clone(),
                speaker_resolved_from: q.speaker_resolved_from.clone(),
                speaker_mention: q.speaker_mention.clone(),
                speaker_candidate: q.speaker_candidate.clone(),
            })
            .collect(),
        unnamed_source: c.detection.unnamed_source,
        opinion: c.detection.opinion,
        citations: u32::try_from(c.citations.len()).unwrap_or(u32::MAX),
        notes: c.notes.clone(),
        assignee: c.assignee.clone(),
        proposed_citations: c
            .detection
            .proposed_citations
            .iter()
            .map(|p| ProposedCitationView {
                url: p.url.clone(),
                text: p.text.clone(),
            })
            .collect(),
    }
}

fn history_entry(e: store::Event) -> HistoryEntry {
    HistoryEntry {
        at: rfc3339(e.at),
        editor: e.editor,
        action: enum_name(&e.kind),
        old: e.old.and_then(value_text),
        new: e.new.and_then(value_text),
        reason: e.reason,
    }
}

/// A history value as one line of text, for the history timeline and the reports: scalars as they are; for the
/// records the store keeps, the part a reader needs — the status of a status change (`{status, reason}`), the
/// wording of a claim (`{text, ..}`, so a stale claim's old and new text show; `{previous_text, ..}` when a stale
/// flag is cleared). Other records (a whole citation) are
/// left out: the action already says what happened.
pub(crate) fn value_text(v: serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null | serde_json::Value::Array(_) => None,
        serde_json::Value::Object(m) => m
            .get("status")
            .or_else(|| m.get("text"))
            .or_else(|| m.get("previous_text"))
            .and_then(|s| s.as_str())
            .map(str::to_string),
        other => Some(other.to_string()),
    }
}

/// Unix milliseconds (the store's time unit) as RFC 3339 UTC, e.g. `2026-11-25T10:40:00.123Z`.
pub use claimdesk_core::rfc3339;
