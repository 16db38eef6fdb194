// Generated from crates/claimdesk-api/src/dto.rs by `make bindings`. Do not edit by hand:
// `cargo test -p claimdesk-api --test bindings` fails when this file drifts from the Rust types.

export type ApiError = { 
/**
 * Stable snake_case code, for example `workspace_in_use`, `empty_draft`, `not_found`, `internal`.
 */
code: string, 
/**
 * One clear sentence for the editor.
 */
message: string, };

export type ClaimStatus = "unsourced" | "verified" | "disputed";

export type StatusCounts = { 
/**
 * Claims without a citation.
 */
unsourced: number, 
/**
 * Claims a source supports.
 */
verified: number, 
/**
 * Claims contradicted or rejected.
 */
disputed: number, };

export type DocumentSummary = { 
/**
 * Document id.
 */
id: number, 
/**
 * Title the editor gave (or the file name).
 */
title: string, 
/**
 * Original file name of the latest import, if it came from a file.
 */
file_name: string | null, 
/**
 * When the document was created (RFC 3339).
 */
created_at: string, 
/**
 * Number of check-worthy claims (sentences the editor or the detector marked as claims).
 */
claim_count: number, 
/**
 * Check-worthy claims per status.
 */
counts: StatusCounts, };

export type QuoteView = { 
/**
 * The quoted words, without the quote marks.
 */
text: string, 
/**
 * Who said it, or `null` when the draft does not say safely.
 */
speaker: string | null, };

export type ClaimView = { 
/**
 * Claim id (every sentence has one, so that a plain sentence can be promoted).
 */
id: number, 
/**
 * Document id.
 */
document: number, 
/**
 * The sentence text.
 */
text: string, 
/**
 * Start in the document text, UTF-16 code units.
 */
start: number, 
/**
 * End (exclusive) in the document text, UTF-16 code units.
 */
end: number, 
/**
 * Verification status.
 */
status: ClaimStatus, 
/**
 * The reason given with the latest status change, if any.
 */
status_reason: string | null, 
/**
 * The text changed in a revised draft since the claim was checked.
 */
stale: boolean, 
/**
 * A revised draft no longer contains the claim at all; it is kept, never dropped.
 */
orphan: boolean, 
/**
 * Whether this sentence counts as a claim (detector's verdict, or the editor's promotion/demotion).
 */
checkworthy: boolean, 
/**
 * Check-worthiness score in [0, 1].
 */
score: number, 
/**
 * Kinds: statistic, quotation, attribution, event, comparison, causal.
 */
kinds: Array<string>, 
/**
 * Quotations with their speakers.
 */
quotes: Array<QuoteView>, 
/**
 * The claim rests on an unnamed source ("officials said").
 */
unnamed_source: boolean, 
/**
 * Judgement, prediction or vague assertion rather than a checkable fact.
 */
opinion: boolean, 
/**
 * Number of citations attached.
 */
citations: number, 
/**
 * Free-text notes.
 */
notes: string, };

export type DocumentView = { 
/**
 * The document as listed.
 */
document: DocumentSummary, 
/**
 * Full plain text of the latest version.
 */
text: string, 
/**
 * Every sentence in text order (claims and plain sentences; see `checkworthy`).
 */
claims: Array<ClaimView>, };

export type HistoryEntry = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who (the editor name setting).
 */
editor: string, 
/**
 * What happened, e.g. `status`, `citation_added`.
 */
action: string, 
/**
 * The value before, if any.
 */
old: string | null, 
/**
 * The value after, if any.
 */
new: string | null, 
/**
 * Why, as the editor wrote it or as Claimdesk recorded it.
 */
reason: string | null, };

export type ExtractedSentence = { 
/**
 * Sentence text.
 */
text: string, 
/**
 * Start, UTF-16 code units.
 */
start: number, 
/**
 * End (exclusive), UTF-16 code units.
 */
end: number, 
/**
 * Check-worthiness score in [0, 1].
 */
score: number, 
/**
 * Kinds of claim detected.
 */
kinds: Array<string>, 
/**
 * Quotations with speakers.
 */
quotes: Array<QuoteView>, 
/**
 * Rests on an unnamed source.
 */
unnamed_source: boolean, 
/**
 * Opinion rather than a checkable fact.
 */
opinion: boolean, 
/**
 * Above the claim threshold.
 */
is_claim: boolean, };

export type ExtractedClaim = { 
/**
 * Claim text.
 */
text: string, 
/**
 * Start, UTF-16 code units.
 */
start: number, 
/**
 * End (exclusive), UTF-16 code units.
 */
end: number, 
/**
 * Check-worthiness score in [0, 1].
 */
score: number, 
/**
 * Kinds of claim detected.
 */
kinds: Array<string>, 
/**
 * Quotations with speakers.
 */
quotes: Array<QuoteView>, 
/**
 * Rests on an unnamed source.
 */
unnamed_source: boolean, 
/**
 * Opinion rather than a checkable fact.
 */
opinion: boolean, };

export type ProposedLink = { 
/**
 * The link target.
 */
url: string, 
/**
 * The anchor text.
 */
text: string, 
/**
 * Start of the anchor text, UTF-16 code units.
 */
start: number, 
/**
 * End of the anchor text, UTF-16 code units.
 */
end: number, };

export type ExtractOutput = { 
/**
 * JSON schema version ([`SCHEMA_VERSION`]).
 */
schema_version: number, 
/**
 * Detected input format: plain_text, markdown, html, docx.
 */
format: string, 
/**
 * The text encoding assumed for the input.
 */
encoding: string, 
/**
 * Every sentence with its detection data.
 */
sentences: Array<ExtractedSentence>, 
/**
 * The sentences above the claim threshold.
 */
claims: Array<ExtractedClaim>, 
/**
 * Links in the draft, proposed as citations.
 */
links: Array<ProposedLink>, };

export type ClaimsOutput = { 
/**
 * JSON schema version ([`SCHEMA_VERSION`]).
 */
schema_version: number, 
/**
 * Document id.
 */
document: number, 
/**
 * The document's check-worthy claims.
 */
claims: Array<ClaimView>, };

export type WorkspaceInfo = { 
/**
 * Workspace directory.
 */
dir: string, 
/**
 * Editor name recorded in the history.
 */
editor: string, };
