//! The domain model: what the store keeps. Every type here is what the store returns; the facade converts to DTOs.
//!
//! Times are unix milliseconds (UTC) in an `i64`: cheap to compare and sort, and the UI formats them locally.

use serde::{Deserialize, Serialize};

pub use claimdesk_core::{Id, Millis, RecordKind, SourceMetadata, Stance, Status};

/// A document's check-worthy claims counted by status ([`crate::Store::claim_counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimCounts {
    /// Check-worthy claims in all.
    pub checkworthy: u32,
    /// Of them, unsourced.
    pub unsourced: u32,
    /// Verified.
    pub verified: u32,
    /// Disputed.
    pub disputed: u32,
}

/// One byte per status for the per-document index, so a status filter needs no record decoding.
pub(crate) fn status_byte(status: Status) -> u8 {
    match status {
        Status::Unsourced => b'u',
        Status::Verified => b'v',
        Status::Disputed => b'd',
    }
}

/// The status a [`status_byte`] stands for.
pub(crate) fn status_from_byte(b: u8) -> Option<Status> {
    match b {
        b'u' => Some(Status::Unsourced),
        b'v' => Some(Status::Verified),
        b'd' => Some(Status::Disputed),
        _ => None,
    }
}

/// A quotation found inside a claim, with its speaker when detection found one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// The quoted words.
    pub text: String,
    /// Who said them, if named.
    pub speaker: Option<String>,
    /// The sentence of the draft that names the speaker (this claim's, or an earlier one for "she", "the mayor").
    /// Absent in records written before speakers were resolved across sentences, hence the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_resolved_from: Option<String>,
    /// The words of the claim that stand for the speaker ("she", "the mayor"), when they differ from `speaker`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<String>,
    /// The likeliest speaker when the mention could not be resolved safely (then `speaker` is `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_candidate: Option<String>,
}

/// What claim detection (claimdesk-text) found in a sentence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Detection {
    /// Check-worthiness score in 0..=1.
    pub score: f32,
    /// Claim kinds (e.g. `number`, `quote`, `comparison`).
    pub kinds: Vec<String>,
    /// Quotations in the sentence.
    pub quotes: Vec<QuoteRecord>,
    /// The sentence leans on an unnamed source ("officials said").
    pub unnamed_source: bool,
    /// The sentence reads as opinion.
    pub opinion: bool,
    /// Detection's own verdict: is this a check-worthy claim?
    pub checkworthy: bool,
    /// Links the draft itself carried in this sentence, proposed as citations for the editor to accept. Absent in
    /// records written before it existed, hence the default.
    #[serde(default)]
    pub proposed_citations: Vec<ProposedCitation>,
}

/// A link found in the draft, proposed as a citation for the sentence that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProposedCitation {
    /// The link target.
    pub url: String,
    /// The link's anchor text.
    pub text: String,
}

/// Where a claim sits in the document version it was last anchored to.
///
/// This follows Hypothesis (W3C TextQuoteSelector + TextPositionSelector): the exact text, a prefix and a suffix of
/// about a sentence each, and byte offsets. The quote parts let a claim be found again when offsets no longer fit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Anchor {
    /// The document version the offsets refer to.
    pub version: u32,
    /// The exact text at `start..end`.
    pub exact: String,
    /// The text just before (the previous sentence, at most [`crate::CONTEXT_MAX_BYTES`] bytes).
    pub prefix: String,
    /// The text just after (the next sentence, at most [`crate::CONTEXT_MAX_BYTES`] bytes).
    pub suffix: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A sentence of a draft, stored whether or not detection thinks it is check-worthy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The claim's id.
    pub id: Id,
    /// The document it belongs to.
    pub document: Id,
    /// The claim's current text.
    pub text: String,
    /// Where it sits in the document.
    pub anchor: Anchor,
    /// What detection found.
    pub detection: Detection,
    /// Whether the claim is treated as check-worthy. Starts as `detection.checkworthy`; the editor may override it,
    /// and a revised draft keeps the editor's choice.
    pub checkworthy: bool,
    /// The verdict.
    pub status: Status,
    /// The editor's written reason for the current status, if any.
    pub status_reason: Option<String>,
    /// The claim's text changed in a revised draft; its verdict needs a second look.
    pub stale: bool,
    /// The text before the change that made the claim stale, for a diff view.
    pub previous_text: Option<String>,
    /// A revised draft no longer contains the claim; it is kept and listed, anchored to its last version.
    pub orphan: bool,
    /// Free-form notes.
    pub notes: String,
    /// The team member who holds this claim (team workspaces; `claimdesk assign`). Absent in older records.
    #[serde(default)]
    pub assignee: Option<String>,
    /// Citations of this claim, in the order they were added.
    pub citations: Vec<Id>,
    /// When the claim was created.
    pub created_at: Millis,
    /// When the claim last changed.
    pub updated_at: Millis,
}

/// A sentence to store with a new document or a revised draft.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewClaim {
    /// The sentence: the document text at `start..end`, exactly or normalised by
    /// `claimdesk_core::text::sentence_text` (the segmenter's `Sentence::text`); it is stored normalised.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What detection found.
    pub detection: Detection,
}

/// A draft to store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewDocument {
    /// The title shown in the document list.
    pub title: String,
    /// The original file name, when the draft came from a file.
    pub file_name: Option<String>,
    /// The full text.
    pub text: String,
    /// Every sentence of `text`.
    pub claims: Vec<NewClaim>,
}

/// A revised draft of an existing document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Revision {
    /// The original file name, when the draft came from a file.
    pub file_name: Option<String>,
    /// The full revised text.
    pub text: String,
    /// Every sentence of `text`.
    pub claims: Vec<NewClaim>,
}

/// One imported version of a draft, without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// 1 for the first import, then 2, 3, ...
    pub number: u32,
    /// Hex SHA-256 of the text's UTF-8 bytes.
    pub sha256: String,
    /// Size of the text in bytes.
    pub bytes: usize,
    /// The original file name, if any.
    pub file_name: Option<String>,
    /// When it was imported.
    pub imported_at: Millis,
    /// Who imported it.
    pub editor: String,
}

/// A draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id.
    pub id: Id,
    /// The title.
    pub title: String,
    /// Every import, oldest first. The last one is current.
    pub versions: Vec<VersionInfo>,
    /// When it was created.
    pub created_at: Millis,
    /// When it last changed.
    pub updated_at: Millis,
}

impl Document {
    /// The current version's number.
    pub fn current_version(&self) -> u32 {
        self.versions.last().map_or(0, |v| v.number)
    }

    /// The current version's file name, if any.
    pub fn file_name(&self) -> Option<&str> {
        self.versions.last().and_then(|v| v.file_name.as_deref())
    }
}

/// The full text of one document version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    /// The document.
    pub document: Id,
    /// Its version number and metadata.
    pub info: VersionInfo,
    /// The full text.
    pub text: String,
}

/// The part of a source a citation points at.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Passage {
    /// The cited text.
    pub text: String,
    /// Byte offset of the first byte in the snapshot's text.
    pub start: usize,
    /// Byte offset one past the last byte in the snapshot's text.
    pub end: usize,
}

/// A link from a claim to a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The citation's id.
    pub id: Id,
    /// The claim it is attached to.
    pub claim: Id,
    /// The source URL as the editor gave it.
    pub url: String,
    /// How the source bears on the claim.
    pub stance: Stance,
    /// The snapshot the claim was checked against, once fetched.
    pub snapshot: Option<Id>,
    /// The cited passage in that snapshot's text.
    pub passage: Option<Passage>,
    /// A note.
    pub note: String,
    /// Who added it.
    pub added_by: String,
    /// When it was added.
    pub added_at: Millis,
    /// When it last changed.
    pub updated_at: Millis,
}

/// A citation to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCitation {
    /// The source URL.
    pub url: String,
    /// How the source bears on the claim.
    pub stance: Stance,
    /// The snapshot checked against, if already fetched.
    pub snapshot: Option<Id>,
    /// The cited passage, if chosen.
    pub passage: Option<Passage>,
    /// A note.
    pub note: String,
}

/// A change to a citation; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CitationPatch {
    /// A new stance.
    pub stance: Option<Stance>,
    /// A new snapshot (`Some(None)` clears it).
    pub snapshot: Option<Option<Id>>,
    /// A new passage (`Some(None)` clears it).
    pub passage: Option<Option<Passage>>,
    /// A new note.
    pub note: Option<String>,
}

/// How one fetch of a link went (what the archive records per snapshot; the link's health over time is
/// [`claimdesk_core::LinkHealth`], assessed from the checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum FetchStatus {
    /// 2xx without redirects.
    Ok,
    /// 2xx after one or more redirects.
    Redirected,
    /// A 4xx or 5xx answer.
    Broken {
        /// The HTTP status.
        status: u16,
    },
    /// No HTTP answer at all (DNS, TLS, timeout, ...).
    Unreachable {
        /// What failed.
        error: String,
    },
}

/// Where a snapshot's bytes came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SnapshotOrigin {
    /// Claimdesk fetched the URL.
    #[default]
    Fetched,
    /// The editor attached a file they saved (from their browser session, e.g. behind a paywall) as the copy of
    /// the URL: nothing was fetched.
    EditorFile {
        /// The file's name as the editor chose it (no directories).
        file_name: String,
    },
}

impl SnapshotOrigin {
    /// True for a fetched snapshot (the default, left out of the stored record).
    pub fn is_fetched(&self) -> bool {
        matches!(self, SnapshotOrigin::Fetched)
    }
}

/// A fetched source to archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSnapshot {
    /// The URL asked for.
    pub url: String,
    /// The URL answered, after redirects.
    pub final_url: String,
    /// Every URL on the way, first to last.
    pub redirect_chain: Vec<String>,
    /// When it was fetched.
    pub fetched_at: Millis,
    /// The HTTP status (0 when unreachable).
    pub status: u16,
    /// Response headers, in order, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// The raw body as received.
    pub raw: Vec<u8>,
    /// The extracted main text.
    pub text: String,
    /// What the page says about itself.
    pub metadata: SourceMetadata,
    /// Whether the link worked.
    pub link_health: FetchStatus,
    /// Where each page starts in `text` (UTF-8 bytes), for a paged source (a PDF); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_starts: Vec<usize>,
    /// Why the source's text could not be read (an encrypted or damaged PDF, ...), when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_problem: Option<String>,
    /// Where the archived copy came from: a fetch, or a file the editor saved from their browser.
    #[serde(default, skip_serializing_if = "SnapshotOrigin::is_fetched")]
    pub origin: SnapshotOrigin,
}

/// An immutable archived copy of a source. The raw body is kept zstd-compressed; read it with
/// [`crate::Store::snapshot_raw`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The snapshot's id.
    pub id: Id,
    /// The URL asked for.
    pub url: String,
    /// The URL answered, after redirects.
    pub final_url: String,
    /// Every URL on the way, first to last.
    pub redirect_chain: Vec<String>,
    /// When it was fetched.
    pub fetched_at: Millis,
    /// The HTTP status (0 when unreachable).
    pub status: u16,
    /// Response headers, in order, names lowercase.
    pub headers: Vec<(String, String)>,
    /// The `Content-Type`.
    pub content_type: Option<String>,
    /// Hex SHA-256 of the raw body.
    pub sha256: String,
    /// Size of the raw body in bytes.
    pub raw_len: usize,
    /// Size of the compressed body in bytes.
    pub compressed_len: usize,
    /// The extracted main text.
    pub text: String,
    /// What the page says about itself.
    pub metadata: SourceMetadata,
    /// Whether the link worked.
    pub link_health: FetchStatus,
    /// Who stored it.
    pub stored_by: String,
    /// Where each page starts in `text` (UTF-8 bytes), for a paged source (a PDF); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_starts: Vec<usize>,
    /// Why the source's text could not be read (an encrypted or damaged PDF, ...), when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_problem: Option<String>,
    /// Where the archived copy came from: a fetch, or a file the editor saved from their browser.
    #[serde(default, skip_serializing_if = "SnapshotOrigin::is_fetched")]
    pub origin: SnapshotOrigin,
}

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Entity {
    /// A document.
    Document(Id),
    /// A claim.
    Claim(Id),
    /// A citation.
    Citation(Id),
    /// A snapshot.
    Snapshot(Id),
    /// The workspace itself (settings).
    Workspace,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A document was created from its first draft.
    DocumentCreated,
    /// A revised draft was imported.
    DocumentRevised,
    /// A claim was created.
    ClaimCreated,
    /// A claim's status changed (by the editor or by a rule).
    StatusChanged,
    /// The editor promoted or demoted a sentence.
    CheckworthyChanged,
    /// The claim's notes changed.
    NotesChanged,
    /// A revised draft moved the claim; text unchanged.
    ClaimMoved,
    /// A revised draft changed the claim's text; the claim is now stale.
    ClaimStale,
    /// A revised draft no longer contains the claim.
    ClaimOrphaned,
    /// The editor reviewed a stale claim.
    StaleCleared,
    /// A citation was added.
    CitationAdded,
    /// A citation changed.
    CitationUpdated,
    /// A citation was removed.
    CitationRemoved,
    /// A snapshot was archived.
    SnapshotStored,
    /// A workspace setting changed.
    SettingChanged,
    /// A cited URL was checked again (link health); `new` holds `{"url": .., "check": ..}`.
    LinkChecked,
    /// The claim was assigned to a team member (or unassigned); `new` is the name or null.
    ClaimAssigned,
    /// The editor resolved a sync conflict; `new` holds `{"field": .., "kept": "theirs"|"mine", "value": ..}`.
    ConflictResolved,
}

/// One entry of the append-only history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The event's id; ids grow with time.
    pub id: Id,
    /// When it happened.
    pub at: Millis,
    /// Who did it.
    pub editor: String,
    /// What it is about.
    pub entity: Entity,
    /// The claim it concerns, so a claim's history includes its citations' events.
    pub claim: Option<Id>,
    /// What happened.
    pub kind: EventKind,
    /// The value before (absent for creations).
    pub old: Option<serde_json::Value>,
    /// The value after (absent for removals).
    pub new: Option<serde_json::Value>,
    /// Why: the editor's reason, or the rule that made the change.
    pub reason: Option<String>,
}
