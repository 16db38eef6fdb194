// The only module that calls Tauri's `invoke`. Every command the UI uses has a typed wrapper here, and every failure
// comes back as an `ApiError` with a `code` the UI switches on (see `describeError`).
import { invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  ClaimStatus,
  ClaimView,
  DocumentSummary,
  DocumentView,
  HistoryEntry,
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

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  workspaceInfo: () => call<WorkspaceInfo>("workspace_info"),
  listDocuments: () => call<DocumentSummary[]>("list_documents"),
  openDocument: (id: number) => call<DocumentView>("open_document", { id }),
  pasteDraft: (text: string, title: string | null) =>
    call<DocumentView>("paste_draft", { text, title }),
  importFile: (path: string, title: string | null) =>
    call<DocumentView>("import_file", { path, title }),
  markClaim: (claim: number, status: ClaimStatus, reason: string | null) =>
    call<ClaimView>("mark_claim", { claim, status, reason }),
  claimHistory: (claim: number) => call<HistoryEntry[]>("claim_history", { claim }),
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
    case "not_found":
      return { title: "It is no longer there", detail: e.message };
    case "internal":
      return { title: "Something went wrong inside Claimdesk", detail: e.message };
    default:
      return { title: "Claimdesk could not do that", detail: e.message };
  }
}
