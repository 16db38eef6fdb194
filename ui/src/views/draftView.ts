// The draft as the editor wrote it, with every sentence Claimdesk tracks marked inline: claims coloured by status
// (with an icon, not only colour), stale and orphaned claims flagged, plain sentences unmarked but clickable so
// they can be promoted. Built once per document from the facade's marks (`claim_marks`: spans and statuses, not whole
// claims); a status change updates one span (`update`).
import type { ClaimMark } from "../api";

/** What a span shows of a sentence: a mark, or a whole claim view (which has all of it). */
export type Marked = Pick<ClaimMark, "id" | "start" | "end" | "status" | "checkworthy" | "stale" | "orphan"> & {
  /** The sentence, for orphans (no longer in the text). */
  text?: string;
};

const ICON: Record<string, string> = { unsourced: "○", verified: "✓", disputed: "✕" };

export class DraftView {
  readonly element: HTMLElement;
  /** Claim id → its span, so that an update or a selection does not search thousands of spans. */
  private spans = new Map<number, HTMLElement>();

  /** `sentenceTitle` is the tooltip of a plain sentence (the composition root says which key promotes it). */
  constructor(
    private readonly onSelect: (claim: number) => void,
    private readonly sentenceTitle = "Not a claim (select it to promote it)",
  ) {
    this.element = document.createElement("div");
    this.element.id = "draft-view";
    this.element.className = "draft-view";
    this.element.tabIndex = 0;
    this.element.setAttribute("aria-label", "Draft with claims highlighted");
    this.element.addEventListener("click", (e) => {
      const span = (e.target as HTMLElement | null)?.closest<HTMLElement>("[data-claim-id]");
      if (span?.dataset.claimId) this.onSelect(Number(span.dataset.claimId));
    });
  }

  /** Renders `text` with `claims` (UTF-16 offsets) marked. Orphans are listed after the text: they are no longer in it. */
  render(text: string, claims: readonly Marked[]): void {
    this.element.textContent = "";
    this.spans.clear();
    const placed = claims.filter((c) => !c.orphan && c.end <= text.length).sort((a, b) => a.start - b.start);
    let at = 0;
    const frag = document.createDocumentFragment();
    for (const c of placed) {
      if (c.start < at) continue;
      if (c.start > at) frag.appendChild(document.createTextNode(text.slice(at, c.start)));
      frag.appendChild(this.span(c, text.slice(c.start, c.end)));
      at = c.end;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    const orphans = claims.filter((c) => c.orphan);
    if (orphans.length) {
      const h = document.createElement("h3");
      h.textContent = "No longer in the draft (orphaned claims)";
      frag.appendChild(h);
      for (const c of orphans) {
        const p = document.createElement("p");
        p.appendChild(this.span(c, c.text ?? ""));
        frag.appendChild(p);
      }
    }
    this.element.appendChild(frag);
  }

  /** Re-marks one claim after a change (nothing to do when it shows the same). */
  update(c: Marked): void {
    const old = this.spans.get(c.id);
    if (!old || old.dataset.mark === markKey(c)) return;
    const selected = old.classList.contains("draft-selected");
    const el = this.span(c, old.dataset.text ?? c.text ?? "");
    if (selected) el.classList.add("draft-selected");
    old.replaceWith(el);
  }

  /** Marks the selected claim and scrolls it into view. */
  select(id: number): void {
    this.element.querySelector(".draft-selected")?.classList.remove("draft-selected");
    const el = this.spans.get(id);
    el?.classList.add("draft-selected");
    el?.scrollIntoView?.({ block: "nearest" });
  }

  private span(c: Marked, text: string): HTMLElement {
    const s = document.createElement("span");
    s.dataset.claimId = String(c.id);
    s.dataset.text = text;
    s.dataset.mark = markKey(c);
    this.spans.set(c.id, s);
    if (c.checkworthy) {
      s.className = `draft-claim status-${c.status}${c.stale ? " draft-stale" : ""}${c.orphan ? " draft-orphan" : ""}`;
      s.dataset.icon = ICON[c.status] ?? "";
      s.title = `${c.status}${c.stale ? ", stale" : ""}${c.orphan ? ", orphan" : ""}`;
    } else {
      s.className = "draft-sentence";
      s.title = this.sentenceTitle;
    }
    s.textContent = text;
    return s;
  }
}

/** What a span's look depends on, to tell whether an update changes it. */
function markKey(c: Marked): string {
  return `${c.status} ${c.checkworthy ? 1 : 0}${c.stale ? 1 : 0}${c.orphan ? 1 : 0}`;
}
