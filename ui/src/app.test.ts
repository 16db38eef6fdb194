// The workbench in happy-dom with a fake transport, driven by keys as the real-window e2e tests drive it: which
// element each shortcut focuses, and what the DOM shows (ids, classes, data attributes) after each step.
import { afterEach, describe, expect, it } from "vitest";
import { Workbench } from "./app";
import type { ClaimStatus } from "./api";
import { citation, claim, docView, fakeApi, pagingAnswers } from "./test/fixtures";

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

async function open(extra: Parameters<typeof fakeApi>[0] = {}) {
  let current = claims();
  const history: Record<number, { action: string }[]> = {};
  const fake = fakeApi({
    workspaceInfo: { dir: "/ws", editor: "e2e-editor" },
    listDocuments: () => [docView(1, current, { title: "Council budget story" }).document],
    openDocument: () => docView(1, current, { title: "Council budget story" }),
    claimHistory: (id: number) =>
      (history[id] ?? []).map((h) => ({ at: "now", editor: "e2e-editor", action: h.action, old: null, new: null, reason: null })),
    listCitations: () => [],
    similarClaims: () => [],
    ...pagingAnswers(() => current),
    markClaim: (id: number, status: ClaimStatus, reason: string | null) => {
      current = current.map((c) => (c.id === id ? { ...c, status, status_reason: reason } : c));
      (history[id] ??= []).push({ action: "status_changed" });
      return current.find((c) => c.id === id);
    },
    setNotes: (id: number, notes: string) => {
      current = current.map((c) => (c.id === id ? { ...c, notes } : c));
      (history[id] ??= []).push({ action: "notes_changed" });
      return current.find((c) => c.id === id);
    },
    ...extra,
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
      workspaceInfo: { dir: "/ws", editor: "e" },
      listDocuments: () => [docView(1, many).document],
      openDocument: () => docView(1, many),
      claimHistory: () => [],
      listCitations: () => [],
      similarClaims: () => [],
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
  it("shows the documents, the claims and the first claim's detail", async () => {
    await open();
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
    press("j");
    expect($(".claim-row.selected")?.dataset.claimId).toBe("12");
    press("d");
    expect(focused()).toBe("reason");
    const reason = $<HTMLTextAreaElement>("#reason");
    if (!reason) throw new Error("reason");
    expect(reason.placeholder).toBe("Reason, then Enter to mark disputed");
    reason.value = "State data show 4.3 percent";
    // Typing into the field is not a shortcut.
    expect(press("v").defaultPrevented).toBe(false);
    press("Enter");
    await settle();
    expect(fake.calls.find((c) => c.name === "markClaim")?.args).toEqual([12, "disputed", "State data show 4.3 percent"]);
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
    press("Enter");
    await settle();
    expect(fake.calls.find((c) => c.name === "markClaim")?.args).toEqual([11, "verified", null]);
    expect($(".claim-row.selected")?.dataset.status).toBe("verified");
  });

  it("N focuses the notes; Ctrl+Enter saves them, says so and the history shows it", async () => {
    const fake = await open();
    press("N");
    expect(focused()).toBe("notes");
    const notes = $<HTMLTextAreaElement>("#notes");
    if (!notes) throw new Error("notes");
    notes.value = "Ask the controller";
    expect(press("Enter", { ctrlKey: true }).defaultPrevented).toBe(true);
    await settle();
    expect(fake.calls.find((c) => c.name === "setNotes")?.args).toEqual([11, "Ask the controller"]);
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
    press("n");
    expect($<HTMLDialogElement>("#paste-dialog")?.open).toBe(false);
  });

  it("c focuses the cite field; a cites the draft's own link; s reads the first archived source", async () => {
    const source = { snapshot: 5, title: "Budget report", publisher: "City", authors: [], published: null, archived_at: "now", sha256: "ab".repeat(32), final_url: "", content_type: null, has_text: true };
    let cited = false;
    const fake = await open({
      citeSource: (claimId: number, url: string) => {
        cited = true;
        return citation(70, claimId, { url, source });
      },
      getClaim: (id: number) => ({ ...claims()[0], id, citations: 1 }),
      listCitations: (id: number) => (cited ? [citation(70, id, { url: "https://city.example/report", source })] : []),
      claimEvidence: () => ({
        schema_version: 1,
        snapshot: 5,
        quotes: [],
        numbers: { matched: [], conflicting: [], claim_only: [] },
        passages: [{ start: 0, end: 4, text: "$4.2 million on road repairs", score: 0.9 }],
        suggestion: { stance: "supports", confidence: 0.8, reasons: [] },
      }),
      getSnapshot: () => ({ summary: source, url: "https://city.example/report", redirect_chain: [], status: 200, text: "Some text", versions: [5] }),
    });
    press("c");
    expect(focused()).toBe("cite-url");
    press("Escape");
    expect($(".proposed-citation")?.textContent).toContain("https://city.example/report");
    press("a");
    await settle();
    expect(fake.calls.find((c) => c.name === "citeSource")?.args).toEqual([11, "https://city.example/report", "supports", null]);
    expect($("#citations .citation[data-citation-id] .citation-title")?.textContent).toBe("Budget report");
    expect($<HTMLElement>(".proposed-citation")?.hidden).toBe(true);
    expect($("#suggestion")?.textContent).toContain("supports");
    expect(document.querySelectorAll("#evidence .passage")).toHaveLength(1);
    press("s");
    await settle();
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
    const fake = await open({ setCheckworthy: (id: number, cw: boolean) => ({ ...claims()[2], id, checkworthy: cw }) });
    press("t");
    await settle();
    $<HTMLElement>("#draft-view .draft-sentence")?.click();
    expect($<HTMLInputElement>("#f-all")?.checked).toBe(true);
    await settle();
    expect(document.querySelectorAll(".claim-row")).toHaveLength(4);
    expect($(".claim-row.selected")?.dataset.claimId).toBe("13");
    expect($("#toggle-claim")?.textContent).toBe("Treat as a claim (promote)");
    press("p");
    await settle();
    expect(fake.calls.find((c) => c.name === "setCheckworthy")?.args).toEqual([13, true]);
    expect($("#toggle-claim")?.textContent).toBe("Not a claim (demote)");
    expect($("#draft-view [data-claim-id='13']")?.className).toContain("draft-claim");
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
