// The only module that calls Tauri's `invoke` and the dialog plugin. Every command the UI uses has a typed wrapper
// here, and every failure comes back as an `ApiError` with a `code` the UI switches on (see `describeError`).
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type {
  ApiError,
  CitationStance,
  CitationView,
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

function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  return typed(() => invoke<T>(cmd, args));
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
    call<ClaimView>("mark_claim", { claim, status, reason }),
  claimHistory: (claim: number) => call<HistoryEntry[]>("claim_history", { claim }),
  getClaim: (claim: number) => call<ClaimView>("get_claim", { claim }),
  setCheckworthy: (claim: number, checkworthy: boolean) =>
    call<ClaimView>("set_checkworthy", { claim, checkworthy }),
  /** Tells the shell the first screen is painted (it logs the startup time; benchmarks read it). */
  uiReady: (sinceNavigationMs: number) => call<null>("ui_ready", { sinceNavigationMs }),
  setNotes: (claim: number, notes: string) => call<ClaimView>("set_notes", { claim, notes }),
  reviseDraft: (doc: number, text: string) => call<RevisionSummary>("revise_draft", { doc, text }),
  citeSource: (claim: number, url: string, stance: CitationStance, note: string | null) =>
    call<CitationView>("cite_source", { claim, url, stance, note }),
  cancelJob: (job: number) => call<boolean>("cancel_job", { job }),
  recheckDocument: (doc: number) => call<LinkReport[]>("recheck_document", { doc }),
  listCitations: (claim: number) => call<CitationView[]>("list_citations", { claim }),
  claimEvidence: (claim: number, snapshot: number) =>
    call<EvidenceView>("claim_evidence", { claim, snapshot }),
  getSnapshot: (id: number) => call<SnapshotView>("get_snapshot", { id }),
  diffSnapshots: (old: number, next: number) => call<DiffLineView[]>("diff_snapshots", { old, new: next }),
  setCitationPassage: (citation: number, start: number, end: number) =>
    call<CitationView>("set_citation_passage", { citation, start, end }),
  setCitationStance: (citation: number, stance: CitationStance) =>
    call<CitationView>("set_citation_stance", { citation, stance }),
  removeCitation: (citation: number, reason: string | null) =>
    call<ClaimView>("remove_citation", { citation, reason }),
  similarClaims: (claim: number) => call<SimilarClaim[]>("similar_claims", { claim }),
  reuseCitations: (from: number, to: number) => call<CitationView[]>("reuse_citations", { from, to }),
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
 * codes an editor meets most we add what to do next.
 */
export function describeError(e: ApiError): { title: string; detail: string } {
  switch (e.code) {
    case "workspace_in_use":
      return {
        title: "This workspace is open elsewhere",
        detail: `${e.message} Close the other Claimdesk window or command, then try again.`,
      };
    case "empty":
    case "empty_draft":
      return { title: "The draft is empty", detail: "Paste or import a draft with some text in it." };
    case "binary":
    case "binary_file":
      return { title: "That file is not a text draft", detail: e.message };
    case "file_not_found":
      return { title: "File not found", detail: e.message };
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
    case "unsupported_scheme":
    case "invalid_url":
      return { title: "That is not a web link", detail: "Claimdesk cites http and https links only. " + e.message };
    case "missing_review_url":
      return { title: "ClaimReview needs the review page's URL", detail: e.message };
    case "cancelled":
      return { title: "Cancelled", detail: e.message };
    case "not_found":
      return { title: "It is no longer there", detail: e.message };
    case "internal":
      return { title: "Something went wrong inside Claimdesk", detail: e.message };
    default:
      return { title: "Claimdesk could not do that", detail: e.message };
  }
}
