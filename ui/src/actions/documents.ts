// Documents: start-up, the list, opening, importing (paste, file paths, the OS dialog), re-checking links.
import type { DocumentView } from "../api";
import { isDefault, toQuery } from "../state/filters";
import { applyDocument, applyDocuments } from "./apply";
import { loadDetail, loadMarks, PAGE, setFilters } from "./claims";
import type { Ctx } from "./context";
import { hideError, hideProgress, setFooter, showError, showProgress } from "./feedback";

/**
 * The first screen: the workspace in the footer, the documents, and the drafts the app was started with (a file
 * manager's "Open with") imported, the last one opened; without any, the first document opened.
 */
export async function start(ctx: Ctx): Promise<void> {
  try {
    const info = await ctx.api.workspaceInfo();
    ctx.store.set({ workspace: info });
    setFooter(ctx.store, `Workspace: ${info.dir} · Editor: ${info.editor}`);
    await reloadDocuments(ctx);
    if (info.open_files.length > 0 && (await importFiles(ctx, info.open_files))) return;
    const first = ctx.store.state.documentOrder[0];
    if (first !== undefined) await openDocument(ctx, first);
  } catch (e) {
    showError(ctx.store, e);
  }
}

export async function reloadDocuments(ctx: Ctx): Promise<void> {
  applyDocuments(ctx.store, await ctx.api.listDocuments());
}

/**
 * Makes `view` the open document and loads what the detail shows for its first claim. The document comes with the
 * list for the default filters; with others set, their list is asked for first, so the pane draws once. Throws, for
 * the caller to show.
 */
export async function showDocument(ctx: Ctx, view: DocumentView): Promise<void> {
  const filters = ctx.store.state.filters;
  const doc = view.document.id;
  const page = isDefault(filters) ? undefined : await ctx.api.claimsPage(doc, toQuery(filters), 0, PAGE);
  applyDocument(ctx.store, view, page);
  // The filters changed while their list was on its way: ask again for the ones now set.
  if (ctx.store.state.filters !== filters) void setFilters(ctx, {});
  const sel = ctx.store.state.selected;
  if (sel !== null) loadDetail(ctx, sel);
  if (ctx.store.state.draftMode) void loadMarks(ctx);
}

export async function openDocument(ctx: Ctx, id: number): Promise<void> {
  try {
    await showDocument(ctx, await ctx.api.openDocument(id));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Imports dropped or typed file paths (text, Markdown, HTML, .docx), one document each, and opens the last. */
export async function importFiles(ctx: Ctx, paths: string[]): Promise<boolean> {
  let last: DocumentView | null = null;
  for (const p of paths.map((x) => x.trim()).filter((x) => x !== "")) {
    try {
      last = await ctx.api.importFile(p, null);
    } catch (e) {
      showError(ctx.store, e);
      return false;
    }
  }
  if (!last) return false;
  hideError(ctx.store);
  try {
    await reloadDocuments(ctx);
    await showDocument(ctx, last);
  } catch (e) {
    showError(ctx.store, e);
  }
  return true;
}

export async function submitPaste(ctx: Ctx, title: string, text: string): Promise<boolean> {
  try {
    const view = await ctx.api.pasteDraft(text, title.trim() === "" ? null : title);
    hideError(ctx.store);
    await reloadDocuments(ctx);
    await showDocument(ctx, view);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/**
 * Turns the workspace's private-address opt-in on or off (for an intranet page cited on purpose); the footer says
 * what is now allowed. Resolves to the setting in force afterwards.
 */
export async function setAllowPrivateSources(ctx: Ctx, allow: boolean): Promise<boolean> {
  try {
    const info = await ctx.api.setAllowPrivateSources(allow);
    // The files the app was started with were handed out once at start; never again.
    ctx.store.set({ workspace: { ...info, open_files: [] } });
    setFooter(
      ctx.store,
      info.allow_private_sources
        ? "Sources on private addresses (intranet, this machine) may now be cited: they can end up in published bundles."
        : "Sources on private addresses are refused again.",
    );
    return info.allow_private_sources;
  } catch (e) {
    showError(ctx.store, e);
    return ctx.store.state.workspace?.allow_private_sources ?? false;
  }
}

/** The OS open dialog, then the import of every chosen file (the last one opens). */
export async function pickAndImport(ctx: Ctx): Promise<boolean> {
  try {
    const paths = await ctx.api.pickDraftFiles();
    return paths.length > 0 ? await importFiles(ctx, paths) : false;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/**
 * Imports the fact-checks of a ClaimReview file the editor picks; the footer says what was added, and the claim on
 * screen is read again so its prior fact-checks show. A refused file imports nothing.
 */
export async function importFactchecks(ctx: Ctx): Promise<boolean> {
  try {
    const path = await ctx.api.pickFactcheckFile();
    if (path === null) return false;
    const r = await ctx.api.importFactchecks(path);
    hideError(ctx.store);
    setFooter(
      ctx.store,
      `Fact-checks: ${r.added} added, ${r.already_present} already there, ${r.total} in the workspace (${r.file})`,
    );
    const sel = ctx.store.state.selected;
    if (sel !== null) loadDetail(ctx, sel);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/** Re-checks every cited link of the open document; the footer says how they are, the detail reloads its citations. */
export async function recheck(ctx: Ctx): Promise<void> {
  const open = ctx.store.state.open;
  if (!open) return;
  showProgress(ctx.store, "Re-checking cited links…", null);
  try {
    const reports = await ctx.api.recheckDocument(open.id);
    const bad = reports.filter((r) => r.health !== "ok");
    setFooter(
      ctx.store,
      `Re-checked ${reports.length} links: ${bad.length ? bad.map((r) => `${r.url} ${r.health}`).join("; ") : "all ok"}`,
    );
    const sel = ctx.store.state.selected;
    if (sel !== null) loadDetail(ctx, sel);
  } catch (e) {
    showError(ctx.store, e);
  } finally {
    hideProgress(ctx.store);
  }
}
