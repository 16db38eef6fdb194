// The actions, bound to one transport and one store. Views and key handlers call these; only these call `api`.
import type { CitationStance, CitationView, ClaimStatus, ClaimView, ConflictView, ReportFormat } from "../api";
import type { Filters } from "../state/filters";
import type { Store } from "../state/store";
import * as citations from "./citations";
import * as claims from "./claims";
import type { Api, Ctx } from "./context";
import * as documents from "./documents";
import * as exports from "./exports";
import * as feedback from "./feedback";
import * as revision from "./revision";
import * as team from "./team";

export type { Api } from "./context";
export type { ExportFormat } from "./exports";

export function createActions(api: Api, store: Store) {
  const ctx: Ctx = { api, store };
  return {
    /** Subscribes to the core's events: source-fetch progress and files dropped on the window. */
    listen(): void {
      void api.onProgress((p) => feedback.onProgress(store, p)).catch(() => undefined);
      void api.onFileDrop((paths) => void documents.importFiles(ctx, paths)).catch(() => undefined);
    },
    start: () => documents.start(ctx),
    openDocument: (id: number) => documents.openDocument(ctx, id),
    importFiles: (paths: string[]) => documents.importFiles(ctx, paths),
    submitPaste: (title: string, text: string) => documents.submitPaste(ctx, title, text),
    pickAndImport: () => documents.pickAndImport(ctx),
    importFactchecks: () => documents.importFactchecks(ctx),
    recheck: () => documents.recheck(ctx),
    setAllowPrivateSources: (allow: boolean) => documents.setAllowPrivateSources(ctx, allow),
    reviseDraft: (text: string, imported: () => void) => revision.reviseDraft(ctx, text, imported),

    selectClaim: (id: number) => claims.selectClaim(ctx, id),
    moveSelection: (by: number) => claims.moveSelection(ctx, by),
    selectById: (id: number) => claims.selectById(ctx, id),
    loadRows: (from: number, to: number) => claims.loadRows(ctx, from, to),
    setFilters: (patch: Partial<Filters>) => claims.setFilters(ctx, patch),
    toggleDraftMode: () => claims.toggleDraftMode(ctx),
    askReason: (status: ClaimStatus) => claims.askReason(ctx, status),
    mark: (status: ClaimStatus, reason: string) => claims.mark(ctx, status, reason),
    saveNotes: (claim: number, notes: string) => claims.saveNotes(ctx, claim, notes),
    toggleCheckworthy: (c: ClaimView) => claims.toggleCheckworthy(ctx, c),
    markReviewed: () => claims.markReviewed(ctx),

    cite: (claim: number, url: string, stance: CitationStance) => citations.cite(ctx, claim, url, stance),
    citeSavedCopy: (claim: number, url: string, stance: CitationStance) =>
      citations.citeSavedCopy(ctx, claim, url, stance),
    setStance: (c: CitationView, stance: CitationStance) => citations.setStance(ctx, c, stance),
    setPassage: (c: CitationView, start: number, end: number) => citations.setPassage(ctx, c, start, end),
    removeCitation: (c: CitationView) => citations.removeCitation(ctx, c),
    reuseCitations: (from: number, to: number) => citations.reuseCitations(ctx, from, to),
    loadEvidence: (claim: number, c: CitationView) => citations.loadEvidence(ctx, claim, c),
    loadSnapshot: (id: number) => citations.loadSnapshot(ctx, id),
    diffSnapshots: (a: number, b: number) => citations.diffSnapshots(ctx, a, b),
    cancelJob: (job: number | null) => citations.cancelJob(ctx, job),

    reportPreview: (format: ReportFormat, reviewUrl: string | null) => exports.reportPreview(ctx, format, reviewUrl),
    pickSavePath: (format: exports.ExportFormat) => exports.pickSavePath(ctx, format),
    saveExport: (format: exports.ExportFormat, reviewUrl: string | null, path: string) =>
      exports.saveExport(ctx, format, reviewUrl, path),

    refreshTeam: () => team.refreshTeam(ctx),
    connectTeam: (url: string, token: string, teamWorkspace: string, allowInsecure: boolean) =>
      team.connect(ctx, url, token, teamWorkspace, allowInsecure),
    syncNow: () => team.syncNow(ctx),
    startBackgroundSync: () => team.startBackgroundSync(ctx),
    resolveConflict: (c: ConflictView, keep: "theirs" | "mine") => team.resolve(ctx, c, keep),
    toggleAssignToMe: () => team.toggleAssignToMe(ctx),
    setMine: (on: boolean) => team.setMine(ctx, on),
    teamMembers: () => api.teamMembers(),

    showError: (e: unknown) => feedback.showError(store, e),
    hideError: () => feedback.hideError(store),
  };
}

export type Actions = ReturnType<typeof createActions>;
