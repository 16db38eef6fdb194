import { describe, expect, it } from "vitest";
import { citation, evidence, factcheck, source } from "../test/fixtures";
import { evidenceView, factcheckView } from "./evidence";

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

describe("factcheckView (prior published fact-checks)", () => {
  it("shows rating, publisher, date, link and the similarity, and a script in a claim as text", () => {
    const root = document.createElement("div");
    root.append(
      ...factcheckView([
        factcheck(1, { claim_reviewed: "<script>alert(1)</script> The president refused the troops", score: 0.934 }),
        factcheck(2, { rating: null, rating_value: "2", publisher: null, author: "A. Writer", url: null, by_meaning: false, score: 0.61 }),
      ]),
    );
    const items = root.querySelectorAll(".factcheck-list li");
    expect(items).toHaveLength(2);
    expect(root.querySelector("script")).toBeNull();
    expect(items[0]?.textContent).toContain("<script>alert(1)</script> The president refused the troops");
    expect(items[0]?.querySelector(".factcheck-rating")?.textContent).toBe("False");
    expect(items[0]?.textContent).toContain("FactDesk, 2025-03-01");
    expect(items[0]?.textContent).toContain("similar in meaning 93%");
    expect(items[0]?.querySelector(".factcheck-url")?.textContent).toBe("https://example.org/fc/1");
    expect(items[1]?.querySelector(".factcheck-rating")?.textContent).toBe("rated 2");
    expect(items[1]?.textContent).toContain("A. Writer");
    expect(items[1]?.textContent).toContain("same words 61%");
    expect(items[1]?.querySelector(".factcheck-url")).toBeNull();
  });

  it("is empty when there are none", () => {
    expect(factcheckView([])).toEqual([]);
  });
});
