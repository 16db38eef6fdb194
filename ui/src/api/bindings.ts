// Generated from crates/claimdesk-api/src/dto.rs by `make bindings`. Do not edit by hand:
// `cargo test -p claimdesk-api --test bindings` fails when this file drifts from the Rust types.

export type ErrorCode = "internal" | "invalid_input" | "ipc" | "io" | "disk_full" | "file_not_found" | "permission_denied" | "not_a_file" | "too_large" | "cancelled" | "no_readable_text" | "no_snapshot" | "bundle_invalid" | "workspace_in_use" | "not_found" | "verified_needs_support" | "disputed_needs_reason" | "workspace_not_empty" | "schema_too_new" | "bad_export_file" | "corrupt" | "storage" | "empty" | "binary" | "unsupported_format" | "invalid_utf8" | "not_a_zip" | "not_a_docx" | "zip_bomb" | "malformed" | "unsupported_scheme" | "private_address" | "invalid_url" | "timeout" | "too_many_redirects" | "bad_redirect" | "body_too_large" | "decompression_bomb" | "decoding" | "connect" | "reset" | "http" | "config" | "other" | "unknown_format" | "missing_review_url" | "json" | "bundle_zip" | "not_connected" | "offline" | "unauthorized" | "forbidden" | "insecure_server" | "team_server" | "bad_factcheck_file";

export type ApiError = { 
/**
 * Stable snake_case code, for example `workspace_in_use`, `empty`, `not_found`, `internal`.
 */
code: ErrorCode, 
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
speaker: string | null, 
/**
 * The sentence of the draft the speaker was found in: the quote's own sentence, or an earlier one when
 * "she", "the president" or a surname was resolved to a name given there. `null` without a speaker.
 */
speaker_resolved_from: string | null, 
/**
 * The words of the quote's sentence that stand for the speaker ("she", "the mayor"), when they differ from
 * `speaker` or could not be resolved.
 */
speaker_mention: string | null, 
/**
 * When `speaker` is `null` because the mention fits several people: the most recently named of them, shown as
 * "unresolved", never as the speaker.
 */
speaker_candidate: string | null, };

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
notes: string, 
/**
 * The team member who holds the claim (team workspaces), if assigned.
 */
assignee: string | null, 
/**
 * Links the draft carried in this sentence, proposed as citations (accepting one cites it).
 */
proposed_citations: Array<ProposedCitationView>, };

export type ProposedCitationView = { 
/**
 * The link target.
 */
url: string, 
/**
 * The anchor text.
 */
text: string, };

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
 * The first check-worthy claims in text order, at most `claims::FIRST_PAGE` (a page, not the whole draft).
 */
claims: Array<ClaimView>, 
/**
 * Number of check-worthy claims (the length of `ids`).
 */
total: number, 
/**
 * Ids of every check-worthy claim in text order, orphans last: `claims` are the first of these.
 */
ids: number[], };

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

export type About = { 
/**
 * Product version (semver).
 */
version: string, 
/**
 * The build's commit (short hash, `+dirty` when built from a changed tree, `unknown` without git).
 */
commit: string, 
/**
 * The user's Claimdesk data directory.
 */
data_dir: string, };

export type WorkspaceInfo = { 
/**
 * Workspace directory.
 */
dir: string, 
/**
 * Editor name recorded in the history.
 */
editor: string, 
/**
 * Whether sources on loopback, private and link-local addresses may be fetched (the workspace setting or
 * `CLAIMDESK_ALLOW_PRIVATE=1`; off by default, so an internal page never ends up in a published bundle).
 */
allow_private_sources: boolean, 
/**
 * This build and the user's data directory (the About section).
 */
about: About, 
/**
 * Drafts the app was started with (`claimdesk-app FILE...`, a file manager's "Open with"), for the window to
 * import and open; the shell hands them out once, so a reload imports nothing twice. Empty from the CLI.
 */
open_files: Array<string>, };

export type TeamStatus = { 
/**
 * Whether the workspace is connected to a team workspace.
 */
connected: boolean, 
/**
 * `not_connected`, `synced` (nothing waiting), `waiting` (local changes not pushed yet) or `offline` (the last
 * sync could not reach the server).
 */
state: string, 
/**
 * The server.
 */
url: string | null, 
/**
 * The team workspace's name.
 */
team_workspace: string | null, 
/**
 * The member this desk works as (its editor name).
 */
member: string | null, 
/**
 * Their role.
 */
role: string | null, 
/**
 * Changed records waiting for the next push.
 */
waiting: number, 
/**
 * Conflicts the editor has not resolved.
 */
conflicts: number, 
/**
 * When the last sync completed.
 */
last_sync: number | null, 
/**
 * Why the last sync failed.
 */
last_error: string | null, };

export type SyncReport = { 
/**
 * Records pushed and accepted as sent.
 */
pushed: number, 
/**
 * Records pushed and merged with others' changes to other fields.
 */
merged: number, 
/**
 * New conflicts.
 */
conflicts: number, 
/**
 * Records pulled from others.
 */
pulled: number, 
/**
 * The state after the sync.
 */
status: TeamStatus, };

export type ConflictView = { 
/**
 * `claim`, `citation`, ...
 */
kind: string, 
/**
 * The record's key.
 */
key: string, 
/**
 * The claim it concerns.
 */
claim: number | null, 
/**
 * The field.
 */
field: string, 
/**
 * The value kept (theirs), as JSON.
 */
theirs: unknown, 
/**
 * This desk's value, as JSON.
 */
mine: unknown, 
/**
 * Who made the kept change.
 */
by: string, 
/**
 * When.
 */
at: number, };

export type MemberView = { 
/**
 * The name.
 */
name: string, 
/**
 * `admin`, `editor` or `viewer`.
 */
role: string, 
/**
 * Whether their tokens were revoked.
 */
revoked: boolean, };

export type ClaimChange = { 
/**
 * The claim as it is now.
 */
claim: ClaimView, 
/**
 * Its document as listed, with the counts after the change.
 */
document: DocumentSummary, 
/**
 * The claim's whole history, oldest first, including this change.
 */
history: Array<HistoryEntry>, };

export type ClaimEvidence = { 
/**
 * The citation whose archived source was read.
 */
citation: number, 
/**
 * The evidence.
 */
view: EvidenceView, };

export type CitationChange = { 
/**
 * The citations added or changed (one for a cite or an edit, several for a reuse).
 */
citations: Array<CitationView>, 
/**
 * The claim after the change.
 */
claim: ClaimChange, 
/**
 * The evidence against the claim's first citation with an archived source, as the detail shows it.
 */
evidence: ClaimEvidence | null, };

export type ClaimDetail = { 
/**
 * The claim.
 */
claim: ClaimView, 
/**
 * Its history, oldest first.
 */
history: Array<HistoryEntry>, 
/**
 * Its citations with their sources and link health.
 */
citations: Array<CitationView>, 
/**
 * The evidence against its first citation with an archived source.
 */
evidence: ClaimEvidence | null, 
/**
 * Earlier claims like it elsewhere in the workspace (claim memory).
 */
similar: Array<SimilarClaim>, 
/**
 * Published fact-checks (imported ClaimReviews) that reviewed the same claim, most similar first.
 */
factchecks: Array<PriorFactCheck>, };

export type ClaimQuery = { 
/**
 * Text search: case-insensitive substring of the sentence, surrounding whitespace ignored; empty matches all.
 */
text: string, 
/**
 * Only claims with this status; `null` for any.
 */
status: ClaimStatus | null, 
/**
 * Only claims of this kind (e.g. `statistic`); empty for any.
 */
kind: string, 
/**
 * Only stale or orphaned claims.
 */
stale: boolean, 
/**
 * Only claims resting on an unnamed source.
 */
unnamed: boolean, 
/**
 * Only opinions.
 */
opinion: boolean, 
/**
 * Every sentence, not only the check-worthy ones.
 */
all_sentences: boolean, 
/**
 * Only claims assigned to this team member ("mine": the desk's own member name); `null` for any.
 */
assignee: string | null, };

export type ClaimPage = { 
/**
 * Number of claims matching the query.
 */
total: number, 
/**
 * Status counts of the matching claims.
 */
counts: StatusCounts, 
/**
 * Index of `claims[0]` among the matches (the requested offset, clamped to `total`).
 */
offset: number, 
/**
 * Ids of every matching claim, in text order (orphans last).
 */
ids: number[], 
/**
 * The matches from `offset`, at most the requested limit.
 */
claims: Array<ClaimView>, };

export type ClaimMark = { 
/**
 * Claim id.
 */
id: number, 
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
 * Whether the sentence counts as a claim.
 */
checkworthy: boolean, 
/**
 * The text changed since the claim was checked.
 */
stale: boolean, 
/**
 * No longer in the draft.
 */
orphan: boolean, 
/**
 * The sentence text, for orphans only: they have no span in the current text to take it from.
 */
text?: string, };

export type CitationStance = "supports" | "contradicts" | "context";

export type LinkHealth = "ok" | "changed" | "redirected_elsewhere" | "gone" | "failing" | "unchecked";

export type PassageView = { 
/**
 * The passage text.
 */
text: string, 
/**
 * Start, UTF-16 code units into the snapshot text.
 */
start: number, 
/**
 * End (exclusive).
 */
end: number, 
/**
 * Relevance score (ranked passages only; 0 for a cited passage).
 */
score: number, 
/**
 * The 1-based page the passage starts on, for a paged source (PDF); null otherwise.
 */
page: number | null, 
/**
 * The passage's language (ranked passages only).
 */
lang: Lang | null, 
/**
 * Cosine similarity with the claim, when meaning-aware matching ranked it.
 */
similarity: number | null, };

export type SourceSummary = { 
/**
 * Snapshot id.
 */
snapshot: number, 
/**
 * Title from the page's metadata.
 */
title: string | null, 
/**
 * Publisher or site name.
 */
publisher: string | null, 
/**
 * Authors.
 */
authors: Array<string>, 
/**
 * Published date as the page gives it.
 */
published: string | null, 
/**
 * When Claimdesk archived it (RFC 3339).
 */
archived_at: string, 
/**
 * SHA-256 of the archived body.
 */
sha256: string, 
/**
 * Where the request ended after redirects.
 */
final_url: string, 
/**
 * The response's content type.
 */
content_type: string | null, 
/**
 * Whether the snapshot has readable text.
 */
has_text: boolean, 
/**
 * Pages, for a paged source (PDF); 0 otherwise.
 */
pages: number, 
/**
 * Why the text could not be read (an encrypted or damaged PDF, ...), when it could not.
 */
read_problem: string | null, 
/**
 * The name of the file the editor attached as the copy of the URL, when the snapshot came from one (not
 * from a fetch).
 */
editor_file: string | null, };

export type CitationView = { 
/**
 * Citation id.
 */
id: number, 
/**
 * The claim it belongs to.
 */
claim: number, 
/**
 * The cited URL.
 */
url: string, 
/**
 * Supports, contradicts or context.
 */
stance: CitationStance, 
/**
 * The editor's note.
 */
note: string, 
/**
 * Who added it.
 */
added_by: string, 
/**
 * When (RFC 3339).
 */
added_at: string, 
/**
 * The archived source it was checked against, if the fetch succeeded.
 */
source: SourceSummary | null, 
/**
 * The cited passage in the snapshot text.
 */
passage: PassageView | null, 
/**
 * Link health: ok, changed, redirected_elsewhere, gone, failing, or unchecked.
 */
health: LinkHealth, 
/**
 * Why the last fetch failed, when it did.
 */
fetch_error: string | null, };

export type MatchKind = "exact" | "fuzzy" | "translated" | "not_found";

export type Lang = "en" | "es" | "fr" | "pt" | "de" | "und";

export type NumberKind = "count" | "percent" | "money" | "year" | "date" | "vague";

export type ReasonKind = "quote_found" | "quote_fuzzy" | "quote_translated" | "quote_not_found" | "numbers_agree" | "numbers_conflict" | "negation_mismatch" | "different_entity" | "different_date" | "same_meaning" | "high_overlap" | "low_overlap";

export type SuggestedStance = "supports" | "contradicts" | "not_enough_info";

export type QuoteCheckView = { 
/**
 * The quotation from the claim.
 */
quote: string, 
/**
 * exact, fuzzy, translated (a passage in another language says it) or not_found.
 */
match: MatchKind, 
/**
 * Edit distance of a fuzzy match.
 */
distance: number | null, 
/**
 * The source's own wording where it was found.
 */
source_text: string | null, 
/**
 * Start in the source text, UTF-16 units.
 */
start: number | null, 
/**
 * End in the source text, UTF-16 units.
 */
end: number | null, 
/**
 * The 1-based page where it was found, for a paged source (PDF).
 */
page: number | null, 
/**
 * Cosine similarity of a translated match.
 */
similarity: number | null, };

export type NumberPairView = { 
/**
 * As written in the claim.
 */
claim: string, 
/**
 * As written in the source.
 */
source: string, 
/**
 * count, percent, money, year, date or vague.
 */
kind: NumberKind, };

export type NumbersView = { 
/**
 * Numbers the source confirms.
 */
matched: Array<NumberPairView>, 
/**
 * Numbers the source gives differently.
 */
conflicting: Array<NumberPairView>, 
/**
 * Numbers the source does not mention.
 */
claim_only: Array<string>, };

export type ReasonView = { 
/**
 * Machine-readable kind, e.g. quote_found, numbers_conflict, negation_mismatch.
 */
kind: ReasonKind, 
/**
 * The reason in words.
 */
message: string, };

export type SuggestionView = { 
/**
 * supports, contradicts or not_enough_info.
 */
stance: SuggestedStance, 
/**
 * Confidence in [0, 1].
 */
confidence: number, 
/**
 * Why.
 */
reasons: Array<ReasonView>, };

export type SemanticStatus = { 
/**
 * True when the passages were ranked with embeddings.
 */
on: boolean, 
/**
 * Why it is off (no model, a corrupt model, turned off), for "meaning-aware matching is off: <reason>".
 */
reason: string | null, };

export type EvidenceView = { 
/**
 * JSON schema version.
 */
schema_version: number, 
/**
 * The snapshot examined, when it came from the workspace.
 */
snapshot: number | null, 
/**
 * Quote check for every quotation in the claim.
 */
quotes: Array<QuoteCheckView>, 
/**
 * Numbers and dates compared.
 */
numbers: NumbersView, 
/**
 * The five most relevant passages.
 */
passages: Array<PassageView>, 
/**
 * The suggested stance with its reasons.
 */
suggestion: SuggestionView, 
/**
 * Whether meaning-aware matching (embeddings) was used, and why not.
 */
semantic: SemanticStatus, };

export type SnapshotView = { 
/**
 * Metadata and archive facts.
 */
summary: SourceSummary, 
/**
 * The URL that was cited.
 */
url: string, 
/**
 * Redirects followed, in order.
 */
redirect_chain: Array<string>, 
/**
 * HTTP status.
 */
status: number, 
/**
 * The extracted text (empty when the source has no readable text).
 */
text: string, 
/**
 * Other snapshots of the same URL, oldest first (for the diff).
 */
versions: number[], 
/**
 * Where each page starts in `text` (UTF-16 units), for a paged source (PDF); empty otherwise.
 */
page_starts: Array<number>, };

export type DiffOp = "same" | "removed" | "added";

export type DiffLineView = { 
/**
 * same, removed or added.
 */
op: DiffOp, 
/**
 * The line.
 */
text: string, };

export type JobStage = "queued" | "connecting" | "bytes" | "extracting" | "embedding" | "done" | "failed" | "cancelled";

export type JobProgress = { 
/**
 * Job id (for cancel).
 */
job: number, 
/**
 * The URL being fetched.
 */
url: string, 
/**
 * queued, connecting, bytes, extracting, done, failed or cancelled.
 */
stage: JobStage, 
/**
 * Bytes received so far.
 */
received: number | null, 
/**
 * Expected total bytes, when known.
 */
total: number | null, 
/**
 * Failure reason.
 */
message: string | null, };

export type LinkReport = { 
/**
 * The URL.
 */
url: string, 
/**
 * ok, changed, redirected_elsewhere, gone or failing.
 */
health: LinkHealth, 
/**
 * A new snapshot archived because the content changed.
 */
new_snapshot: number | null, 
/**
 * What happened, in words.
 */
message: string, };

export type SimilarClaim = { 
/**
 * The earlier claim's id.
 */
claim: number, 
/**
 * Its document's id.
 */
document: number, 
/**
 * Its document's title.
 */
document_title: string, 
/**
 * Its text.
 */
text: string, 
/**
 * Its status.
 */
status: ClaimStatus, 
/**
 * Number of citations it has (reusable with one action).
 */
citations: number, 
/**
 * Similarity score: the embeddings' cosine when `by_meaning`, the lexical similarity otherwise.
 */
score: number, 
/**
 * Whether the score is a similarity of meaning (embeddings) rather than of words.
 */
by_meaning: boolean, };

export type PriorFactCheck = { 
/**
 * Its id in this workspace.
 */
id: number, 
/**
 * The claim it reviewed (plain text, as imported).
 */
claim_reviewed: string, 
/**
 * The verdict in words (`reviewRating.alternateName`).
 */
rating: string | null, 
/**
 * The verdict on the publisher's scale (`reviewRating.ratingValue`).
 */
rating_value: string | null, 
/**
 * Who wrote it.
 */
author: string | null, 
/**
 * Who published it.
 */
publisher: string | null, 
/**
 * When it was published, as the file says.
 */
date_published: string | null, 
/**
 * Its page (http or https only).
 */
url: string | null, 
/**
 * How similar it is: the embeddings' cosine when `by_meaning`, the lexical similarity otherwise.
 */
score: number, 
/**
 * Whether the score is a similarity of meaning (embeddings) rather than of words.
 */
by_meaning: boolean, };

export type FactCheckImportView = { 
/**
 * The file read.
 */
file: string, 
/**
 * Reviews found in the file.
 */
read: number, 
/**
 * Reviews added.
 */
added: number, 
/**
 * Reviews already in the workspace (same URL and claim), left as they were.
 */
already_present: number, 
/**
 * Fact-checks in the workspace now.
 */
total: number, };

export type SimilarAnswer = { 
/**
 * The claim's text.
 */
text: string, 
/**
 * The claim's id, when the query was a claim of the workspace (its own draft is then left out).
 */
claim: number | null, 
/**
 * Earlier claims of the workspace, most similar first.
 */
claims: Array<SimilarClaim>, 
/**
 * Prior fact-checks, most similar first.
 */
factchecks: Array<PriorFactCheck>, 
/**
 * Whether similarity was by meaning, and why not.
 */
semantic: SemanticStatus, };

export type SourceHit = { 
/**
 * Snapshot id.
 */
snapshot: number, 
/**
 * The archived URL.
 */
url: string, 
/**
 * Page title.
 */
title: string | null, 
/**
 * The matching passage.
 */
passage: PassageView, };

export type SourceMetadata = { 
/**
 * The title (an article's headline).
 */
title: string | null, 
/**
 * Author names, in the source's order, deduplicated.
 */
authors: Array<string>, 
/**
 * Publication date-time as the source writes it (usually ISO 8601).
 */
published: string | null, 
/**
 * Last-modified date-time as the source writes it.
 */
modified: string | null, 
/**
 * Publisher or site name.
 */
site_name: string | null, 
/**
 * The canonical URL the source declares (resolved against its URL).
 */
canonical_url: string | null, 
/**
 * Content language (a BCP 47 tag as written, e.g. `en`, `en-US`).
 */
language: string | null, 
/**
 * A short description or standfirst.
 */
description: string | null, };

export type FetchView = { 
/**
 * JSON schema version.
 */
schema_version: number, 
/**
 * The URL asked for.
 */
url: string, 
/**
 * Where it ended after redirects.
 */
final_url: string, 
/**
 * The redirects followed.
 */
redirect_chain: Array<string>, 
/**
 * HTTP status.
 */
status: number, 
/**
 * Content type.
 */
content_type: string | null, 
/**
 * When (RFC 3339).
 */
fetched_at: string, 
/**
 * SHA-256 of the body.
 */
sha256: string, 
/**
 * Body size in bytes.
 */
bytes: number, 
/**
 * Extracted main text, or null when there is no readable text.
 */
text: string | null, 
/**
 * A paged source's pages (PDF), each with its text; empty for a web page.
 */
pages: Array<PageView>, 
/**
 * The software that wrote a PDF (its Info or XMP producer).
 */
producer: string | null, 
/**
 * Why there is no text, when reading failed (an encrypted, damaged, empty or image-only PDF, ...).
 */
read_problem: ReadProblemView | null, 
/**
 * The title (an article's headline).
 */
title: string | null, 
/**
 * Author names, in the source's order, deduplicated.
 */
authors: Array<string>, 
/**
 * Publication date-time as the source writes it (usually ISO 8601).
 */
published: string | null, 
/**
 * Last-modified date-time as the source writes it.
 */
modified: string | null, 
/**
 * Publisher or site name.
 */
site_name: string | null, 
/**
 * The canonical URL the source declares (resolved against its URL).
 */
canonical_url: string | null, 
/**
 * Content language (a BCP 47 tag as written, e.g. `en`, `en-US`).
 */
language: string | null, 
/**
 * A short description or standfirst.
 */
description: string | null, };

export type PageView = { 
/**
 * 1-based page number.
 */
number: number, 
/**
 * The page's text in reading order (running headers, footers and page numbers left out).
 */
text: string, };

export type ReadProblemView = { 
/**
 * What went wrong.
 */
kind: ReadProblemKind, 
/**
 * The failure in words.
 */
message: string, };

export type ReadProblemKind = "password_required" | "malformed" | "empty" | "no_text_layer" | "too_large" | "timed_out";

export type ReportFormat = "html" | "md" | "json" | "csv" | "claimreview";

export type ReportPreview = { 
/**
 * The format rendered.
 */
format: ReportFormat, 
/**
 * Its MIME type, for the save dialog.
 */
mime_type: string, 
/**
 * The usual file extension, without the dot.
 */
extension: string, 
/**
 * The report itself. HTML is shown in a sandboxed frame or as text, never inserted into the app's DOM.
 */
text: string, };

export type FileState = "ok" | "hash_mismatch" | "missing" | "unlisted" | "corrupt";

export type BundleFileCheck = { 
/**
 * The file's name in the archive.
 */
name: string, 
/**
 * `ok`, `hash_mismatch`, `missing`, `unlisted` or `corrupt`.
 */
state: FileState, 
/**
 * The SHA-256 the manifest lists, if listed.
 */
expected: string | null, 
/**
 * The SHA-256 of the bytes in the archive, if they could be read.
 */
actual: string | null, };

export type BundleCheck = { 
/**
 * True only when every file matches the manifest and the manifest is complete and well-formed.
 */
ok: boolean, 
/**
 * One entry per file named by the archive or the manifest, sorted by name.
 */
files: Array<BundleFileCheck>, 
/**
 * Problems with the `SHA256SUMS` manifest itself.
 */
manifest_problems: Array<string>, };

export type WorkspaceImportSummary = { 
/**
 * Documents imported.
 */
documents: number, 
/**
 * Claims (sentences) imported.
 */
claims: number, 
/**
 * Citations imported.
 */
citations: number, 
/**
 * Archived source snapshots imported.
 */
snapshots: number, 
/**
 * History events imported.
 */
events: number, };

export type RevisionSummary = { 
/**
 * The document.
 */
document: number, 
/**
 * The new version's number (2 for the first revision).
 */
version: number, 
/**
 * Claims found again, unchanged, in place: status and citations kept.
 */
kept: Array<number>, 
/**
 * Claims found again, unchanged, elsewhere (or back from being orphans): status and citations kept.
 */
moved: Array<number>, 
/**
 * Claims whose text changed: status and citations kept, marked stale for a second look.
 */
stale: Array<number>, 
/**
 * Claims the revised draft no longer contains: kept and listed as orphans.
 */
orphaned: Array<number>, 
/**
 * New claims for new sentences.
 */
created: Array<number>, };
