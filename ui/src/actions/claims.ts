// Claims: selection, filters, marking, notes, promote / demote, and loading what the detail shows for a claim.
import type { ClaimStatus, ClaimView } from "../api";
import type { Filters } from "../state/filters";
import { applyClaims } from "./apply";
import { loadCitations } from "./citations";
import type { Ctx } from "./context";
import { hideError, showError } from "./feedback";

/** Loads the selected claim's history, citations (then evidence) and similar claims, each on its own. */
export function loadDetail(ctx: Ctx, claim: number): void {
  void loadHistory(ctx, claim);
  void loadCitations(ctx, claim);
  void loadSimilar(ctx, claim);
}

export async function loadHistory(ctx: Ctx, claim: number): Promise<void> {
  try {
    ctx.store.setHistory(claim, await ctx.api.claimHistory(claim));
  } catch (e) {
    showError(ctx.store, e);
  }
}

export async function loadSimilar(ctx: Ctx, claim: number): Promise<void> {
  try {
    ctx.store.setSimilar(claim, await ctx.api.similarClaims(claim));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Selects a shown claim and loads its detail. */
export function selectClaim(ctx: Ctx, id: number): void {
  ctx.store.select(id);
  if (ctx.store.state.selected === id) loadDetail(ctx, id);
}

/** Moves the selection `by` rows (j / k), staying inside the list; with nothing selected, the first row. */
export function moveSelection(ctx: Ctx, by: number): void {
  const { visible, selected } = ctx.store.state;
  const at = selected === null ? -1 : visible.indexOf(selected);
  const to = Math.max(0, Math.min(at + by, visible.length - 1));
  const id = visible[to];
  if (id !== undefined) selectClaim(ctx, id);
}

/** Selects a claim picked in the draft view, showing plain sentences in the list if that is needed. */
export function selectById(ctx: Ctx, id: number): void {
  const s = ctx.store.state;
  if (!s.visible.includes(id) && !s.filters.allSentences) ctx.store.setFilters({ allSentences: true });
  if (ctx.store.state.visible.includes(id)) selectClaim(ctx, id);
}

export function setFilters(ctx: Ctx, patch: Partial<Filters>): void {
  ctx.store.setFilters(patch);
}

export function toggleDraftMode(ctx: Ctx): void {
  ctx.store.set({ draftMode: !ctx.store.state.draftMode });
}

/** Remembers a status asked for by key; the reason field's Enter then applies it. */
export function askReason(ctx: Ctx, status: ClaimStatus): boolean {
  if (!ctx.store.selectedClaim()) return false;
  ctx.store.set({ pendingStatus: status });
  return true;
}

/** After a claim changed: the detail of the selected claim is loaded again (history, citations, similar). */
function afterClaimChanged(ctx: Ctx, id: number): void {
  if (ctx.store.state.selected === id) loadDetail(ctx, id);
}

/** Marks the selected claim. The command answers with the changed claim, which is all that is redrawn. */
export async function mark(ctx: Ctx, status: ClaimStatus, reason: string): Promise<void> {
  const c = ctx.store.selectedClaim();
  if (!c || !ctx.store.state.open) return;
  ctx.store.set({ pendingStatus: null });
  try {
    const updated = await ctx.api.markClaim(c.id, status, reason.trim() === "" ? null : reason.trim());
    hideError(ctx.store);
    applyClaims(ctx.store, [updated]);
    afterClaimChanged(ctx, updated.id);
  } catch (e) {
    showError(ctx.store, e);
  }
}

/**
 * Saves a claim's notes if they changed; resolves to true when saved. The detail is not redrawn (the editor may be
 * typing in the field); only the history is loaded again.
 */
export async function saveNotes(ctx: Ctx, claim: number, notes: string): Promise<boolean> {
  const current = ctx.store.claim(claim);
  if (!current || current.notes === notes) return false;
  try {
    const updated = await ctx.api.setNotes(claim, notes);
    hideError(ctx.store);
    applyClaims(ctx.store, [updated]);
    if (ctx.store.state.selected === claim) void loadHistory(ctx, claim);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/** Promotes a plain sentence to a claim or demotes a claim; the command answers with the changed claim. */
export async function toggleCheckworthy(ctx: Ctx, c: ClaimView): Promise<void> {
  try {
    applyClaims(ctx.store, [await ctx.api.setCheckworthy(c.id, !c.checkworthy)]);
    afterClaimChanged(ctx, c.id);
  } catch (e) {
    showError(ctx.store, e);
  }
}

/**
 * Reloads one claim after a change that did not return it (a citation added, its stance or passage set). Throws,
 * for the caller to show.
 */
export async function refreshClaim(ctx: Ctx, id: number): Promise<void> {
  if (!ctx.store.state.open) return;
  applyClaims(ctx.store, [await ctx.api.getClaim(id)]);
  afterClaimChanged(ctx, id);
}

/** Applies a claim a command returned, as `refreshClaim` would after fetching it. */
export function claimChanged(ctx: Ctx, c: ClaimView): void {
  applyClaims(ctx.store, [c]);
  afterClaimChanged(ctx, c.id);
}
