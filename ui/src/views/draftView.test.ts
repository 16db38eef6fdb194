import { describe, expect, it } from "vitest";
import { DraftView } from "./draftView";
import type { ClaimView } from "../api";

function claim(id: number, start: number, end: number, over: Partial<ClaimView> = {}): ClaimView {
  return {
    id, document: 1, text: "", start, end, status: "unsourced", status_reason: null, stale: false, orphan: false,
    checkworthy: true, score: 0.9, kinds: [], quotes: [], unnamed_source: false, opinion: false, citations: 0,
    notes: "", assignee: null, proposed_citations: [], ...over,
  };
}

describe("DraftView", () => {
  const text = "One 2023 claim. A plain sentence. Another claim “quoted” here.";
  const claims = [
    claim(1, 0, 15, { status: "verified" }),
    claim(2, 16, 33, { checkworthy: false }),
    claim(3, 34, text.length, { stale: true }),
    claim(4, 0, 0, { orphan: true, text: "A removed claim." }),
  ];

  it("keeps the text whole and marks claims by status, with stale and orphans flagged", () => {
    const v = new DraftView(() => undefined);
    v.render(text, claims);
    expect(v.element.textContent?.startsWith(text)).toBe(true);
    expect(v.element.querySelector('[data-claim-id="1"]')?.className).toContain("status-verified");
    expect(v.element.querySelector('[data-claim-id="2"]')?.className).toBe("draft-sentence");
    expect(v.element.querySelector('[data-claim-id="3"]')?.className).toContain("draft-stale");
    expect(v.element.querySelector('[data-claim-id="4"]')?.textContent).toBe("A removed claim.");
  });

  it("updates one claim in place", () => {
    const v = new DraftView(() => undefined);
    v.render(text, claims);
    v.update(claim(1, 0, 15, { status: "disputed" }));
    expect(v.element.querySelector('[data-claim-id="1"]')?.className).toContain("status-disputed");
    expect(v.element.textContent?.startsWith(text)).toBe(true);
  });

  it("reports clicks as claim selections", () => {
    let picked = 0;
    const v = new DraftView((id) => (picked = id));
    v.render(text, claims);
    (v.element.querySelector('[data-claim-id="3"]') as HTMLElement).click();
    expect(picked).toBe(3);
  });
});
