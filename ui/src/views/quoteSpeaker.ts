import type { QuoteView } from "../api";
import { h } from "../dom";

/** Who said a quote, in words for the claim detail: the speaker, how the sentence named them, or "unresolved". */
export function speakerLabel(q: QuoteView): string {
  if (q.speaker !== null) {
    return q.speaker_mention !== null ? `${q.speaker} (“${q.speaker_mention}”)` : q.speaker;
  }
  if (q.speaker_candidate !== null) {
    return `unresolved “${q.speaker_mention ?? "?"}” — perhaps ${q.speaker_candidate}`;
  }
  return "speaker not named";
}

/**
 * Where the speaker was found: "in this sentence" when the claim itself names them, else the earlier sentence
 * (the editor checks a resolved "she" against the sentence that named her). `null` without a speaker.
 */
export function speakerOrigin(q: QuoteView, claimText: string): string | null {
  if (q.speaker_resolved_from === null) return null;
  return q.speaker_resolved_from === claimText ? "named in this sentence" : `named in: “${q.speaker_resolved_from}”`;
}

/** One quote of the claim detail: the words, the speaker, and where the speaker was resolved from. */
export function quoteItem(q: QuoteView, claimText: string): HTMLElement {
  const origin = speakerOrigin(q, claimText);
  return h(
    "li",
    {},
    `“${q.text}” — ${speakerLabel(q)}`,
    origin === null ? "" : h("div", { class: "speaker-origin" }, origin),
  );
}
