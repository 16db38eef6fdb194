import { describe, expect, it } from "vitest";
import type { ClaimView, RevisionSummary } from "../api";
import { Store } from "../state/store";
import {
  citation,
  citationChange,
  claim,
  claimChange,
  detail,
  docView,
  evidence,
  factcheck,
  fakeApi,
  historyEntry,
  similar,
  source,
  summary,
  pagingAnswers,
  type Answers,
  workspaceInfo,
} from "../test/fixtures";
import { createActions } from "./index";
import { onProgress } from "./feedback";
import { describeRevision } from "./revision";

/** Lets the loads an action started without awaiting them finish. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/** The open document's summary as the core counts it: it sees every claim, not only those loaded here. */
const CORE_SUMMARY = summary(1, { claim_count: 7, counts: { unsourced: 4, verified: 1, disputed: 2 } });

function setup(answers: Answers = {}) {
  const store = new Store();
  const fake = fakeApi({
    listDocuments: () => [docView(1, []).document],
    // By default the detail is the claim as the store has it, with nothing hanging off it.
    claimDetail: (id: number) => detail(store.claim(id) ?? claim(id)),
    ...answers,
  });
  const actions = createActions(fake.api, store);
  return { ...fake, store, actions };
}

async function withOpen(answers: Answers = {}, claims: ClaimView[] = [claim(1), claim(2)]) {
  const t = setup(answers);
  t.store.setDocuments([docView(1, claims).document]);
  t.store.openDocument(docView(1, claims));
  t.calls.length = 0;
  return t;
}

describe("actions", () => {
  it("import fact-checks: the picked file imported in one call, the footer says what was added, the detail re-read", async () => {
    const facts = [factcheck(3)];
    const t = await withOpen({
      pickFactcheckFile: () => "/feeds/claimreview.json",
      importFactchecks: () => ({ file: "/feeds/claimreview.json", read: 2, added: 1, already_present: 1, total: 5 }),
      claimDetail: (id: number) => detail(claim(id), { factchecks: facts }),
    });
    t.store.select(1);
    expect(await t.actions.importFactchecks()).toBe(true);
    await settle();
    expect(t.names()).toEqual(["pickFactcheckFile", "importFactchecks", "claimDetail"]);
    expect(t.calls[1]?.args).toEqual(["/feeds/claimreview.json"]);
    expect(t.store.state.footer).toContain("1 added, 1 already there, 5 in the workspace");
    expect(t.store.state.factchecks.get(1)).toEqual(facts);
  });

  it("import fact-checks: cancelling the dialog imports nothing", async () => {
    const t = setup({ pickFactcheckFile: () => null });
    expect(await t.actions.importFactchecks()).toBe(false);
    expect(t.names()).toEqual(["pickFactcheckFile"]);
  });

  it("the private-address setting: one call, the workspace info replaced, the footer says what is allowed", async () => {
    const t = setup({
      setAllowPrivateSources: (allow: boolean) => workspaceInfo({ allow_private_sources: allow, open_files: ["/x.md"] }),
    });
    expect(await t.actions.setAllowPrivateSources(true)).toBe(true);
    expect(t.calls).toEqual([{ name: "setAllowPrivateSources", args: [true] }]);
    expect(t.store.state.workspace?.allow_private_sources).toBe(true);
    expect(t.store.state.workspace?.open_files).toEqual([]);
    expect(t.store.state.footer).toContain("private addresses");
    expect(await t.actions.setAllowPrivateSources(false)).toBe(false);
    expect(t.store.state.workspace?.allow_private_sources).toBe(false);
  });

  it("start: the workspace in the footer, the documents listed, the first opened and its detail loaded in one call", async () => {
    const t = setup({
      workspaceInfo: workspaceInfo({ editor: "ed" }),
      openDocument: (id: number) => docView(id, [claim(4)]),
    });
    await t.actions.start();
    await settle();
    expect(t.store.state.footer).toBe("Workspace: /ws · Editor: ed");
    expect(t.store.state.open?.id).toBe(1);
    expect(t.store.state.selected).toBe(4);
    expect(t.names()).toEqual(["workspaceInfo", "listDocuments", "openDocument", "claimDetail"]);
    expect(t.calls.at(-1)?.args).toEqual([4]);
  });

  it("start with drafts from the command line (Open with): imports each, opens the last, not the first document", async () => {
    const t = setup({
      workspaceInfo: workspaceInfo({ open_files: ["/home/ed/a.md", "/home/ed/b.docx"] }),
      importFile: (p: string) => docView(p.endsWith("b.docx") ? 2 : 1, [claim(p.endsWith("b.docx") ? 5 : 4)]),
    });
    await t.actions.start();
    await settle();
    expect(t.calls.filter((c) => c.name === "importFile").map((c) => c.args[0])).toEqual(["/home/ed/a.md", "/home/ed/b.docx"]);
    expect(t.names()).not.toContain("openDocument");
    expect(t.store.state.open?.id).toBe(2);
    expect(t.store.state.workspace?.about.version).toBe("0.1.0");
  });

  it("start: a draft from the command line that cannot be imported shows its error and opens the first document", async () => {
    const t = setup({
      workspaceInfo: workspaceInfo({ open_files: ["/nope.md"] }),
      importFile: () => {
        throw { code: "file_not_found", message: "No such file: /nope.md" };
      },
      openDocument: (id: number) => docView(id, [claim(4)]),
    });
    await t.actions.start();
    await settle();
    expect(t.store.state.error?.code).toBe("file_not_found");
    expect(t.store.state.open?.id).toBe(1);
  });

  it("mark puts the claim, the document counts and the history the command returned, and makes exactly one call", async () => {
    const history = [historyEntry("status_changed", { old: "unsourced", new: "disputed", reason: "wrong" })];
    const t = await withOpen({
      markClaim: (id, status, reason) => claimChange(claim(id, { status, status_reason: reason }), { document: CORE_SUMMARY, history }),
    });
    await t.actions.mark("disputed", "  wrong ");
    await settle();
    expect(t.calls).toEqual([{ name: "markClaim", args: [1, "disputed", "wrong"] }]);
    expect(t.store.claim(1)).toEqual(claim(1, { status: "disputed", status_reason: "wrong" }));
    // The counts are the core's (7 claims), not recounted from the two claims in memory.
    expect(t.store.openSummary()).toEqual(CORE_SUMMARY);
    expect(t.store.state.history.get(1)).toEqual(history);
    expect(t.store.state.error).toBeNull();
  });

  it("mark with an empty reason sends null and clears a pending status", async () => {
    const t = await withOpen({ markClaim: (id, status) => claimChange(claim(id, { status })) });
    t.actions.askReason("verified");
    expect(t.store.state.pendingStatus).toBe("verified");
    await t.actions.mark("verified", "   ");
    expect(t.calls[0]?.args).toEqual([1, "verified", null]);
    expect(t.store.state.pendingStatus).toBeNull();
    expect(t.names()).toEqual(["markClaim"]);
  });

  it("a failed call shows its error and changes nothing; the next success hides it", async () => {
    let fail = true;
    const t = await withOpen({
      markClaim: (id, status, reason) => {
        if (fail) throw { code: "disputed_needs_reason", message: "no reason" };
        return claimChange(claim(id, { status, status_reason: reason }), { document: CORE_SUMMARY });
      },
    });
    const before = t.store.openSummary();
    await t.actions.mark("disputed", "");
    expect(t.store.state.error).toEqual({ code: "disputed_needs_reason", message: "no reason" });
    expect(t.store.claim(1)?.status).toBe("unsourced");
    expect(t.store.openSummary()).toBe(before);
    expect(t.store.state.history.has(1)).toBe(false);
    fail = false;
    await t.actions.mark("disputed", "because");
    expect(t.store.state.error).toBeNull();
    expect(t.store.claim(1)?.status).toBe("disputed");
    expect(t.names()).toEqual(["markClaim", "markClaim"]);
  });

  it("notes: saved only when changed, in one call; the claim and the history come from the answer", async () => {
    const t = await withOpen({
      setNotes: (id, notes) => claimChange(claim(id, { notes }), { history: [historyEntry("notes_changed", { new: notes })] }),
    });
    expect(await t.actions.saveNotes(1, "")).toBe(false);
    expect(t.calls).toEqual([]);
    expect(await t.actions.saveNotes(1, "call back")).toBe(true);
    await settle();
    expect(t.store.claim(1)?.notes).toBe("call back");
    expect(t.store.state.history.get(1)).toEqual([historyEntry("notes_changed", { new: "call back" })]);
    expect(t.calls).toEqual([{ name: "setNotes", args: [1, "call back"] }]);
    // The same notes again: nothing to save.
    expect(await t.actions.saveNotes(1, "call back")).toBe(false);
    expect(t.names()).toEqual(["setNotes"]);
  });

  it("promote / demote is one call and applies the claim, the counts and the history it returned", async () => {
    const counts = summary(1, { claim_count: 1, counts: { unsourced: 1, verified: 0, disputed: 0 } });
    const history = [historyEntry("checkworthy_changed", { old: "true", new: "false" })];
    const t = await withOpen({
      setCheckworthy: (id, cw) => claimChange(claim(id, { checkworthy: cw }), { document: counts, history }),
    });
    const c = t.store.claim(2);
    if (!c) throw new Error("claim 2");
    await t.actions.toggleCheckworthy(c);
    await settle();
    expect(t.calls).toEqual([{ name: "setCheckworthy", args: [2, false] }]);
    expect(t.store.claim(2)?.checkworthy).toBe(false);
    expect(t.store.openSummary()).toEqual(counts);
    expect(t.store.state.history.get(2)).toEqual(history);
  });

  it("cite is one call and applies the citation, the claim, the counts, the history and the evidence", async () => {
    const shown = { citation: 9, view: evidence(33) };
    const counts = summary(1, { claim_count: 2, counts: { unsourced: 1, verified: 1, disputed: 0 } });
    let progressDuring: string | undefined;
    const t = await withOpen({
      citeSource: (c, url, stance, note) => {
        progressDuring = t.store.state.progress?.text;
        return citationChange(
          [citation(9, c, { url, stance, note: note ?? "", source: source(33) })],
          claimChange(claim(c, { citations: 1 }), { document: counts, history: [historyEntry("citation_added", { new: url })] }),
          shown,
        );
      },
    });
    t.store.setCitationsOf(1, []);
    expect(await t.actions.cite(1, "https://a.example/x", "supports")).toBe(true);
    await settle();
    expect(t.calls).toEqual([{ name: "citeSource", args: [1, "https://a.example/x", "supports", null] }]);
    expect(progressDuring).toBe("Fetching https://a.example/x…");
    expect(t.store.citationsOf(1)?.map((c) => [c.id, c.url])).toEqual([[9, "https://a.example/x"]]);
    expect(t.store.claim(1)?.citations).toBe(1);
    expect(t.store.openSummary()).toEqual(counts);
    expect(t.store.state.history.get(1)).toEqual([historyEntry("citation_added", { new: "https://a.example/x" })]);
    expect(t.store.state.evidence.get(1)).toEqual(shown);
    expect(t.store.state.error).toBeNull();
    expect(t.store.state.progress).toBeNull();
  });

  it("cite keeps a citation whose source could not be archived and says so; a failed cite shows its error", async () => {
    let fail = false;
    const t = await withOpen({
      citeSource: (c, url) => {
        if (fail) throw { code: "unsupported_scheme", message: "ftp" };
        return citationChange([citation(9, c, { url, fetch_error: "timeout" })], claimChange(claim(c, { citations: 1 })), null);
      },
    });
    t.store.setCitationsOf(1, []);
    expect(await t.actions.cite(1, "https://a.example/x", "supports")).toBe(true);
    expect(t.store.citationsOf(1)?.map((c) => c.id)).toEqual([9]);
    expect(t.store.claim(1)?.citations).toBe(1);
    expect(t.store.state.error?.code).toBe("source_failing");
    expect(t.store.state.error?.message).toContain("timeout");
    expect(t.store.state.evidence.has(1)).toBe(false);
    expect(t.store.state.progress).toBeNull();
    fail = true;
    expect(await t.actions.cite(1, "ftp://a.example/x", "supports")).toBe(false);
    expect(t.store.state.error?.code).toBe("unsupported_scheme");
    expect(t.store.state.progress).toBeNull();
    expect(t.store.citationsOf(1)?.map((c) => c.id)).toEqual([9]);
    expect(t.names()).toEqual(["citeSource", "citeSource"]);
  });

  it("remove citation applies the claim change, then reloads the detail in one claimDetail call", async () => {
    const history = [historyEntry("citation_removed", { old: "https://example.org/9" })];
    const t = await withOpen({
      removeCitation: () => claimChange(claim(1, { citations: 1 }), { document: CORE_SUMMARY, history }),
      claimDetail: (id) =>
        detail(claim(id, { citations: 1 }), {
          history,
          citations: [citation(10, id, { source: source(44) })],
          evidence: { citation: 10, view: evidence(44) },
        }),
    });
    t.store.setCitationsOf(1, [citation(9, 1, { source: source(33) }), citation(10, 1, { source: source(44) })]);
    t.store.setEvidence(1, { citation: 9, view: evidence(33) });
    const c = t.store.citationsOf(1)?.[0];
    if (!c) throw new Error("citation");
    await t.actions.removeCitation(c);
    expect(t.calls).toEqual([
      { name: "removeCitation", args: [9, null] },
      { name: "claimDetail", args: [1] },
    ]);
    expect(t.store.citationsOf(1)?.map((x) => x.id)).toEqual([10]);
    expect(t.store.state.citations.has(9)).toBe(false);
    expect(t.store.claim(1)?.citations).toBe(1);
    expect(t.store.openSummary()).toEqual(CORE_SUMMARY);
    expect(t.store.state.history.get(1)).toEqual(history);
    // The evidence was against the removed citation: now it is the one the detail answered with.
    expect(t.store.state.evidence.get(1)).toEqual({ citation: 10, view: evidence(44) });
  });

  it("removing a citation of a claim that is not selected reloads no detail", async () => {
    const t = await withOpen({ removeCitation: () => claimChange(claim(2)) });
    t.store.setCitationsOf(2, [citation(30, 2)]);
    const c = t.store.citationsOf(2)?.[0];
    if (!c) throw new Error("citation");
    await t.actions.removeCitation(c);
    expect(t.calls).toEqual([{ name: "removeCitation", args: [30, null] }]);
    expect(t.store.citationsOf(2)).toEqual([]);
  });

  it("stance and reuse are one call each and apply the CitationChange: citations, claim, history, evidence", async () => {
    const stanceHistory = [historyEntry("stance_changed", { old: "supports", new: "contradicts" })];
    const stanceEvidence = { citation: 9, view: evidence(33, { suggestion: { stance: "contradicts", confidence: 0.7, reasons: [] } }) };
    const reuseEvidence = { citation: 9, view: evidence(33) };
    const reuseHistory = [...stanceHistory, historyEntry("citations_reused", { new: "2" })];
    const t = await withOpen({
      setCitationStance: (id, stance) =>
        citationChange(
          [citation(id, 1, { stance, source: source(33) })],
          claimChange(claim(1, { citations: 1, status: "disputed" }), { history: stanceHistory }),
          stanceEvidence,
        ),
      reuseCitations: (_from, to) =>
        citationChange(
          [citation(20, to), citation(21, to)],
          claimChange(claim(to, { citations: 3, status: "disputed" }), { document: CORE_SUMMARY, history: reuseHistory }),
          reuseEvidence,
        ),
    });
    t.store.setCitationsOf(1, [citation(9, 1, { source: source(33) })]);
    const c = t.store.citationsOf(1)?.[0];
    if (!c) throw new Error("citation");
    await t.actions.setStance(c, "contradicts");
    expect(t.calls).toEqual([{ name: "setCitationStance", args: [9, "contradicts"] }]);
    expect(t.store.citationsOf(1)?.[0]?.stance).toBe("contradicts");
    expect(t.store.claim(1)?.status).toBe("disputed");
    expect(t.store.state.history.get(1)).toEqual(stanceHistory);
    expect(t.store.state.evidence.get(1)).toEqual(stanceEvidence);
    await t.actions.reuseCitations(5, 1);
    await settle();
    expect(t.calls[1]).toEqual({ name: "reuseCitations", args: [5, 1] });
    expect(t.store.citationsOf(1)?.map((x) => x.id)).toEqual([9, 20, 21]);
    expect(t.store.claim(1)?.citations).toBe(3);
    expect(t.store.openSummary()).toEqual(CORE_SUMMARY);
    expect(t.store.state.history.get(1)).toEqual(reuseHistory);
    expect(t.store.state.evidence.get(1)).toEqual(reuseEvidence);
    expect(t.names()).toEqual(["setCitationStance", "reuseCitations"]);
  });

  it("citing a passage is one call; the citation and the evidence come from the answer", async () => {
    const passage = { text: "roads", start: 3, end: 8, score: 0, page: null, lang: null, similarity: null };
    const shown = { citation: 9, view: evidence(33, { passages: [passage] }) };
    const t = await withOpen({
      setCitationPassage: (id, start, end) =>
        citationChange(
          [citation(id, 1, { source: source(33), passage: { ...passage, start, end } })],
          claimChange(claim(1, { citations: 1 }), { history: [historyEntry("passage_cited")] }),
          shown,
        ),
    });
    t.store.setCitationsOf(1, [citation(9, 1, { source: source(33) })]);
    const c = t.store.citationsOf(1)?.[0];
    if (!c) throw new Error("citation");
    expect(await t.actions.setPassage(c, 3, 8)).toBe(true);
    expect(t.calls).toEqual([{ name: "setCitationPassage", args: [9, 3, 8] }]);
    expect(t.store.citationsOf(1)?.[0]?.passage).toEqual(passage);
    expect(t.store.state.evidence.get(1)).toEqual(shown);
    expect(t.store.state.history.get(1)).toEqual([historyEntry("passage_cited")]);
  });

  it("selecting a claim is one claimDetail call and fills the history, citations, evidence and similar claims", async () => {
    const history = [historyEntry("status_changed", { new: "verified" })];
    const cits = [citation(8, 2), citation(9, 2, { source: source(33) })];
    const shown = { citation: 9, view: evidence(33) };
    const sims = [similar(50)];
    const t = await withOpen({
      claimDetail: (id) => detail(claim(id, { citations: 2, status: "verified" }), { history, citations: cits, evidence: shown, similar: sims }),
    });
    t.actions.selectClaim(2);
    await settle();
    expect(t.calls).toEqual([{ name: "claimDetail", args: [2] }]);
    expect(t.store.state.selected).toBe(2);
    expect(t.store.claim(2)?.citations).toBe(2);
    expect(t.store.claim(2)?.status).toBe("verified");
    expect(t.store.state.history.get(2)).toEqual(history);
    expect(t.store.citationsOf(2)).toEqual(cits);
    expect(t.store.state.evidence.get(2)).toEqual(shown);
    expect(t.store.state.similar.get(2)).toEqual(sims);
    // j / k load the detail the same way: one call per move.
    t.actions.moveSelection(-1);
    await settle();
    expect(t.calls.slice(1)).toEqual([{ name: "claimDetail", args: [1] }]);
    expect(t.store.state.selected).toBe(1);
  });

  it("a detail with no evidence clears the evidence shown before; a failed detail shows its error", async () => {
    let fail = false;
    const t = await withOpen({
      claimDetail: (id) => {
        if (fail) throw { code: "not_found", message: "gone" };
        return detail(claim(id));
      },
    });
    t.store.setEvidence(2, { citation: 9, view: evidence(33) });
    t.actions.selectClaim(2);
    await settle();
    expect(t.store.state.evidence.has(2)).toBe(false);
    expect(t.store.citationsOf(2)).toEqual([]);
    fail = true;
    t.actions.selectClaim(1);
    await settle();
    expect(t.store.state.error?.code).toBe("not_found");
    expect(t.names()).toEqual(["claimDetail", "claimDetail"]);
  });

  it("showing the evidence against another citation is one claimEvidence call for its snapshot", async () => {
    const view = evidence(33);
    const t = await withOpen({ claimEvidence: () => view });
    await t.actions.loadEvidence(2, citation(8, 2));
    expect(t.calls).toEqual([]);
    await t.actions.loadEvidence(2, citation(9, 2, { source: source(33) }));
    expect(t.calls).toEqual([{ name: "claimEvidence", args: [2, 33] }]);
    expect(t.store.state.evidence.get(2)).toEqual({ citation: 9, view });
  });

  it("m (mark reviewed) clears a stale claim's flag in one clearStale call; a claim that is not stale is left alone", async () => {
    const history = [historyEntry("stale_cleared", { old: "The old wording." })];
    const t = await withOpen(
      { clearStale: (id) => claimChange(claim(id, { stale: false }), { document: CORE_SUMMARY, history }) },
      [claim(1, { stale: true }), claim(2)],
    );
    expect(t.store.claim(1)?.stale).toBe(true);
    await t.actions.markReviewed();
    await settle();
    expect(t.calls).toEqual([{ name: "clearStale", args: [1] }]);
    expect(t.store.claim(1)?.stale).toBe(false);
    expect(t.store.state.history.get(1)).toEqual(history);
    expect(t.store.openSummary()).toEqual(CORE_SUMMARY);
    // Again: the claim is no longer stale, so nothing is sent.
    await t.actions.markReviewed();
    expect(t.names()).toEqual(["clearStale"]);
    t.actions.selectClaim(2);
    await settle();
    t.calls.length = 0;
    await t.actions.markReviewed();
    expect(t.calls).toEqual([]);
    expect(t.store.claim(2)?.stale).toBe(false);
  });

  it("mark reviewed that fails shows the error and keeps the flag", async () => {
    const t = await withOpen(
      {
        clearStale: () => {
          throw { code: "not_found", message: "gone" };
        },
      },
      [claim(1, { stale: true })],
    );
    await t.actions.markReviewed();
    expect(t.store.state.error?.code).toBe("not_found");
    expect(t.store.claim(1)?.stale).toBe(true);
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
      { text: "", status: null, kind: "", stale: false, unnamed: false, opinion: false, all_sentences: true, assignee: null },
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

describe("progress of a source's background embedding", () => {
  it("counts sentences, not bytes, and ends with the job", () => {
    const store = new Store();
    onProgress(store, { job: 7, url: "https://example.org/a", stage: "embedding", received: 64, total: 120, message: null });
    expect(store.state.progress?.text).toBe("embedding 64 sentences of 120 — https://example.org/a");
    expect(store.state.runningJob).toBe(7);
    onProgress(store, { job: 7, url: "https://example.org/a", stage: "done", received: 120, total: 120, message: null });
    expect(store.state.runningJob).toBeNull();
  });
});
