// The parts of the claim detail that come from other calls: a citation, the evidence against a source, the claims
// checked before, the history. Pure builders: data in, elements out; clicks go to the callbacks given.
import type {
  CitationStance,
  CitationView,
  EvidenceView,
  HistoryEntry,
  PassageView,
  PriorFactCheck,
  QuoteCheckView,
  SimilarClaim,
} from "../api";
import { h } from "../dom";
import { STATUS_ICON, STATUS_LABEL } from "../status";

/** Opens the source reader on a snapshot, a passage highlighted (offsets may be null), for a citation. */
export type OpenReader = (snapshot: number, start: number | null, end: number | null, c: CitationView | null) => void;

export interface CitationHandlers {
  openReader: OpenReader;
  setStance: (c: CitationView, stance: CitationStance) => void;
  showEvidence: (c: CitationView) => void;
  remove: (c: CitationView) => void;
}

export function citationItem(c: CitationView, on: CitationHandlers): HTMLElement {
  const s = c.source;
  const stanceSel = h(
    "select",
    { class: "stance-select", "aria-label": "Stance" },
    ...(["supports", "contradicts", "context"] as const).map((v) => h("option", { value: v, selected: c.stance === v }, v)),
  );
  stanceSel.addEventListener("change", () => on.setStance(c, stanceSel.value as CitationStance));
  return h(
    "li",
    { class: "citation", "data-health": c.health, "data-citation-id": c.id },
    h("div", { class: "citation-title" }, s?.title ?? c.url),
    h("div", { class: "citation-meta" }, [s?.publisher, s?.authors.join(", "), s?.published].filter(Boolean).join(" · ") || "No metadata"),
    h(
      "div",
      { class: "citation-meta" },
      h("span", { class: `health health-${c.health}` }, `Link: ${c.health.replace(/_/g, " ")}`),
      s ? ` · archived ${s.archived_at} · sha256 ${s.sha256.slice(0, 12)}…` : " · not archived",
      s && s.pages > 0 ? ` · ${s.pages} pages` : "",
      s?.editor_file ? ` · from the editor's saved file ${s.editor_file} (not fetched)` : "",
    ),
    c.fetch_error ? h("div", { class: "citation-error" }, c.fetch_error) : null,
    s?.read_problem ? h("div", { class: "citation-error" }, `Text not readable: ${s.read_problem}`) : null,
    c.passage
      ? h("blockquote", { class: "cited-passage" }, c.passage.page !== null ? `p. ${c.passage.page}: ${c.passage.text}` : c.passage.text)
      : null,
    h(
      "div",
      { class: "citation-actions" },
      stanceSel,
      s
        ? h("button", { type: "button", class: "open-reader", onclick: () => on.openReader(s.snapshot, c.passage?.start ?? null, c.passage?.end ?? null, c) }, "Read source")
        : null,
      s ? h("button", { type: "button", onclick: () => on.showEvidence(c) }, "Evidence") : null,
      h("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, "Live page"),
      h("button", { type: "button", class: "danger", onclick: () => on.remove(c) }, "Remove"),
    ),
  );
}

export function evidenceView(
  ev: EvidenceView,
  c: CitationView,
  openReader: OpenReader,
  usePassage: (c: CitationView, start: number, end: number) => void,
): HTMLElement[] {
  const sug = ev.suggestion;
  const parts: (HTMLElement | null)[] = [
    h(
      "p",
      { class: `suggestion suggestion-${sug.stance}`, id: "suggestion" },
      h("strong", {}, `Suggestion: ${sug.stance.replace(/_/g, " ")}`),
      ` (${Math.round(sug.confidence * 100)}% confidence) — you decide.`,
    ),
    h("ul", { class: "reasons" }, ...sug.reasons.map((r) => h("li", { "data-kind": r.kind }, r.message))),
    ev.semantic.on
      ? null
      : h("p", { class: "semantic-off", role: "note" }, `Meaning-aware matching is off: ${ev.semantic.reason ?? "no model"}.`),
    ev.quotes.length
      ? h(
          "div",
          { class: "quotes-check" },
          h("h4", {}, "Quote check"),
          h(
            "ul",
            {},
            ...ev.quotes.map((q) =>
              h(
                "li",
                { class: `quote-${q.match}` },
                `“${q.quote}”: `,
                h("strong", {}, quoteOutcome(q)),
                (q.match === "fuzzy" || q.match === "translated") && q.source_text
                  ? h("div", { class: "source-wording" }, `Source says: “${q.source_text}”`)
                  : null,
              ),
            ),
          ),
        )
      : null,
    ev.numbers.matched.length + ev.numbers.conflicting.length + ev.numbers.claim_only.length
      ? h(
          "div",
          { class: "numbers" },
          h("h4", {}, "Numbers"),
          h(
            "ul",
            {},
            ...ev.numbers.matched.map((n) => h("li", { class: "num-match" }, `✓ ${n.claim} = ${n.source}`)),
            ...ev.numbers.conflicting.map((n) => h("li", { class: "num-conflict" }, `✕ claim ${n.claim}, source ${n.source}`)),
            ...ev.numbers.claim_only.map((n) => h("li", { class: "num-only" }, `? ${n} only in the claim`)),
          ),
        )
      : null,
    h("h4", {}, "Top passages"),
    h(
      "ol",
      { class: "passages" },
      ...ev.passages.map((p) =>
        h(
          "li",
          { class: "passage" },
          h("span", { class: "score" }, p.score.toFixed(2)),
          p.page !== null ? h("span", { class: "page" }, ` p. ${p.page}`) : null,
          " ",
          passageMeta(p),
          h(
            "button",
            {
              type: "button",
              class: "passage-text",
              title: "Open in the source reader",
              onclick: () => openReader(c.source?.snapshot ?? 0, p.start, p.end, c),
            },
            p.text,
          ),
          h("button", { type: "button", class: "use-passage", onclick: () => usePassage(c, p.start, p.end) }, "Cite this passage"),
        ),
      ),
    ),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}

/** How a quotation was found, in words. A translation is never called verbatim. */
export function quoteOutcome(q: QuoteCheckView): string {
  switch (q.match) {
    case "exact":
      return "found verbatim";
    case "fuzzy":
      return `not verbatim (distance ${q.distance ?? "?"})`;
    case "translated":
      return `translated, not verbatim (similarity ${Math.round((q.similarity ?? 0) * 100)}%)`;
    case "not_found":
      return "not found";
  }
}

/** The language and similarity of a ranked passage (nothing for an undetermined language without similarity). */
export function passageMeta(p: PassageView): HTMLElement | null {
  const bits = [p.lang && p.lang !== "und" ? p.lang : null, p.similarity != null ? `similarity ${Math.round(p.similarity * 100)}%` : null].filter(
    (x): x is string => x !== null,
  );
  return bits.length ? h("span", { class: "passage-meta" }, `(${bits.join(", ")}) `) : null;
}

/** "Checked before": similar claims from other drafts, with their citations to reuse. Empty when there are none. */
export function similarView(sims: readonly SimilarClaim[], reuse: (from: number) => void): HTMLElement[] {
  if (sims.length === 0) return [];
  return [
    h("h3", {}, "Checked before"),
    h(
      "ul",
      { class: "similar-list" },
      ...sims.map((s) =>
        h(
          "li",
          {},
          h("span", { class: `badge badge-${s.status}` }, `${STATUS_ICON[s.status]} ${STATUS_LABEL[s.status]}`),
          ` ${s.text} — ${s.document_title} (${s.citations} citations, ${scoreLabel(s.score, s.by_meaning)}) `,
          s.citations > 0 ? h("button", { type: "button", onclick: () => reuse(s.claim) }, "Reuse its citations") : null,
        ),
      ),
    ),
  ];
}

/** The similarity shown beside a match: "similar in meaning 91%" or "same words 72%". */
function scoreLabel(score: number, byMeaning: boolean): string {
  return `${byMeaning ? "similar in meaning" : "same words"} ${Math.round(score * 100)}%`;
}

/**
 * "Published fact-checks": imported ClaimReviews of the same claim, with rating, publisher, date and link. Every
 * field is text (a script in a claim is shown as the characters it is). Empty when there are none.
 */
export function factcheckView(facts: readonly PriorFactCheck[]): HTMLElement[] {
  if (facts.length === 0) return [];
  return [
    h("h3", {}, "Published fact-checks"),
    h(
      "ul",
      { class: "factcheck-list" },
      ...facts.map((f) =>
        h(
          "li",
          {},
          h("strong", { class: "factcheck-rating" }, f.rating ?? (f.rating_value !== null ? `rated ${f.rating_value}` : "no rating")),
          ` ${f.claim_reviewed} — ${[f.publisher ?? f.author, f.date_published].filter((x) => x !== null).join(", ") || "unknown publisher"} `,
          h("span", { class: "passage-meta" }, `(${scoreLabel(f.score, f.by_meaning)})`),
          f.url !== null ? h("div", { class: "factcheck-url" }, f.url) : null,
        ),
      ),
    ),
  ];
}

export function historyItems(entries: readonly HistoryEntry[]): HTMLElement[] {
  return entries.length ? entries.slice().reverse().map(historyItem) : [h("li", {}, "No changes yet.")];
}

function historyItem(e: HistoryEntry): HTMLElement {
  const change = e.old || e.new ? `${e.old ?? "—"} → ${e.new ?? "—"}` : "";
  return h(
    "li",
    {},
    h("time", {}, e.at),
    " ",
    h("strong", {}, e.editor),
    ` ${e.action.replace(/_/g, " ")} ${change}`,
    e.reason ? h("div", { class: "history-reason" }, e.reason) : null,
  );
}
