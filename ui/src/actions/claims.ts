// Claims: selection, filters, the pages of the list and the draft view's marks, marking, notes, promote / demote,
// and loading what the detail shows for a claim.
import type { ClaimStatus, ClaimView } from "../api";
import { toQuery, type Filters } from "../state/filters";
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
      ctx.store.batch(() => {
        ctx.store.setSimilar(claim, d.similar);
        ctx.store.setFactchecks(claim, d.factchecks);
      });
      return;
    }
    ctx.store.batch(() => {
      ctx.store.putClaims([d.claim]);
      ctx.store.setHistory(claim, d.history);
      ctx.store.setCitationsOf(claim, d.citations);
      ctx.store.setEvidence(claim, d.evidence);
      ctx.store.setSimilar(claim, d.similar);
      ctx.store.setFactchecks(claim, d.factchecks);
    });
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Rows per request: the list asks for aligned pages of this many, so the same rows are never asked for twice. */
export const PAGE = 200;

/** The page requests in flight, per list (a new list — other filters, another document — starts afresh). */
const inFlight = new WeakMap<readonly number[], Map<number, Promise<void>>>();

/**
 * Loads the views of the listed claims `visible[from..to)` that are not loaded yet: one `claims_by_id` per page of
 * `PAGE` rows that lacks any, at most one in flight per page. Resolves when they are in the store (or failed, shown).
 */
export async function loadRows(ctx: Ctx, from: number, to: number): Promise<void> {
  const { open, visible } = ctx.store.state;
  if (!open) return;
  let pages = inFlight.get(visible);
  if (!pages) inFlight.set(visible, (pages = new Map()));
  const inList = pages;
  const loads: Promise<void>[] = [];
  const end = Math.min(to, visible.length);
  for (let p = Math.floor(Math.max(0, from) / PAGE); p * PAGE < end; p++) {
    const pending = inList.get(p);
    if (pending) {
      loads.push(pending);
      continue;
    }
    const ids = ctx.store.missing(p * PAGE, (p + 1) * PAGE);
    if (ids.length === 0) continue;
    const load = ctx.api
      .claimsById(open.id, ids)
      .then(
        (views) => ctx.store.putClaims(views),
        (e: unknown) => showError(ctx.store, e),
      )
      .finally(() => inList.delete(p));
    inList.set(p, load);
    loads.push(load);
  }
  await Promise.all(loads);
}

/** Selects a shown claim and loads its detail; a claim whose view is not loaded yet (another page) loads its page. */
export function selectClaim(ctx: Ctx, id: number): void {
  ctx.store.select(id);
  if (ctx.store.state.selected !== id) return;
  void loadDetail(ctx, id);
  if (!ctx.store.claim(id)) {
    const i = ctx.store.state.visible.indexOf(id);
    void loadRows(ctx, i, i + 1);
  }
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
export async function selectById(ctx: Ctx, id: number): Promise<void> {
  const s = ctx.store.state;
  if (!s.visible.includes(id) && !s.filters.allSentences) await setFilters(ctx, { allSentences: true });
  if (ctx.store.state.visible.includes(id)) selectClaim(ctx, id);
}

/**
 * Changes the filters and asks the facade for the list they give (ids, counts, first page). An answer that comes
 * back after a newer change is dropped by the store.
 */
export async function setFilters(ctx: Ctx, patch: Partial<Filters>): Promise<void> {
  const filters = ctx.store.setFilters(patch);
  const open = ctx.store.state.open;
  if (!open) return;
  try {
    ctx.store.setVisible(open.id, filters, await ctx.api.claimsPage(open.id, toQuery(filters), 0, PAGE));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Loads the draft view's marks of the open document, unless they are loaded. */
export async function loadMarks(ctx: Ctx): Promise<void> {
  const open = ctx.store.state.open;
  if (!open || ctx.store.state.marks?.doc === open.id) return;
  try {
    ctx.store.setMarks(open.id, await ctx.api.claimMarks(open.id));
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Switches between the list and the draft view; the draft's marks are fetched when it is first shown. */
export function toggleDraftMode(ctx: Ctx): void {
  ctx.store.set({ draftMode: !ctx.store.state.draftMode });
  if (ctx.store.state.draftMode) void loadMarks(ctx);
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
