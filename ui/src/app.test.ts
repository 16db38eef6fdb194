import { describe, expect, it } from "vitest";
import { filterClaims, submitOnCtrlEnter, type Filters } from "./app";
import type { ClaimView } from "./api";

function claim(id: number, over: Partial<ClaimView> = {}): ClaimView {
  return {
    id,
    document: 1,
    text: `Claim number ${id}`,
    start: 0,
    end: 10,
    status: "unsourced",
    status_reason: null,
    stale: false,
    orphan: false,
    checkworthy: true,
    score: 0.8,
    kinds: [],
    quotes: [],
    unnamed_source: false,
    opinion: false,
    citations: 0,
    notes: "",
    proposed_citations: [],
    ...over,
  };
}

const none: Filters = {
  status: "all",
  allSentences: false,
  stale: false,
  unnamed: false,
  opinion: false,
  kind: "",
  query: "",
};

describe("filterClaims", () => {
  const claims = [
    claim(1),
    claim(2, { status: "disputed", kinds: ["statistic"] }),
    claim(3, { checkworthy: false, text: "Plain sentence" }),
    claim(4, { stale: true, unnamed_source: true, text: "Officials said the plant closed" }),
    claim(5, { orphan: true, opinion: true }),
  ];
  const ids = (f: Partial<Filters>) => filterClaims(claims, { ...none, ...f }).map((c) => c.id);

  it("hides plain sentences unless asked", () => {
    expect(ids({})).toEqual([1, 2, 4, 5]);
    expect(ids({ allSentences: true })).toEqual([1, 2, 3, 4, 5]);
  });
  it("filters by status and kind", () => {
    expect(ids({ status: "disputed" })).toEqual([2]);
    expect(ids({ kind: "statistic" })).toEqual([2]);
  });
  it("stale filter includes orphans", () => {
    expect(ids({ stale: true })).toEqual([4, 5]);
  });
  it("flags and text search combine", () => {
    expect(ids({ unnamed: true })).toEqual([4]);
    expect(ids({ opinion: true })).toEqual([5]);
    expect(ids({ query: "OFFICIALS" })).toEqual([4]);
    expect(ids({ query: "officials", status: "verified" })).toEqual([]);
  });
});

describe("submitOnCtrlEnter", () => {
  it("submits the dialog's form on Ctrl+Enter and leaves Enter alone", () => {
    const dialog = document.createElement("dialog");
    const form = document.createElement("form");
    const text = document.createElement("textarea");
    form.append(text);
    dialog.append(form);
    document.body.append(dialog);
    let submitted = 0;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submitted += 1;
    });
    submitOnCtrlEnter(dialog);
    text.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(submitted).toBe(0);
    text.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }));
    expect(submitted).toBe(1);
    dialog.remove();
  });
});
