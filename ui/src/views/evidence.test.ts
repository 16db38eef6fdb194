import { describe, expect, it } from "vitest";
import { citation, evidence, source } from "../test/fixtures";
import { evidenceView } from "./evidence";

const render = (ev: ReturnType<typeof evidence>) => {
  const root = document.createElement("div");
  root.append(...evidenceView(ev, citation(1, 1, { source: source(5) }), () => {}, () => {}));
  return root;
};

describe("evidenceView with meaning-aware matching", () => {
  it("shows a translated quote as a translation with its similarity and the source's wording, never as verbatim", () => {
    const root = render(
      evidence(5, {
        quotes: [
          {
            quote: "we do not need foreign troops",
            match: "translated",
            distance: null,
            source_text: "No necesitamos tropas extranjeras",
            start: 0,
            end: 33,
            similarity: 0.871,
            page: null,
          },
        ],
        passages: [{ start: 0, end: 33, text: "No necesitamos tropas extranjeras", score: 1.4, page: null, lang: "es", similarity: 0.812 }],
        semantic: { on: true, reason: null },
      }),
    );
    const q = root.querySelector(".quote-translated");
    expect(q?.textContent).toContain("translated, not verbatim (similarity 87%)");
    expect(q?.textContent).not.toContain("found verbatim");
    expect(q?.querySelector(".source-wording")?.textContent).toBe("Source says: “No necesitamos tropas extranjeras”");
    expect(root.querySelector(".passage-meta")?.textContent).toBe("(es, similarity 81%) ");
    expect(root.querySelector(".semantic-off")).toBeNull();
  });

  it("says that meaning-aware matching is off, and why", () => {
    const root = render(evidence(5, { semantic: { on: false, reason: "no sentence-encoder model found" } }));
    expect(root.querySelector(".semantic-off")?.textContent).toBe(
      "Meaning-aware matching is off: no sentence-encoder model found.",
    );
    // Lexical passages show their language only.
    expect(root.querySelector(".passage-meta")?.textContent).toBe("(en) ");
  });
});
