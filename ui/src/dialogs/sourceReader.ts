// The source reader: an archived snapshot's text as text (never HTML), one passage highlighted, the other snapshots
// of the same page to compare with, and "Cite this passage" when it was opened on a citation's passage.
import type { Actions } from "../actions";
import type { CitationView } from "../api";
import { h, replaceChildren } from "../dom";
import { highlightedText } from "../views/highlight";

export class SourceReader {
  readonly element: HTMLDialogElement = h("dialog", { id: "reader-dialog", "aria-label": "Source reader" });

  constructor(private readonly actions: Actions) {}

  async open(snapshot: number, start: number | null, end: number | null, c: CitationView | null): Promise<void> {
    const snap = await this.actions.loadSnapshot(snapshot);
    if (!snap) return;
    const body = h("div", { class: "reader-text", id: "reader-text", tabindex: 0, "aria-label": "Source text" });
    highlightedText(body, snap.text || "(This source has no readable text; its bytes are archived.)", start, end);
    const older = snap.versions.filter((v) => v !== snapshot);
    const diffBox = h("div", { class: "diff" });
    const compare = (v: number) =>
      void this.actions.diffSnapshots(v, snapshot).then((lines) => {
        if (!lines) return;
        replaceChildren(
          diffBox,
          lines.map((l) => h("div", { class: `diff-${l.op}` }, `${l.op === "added" ? "+ " : l.op === "removed" ? "− " : "  "}${l.text}`)),
        );
      });
    replaceChildren(
      this.element,
      h("h2", {}, snap.summary.title ?? snap.url),
      h(
        "p",
        { class: "citation-meta" },
        h("a", { href: snap.url, target: "_blank", rel: "noopener noreferrer" }, snap.url),
        ` · HTTP ${snap.status} · archived ${snap.summary.archived_at} · sha256 ${snap.summary.sha256}`,
        snap.page_starts.length ? ` · ${snap.page_starts.length} pages` : "",
        snap.page_starts.length && start !== null ? ` · passage on p. ${pageAt(snap.page_starts, start)}` : "",
        snap.summary.editor_file ? ` · from the editor's saved file ${snap.summary.editor_file} (not fetched)` : "",
      ),
      older.length
        ? h("div", { class: "row" }, "Compare with snapshot ", ...older.map((v) => h("button", { type: "button", onclick: () => compare(v) }, `#${v}`)))
        : null,
      diffBox,
      body,
      h(
        "form",
        { method: "dialog", class: "row" },
        c && start !== null && end !== null
          ? h(
              "button",
              {
                type: "button",
                onclick: () => void this.actions.setPassage(c, start, end).then((ok) => ok && this.element.close()),
              },
              "Cite this passage",
            )
          : null,
        h("button", { type: "submit", id: "reader-close" }, "Close"),
      ),
    );
    this.element.showModal();
    body.querySelector("mark")?.scrollIntoView({ block: "center" });
  }
}

/** The 1-based page holding UTF-16 offset `at`, given each page's start. */
export function pageAt(starts: number[], at: number): number {
  let n = 0;
  while (n < starts.length && (starts[n] ?? Infinity) <= at) n++;
  return Math.max(n, 1);
}
