import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConflictView, SyncReport, TeamStatus } from "../api";
import { Store } from "../state/store";
import { claim, claimChange, detail, docView, fakeApi, notConnected, type Answers } from "../test/fixtures";
import { createActions } from "./index";
import { MAX_BACKOFF_MS, teamLine } from "./team";

function connected(over: Partial<TeamStatus> = {}): TeamStatus {
  return {
    ...notConnected(),
    connected: true,
    state: "synced",
    url: "http://127.0.0.1:8787",
    team_workspace: "city-desk",
    member: "ana",
    role: "editor",
    ...over,
  };
}

function report(status: TeamStatus, over: Partial<SyncReport> = {}): SyncReport {
  return { pushed: 0, merged: 0, conflicts: 0, pulled: 0, status, ...over };
}

const conflict: ConflictView = {
  kind: "claim", key: "1", claim: 1, field: "status", theirs: "disputed", mine: "verified", by: "ben", at: 0,
};

function setup(answers: Answers = {}) {
  const store = new Store();
  const fake = fakeApi(answers);
  const actions = createActions(fake.api, store);
  store.setDocuments([docView(1, [claim(1)]).document]);
  store.openDocument(docView(1, [claim(1)]));
  return { ...fake, store, actions };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("team sync", () => {
  it("says in the footer where the desk stands", () => {
    expect(teamLine(notConnected())).toBe("");
    expect(teamLine(connected())).toBe("Team city-desk as ana: synced");
    expect(teamLine(connected({ state: "waiting", waiting: 1 }))).toBe("Team city-desk as ana: 1 change waiting");
    expect(teamLine(connected({ state: "offline", waiting: 3, conflicts: 2 }))).toBe(
      "Team city-desk as ana: offline (3 changes waiting) · 2 conflicts to resolve",
    );
  });

  it("a background sync that cannot reach the server shows no dialog, and the footer says offline", async () => {
    const offline = connected({ state: "offline", waiting: 2, last_error: "connection refused" });
    const t = setup({
      syncTeam: () => {
        throw { code: "offline", message: "the team server cannot be reached" };
      },
      teamStatus: () => offline,
    });
    expect(await t.actions.syncNow()).toBe(false);
    expect(t.store.state.error?.code).toBe("offline");
    t.store.set({ error: null });
    // The same failure from the timer stays in the footer.
    vi.useFakeTimers();
    t.store.set({ team: connected() });
    const stop = t.actions.startBackgroundSync();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.names().filter((n) => n === "syncTeam")).toHaveLength(2);
    expect(t.store.state.error).toBeNull();
    expect(t.store.state.team).toEqual(offline);
    // Backoff: the next try waits 60 s, not 30.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.names().filter((n) => n === "syncTeam")).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.names().filter((n) => n === "syncTeam")).toHaveLength(3);
    stop();
    await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS);
    expect(t.names().filter((n) => n === "syncTeam")).toHaveLength(3);
  });

  it("a sync that brought others' changes reloads the open draft; conflicts come with it", async () => {
    const t = setup({
      syncTeam: () => report(connected({ conflicts: 1 }), { pulled: 4, conflicts: 1 }),
      syncConflicts: () => [conflict],
      listDocuments: () => [docView(1, [claim(1)]).document],
      openDocument: () => docView(1, [claim(1, { status: "disputed" })]),
    });
    t.store.set({ selected: 1 });
    expect(await t.actions.syncNow()).toBe(true);
    expect(t.names()).toContain("openDocument");
    expect(t.store.state.selected).toBe(1);
    expect(t.store.state.conflicts).toEqual([conflict]);
    expect(t.store.state.claims.get(1)?.status).toBe("disputed");
    expect(t.store.state.footer).toContain("4 received, 1 conflicts to resolve");
  });

  it("resolving a conflict sends the choice and reloads the claim", async () => {
    const t = setup({
      resolveConflict: () => connected(),
      syncConflicts: () => [],
      claimDetail: () => detail(claim(1, { status: "verified" })),
    });
    t.store.set({ conflicts: [conflict] });
    await t.actions.resolveConflict(conflict, "mine");
    expect(t.calls.find((c) => c.name === "resolveConflict")?.args).toEqual(["claim", "1", "status", "mine"]);
    expect(t.store.state.conflicts).toEqual([]);
    expect(t.store.state.claims.get(1)?.status).toBe("verified");
  });

  it("A assigns the selected claim to me and takes it back; Mine filters by my name", async () => {
    const t = setup({
      assignClaim: (id: number, who: string | null) => claimChange(claim(id, { assignee: who })),
    });
    t.store.set({ team: connected(), selected: 1 });
    await t.actions.toggleAssignToMe();
    expect(t.calls.at(-1)?.args).toEqual([1, "ana"]);
    expect(t.store.state.claims.get(1)?.assignee).toBe("ana");
    await t.actions.toggleAssignToMe();
    expect(t.calls.at(-1)?.args).toEqual([1, null]);
    await t.actions.setMine(true);
    expect(t.store.state.filters.assignee).toBe("ana");
    const page = t.calls.find((c) => c.name === "claimsPage");
    expect((page?.args[1] as { assignee: string }).assignee).toBe("ana");
  });
});
