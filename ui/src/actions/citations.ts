// Citations and evidence: cite a link, change a stance or passage, remove, reuse, and the evidence for a claim.
import type { CitationStance, CitationView, DiffLineView, SnapshotView } from "../api";
import { applyCitationChange, applyClaimChange } from "./apply";
import { loadDetail } from "./claims";
import type { Ctx } from "./context";
import { hideError, hideProgress, showError, showProgress } from "./feedback";

export async function loadEvidence(ctx: Ctx, claim: number, c: CitationView): Promise<void> {
  if (!c.source) return;
  try {
    const view = await ctx.api.claimEvidence(claim, c.source.snapshot);
    ctx.store.setEvidence(claim, { citation: c.id, view });
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Cites `url` for `claim` (the core fetches and archives it, reporting progress). Resolves to true when cited. */
export async function cite(ctx: Ctx, claim: number, url: string, stance: CitationStance): Promise<boolean> {
  showProgress(ctx.store, `Fetching ${url}…`, null);
  try {
    const change = await ctx.api.citeSource(claim, url, stance, null);
    hideError(ctx.store);
    const failed = change.citations.find((c) => c.fetch_error !== null);
    if (failed)
      showError(ctx.store, {
        code: "source_failing",
        message: `The citation was kept, but the source could not be archived: ${failed.fetch_error ?? ""}`,
      });
    applyCitationChange(ctx.store, change);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  } finally {
    hideProgress(ctx.store);
  }
}

/**
 * Cites the editor's own saved copy of `url` (a paywalled or script-built page a fetch cannot read): the OS dialog
 * picks the file, the core archives it as the page's snapshot, marked as the editor's file. Resolves to true when
 * cited, false when the editor cancelled the dialog or it failed.
 */
export async function citeSavedCopy(ctx: Ctx, claim: number, url: string, stance: CitationStance): Promise<boolean> {
  try {
    const path = await ctx.api.pickSavedCopy();
    if (path === null) return false;
    const change = await ctx.api.citeFile(claim, url, path, stance, null);
    hideError(ctx.store);
    applyCitationChange(ctx.store, change);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

export async function setStance(ctx: Ctx, c: CitationView, stance: CitationStance): Promise<void> {
  try {
    applyCitationChange(ctx.store, await ctx.api.setCitationStance(c.id, stance));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Cites a passage of the source; resolves to true when done. */
export async function setPassage(ctx: Ctx, c: CitationView, start: number, end: number): Promise<boolean> {
  try {
    applyCitationChange(ctx.store, await ctx.api.setCitationPassage(c.id, start, end));
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/**
 * Removes a citation; the command answers with the changed claim. The evidence shown may have been against the
 * removed citation, so the detail is loaded again (one call).
 */
export async function removeCitation(ctx: Ctx, c: CitationView): Promise<void> {
  try {
    const change = await ctx.api.removeCitation(c.id, null);
    ctx.store.removeCitation(c.id);
    applyClaimChange(ctx.store, change);
    if (ctx.store.state.selected === c.claim) await loadDetail(ctx, c.claim);
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Copies the citations of a similar claim checked before onto `to`. */
export async function reuseCitations(ctx: Ctx, from: number, to: number): Promise<void> {
  try {
    applyCitationChange(ctx.store, await ctx.api.reuseCitations(from, to));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** An archived snapshot for the reader, or null (the error is shown). */
export async function loadSnapshot(ctx: Ctx, id: number): Promise<SnapshotView | null> {
  try {
    return await ctx.api.getSnapshot(id);
  } catch (e) {
    showError(ctx.store, e);
    return null;
  }
}

/** The line diff of two snapshots of a page, or null (the error is shown). */
export async function diffSnapshots(ctx: Ctx, a: number, b: number): Promise<DiffLineView[] | null> {
  try {
    return await ctx.api.diffSnapshots(Math.min(a, b), Math.max(a, b));
  } catch (e) {
    showError(ctx.store, e);
    return null;
  }
}

export function cancelJob(ctx: Ctx, job: number | null): void {
  const j = job ?? ctx.store.state.runningJob;
  if (j !== null) void ctx.api.cancelJob(j).catch(() => undefined);
}
