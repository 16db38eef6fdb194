// The workbench in happy-dom with a fake transport, driven by keys as the real-window e2e tests drive it: which
// element each shortcut focuses, and what the DOM shows (ids, classes, data attributes) after each step.
import { afterEach, describe, expect, it } from "vitest";
import { Workbench } from "./app";
import type { ClaimChange, ClaimDetail, ClaimView, HistoryEntry } from "./api";
import {
  citation,
  citationChange,
  claim,
  claimChange,
  detail,
  docView,
  evidence,
  fakeApi,
  pagingAnswers,
  historyEntry,
  source,
  type Answers,
  workspaceInfo,
} from "./test/fixtures";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

let bench: Workbench | null = null;
afterEach(() => {
  bench?.dispose();
  bench = null;
  document.body.textContent = "";
});

/** A key pressed on the real keyboard: it goes to the focused element. */
function press(k: string, over: KeyboardEventInit = {}): KeyboardEvent {
  const target = document.activeElement ?? document.body;
  const e = new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...over });
  target.dispatchEvent(e);
  return e;
}

const focused = () => {
  const a = document.activeElement;
  return a ? a.id || a.tagName.toLowerCase() : "";
};
const $ = <E extends Element = HTMLElement>(sel: string) => document.querySelector<E>(sel);

/** The sentences, placed one after the other in the draft's text (`docView` joins them with a space). */
function claims() {
  let at = 0;
  return [
    claim(11, { text: "The city spent $4.2 million.", proposed_citations: [{ url: "https://city.example/report", text: "report" }] }),
    claim(12, { text: "Unemployment fell to 3.9 percent." }),
    claim(13, { text: "Many residents think so.", checkworthy: false }),
    claim(14, { text: "The council voted 7-2." }),
  ].map((c) => {
    const placed = { ...c, start: at, end: at + c.text.length };
    at = placed.end + 1;
    return placed;
  });
}

/**
 * The core as the fake transport plays it: the claims change as the commands ask, each change is recorded in the
 * claim's history, and every mutation answers as the real one does (the claim, its document as listed with the
 * counts after the change, the claim's whole history).
 */
function core(initial: ClaimView[]) {
  let current = initial;
  const history = new Map<number, HistoryEntry[]>();
  const get = (id: number): ClaimView => {
    const c = current.find((x) => x.id === id);
    if (!c) throw { code: "not_found", message: `No claim ${id}` };
    return c;
  };
  const document = () => docView(1, current, { title: "Council budget story" });
  const historyOf = (id: number) => [...(history.get(id) ?? [])];
  return {
    get,
    all: () => current,
    document,
    /** Changes a claim, records `action` in its history and answers with the ClaimChange. */
    change(id: number, patch: Partial<ClaimView>, action: string, over: Partial<HistoryEntry> = {}): ClaimChange {
      get(id);
      current = current.map((c) => (c.id === id ? { ...c, ...patch } : c));
      history.set(id, [...historyOf(id), historyEntry(action, { editor: "e2e-editor", ...over })]);
      return claimChange(get(id), { document: document().document, history: historyOf(id) });
    },
    detail: (id: number, over: Partial<Omit<ClaimDetail, "claim">> = {}) => detail(get(id), { history: historyOf(id), ...over }),
  };
}
type Core = ReturnType<typeof core>;

async function open(extra: Answers | ((w: Core) => Answers) = {}, initial: ClaimView[] = claims()) {
  const w = core(initial);
  const fake = fakeApi({
    workspaceInfo: workspaceInfo({ editor: "e2e-editor" }),
    listDocuments: () => [w.document().document],
    openDocument: () => w.document(),
    claimDetail: (id) => w.detail(id),
    ...pagingAnswers(() => w.all()),
    markClaim: (id, status, reason) => w.change(id, { status, status_reason: reason }, "status_changed", { new: status, reason }),
    setNotes: (id, notes) => w.change(id, { notes }, "notes_changed", { new: notes }),
    setCheckworthy: (id, cw) => w.change(id, { checkworthy: cw }, cw ? "promoted" : "demoted"),
    clearStale: (id) => w.change(id, { stale: false }, "stale_cleared"),
    ...(typeof extra === "function" ? extra(w) : extra),
  });
  const root = document.createElement("div");
  root.id = "app";
  document.body.append(root);
  bench = new Workbench(root, fake.api);
  await bench.start();
  await settle();
  return fake;
}

describe("the claims list in pages", () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function openMany(n: number) {
    const many = Array.from({ length: n }, (_, i) => claim(i + 1, { text: `Sentence ${i + 1} says 3.${i} percent.` }));
    const fake = fakeApi({
      workspaceInfo: workspaceInfo({ editor: "e" }),
      listDocuments: () => [docView(1, many).document],
      openDocument: () => docView(1, many),
      claimDetail: (id) => detail(many[id - 1] ?? claim(id)),
      ...pagingAnswers(() => many),
    });
    const root = document.createElement("div");
    root.id = "app";
    document.body.append(root);
    bench = new Workbench(root, fake.api);
    await bench.start();
    await settle();
    return fake;
  }

  const byId = (fake: Awaited<ReturnType<typeof openMany>>) => fake.calls.filter((c) => c.name === "claimsById");

  it("opens with the first page only; scrolling asks for the page in view once it pauses, then draws its rows", async () => {
    const fake = await openMany(1000);
    expect(fake.names()).not.toContain("claimsPage");
    expect(byId(fake)).toHaveLength(0);
    expect($(".counts")?.textContent).toContain("1000 claims: 1000 unsourced, 0 verified, 0 disputed (showing 1000)");
    const list = $<HTMLElement>("#claim-list");
    if (!list) throw new Error("claim-list");
    // A fling: three scroll positions in a row, one request for where it stops (rows 500-530: page 2).
    for (const row of [250, 400, 500]) {
      list.scrollTop = row * 64;
      list.dispatchEvent(new Event("scroll"));
      await wait(20);
    }
    expect(document.querySelector(".claim-row-loading")).not.toBeNull();
    expect(byId(fake)).toHaveLength(0);
    await wait(120);
    await settle();
    expect(byId(fake)).toHaveLength(1);
    expect(byId(fake)[0]?.args).toEqual([1, Array.from({ length: 200 }, (_, i) => 401 + i)]);
    expect(document.querySelector(".claim-row-loading")).toBeNull();
    expect($(".claim-row[data-claim-id='501']")?.textContent).toContain("Sentence 501");
  });

  it("j at the end of the first page selects the next row and fetches its page", async () => {
    const fake = await openMany(450);
    for (let i = 0; i < 200; i++) press("j");
    await settle();
    expect($(".claim-row.selected")?.dataset.claimId).toBe("201");
    expect($("#detail .detail-text")?.textContent).toBe("Sentence 201 says 3.200 percent.");
    expect(byId(fake)[0]?.args).toEqual([1, Array.from({ length: 200 }, (_, i) => 201 + i)]);
    press("k");
    expect($(".claim-row.selected")?.dataset.claimId).toBe("200");
    await wait(120);
    expect(byId(fake)).toHaveLength(1);
  });
});

describe("the workbench by keyboard", () => {
  it("shows the documents, the claims and the first claim's detail (loaded in one call)", async () => {
    const fake = await open();
    // Then the team state, once (a workspace that works alone: no sync follows).
    expect(fake.names()).toEqual([
      "onProgress", "onFileDrop", "workspaceInfo", "listDocuments", "openDocument", "claimDetail", "teamStatus", "syncConflicts",
    ]);
    expect(fake.calls.find((c) => c.name === "claimDetail")?.args).toEqual([11]);
    expect($(".doc-item[aria-selected=true] .doc-title")?.textContent).toBe("Council budget story");
    expect(document.querySelectorAll(".claim-row")).toHaveLength(3);
    expect($(".claim-row.selected")?.dataset.claimId).toBe("11");
    expect($("#detail .detail-text")?.textContent).toBe("The city spent $4.2 million.");
    expect($(".counts")?.textContent).toContain("Council budget story");
    expect($(".statusbar")?.textContent).toBe("Workspace: /ws · Editor: e2e-editor");
    expect($("#evidence")?.textContent).toBe("Cite a source to see the evidence.");
    expect($("#citations")?.textContent).toBe("No citations yet.");
    expect($(".history")?.textContent).toBe("No changes yet.");
  });

  it("j, then d with no reason focuses the reason; Enter there disputes the claim", async () => {
    const fake = await open();
    fake.calls.length = 0;
    press("j");
    expect($(".claim-row.selected")?.dataset.claimId).toBe("12");
    await settle();
    expect(fake.calls).toEqual([{ name: "claimDetail", args: [12] }]);
    press("d");
    expect(focused()).toBe("reason");
    const reason = $<HTMLTextAreaElement>("#reason");
    if (!reason) throw new Error("reason");
    expect(reason.placeholder).toBe("Reason, then Enter to mark disputed");
    reason.value = "State data show 4.3 percent";
    // Typing into the field is not a shortcut.
    expect(press("v").defaultPrevented).toBe(false);
    fake.calls.length = 0;
    press("Enter");
    await settle();
    // One call: the answer has the claim, the document's counts and the history.
    expect(fake.calls).toEqual([{ name: "markClaim", args: [12, "disputed", "State data show 4.3 percent"] }]);
    expect($(".claim-row[data-claim-id='12'][data-status=disputed] .claim-reason")?.textContent).toBe("State data show 4.3 percent");
    expect($(".history")?.textContent).toContain("status changed");
    expect($(".doc-item .doc-counts")?.textContent).toContain("1 disputed");
  });

  it("Esc leaves a field so the next key is a shortcut; V asks for a reason first", async () => {
    const fake = await open();
    press("/");
    expect(focused()).toBe("claim-search");
    press("Escape");
    expect(focused()).not.toBe("claim-search");
    press("V");
    expect(focused()).toBe("reason");
    fake.calls.length = 0;
    press("Enter");
    await settle();
    expect(fake.calls).toEqual([{ name: "markClaim", args: [11, "verified", null] }]);
    expect($(".claim-row.selected")?.dataset.status).toBe("verified");
    expect($("#detail .detail-status .badge")?.textContent).toContain("Verified");
    expect($(".doc-item .doc-counts")?.textContent).toContain("1 verified");
  });

  it("N focuses the notes; Ctrl+Enter saves them, says so and the history shows it", async () => {
    const fake = await open();
    press("N");
    expect(focused()).toBe("notes");
    const notes = $<HTMLTextAreaElement>("#notes");
    if (!notes) throw new Error("notes");
    notes.value = "Ask the controller";
    fake.calls.length = 0;
    expect(press("Enter", { ctrlKey: true }).defaultPrevented).toBe(true);
    await settle();
    // One call: the history comes with the answer.
    expect(fake.calls).toEqual([{ name: "setNotes", args: [11, "Ask the controller"] }]);
    expect($("#notes-status")?.textContent).toBe("Notes saved");
    expect($(".history")?.textContent).toContain("notes changed");
    // The detail was not rebuilt: the field keeps the focus.
    expect(focused()).toBe("notes");
  });

  it("n, e, r open their dialogs with the right field focused; ? opens the shortcuts; no shortcut while one is open", async () => {
    await open();
    press("n");
    expect($<HTMLDialogElement>("#paste-dialog")?.open).toBe(true);
    expect(focused()).toBe("paste-text");
    $<HTMLDialogElement>("#paste-dialog")?.close();
    (document.activeElement as HTMLElement | null)?.blur();
    press("e");
    expect($<HTMLDialogElement>("#export-dialog")?.open).toBe(true);
    expect(focused()).toBe("export-format");
    $<HTMLDialogElement>("#export-dialog")?.close();
    (document.activeElement as HTMLElement | null)?.blur();
    press("r");
    expect($<HTMLDialogElement>("#revise-dialog")?.open).toBe(true);
    expect(focused()).toBe("revise-text");
    $<HTMLDialogElement>("#revise-dialog")?.close();
    (document.activeElement as HTMLElement | null)?.blur();
    press("?");
    expect($<HTMLDialogElement>("#help-dialog")?.open).toBe(true);
    // The help also says which build this is and where its data lives (About).
    expect($("#about-version")?.textContent).toBe("0.1.0");
    expect($("#about-commit")?.textContent).toBe("0123456789ab");
    expect($("#about-data-dir")?.textContent).toBe("/home/ed/.local/share/claimdesk");
    expect($("#about-workspace")?.textContent).toBe("/ws");
    press("n");
    expect($<HTMLDialogElement>("#paste-dialog")?.open).toBe(false);
  });

  it("c focuses the cite field; a cites the draft's own link; s reads the first archived source", async () => {
    const archived = source(5, { title: "Budget report", publisher: "City" });
    const view = evidence(5, { passages: [{ start: 0, end: 4, text: "$4.2 million on road repairs", score: 0.9, page: null, lang: "en", similarity: null }] });
    const fake = await open((w) => ({
      citeSource: (claimId, url, stance, note) =>
        citationChange(
          [citation(70, claimId, { url, stance, note: note ?? "", source: archived })],
          w.change(claimId, { citations: 1 }, "citation_added", { new: url }),
          { citation: 70, view },
        ),
      getSnapshot: () => ({ summary: archived, url: "https://city.example/report", redirect_chain: [], status: 200, text: "Some text", versions: [5], page_starts: [] }),
    }));
    press("c");
    expect(focused()).toBe("cite-url");
    press("Escape");
    expect($(".proposed-citation")?.textContent).toContain("https://city.example/report");
    fake.calls.length = 0;
    press("a");
    await settle();
    // One call (the progress comes as events): the citation, the claim, its counts and the evidence come with it.
    expect(fake.calls).toEqual([{ name: "citeSource", args: [11, "https://city.example/report", "supports", null] }]);
    expect($("#citations .citation[data-citation-id] .citation-title")?.textContent).toBe("Budget report");
    expect($<HTMLElement>(".proposed-citation")?.hidden).toBe(true);
    expect($("#suggestion")?.textContent).toContain("supports");
    expect(document.querySelectorAll("#evidence .passage")).toHaveLength(1);
    expect($("#evidence")?.textContent).toContain("$4.2 million on road repairs");
    expect($(".history")?.textContent).toContain("citation added");
    expect($("#detail .facts")?.textContent).toContain("Citations1");
    expect($<HTMLElement>("#progress")?.hidden).toBe(true);
    press("s");
    await settle();
    expect(fake.calls.at(-1)).toEqual({ name: "getSnapshot", args: [5] });
    expect($<HTMLDialogElement>("#reader-dialog")?.open).toBe(true);
    expect($("#reader-dialog #reader-text")?.textContent).toBe("Some text");
  });

  it("t shows the draft with its claims marked, and back", async () => {
    await open();
    press("t");
    await settle();
    expect($<HTMLElement>("#draft-view")?.hidden).toBe(false);
    expect($<HTMLElement>("#claim-list")?.hidden).toBe(true);
    expect($("#toggle-draft")?.textContent).toBe("Claim list");
    expect($("#draft-view .draft-sentence")?.getAttribute("title")).toBe("Not a claim (select, then p to promote)");
    expect($("#draft-view .draft-selected")?.getAttribute("data-claim-id")).toBe("11");
    press("t");
    expect($<HTMLElement>("#draft-view")?.hidden).toBe(true);
    expect($("#toggle-draft")?.textContent).toBe("Draft view");
  });

  it("a bad paste shows the error's code in the banner and keeps the dialog open", async () => {
    await open({
      pasteDraft: () => {
        throw { code: "empty", message: "empty" };
      },
    });
    press("n");
    const text = $<HTMLTextAreaElement>("#paste-text");
    if (!text) throw new Error("paste-text");
    text.value = "   ";
    press("Enter", { ctrlKey: true });
    await settle();
    expect($("#error-banner:not([hidden])")?.dataset.code).toBe("empty");
    expect($("#error-banner")?.textContent).toContain("The draft is empty");
    expect($<HTMLDialogElement>("#paste-dialog")?.open).toBe(true);
  });

  it("r, the revised text, Ctrl+Enter: the dialog closes and the footer says what happened in words", async () => {
    const fake = await open({
      reviseDraft: () => ({ document: 1, version: 2, kept: [11, 12], moved: [], stale: [14], orphaned: [], created: [15] }),
    });
    press("r");
    const text = $<HTMLTextAreaElement>("#revise-text");
    if (!text) throw new Error("revise-text");
    text.value = "The revised draft.";
    press("Enter", { ctrlKey: true });
    await settle();
    expect(fake.calls.find((c) => c.name === "reviseDraft")?.args).toEqual([1, "The revised draft."]);
    expect($<HTMLDialogElement>("#revise-dialog")?.open).toBe(false);
    expect(text.value).toBe("");
    expect($(".statusbar")?.textContent).toBe(
      "Revised draft imported. Version 2: 2 claims kept, 0 moved, 1 marked stale, 0 orphaned, 1 new.",
    );
  });

  it("clicking a plain sentence in the draft view shows all sentences and selects it; p promotes it", async () => {
    const fake = await open();
    press("t");
    await settle();
    $<HTMLElement>("#draft-view .draft-sentence")?.click();
    expect($<HTMLInputElement>("#f-all")?.checked).toBe(true);
    await settle();
    expect(document.querySelectorAll(".claim-row")).toHaveLength(4);
    expect($(".claim-row.selected")?.dataset.claimId).toBe("13");
    expect($("#toggle-claim")?.textContent).toBe("Treat as a claim (promote)");
    expect($(".doc-item .doc-counts")?.textContent).toContain("3 claims");
    await settle();
    fake.calls.length = 0;
    press("p");
    await settle();
    expect(fake.calls).toEqual([{ name: "setCheckworthy", args: [13, true] }]);
    expect($("#toggle-claim")?.textContent).toBe("Not a claim (demote)");
    // The counts are the ones the command answered with.
    expect($(".doc-item .doc-counts")?.textContent).toContain("4 claims");
    expect($(".history")?.textContent).toContain("promoted");
    expect($("#draft-view [data-claim-id='13']")?.className).toContain("draft-claim");
  });

  it("m marks a stale claim reviewed in one call: the flag leaves the row and the detail; a claim not stale is left alone", async () => {
    const initial = claims().map((c) => (c.id === 12 || c.id === 14 ? { ...c, stale: true } : c));
    const fake = await open({}, initial);
    // Claim 11 is not stale: no button, and m does nothing.
    expect($("#mark-reviewed")).toBeNull();
    fake.calls.length = 0;
    press("m");
    await settle();
    expect(fake.calls).toEqual([]);
    press("j");
    await settle();
    expect($(".claim-row.selected")?.dataset.claimId).toBe("12");
    expect($(".claim-row[data-claim-id='12'] .flag-stale")).not.toBeNull();
    expect($("#detail .facts")?.textContent).toContain("Stale");
    const button = $("#mark-reviewed");
    expect(button?.getAttribute("aria-keyshortcuts")).toBe("m");
    expect(button?.title).toContain("(m)");
    fake.calls.length = 0;
    expect(press("m").defaultPrevented).toBe(true);
    await settle();
    expect(fake.calls).toEqual([{ name: "clearStale", args: [12] }]);
    expect($(".claim-row[data-claim-id='12'] .flag-stale")).toBeNull();
    expect($("#mark-reviewed")).toBeNull();
    expect($("#detail .facts")?.textContent).not.toContain("Stale");
    expect($(".history")?.textContent).toContain("stale cleared");
    // Again on the same claim: it is no longer stale, nothing is sent.
    press("m");
    await settle();
    expect(fake.calls).toHaveLength(1);
    // The button does the same as the key.
    press("j");
    await settle();
    expect($(".claim-row.selected")?.dataset.claimId).toBe("14");
    fake.calls.length = 0;
    $<HTMLButtonElement>("#mark-reviewed")?.click();
    await settle();
    expect(fake.calls).toEqual([{ name: "clearStale", args: [14] }]);
    expect($(".claim-row[data-claim-id='14'] .flag-stale")).toBeNull();
    expect($("#mark-reviewed")).toBeNull();
  });

  it("a filter that hides the selected claim clears the selection; Enter on a document opens it", async () => {
    const fake = await open();
    const status = $<HTMLSelectElement>("#status-filter");
    if (!status) throw new Error("status-filter");
    status.value = "disputed";
    status.dispatchEvent(new Event("change"));
    await settle();
    expect(document.querySelectorAll(".claim-row")).toHaveLength(0);
    expect($("#detail .empty")?.textContent).toBe("Select a claim (j / k).");
    expect($(".counts")?.textContent).toContain("(showing 0)");
    const item = $<HTMLElement>(".doc-item");
    item?.focus();
    fake.calls.length = 0;
    expect(press("Enter").defaultPrevented).toBe(true);
    await settle();
    expect(fake.names()[0]).toBe("openDocument");
  });
});
