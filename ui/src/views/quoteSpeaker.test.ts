import { describe, expect, it } from "vitest";
import type { QuoteView } from "../api";
import { quoteItem, speakerLabel, speakerOrigin } from "./quoteSpeaker";

const quote = (over: Partial<QuoteView>): QuoteView => ({
  text: "It serves 4,000 patients a year,",
  speaker: null,
  speaker_resolved_from: null,
  speaker_mention: null,
  speaker_candidate: null,
  ...over,
});

describe("quote speakers in the claim detail", () => {
  const claim = "“It serves 4,000 patients a year,” she stressed.";

  it("shows a resolved pronoun with the sentence that named the speaker", () => {
    const q = quote({
      speaker: "Maria Lopez",
      speaker_mention: "she",
      speaker_resolved_from: "Maria Lopez opened the clinic in May.",
    });
    expect(speakerLabel(q)).toBe("Maria Lopez (“she”)");
    const li = quoteItem(q, claim);
    expect(li.textContent).toContain("Maria Lopez (“she”)");
    expect(li.querySelector(".speaker-origin")?.textContent).toBe("named in: “Maria Lopez opened the clinic in May.”");
  });

  it("says a speaker named in the claim itself is named here", () => {
    const q = quote({ speaker: "one diplomat", speaker_resolved_from: claim });
    expect(speakerOrigin(q, claim)).toBe("named in this sentence");
  });

  it("never shows an unresolved candidate as the speaker", () => {
    const q = quote({ speaker_mention: "he", speaker_candidate: "Tom Reed" });
    expect(speakerLabel(q)).toBe("unresolved “he” — perhaps Tom Reed");
    expect(quoteItem(q, claim).querySelector(".speaker-origin")).toBeNull();
    expect(speakerLabel(quote({}))).toBe("speaker not named");
  });
});
