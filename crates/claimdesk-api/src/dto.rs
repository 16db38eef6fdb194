//! Transport types: what crosses IPC to the UI and what the CLI prints as JSON.
//!
//! These are deliberately separate from the store's and the text crate's types (rust-analyzer's invariant: only the
//! outermost crate knows the wire format). Offsets here are UTF-16 code units (see [`crate::offsets`]). Every type
//! derives `TS`; `tests/bindings.rs` writes them to `ui/src/api/bindings.ts` and fails when the file drifts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Version of the JSON the CLI prints. Bumped on any incompatible change; fields are only ever added.
pub const SCHEMA_VERSION: u32 = 1;

/// A claim's verification status: the core vocabulary, exported to TypeScript under this name.
pub use claimdesk_core::Status as ClaimStatus;

/// Claims per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCounts {
    /// Claims without a citation.
    pub unsourced: u32,
    /// Claims a source supports.
    pub verified: u32,
    /// Claims contradicted or rejected.
    pub disputed: u32,
}

/// A draft in the workspace, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentSummary {
    /// Document id.
    #[ts(type = "number")]
    pub id: u64,
    /// Title the editor gave (or the file name).
    pub title: String,
    /// Original file name of the latest import, if it came from a file.
    pub file_name: Option<String>,
    /// When the document was created (RFC 3339).
    pub created_at: String,
    /// Number of check-worthy claims (sentences the editor or the detector marked as claims).
    pub claim_count: u32,
    /// Check-worthy claims per status.
    pub counts: StatusCounts,
}

/// A quotation in a claim, with its speaker where one could be found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteView {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it, or `null` when the draft does not say safely.
    pub speaker: Option<String>,
    /// The sentence of the draft the speaker was found in: the quote's own sentence, or an earlier one when
    /// "she", "the president" or a surname was resolved to a name given there. `null` without a speaker.
    pub speaker_resolved_from: Option<String>,
    /// The words of the quote's sentence that stand for the speaker ("she", "the mayor"), when they differ from
    /// `speaker` or could not be resolved.
    pub speaker_mention: Option<String>,
    /// When `speaker` is `null` because the mention fits several people: the most recently named of them, shown as
    /// "unresolved", never as the speaker.
    pub speaker_candidate: Option<String>,
}

/// One sentence of a draft as the workbench shows it: a claim (check-worthy) or a plain sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimView {
    /// Claim id (every sentence has one, so that a plain sentence can be promoted).
    #[ts(type = "number")]
    pub id: u64,
    /// Document id.
    #[ts(type = "number")]
    pub document: u64,
    /// The sentence text.
    pub text: String,
    /// Start in the document text, UTF-16 code units.
    pub start: u32,
    /// End (exclusive) in the document text, UTF-16 code units.
    pub end: u32,
    /// Verification status.
    pub status: ClaimStatus,
    /// The reason given with the latest status change, if any.
    pub status_reason: Option<String>,
    /// The text changed in a revised draft since the claim was checked.
    pub stale: bool,
    /// A revised draft no longer contains the claim at all; it is kept, never dropped.
    pub orphan: bool,
    /// Whether this sentence counts as a claim (detector's verdict, or the editor's promotion/demotion).
    pub checkworthy: bool,
    /// Check-worthiness score in [0, 1].
    pub score: f32,
    /// Kinds: statistic, quotation, attribution, event, comparison, causal.
    pub kinds: Vec<String>,
    /// Quotations with their speakers.
    pub quotes: Vec<QuoteView>,
    /// The claim rests on an unnamed source ("officials said").
    pub unnamed_source: bool,
    /// Judgement, prediction or vague assertion rather than a checkable fact.
    pub opinion: bool,
    /// Number of citations attached.
    pub citations: u32,
    /// Free-text notes.
    pub notes: String,
    /// The team member who holds the claim (team workspaces), if assigned.
    pub assignee: Option<String>,
    /// Links the draft carried in this sentence, proposed as citations (accepting one cites it).
    pub proposed_citations: Vec<ProposedCitationView>,
}

/// A link from the draft proposed as a citation for the claim that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProposedCitationView {
    /// The link target.
    pub url: String,
    /// The anchor text.
    pub text: String,
}

/// An opened document: its text and the first page of its check-worthy claims (see `crate::claims` for the rest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentView {
    /// The document as listed.
    pub document: DocumentSummary,
    /// Full plain text of the latest version.
    pub text: String,
    /// The first check-worthy claims in text order, at most `claims::FIRST_PAGE` (a page, not the whole draft).
    pub claims: Vec<ClaimView>,
    /// Number of check-worthy claims (the length of `ids`).
    pub total: u32,
    /// Ids of every check-worthy claim in text order, orphans last: `claims` are the first of these.
    #[ts(type = "number[]")]
    pub ids: Vec<u64>,
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who (the editor name setting).
    pub editor: String,
    /// What happened, e.g. `status`, `citation_added`.
    pub action: String,
    /// The value before, if any.
    pub old: Option<String>,
    /// The value after, if any.
    pub new: Option<String>,
    /// Why, as the editor wrote it or as Claimdesk recorded it.
    pub reason: Option<String>,
}

/// A sentence in `claimdesk extract` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExtractedSentence {
    /// Sentence text.
    pub text: String,
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
    /// Check-worthiness score in [0, 1].
    pub score: f32,
    /// Kinds of claim detected.
    pub kinds: Vec<String>,
    /// Quotations with speakers.
    pub quotes: Vec<QuoteView>,
    /// Rests on an unnamed source.
    pub unnamed_source: bool,
    /// Opinion rather than a checkable fact.
    pub opinion: bool,
    /// Above the claim threshold.
    pub is_claim: bool,
}

/// A claim in `claimdesk extract` output (the contract's field names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExtractedClaim {
    /// Claim text.
    pub text: String,
    /// Start, UTF-16 code units.
    pub start: u32,
    /// End (exclusive), UTF-16 code units.
    pub end: u32,
    /// Check-worthiness score in [0, 1].
    pub score: f32,
    /// Kinds of claim detected.
    pub kinds: Vec<String>,
    /// Quotations with speakers.
    pub quotes: Vec<QuoteView>,
    /// Rests on an unnamed source.
    pub unnamed_source: bool,
    /// Opinion rather than a checkable fact.
    pub opinion: bool,
}

/// A link found in the draft, proposed as a citation for the sentence holding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ProposedLink {
    /// The link target.
    pub url: String,
    /// The anchor text.
    pub text: String,
    /// Start of the anchor text, UTF-16 code units.
    pub start: u32,
    /// End of the anchor text, UTF-16 code units.
    pub end: u32,
}

/// Output of `claimdesk extract` (stateless).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExtractOutput {
    /// JSON schema version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Detected input format: plain_text, markdown, html, docx.
    pub format: String,
    /// The text encoding assumed for the input.
    pub encoding: String,
    /// Every sentence with its detection data.
    pub sentences: Vec<ExtractedSentence>,
    /// The sentences above the claim threshold.
    pub claims: Vec<ExtractedClaim>,
    /// Links in the draft, proposed as citations.
    pub links: Vec<ProposedLink>,
}

/// A claim in `claimdesk claims --json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimsOutput {
    /// JSON schema version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Document id.
    #[ts(type = "number")]
    pub document: u64,
    /// The document's check-worthy claims.
    pub claims: Vec<ClaimView>,
}

/// Where the workspace is and who is editing, for the window's status bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WorkspaceInfo {
    /// Workspace directory.
    pub dir: String,
    /// Editor name recorded in the history.
    pub editor: String,
    /// Whether sources on loopback, private and link-local addresses may be fetched (the workspace setting or
    /// `CLAIMDESK_ALLOW_PRIVATE=1`; off by default, so an internal page never ends up in a published bundle).
    pub allow_private_sources: bool,
    /// This build and the user's data directory (the About section).
    pub about: crate::about::About,
    /// Drafts the app was started with (`claimdesk-app FILE...`, a file manager's "Open with"), for the window to
    /// import and open; the shell hands them out once, so a reload imports nothing twice. Empty from the CLI.
    pub open_files: Vec<String>,
}
