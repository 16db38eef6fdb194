// The only module that calls Tauri's `invoke` and the dialog plugin. Every command the UI uses has a typed wrapper
// here, and every failure comes back as an `ApiError` with a `code` the UI switches on (see `describeError`).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type {
  FactCheckImportView,
  ApiError,
  CitationChange,
  CitationStance,
  CitationView,
  ClaimChange,
  ClaimDetail,
  ClaimMark,
  ClaimPage,
  ClaimQuery,
  ClaimStatus,
  ClaimView,
  DiffLineView,
  DocumentSummary,
  DocumentView,
  EvidenceView,
  HistoryEntry,
  JobProgress,
  LinkReport,
  ReportFormat,
  ReportPreview,
  RevisionSummary,
  SimilarClaim,
  SnapshotView,
  SourceHit,
  WorkspaceInfo,
  TeamStatus,
  SyncReport,
  ConflictView,
  MemberView,
} from "./bindings";

export type * from "./bindings";

/** True when a thrown value is the typed error the Rust side sends. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as ApiError).code === "string" &&
    typeof (e as ApiError).message === "string"
  );
}

/** Normalises anything thrown by `invoke` into an `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return { code: "ipc", message: e instanceof Error ? e.message : String(e) };
}

/** Runs one IPC request (a command, or a plugin such as the dialogs) and turns any failure into an `ApiError`. */
async function typed<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * IPC calls and bytes, per command, since the window opened: what one key press costs on the wire. Counting calls
 * is free; measuring bytes serialises each answer again, so it runs only when `measureBytes` is set (the app
 * benchmark sets it through WebDriver).
 */
export const ipcStats = {
  measureBytes: false,
  calls: 0,
  bytes: 0,
  byCommand: {} as Record<string, { calls: number; bytes: number }>,
};

function count(cmd: string, args: Record<string, unknown> | undefined, answer: unknown): void {
  const bytes = ipcStats.measureBytes ? JSON.stringify(args ?? {}).length + (JSON.stringify(answer) ?? "").length : 0;
  const c = (ipcStats.byCommand[cmd] ??= { calls: 0, bytes: 0 });
  c.calls++;
  c.bytes += bytes;
  ipcStats.calls++;
  ipcStats.bytes += bytes;
}

(globalThis as { __claimdeskIpc?: typeof ipcStats }).__claimdeskIpc = ipcStats;

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const answer = await typed(() => invoke<T>(cmd, args));
  count(cmd, args, answer);
  return answer;
}

export const api = {
  workspaceInfo: () => call<WorkspaceInfo>("workspace_info"),
  listDocuments: () => call<DocumentSummary[]>("list_documents"),
  openDocument: (id: number) => call<DocumentView>("open_document", { id }),
  pasteDraft: (text: string, title: string | null) =>
    call<DocumentView>("paste_draft", { text, title }),
  importFile: (path: string, title: string | null) =>
    call<DocumentView>("import_file", { path, title }),
  /** The claims matching `query`: their count, status counts and ids, and the views of `limit` (≤ 500) from `offset`. */
  claimsPage: (doc: number, query: ClaimQuery, offset: number, limit: number) =>
    call<ClaimPage>("claims_page", { doc, query, offset, limit }),
  /** The views of the claims `ids` (≤ 500) of `doc`, in that order: the rows the list shows. */
  claimsById: (doc: number, ids: number[]) => call<ClaimView[]>("claims_by_id", { doc, ids }),
  /** Every sentence's span and status, for the draft view. */
  claimMarks: (doc: number) => call<ClaimMark[]>("claim_marks", { doc }),
  markClaim: (claim: number, status: ClaimStatus, reason: string | null) =>
    call<ClaimChange>("mark_claim", { claim, status, reason }),
  claimHistory: (claim: number) => call<HistoryEntry[]>("claim_history", { claim }),
  /** Everything the claim detail shows (claim, history, citations, evidence, similar claims) in one call. */
  claimDetail: (claim: number) => call<ClaimDetail>("claim_detail", { claim }),
  getClaim: (claim: number) => call<ClaimView>("get_claim", { claim }),
  setCheckworthy: (claim: number, checkworthy: boolean) =>
    call<ClaimChange>("set_checkworthy", { claim, checkworthy }),
  /** Tells the shell the first screen is painted (it logs the startup time; benchmarks read it). */
  uiReady: (sinceNavigationMs: number) => call<null>("ui_ready", { sinceNavigationMs }),
  setNotes: (claim: number, notes: string) => call<ClaimChange>("set_notes", { claim, notes }),
  /** Marks a stale claim reviewed: clears its stale flag (the history records who, and the text it replaced). */
  clearStale: (claim: number) => call<ClaimChange>("clear_stale", { claim }),
  reviseDraft: (doc: number, text: string) => call<RevisionSummary>("revise_draft", { doc, text }),
  citeSource: (claim: number, url: string, stance: CitationStance, note: string | null) =>
    call<CitationChange>("cite_source", { claim, url, stance, note }),
  /** Attaches a file the editor saved from their browser (HTML, MHTML, PDF, text, .docx) as the archived copy of `url`. */
  citeFile: (claim: number, url: string, path: string, stance: CitationStance, note: string | null) =>
    call<CitationChange>("cite_file", { claim, url, path, stance, note }),
  /** The workspace setting that lets sources on loopback, private and link-local addresses be fetched. */
  setAllowPrivateSources: (allow: boolean) => call<WorkspaceInfo>("set_allow_private_sources", { allow }),
  cancelJob: (job: number) => call<boolean>("cancel_job", { job }),
  /** Where this desk stands with its team workspace (no network). */
  teamStatus: () => call<TeamStatus>("team_status"),
  /** Connects the workspace to a team workspace on a claimdesk-server, then syncs once. */
  connectTeam: (url: string, token: string, teamWorkspace: string, allowInsecure: boolean) =>
    call<SyncReport>("connect_team", { url, token, teamWorkspace, allowInsecure }),
  /** Pushes this desk's changes and pulls the others'. */
  syncTeam: () => call<SyncReport>("sync_team"),
  syncConflicts: () => call<ConflictView[]>("sync_conflicts"),
  resolveConflict: (kind: string, key: string, field: string, keep: "theirs" | "mine") =>
    call<TeamStatus>("resolve_conflict", { kind, key, field, keep }),
  assignClaim: (claim: number, assignee: string | null) => call<ClaimChange>("assign_claim", { claim, assignee }),
  teamMembers: () => call<MemberView[]>("team_members"),
  recheckDocument: (doc: number) => call<LinkReport[]>("recheck_document", { doc }),
  listCitations: (claim: number) => call<CitationView[]>("list_citations", { claim }),
  claimEvidence: (claim: number, snapshot: number) =>
    call<EvidenceView>("claim_evidence", { claim, snapshot }),
  getSnapshot: (id: number) => call<SnapshotView>("get_snapshot", { id }),
  diffSnapshots: (old: number, next: number) => call<DiffLineView[]>("diff_snapshots", { old, new: next }),
  setCitationPassage: (citation: number, start: number, end: number) =>
    call<CitationChange>("set_citation_passage", { citation, start, end }),
  setCitationStance: (citation: number, stance: CitationStance) =>
    call<CitationChange>("set_citation_stance", { citation, stance }),
  removeCitation: (citation: number, reason: string | null) =>
    call<ClaimChange>("remove_citation", { citation, reason }),
  similarClaims: (claim: number) => call<SimilarClaim[]>("similar_claims", { claim }),
  reuseCitations: (from: number, to: number) => call<CitationChange>("reuse_citations", { from, to }),
  /** Imports published fact-checks (a ClaimReview JSON-LD file or feed) into the workspace, all or nothing. */
  importFactchecks: (path: string) => call<FactCheckImportView>("import_factchecks", { path }),
  searchSources: (query: string) => call<SourceHit[]>("search_sources", { query }),
  reportPreview: (doc: number, format: ReportFormat, reviewUrl: string | null) =>
    call<ReportPreview>("report_preview", { doc, format, reviewUrl }),
  saveReport: (doc: number, format: ReportFormat, reviewUrl: string | null, path: string) =>
    call<null>("save_report", { doc, format, reviewUrl, path }),
  saveBundle: (doc: number, path: string) => call<null>("save_bundle", { doc, path }),
  /** The OS "open" dialog for drafts; resolves to the chosen paths, empty when the editor cancels. */
  pickDraftFiles: async (): Promise<string[]> => {
    const picked = await typed(() =>
      openDialog({
        title: "Import a draft",
        multiple: true,
        directory: false,
        filters: [{ name: "Drafts", extensions: ["txt", "md", "markdown", "html", "htm", "docx"] }],
      }),
    );
    if (picked === null) return [];
    return Array.isArray(picked) ? picked : [picked];
  },
  /** The OS "open" dialog for a ClaimReview file; resolves to the chosen path, or null when cancelled. */
  pickFactcheckFile: async (): Promise<string | null> => {
    const picked = await typed(() =>
      openDialog({
        title: "Import published fact-checks (ClaimReview JSON-LD)",
        multiple: false,
        directory: false,
        filters: [{ name: "ClaimReview", extensions: ["json", "jsonld"] }],
      }),
    );
    if (picked === null) return null;
    return Array.isArray(picked) ? (picked[0] ?? null) : picked;
  },
  /** The OS "open" dialog for a saved copy of a source page; resolves to the chosen path, or null when cancelled. */
  pickSavedCopy: async (): Promise<string | null> => {
    const picked = await typed(() =>
      openDialog({
        title: "Choose the saved copy of the page",
        multiple: false,
        directory: false,
        filters: [{ name: "Saved pages", extensions: ["html", "htm", "mhtml", "mht", "pdf", "txt", "docx"] }],
      }),
    );
    if (picked === null) return null;
    return Array.isArray(picked) ? (picked[0] ?? null) : picked;
  },
  /** The OS "save" dialog for a report; resolves to the chosen path, or null when the editor cancels. */
  pickSavePath: (suggestedName: string, extension: string): Promise<string | null> =>
    typed(() =>
      saveDialog({
        title: "Save the report",
        defaultPath: suggestedName,
        filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
      }),
    ),
  /** Subscribes to files dropped on the window (Tauri delivers their paths); returns the unsubscribe function. */
  onFileDrop: (f: (paths: string[]) => void): Promise<UnlistenFn> =>
    listen<{ paths?: string[] }>("tauri://drag-drop", (e) => f(e.payload.paths ?? [])),
  /** Subscribes to source-fetch progress; returns the unsubscribe function. */
  onProgress: (f: (p: JobProgress) => void): Promise<UnlistenFn> =>
    listen<JobProgress>("source-progress", (e) => f(e.payload)),
};

/**
 * What the editor reads for an error. Keyed by code: the message from Rust is already a clear sentence, but for the
 * codes an editor meets most we add what to do next. The switch is exhaustive over the generated `ErrorCode` union,
 * so a new code on the Rust side does not compile here until it is handled.
 */
export function describeError(e: ApiError): { title: string; detail: string } {
  const code = e.code;
  switch (code) {
    case "workspace_in_use":
      return {
        title: "This workspace is open elsewhere",
        detail: `${e.message} Close the other Claimdesk window or command, then try again.`,
      };
    case "empty":
      return { title: "The draft is empty", detail: "Paste or import a draft with some text in it." };
    case "binary":
      return { title: "That file is not a text draft", detail: e.message };
    case "unsupported_format":
    case "invalid_utf8":
    case "not_a_zip":
    case "not_a_docx":
    case "zip_bomb":
    case "malformed":
      return { title: "Claimdesk cannot read that draft", detail: e.message };
    case "file_not_found":
      return { title: "File not found", detail: e.message };
    case "permission_denied":
      return { title: "Claimdesk may not open that file", detail: e.message };
    case "not_a_file":
      return { title: "That is a folder, not a file", detail: e.message };
    case "too_large":
      return { title: "The draft is too large", detail: e.message };
    case "disputed_needs_reason":
      return {
        title: "Say why it is disputed",
        detail: "Write a reason, or cite a source that contradicts the claim.",
      };
    case "verified_needs_support":
      return {
        title: "Cite a supporting source first",
        detail: "A claim is verified only when a cited source supports it.",
      };
    case "private_address":
      return { title: "That link leads to a private address", detail: e.message };
    case "unsupported_scheme":
    case "invalid_url":
      return { title: "That is not a web link", detail: "Claimdesk cites http and https links only. " + e.message };
    case "timeout":
    case "too_many_redirects":
    case "bad_redirect":
    case "body_too_large":
    case "decompression_bomb":
    case "decoding":
    case "connect":
    case "reset":
    case "http":
    case "config":
    case "other":
      return { title: "The source could not be fetched", detail: e.message };
    case "no_readable_text":
    case "no_snapshot":
      return { title: "There is no archived text to use", detail: e.message };
    case "missing_review_url":
      return { title: "ClaimReview needs the review page's URL", detail: e.message };
    case "cancelled":
      return { title: "Cancelled", detail: e.message };
    case "not_found":
      return { title: "It is no longer there", detail: e.message };
    case "workspace_not_empty":
    case "bad_export_file":
      return { title: "That workspace file cannot be imported", detail: e.message };
    case "bad_factcheck_file":
      return { title: "Those fact-checks cannot be imported (nothing was imported)", detail: e.message };
    case "schema_too_new":
      return { title: "This needs a newer Claimdesk", detail: e.message };
    case "corrupt":
      return { title: "The workspace is damaged", detail: e.message };
    case "disk_full":
      return { title: "The disk is full", detail: e.message };
    case "storage":
    case "io":
      return { title: "Claimdesk could not read or write the disk", detail: e.message };
    case "unknown_format":
    case "json":
      return { title: "The report could not be made", detail: e.message };
    case "bundle_zip":
    case "bundle_invalid":
      return { title: "The evidence bundle does not verify", detail: e.message };
    case "not_connected":
      return { title: "This workspace is not connected to a team", detail: e.message };
    case "offline":
      return { title: "The team server cannot be reached", detail: e.message };
    case "unauthorized":
      return { title: "The team server does not accept your token", detail: e.message };
    case "forbidden":
      return { title: "Your role on the team does not allow that", detail: e.message };
    case "insecure_server":
      return { title: "That team server is not encrypted", detail: e.message };
    case "team_server":
      return { title: "The team server refused", detail: e.message };
    case "internal":
      return { title: "Something went wrong inside Claimdesk", detail: e.message };
    case "invalid_input":
    case "ipc":
      return { title: "Claimdesk could not do that", detail: e.message };
    default: {
      // Compile time: every code is handled above. Run time: a code from a newer shell still reads sensibly.
      const unhandled: never = code;
      void unhandled;
      return { title: "Claimdesk could not do that", detail: e.message };
    }
  }
}
