// Claims: selection, filters, marking, notes, promote / demote, and loading what the detail shows for a claim.
import type { ClaimStatus, ClaimView } from "../api";
import type { Filters } from "../state/filters";
import { applyClaimChange, changesOf } from "./apply";
import type { Ctx } from "./context";
import { hideError, showError } from "./feedback";

/**
 * Loads what the detail shows for a claim (history, citations, the evidence against the first archived source,
 * similar claims) in one call.
 */
export function loadDetail(ctx: Ctx, claim: number): Promise<void> {
  return loadDetailNow(ctx, claim);
}

async function loadDetailNow(ctx: Ctx, claim: number): Promise<void> {
  const before = changesOf(claim);
  try {
    const d = await ctx.api.claimDetail(claim);
    // A mutation answered while this read was on its way (j then v quickly): its answer is newer than this one for
    // the claim, its history, citations and evidence. Only the similar claims are taken.
    if (changesOf(claim) !== before) {
      ctx.store.setSimilar(claim, d.similar);
      return;
    }
    ctx.store.batch(() => {
      ctx.store.putClaims([d.claim]);
      ctx.store.setHistory(claim, d.history);
      ctx.store.setCitationsOf(claim, d.citations);
      ctx.store.setEvidence(claim, d.evidence);
      ctx.store.setSimilar(claim, d.similar);
    });
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Selects a shown claim and loads its detail. */
export function selectClaim(ctx: Ctx, id: number): void {
  ctx.store.select(id);
  if (ctx.store.state.selected === id) void loadDetail(ctx, id);
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

/** Marks the selected claim. The command answers with the claim, its document's counts and its history: one call. */
export async function mark(ctx: Ctx, status: ClaimStatus, reason: string): Promise<void> {
  const c = ctx.store.selectedClaim();
  if (!c || !ctx.store.state.open) return;
  ctx.store.set({ pendingStatus: null });
  try {
    const change = await ctx.api.markClaim(c.id, status, reason.trim() === "" ? null : reason.trim());
    hideError(ctx.store);
    applyClaimChange(ctx.store, change);
  } catch (e) {
    showError(ctx.store, e);
  }
}

/**
 * Saves a claim's notes if they changed; resolves to true when saved. The detail is not redrawn (the editor may be
 * typing in the field); the history comes with the answer.
 */
export async function saveNotes(ctx: Ctx, claim: number, notes: string): Promise<boolean> {
  const current = ctx.store.claim(claim);
  if (!current || current.notes === notes) return false;
  try {
    applyClaimChange(ctx.store, await ctx.api.setNotes(claim, notes));
    hideError(ctx.store);
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

/** Promotes a plain sentence to a claim or demotes a claim; the command answers with the changed claim. */
export async function toggleCheckworthy(ctx: Ctx, c: ClaimView): Promise<void> {
  try {
    applyClaimChange(ctx.store, await ctx.api.setCheckworthy(c.id, !c.checkworthy));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/**
 * Marks the selected stale claim reviewed: the editor re-read it after a revised draft changed its wording. The
 * command answers with the claim (no longer stale), its document and its history.
 */
export async function markReviewed(ctx: Ctx): Promise<void> {
  const c = ctx.store.selectedClaim();
  if (!c || !c.stale) return;
  try {
    applyClaimChange(ctx.store, await ctx.api.clearStale(c.id));
    hideError(ctx.store);
  } catch (e) {
    showError(ctx.store, e);
  }
}
