import { describe, expect, it } from "vitest";
import type { RevisionSummary } from "../api";
import { Store } from "../state/store";
import { citation, claim, docView, fakeApi, pagingAnswers } from "../test/fixtures";
import { createActions } from "./index";
import { describeRevision } from "./revision";

/** Lets the loads an action started without awaiting them finish. */
const settle = () => new Promise((r) => setTimeout(r, 0));

const DETAIL_LOADS = ["claimHistory", "listCitations", "similarClaims"];

function setup(answers: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi({
    listDocuments: () => [docView(1, []).document],
    claimHistory: () => [],
    listCitations: () => [],
    similarClaims: () => [],
    ...answers,
  });
  const store = new Store();
  const actions = createActions(fake.api, store);
  return { ...fake, store, actions };
}

async function withOpen(answers: Parameters<typeof fakeApi>[0] = {}) {
  const t = setup(answers);
  t.store.setDocuments([docView(1, [claim(1), claim(2)]).document]);
  t.store.openDocument(docView(1, [claim(1), claim(2)]));
  t.calls.length = 0;
  return t;
}

describe("actions", () => {
  it("start: the workspace in the footer, the documents listed, the first opened and its detail loaded", async () => {
    const t = setup({
      workspaceInfo: { dir: "/ws", editor: "ed" },
      openDocument: (id: number) => docView(id, [claim(4)]),
    });
    await t.actions.start();
    await settle();
    expect(t.store.state.footer).toBe("Workspace: /ws · Editor: ed");
    expect(t.store.state.open?.id).toBe(1);
    expect(t.store.state.selected).toBe(4);
    expect(t.names()).toEqual(["workspaceInfo", "listDocuments", "openDocument", ...DETAIL_LOADS]);
  });

  it("mark puts the claim the command returned in the store, and fetches nothing it already has", async () => {
    const t = await withOpen({ markClaim: (id: number) => claim(id, { status: "disputed", status_reason: "wrong" }) });
    await t.actions.mark("disputed", "  wrong ");
    expect(t.calls[0]).toEqual({ name: "markClaim", args: [1, "disputed", "wrong"] });
    expect(t.store.claim(1)?.status).toBe("disputed");
    expect(t.names()).not.toContain("getClaim");
    // The documents list counts follow from the claims in memory.
    expect(t.store.openSummary()?.counts).toEqual({ unsourced: 1, verified: 0, disputed: 1 });
    // The selected claim's detail (history with the new event) loads again.
    await settle();
    expect(t.names().slice(1)).toEqual(DETAIL_LOADS);
  });

  it("mark with an empty reason sends null and clears a pending status", async () => {
    const t = await withOpen({ markClaim: (id: number) => claim(id) });
    t.actions.askReason("verified");
    expect(t.store.state.pendingStatus).toBe("verified");
    await t.actions.mark("verified", "   ");
    expect(t.calls[0]?.args).toEqual([1, "verified", null]);
    expect(t.store.state.pendingStatus).toBeNull();
  });

  it("a failed call shows its error, and the next success hides it", async () => {
    let fail = true;
    const t = await withOpen({
      markClaim: (id: number) => {
        if (fail) throw { code: "disputed_needs_reason", message: "no reason" };
        return claim(id);
      },
    });
    await t.actions.mark("disputed", "");
    expect(t.store.state.error).toEqual({ code: "disputed_needs_reason", message: "no reason" });
    fail = false;
    await t.actions.mark("disputed", "because");
    expect(t.store.state.error).toBeNull();
  });

  it("notes: saved only when changed; the claim is put, only the history reloads", async () => {
    const t = await withOpen({ setNotes: (id: number, notes: string) => claim(id, { notes }) });
    expect(await t.actions.saveNotes(1, "")).toBe(false);
    expect(t.calls).toEqual([]);
    expect(await t.actions.saveNotes(1, "call back")).toBe(true);
    await settle();
    expect(t.store.claim(1)?.notes).toBe("call back");
    expect(t.names()).toEqual(["setNotes", "claimHistory"]);
  });

  it("promote / demote applies the claim the command returned", async () => {
    const t = await withOpen({ setCheckworthy: (id: number, cw: boolean) => claim(id, { checkworthy: cw }) });
    const c = t.store.claim(2);
    if (!c) throw new Error("claim 2");
    await t.actions.toggleCheckworthy(c);
    expect(t.calls[0]?.args).toEqual([2, false]);
    expect(t.store.claim(2)?.checkworthy).toBe(false);
    expect(t.store.openSummary()?.claim_count).toBe(1);
    expect(t.names()).not.toContain("getClaim");
  });

  it("cite puts the returned citation, reloads the claim (its count changed), and reports a failed archive", async () => {
    const t = await withOpen({
      citeSource: (c: number, url: string) => citation(9, c, { url, fetch_error: "timeout" }),
      getClaim: (id: number) => claim(id, { citations: 1 }),
      listCitations: (c: number) => [citation(9, c)],
    });
    t.store.setCitationsOf(1, []);
    expect(await t.actions.cite(1, "https://a.example/x", "supports")).toBe(true);
    expect(t.store.citationsOf(1)?.map((c) => c.id)).toEqual([9]);
    expect(t.store.claim(1)?.citations).toBe(1);
    expect(t.store.state.error?.code).toBe("source_failing");
    expect(t.store.state.progress).toBeNull();
    expect(t.names().slice(0, 2)).toEqual(["citeSource", "getClaim"]);
  });

  it("remove citation applies the claim the command returned instead of fetching it", async () => {
    const t = await withOpen({ removeCitation: () => claim(1, { citations: 1 }), listCitations: () => [citation(10, 1)] });
    t.store.setCitationsOf(1, [citation(9, 1), citation(10, 1)]);
    const c = t.store.citationsOf(1)?.[0];
    if (!c) throw new Error("citation");
    await t.actions.removeCitation(c);
    expect(t.calls[0]).toEqual({ name: "removeCitation", args: [9, null] });
    expect(t.store.citationsOf(1)?.map((x) => x.id)).toEqual([10]);
    expect(t.store.claim(1)?.citations).toBe(1);
    expect(t.names()).not.toContain("getClaim");
  });

  it("stance and reuse put the citations returned, then reload the claim", async () => {
    // The selected claim is 1: after each change its detail (the citations list) is loaded again, so the fake lists
    // the citations the core would have by then.
    let listed = [citation(9, 1, { stance: "contradicts" })];
    const t = await withOpen({
      listCitations: () => listed,
      setCitationStance: (id: number, stance: string) => citation(id, 1, { stance: stance as "contradicts" }),
      reuseCitations: (_from: number, to: number) => [citation(20, to), citation(21, to)],
      getClaim: (id: number) => claim(id, { citations: 3 }),
    });
    t.store.setCitationsOf(1, [citation(9, 1)]);
    const c = t.store.citationsOf(1)?.[0];
    if (!c) throw new Error("citation");
    await t.actions.setStance(c, "contradicts");
    expect(t.store.citationsOf(1)?.[0]?.stance).toBe("contradicts");
    listed = [...listed, citation(20, 1), citation(21, 1)];
    await t.actions.reuseCitations(5, 1);
    expect(t.store.citationsOf(1)?.map((x) => x.id)).toEqual([9, 20, 21]);
    expect(t.names().filter((n) => n === "getClaim")).toHaveLength(2);
  });

  it("loading citations loads the evidence against the first archived source", async () => {
    const source = { snapshot: 33 } as never;
    const evidence = { passages: [] } as never;
    const t = await withOpen({
      listCitations: (c: number) => [citation(8, c), citation(9, c, { source })],
      claimEvidence: () => evidence,
    });
    t.actions.selectClaim(2);
    await settle();
    await settle();
    expect(t.calls.find((c) => c.name === "claimEvidence")?.args).toEqual([2, 33]);
    expect(t.store.state.evidence.get(2)).toEqual({ citation: 9, view: evidence });
  });

  it("j / k move the selection inside the list; the draft view can show plain sentences to select one", async () => {
    const three = [claim(1), claim(2, { checkworthy: false }), claim(3)];
    const t = setup(pagingAnswers(() => three));
    t.store.openDocument(docView(1, three));
    t.actions.moveSelection(1);
    expect(t.store.state.selected).toBe(3);
    t.actions.moveSelection(1);
    expect(t.store.state.selected).toBe(3);
    t.actions.moveSelection(-1);
    t.actions.moveSelection(-1);
    expect(t.store.state.selected).toBe(1);
    await t.actions.selectById(2);
    expect(t.store.state.filters.allSentences).toBe(true);
    expect(t.store.state.selected).toBe(2);
    expect(t.calls.find((c) => c.name === "claimsPage")?.args).toEqual([
      1,
      { text: "", status: null, kind: "", stale: false, unnamed: false, opinion: false, all_sentences: true },
      0,
      200,
    ]);
  });

  it("j across a page boundary selects the next claim and loads its page, once", async () => {
    const many = Array.from({ length: 450 }, (_, i) => claim(i + 1));
    const t = setup(pagingAnswers(() => many));
    t.store.openDocument(docView(1, many));
    for (let i = 0; i < 199; i++) t.actions.moveSelection(1);
    expect(t.store.state.selected).toBe(200);
    expect(t.names()).not.toContain("claimsById");
    t.actions.moveSelection(1);
    // Selected at once (the detail's loads start), its view arrives with its page.
    expect(t.store.state.selected).toBe(201);
    expect(t.store.selectedClaim()).toBeUndefined();
    t.actions.moveSelection(1); // 202: same page, already on its way
    await settle();
    const byId = t.calls.filter((c) => c.name === "claimsById");
    expect(byId).toHaveLength(1);
    expect(byId[0]?.args).toEqual([1, many.slice(200, 400).map((c) => c.id)]);
    expect(t.store.selectedClaim()?.id).toBe(202);
    t.actions.moveSelection(-2);
    expect(t.store.state.selected).toBe(200);
    expect(t.store.selectedClaim()?.id).toBe(200);
    // The last page is short; only what is missing is asked for.
    await t.actions.loadRows(390, 450);
    expect(t.calls.filter((c) => c.name === "claimsById").at(-1)?.args).toEqual([1, many.slice(400).map((c) => c.id)]);
    expect(t.store.missing(0, 450)).toEqual([]);
  });

  it("filters ask the facade; an answer to older filters is dropped", async () => {
    const list = [claim(1), claim(2, { status: "disputed" }), claim(3, { status: "disputed", text: "Officials said so" })];
    const answers = pagingAnswers(() => list);
    const t = setup(answers);
    t.store.openDocument(docView(1, list));
    const slow = t.actions.setFilters({ status: "disputed" });
    await t.actions.setFilters({ query: "OFFICIALS" });
    await slow;
    expect(t.store.state.visible).toEqual([3]);
    expect(t.store.state.visibleCounts).toEqual({ unsourced: 0, verified: 0, disputed: 1 });
    await t.actions.setFilters({ query: "", status: "all" });
    expect(t.store.state.visible).toEqual([1, 2, 3]);
  });

  it("imports files one by one and opens the last; a failure stops and is shown", async () => {
    const t = setup({ importFile: (p: string) => docView(p === "b.md" ? 2 : 1, [claim(p === "b.md" ? 5 : 4)]) });
    expect(await t.actions.importFiles([" a.md ", "", "b.md"])).toBe(true);
    expect(t.calls.filter((c) => c.name === "importFile").map((c) => c.args[0])).toEqual(["a.md", "b.md"]);
    expect(t.store.state.open?.id).toBe(2);
    const bad = setup({
      importFile: () => {
        throw { code: "file_not_found", message: "gone" };
      },
    });
    expect(await bad.actions.importFiles(["x.md"])).toBe(false);
    expect(bad.store.state.error?.code).toBe("file_not_found");
    expect(bad.names()).toEqual(["importFile"]);
  });

  it("a revised draft: the footer says what happened in a sentence, then the document reloads", async () => {
    const summary: RevisionSummary = { document: 1, version: 2, kept: [1, 2], moved: [], stale: [3], orphaned: [4], created: [5, 6, 7] };
    const t = await withOpen({ reviseDraft: () => summary, openDocument: (id: number) => docView(id, [claim(1)]) });
    let closed = 0;
    expect(await t.actions.reviseDraft("new text", () => closed++)).toBe(true);
    expect(closed).toBe(1);
    expect(t.store.state.footer).toBe("Revised draft imported. Version 2: 2 claims kept, 0 moved, 1 marked stale, 1 orphaned, 3 new.");
    expect(t.names().slice(0, 3)).toEqual(["reviseDraft", "listDocuments", "openDocument"]);
  });

  it("progress events show, and a finished job leaves nothing to cancel; cancel asks for the running job", () => {
    const t = setup();
    t.actions.listen();
    expect(t.names()).toEqual(["onProgress", "onFileDrop"]);
    const push = t.calls[0]?.args[0] as (p: unknown) => void;
    const p = { job: 4, url: "https://a.example/", stage: "downloading", received: 2048, total: 4096, message: null };
    push(p);
    expect(t.store.state.progress).toEqual({ text: "downloading 2 KB of 4 KB — https://a.example/", job: 4 });
    expect(t.store.state.runningJob).toBe(4);
    t.actions.cancelJob(null);
    expect(t.calls.at(-1)).toEqual({ name: "cancelJob", args: [4] });
    push({ ...p, stage: "done", received: null, total: null });
    expect(t.store.state.runningJob).toBeNull();
  });
});

describe("describeRevision", () => {
  it("counts each kind of change, in words", () => {
    expect(describeRevision({ document: 1, version: 3, kept: [1], moved: [2, 3], stale: [], orphaned: [], created: [] })).toBe(
      "Version 3: 1 claim kept, 2 moved, 0 marked stale, 0 orphaned, 0 new.",
    );
  });
});
