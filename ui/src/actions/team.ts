// Team workspaces: the sync state, connecting, syncing (on demand and in the background, with backoff while the
// server cannot be reached), conflicts, assignment and the "Mine" filter. The local workspace stays the working copy:
// every other action works offline, and a failed sync only changes what the footer says.
import type { ConflictView, SyncReport, TeamStatus } from "../api";
import { applyClaimChange } from "./apply";
import { loadDetail, selectClaim, setFilters } from "./claims";
import type { Ctx } from "./context";
import { reloadDocuments, showDocument } from "./documents";
import { setFooter, showError } from "./feedback";

/** The background sync's period while the server answers, and the longest wait while it does not. */
export const SYNC_EVERY_MS = 30_000;
export const MAX_BACKOFF_MS = 5 * 60_000;

/** One line for the footer: "Team desk-a: synced", "3 changes waiting", "offline (3 changes waiting)". */
export function teamLine(t: TeamStatus | null): string {
  if (!t || !t.connected) return "";
  const waiting = `${t.waiting} change${t.waiting === 1 ? "" : "s"} waiting`;
  const state =
    t.state === "offline" ? `offline (${waiting})` : t.state === "waiting" ? waiting : "synced";
  const conflicts = t.conflicts > 0 ? ` · ${t.conflicts} conflict${t.conflicts === 1 ? "" : "s"} to resolve` : "";
  return `Team ${t.team_workspace ?? ""} as ${t.member ?? ""}: ${state}${conflicts}`;
}

export async function refreshTeam(ctx: Ctx): Promise<void> {
  try {
    const [team, conflicts] = await Promise.all([ctx.api.teamStatus(), ctx.api.syncConflicts()]);
    ctx.store.set({ team, conflicts });
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** After others' changes came in: the documents list and the open draft again, keeping the selection. */
async function showPulled(ctx: Ctx, report: SyncReport): Promise<void> {
  if (report.pulled === 0 && report.merged === 0 && report.conflicts === 0) return;
  await reloadDocuments(ctx);
  const open = ctx.store.state.open;
  if (!open) return;
  // The editor keeps their place: the claim they were on stays selected after the draft is shown again.
  const selected = ctx.store.state.selected;
  await showDocument(ctx, await ctx.api.openDocument(open.id));
  const s = ctx.store.state;
  if (selected !== null && s.selected !== selected && s.visible.includes(selected)) selectClaim(ctx, selected);
}

async function afterSync(ctx: Ctx, report: SyncReport): Promise<void> {
  const conflicts = await ctx.api.syncConflicts();
  ctx.store.set({ team: report.status, conflicts });
  await showPulled(ctx, report);
}

/** Syncs now. `quiet` (the background timer) shows no error dialog for an unreachable server: the footer says it. */
export async function syncNow(ctx: Ctx, quiet = false): Promise<boolean> {
  try {
    const report = await ctx.api.syncTeam();
    await afterSync(ctx, report);
    if (!quiet) {
      setFooter(
        ctx.store,
        `Synced: ${report.pushed + report.merged} sent, ${report.pulled} received` +
          (report.conflicts > 0 ? `, ${report.conflicts} conflicts to resolve` : ""),
      );
    }
    return true;
  } catch (e) {
    // The state (offline, refused token) is recorded by the core; show it.
    await refreshTeam(ctx);
    const code = (e as { code?: string }).code;
    if (!quiet || (code !== "offline" && code !== "not_connected")) showError(ctx.store, e);
    return false;
  }
}

export async function connect(
  ctx: Ctx,
  url: string,
  token: string,
  teamWorkspace: string,
  allowInsecure: boolean,
): Promise<boolean> {
  try {
    const report = await ctx.api.connectTeam(url.trim(), token.trim(), teamWorkspace.trim(), allowInsecure);
    await afterSync(ctx, report);
    const info = await ctx.api.workspaceInfo();
    ctx.store.set({ workspace: { ...info, open_files: [] } });
    setFooter(ctx.store, `Connected to ${teamWorkspace} as ${report.status.member ?? ""}`);
    if (ctx.store.state.open === null && ctx.store.state.documentOrder[0] !== undefined) {
      await showDocument(ctx, await ctx.api.openDocument(ctx.store.state.documentOrder[0]));
    }
    return true;
  } catch (e) {
    showError(ctx.store, e);
    return false;
  }
}

export async function resolve(ctx: Ctx, c: ConflictView, keep: "theirs" | "mine"): Promise<void> {
  try {
    const team = await ctx.api.resolveConflict(c.kind, c.key, c.field, keep);
    ctx.store.set({ team, conflicts: await ctx.api.syncConflicts() });
    if (c.claim !== null) await loadDetail(ctx, c.claim);
    setFooter(ctx.store, keep === "mine" ? "Your value is kept; it is sent at the next sync." : "Their value is kept.");
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** Assigns the selected claim to this desk's member, or takes it back when it is already theirs. */
export async function toggleAssignToMe(ctx: Ctx): Promise<void> {
  const s = ctx.store.state;
  const me = s.team?.member ?? s.workspace?.editor ?? null;
  const c = s.selected === null ? undefined : s.claims.get(s.selected);
  if (!c || !me) return;
  try {
    const change = await ctx.api.assignClaim(c.id, c.assignee === me ? null : me);
    applyClaimChange(ctx.store, change);
    setFooter(ctx.store, change.claim.assignee ? `Assigned to ${change.claim.assignee}` : "Unassigned");
  } catch (e) {
    showError(ctx.store, e);
  }
}

/** The "Mine" filter: only the claims assigned to this desk's member. */
export function setMine(ctx: Ctx, on: boolean): Promise<void> {
  const me = ctx.store.state.team?.member ?? ctx.store.state.workspace?.editor ?? null;
  return setFilters(ctx, { assignee: on && me ? me : null });
}

/**
 * Syncs in the background while the workspace is connected: every `SYNC_EVERY_MS`, doubling the wait (up to
 * `MAX_BACKOFF_MS`) while the server cannot be reached. Returns the function that stops it.
 */
export function startBackgroundSync(ctx: Ctx, every = SYNC_EVERY_MS): () => void {
  let wait = every;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (ctx.store.state.team?.connected) {
      const ok = await syncNow(ctx, true);
      wait = ok ? every : Math.min(wait * 2, MAX_BACKOFF_MS);
    }
    if (!stopped) timer = setTimeout(() => void tick(), wait);
  };
  timer = setTimeout(() => void tick(), every);
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
