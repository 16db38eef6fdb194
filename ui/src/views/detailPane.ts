// The selected claim: its text and facts, the verdict (reason and status buttons), promote / demote, the links the
// draft proposes, the cite form, the citations, the evidence, similar claims, notes and history. The main part is
// rebuilt when another claim is selected or the claim changes (but not for a notes-only change: the editor may be
// typing in the field); the citations, evidence, similar claims and history redraw when their data arrives.
import type { Actions } from "../actions";
import type { CitationStance, CitationView, ClaimStatus, ClaimView } from "../api";
import { h, replaceChildren } from "../dom";
import { ariaKeys, keysOf, showShortcut, titleWithKey, type ActionId, type Keys } from "../keymap";
import type { ShownEvidence, State, Store } from "../state/store";
import { KIND_LABEL, STATUS_ICON, STATUS_LABEL } from "../status";
import { conflictRow } from "../dialogs/team";
import { quoteItem } from "./quoteSpeaker";
import { citationItem, evidenceView, factcheckView, historyItems, similarView, type CitationHandlers, type OpenReader } from "./evidence";

const REASON_PLACEHOLDER = "Reason (required to dispute without a contradicting source)";

interface Shown {
  claim: ClaimView;
  reason: HTMLTextAreaElement;
  notes: HTMLTextAreaElement;
  notesStatus: HTMLElement;
  citeUrl: HTMLInputElement;
  proposed: { url: string; li: HTMLElement }[];
  citations: HTMLElement;
  evidence: HTMLElement;
  similar: HTMLElement;
  factchecks: HTMLElement;
  history: HTMLElement;
  conflicts: HTMLElement;
  // What the sub-parts show now, to redraw only what changed.
  shownCitations?: readonly CitationView[];
  shownEvidence?: ShownEvidence;
  shownSimilar?: unknown;
  shownFactchecks?: unknown;
  shownHistory?: unknown;
  shownConflicts?: unknown;
}

/** True when the claims differ in more than their notes. */
function changedBeyondNotes(a: ClaimView, b: ClaimView): boolean {
  if (a === b) return false;
  if (a.notes === b.notes) return true;
  return JSON.stringify({ ...a, notes: "" }) !== JSON.stringify({ ...b, notes: "" });
}

const STATUS_ACTION: Record<ClaimStatus, ActionId> = {
  verified: "markVerified",
  disputed: "markDisputed",
  unsourced: "markUnsourced",
};

export class DetailPane {
  readonly element = h("section", { id: "detail", class: "detail", "aria-label": "Claim detail" });
  private shown: Shown | null = null;
  private empty: string | null = null;
  private readonly citationHandlers: CitationHandlers;

  constructor(
    private readonly store: Store,
    private readonly actions: Actions,
    private readonly keys: Keys,
    private readonly openReader: OpenReader,
  ) {
    this.citationHandlers = {
      openReader,
      setStance: (c, stance) => void actions.setStance(c, stance),
      showEvidence: (c) => void actions.loadEvidence(c.claim, c),
      remove: (c) => void actions.removeCitation(c),
    };
    const reason = () => this.shown?.reason.value ?? "";
    keys.register("markVerified", () => void actions.mark("verified", reason()));
    keys.register("markUnsourced", () => void actions.mark("unsourced", reason()));
    keys.register("markDisputed", () => {
      const r = reason();
      if (r.trim() === "") this.askReason("disputed");
      else void actions.mark("disputed", r);
    });
    keys.register("reasonVerified", () => this.askReason("verified"));
    keys.register("reasonDisputed", () => this.askReason("disputed"));
    keys.register("reasonUnsourced", () => this.askReason("unsourced"));
    keys.register("applyReason", () => {
      const pending = store.state.pendingStatus;
      if (!pending) return false;
      void actions.mark(pending, reason());
    });
    keys.register("focusCite", () => this.shown?.citeUrl.focus());
    keys.register("focusNotes", () => this.shown?.notes.focus());
    keys.register("saveNotes", () => {
      const sh = this.shown;
      if (sh) this.saveNotes(sh.claim.id, sh.notes, sh.notesStatus);
    });
    keys.register("acceptProposed", () => {
      const c = store.selectedClaim();
      const p = c?.proposed_citations[0];
      if (c && p) void actions.cite(c.id, p.url, "supports");
    });
    keys.register("readSource", () => {
      const id = store.state.selected;
      const c = id === null ? undefined : store.citationsOf(id)?.find((x) => x.source !== null);
      if (c?.source) openReader(c.source.snapshot, c.passage?.start ?? null, c.passage?.end ?? null, c);
    });
    keys.register("markReviewed", () => void actions.markReviewed());
    keys.register("toggleClaim", () => {
      const c = store.selectedClaim();
      if (c) void actions.toggleCheckworthy(c);
    });
    store.subscribe((s) => this.update(s));
    this.update(store.state);
  }

  /** Focuses the reason field; Enter there then applies `status` (the keyboard path to "mark with a reason"). */
  private askReason(status: ClaimStatus): void {
    if (!this.shown) return;
    if (this.actions.askReason(status)) this.shown.reason.focus();
  }

  /** Saves the notes typed in `field` for `claim` (the field of the render it belongs to), then says so. */
  private saveNotes(claim: number, field: HTMLTextAreaElement, status: HTMLElement): void {
    void this.actions.saveNotes(claim, field.value).then((saved) => {
      if (saved) status.textContent = "Notes saved";
    });
  }

  private update(s: State): void {
    const c = this.store.selectedClaim();
    if (!c) {
      const text = s.open
        ? `Select a claim (${keysOf("nextClaim")} / ${keysOf("previousClaim")}).`
        : `Paste a draft to begin: press ${keysOf("newDraft")} or click New draft.`;
      if (this.shown || this.empty !== text) {
        this.shown = null;
        this.empty = text;
        replaceChildren(this.element, h("p", { class: "empty" }, text));
      }
      return;
    }
    if (!this.shown || this.shown.claim.id !== c.id || changedBeyondNotes(this.shown.claim, c)) this.renderMain(c);
    else this.shown.claim = c;
    this.renderParts(s);
  }

  private renderParts(s: State): void {
    const sh = this.shown;
    if (!sh) return;
    const id = sh.claim.id;
    const cits = this.store.citationsOf(id);
    if (cits && !sameList(cits, sh.shownCitations)) {
      sh.shownCitations = cits;
      replaceChildren(
        sh.citations,
        cits.length ? cits.map((c) => citationItem(c, this.citationHandlers)) : h("li", { class: "empty" }, "No citations yet."),
      );
      // A proposed link already cited needs no second action.
      for (const p of sh.proposed) p.li.hidden = cits.some((c) => c.url === p.url);
    }
    const ev = s.evidence.get(id);
    if (ev !== sh.shownEvidence) {
      sh.shownEvidence = ev;
      const cit = ev ? s.citations.get(ev.citation) : undefined;
      replaceChildren(
        sh.evidence,
        ev && cit
          ? evidenceView(ev.view, cit, this.openReader, (c, start, end) => void this.actions.setPassage(c, start, end))
          : noEvidence(),
      );
    }
    const sims = s.similar.get(id);
    if (sims !== sh.shownSimilar) {
      sh.shownSimilar = sims;
      replaceChildren(sh.similar, similarView(sims ?? [], (from) => void this.actions.reuseCitations(from, id)));
    }
    if (s.conflicts !== sh.shownConflicts) {
      sh.shownConflicts = s.conflicts;
      // "ana set status to “disputed” at 14:02 while you were offline": keep hers, or apply mine.
      replaceChildren(sh.conflicts, ...s.conflicts.filter((x) => x.claim === id).map((x) => conflictRow(x, this.actions)));
    }
    const facts = s.factchecks.get(id);
    if (facts !== sh.shownFactchecks) {
      sh.shownFactchecks = facts;
      replaceChildren(sh.factchecks, factcheckView(facts ?? []));
    }
    const hist = s.history.get(id);
    if (hist !== sh.shownHistory) {
      sh.shownHistory = hist;
      replaceChildren(sh.history, hist ? historyItems(hist) : []);
    }
    const placeholder = s.pendingStatus ? `Reason, then Enter to mark ${STATUS_LABEL[s.pendingStatus].toLowerCase()}` : REASON_PLACEHOLDER;
    if (sh.reason.placeholder !== placeholder) sh.reason.placeholder = placeholder;
  }

  private renderMain(c: ClaimView): void {
    this.empty = null;
    // A re-render of the same claim (its detail arrived, a background refresh) must not take the field the editor
    // is typing in away from them: the focused field's text, caret and focus move to its replacement.
    const active = document.activeElement;
    const typing =
      this.shown?.claim.id === c.id &&
      (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) &&
      active.id !== "" &&
      this.element.contains(active)
        ? { id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd }
        : null;
    const reason = h("textarea", { id: "reason", rows: 3, placeholder: REASON_PLACEHOLDER, "aria-label": "Reason for the status change" });
    this.keys.listen(reason, "reason");
    const button = (s: ClaimStatus) =>
      showShortcut(
        h(
          "button",
          {
            type: "button",
            class: `status-btn badge-${s}`,
            "data-status": s,
            "aria-pressed": c.status === s ? "true" : "false",
            onclick: () => void this.actions.mark(s, reason.value),
          },
          `${STATUS_ICON[s]} ${STATUS_LABEL[s]}`,
        ),
        `Mark ${STATUS_LABEL[s].toLowerCase()}`,
        STATUS_ACTION[s],
      );
    const proposed = c.proposed_citations.map((p) => ({
      url: p.url,
      li: h(
        "li",
        { class: "proposed-citation", "data-url": p.url },
        `Link in the draft: “${p.text}” `,
        h("span", { class: "citation-meta" }, p.url),
        " ",
        h("button", { type: "button", class: "accept-proposed", onclick: () => void this.actions.cite(c.id, p.url, "supports") }, "Cite it"),
      ),
    }));
    const citeForm = this.citeForm(c.id);
    const notes = this.notesField(c);
    const sh: Shown = {
      claim: c,
      reason,
      notes: notes.field,
      notesStatus: notes.status,
      citeUrl: citeForm.url,
      proposed,
      citations: h("ul", { id: "citations", class: "citations", "aria-label": "Citations" }),
      evidence: h("div", { id: "evidence", class: "evidence" }, noEvidence()),
      similar: h("div", { id: "similar", class: "similar" }),
      factchecks: h("div", { id: "factchecks", class: "factchecks" }),
      history: h("ol", { class: "history", "aria-label": "History" }),
      conflicts: h("ul", { id: "claim-conflicts", class: "conflicts", "aria-label": "Sync conflicts" }),
    };
    this.shown = sh;
    replaceChildren(
      this.element,
      h("h2", {}, "Claim"),
      sh.conflicts,
      h("blockquote", { class: "detail-text" }, c.text),
      h(
        "p",
        { class: "detail-status" },
        h("span", { class: `badge badge-${c.status}` }, `${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]}`),
        c.status_reason ? h("span", { class: "detail-reason" }, ` — ${c.status_reason}`) : null,
      ),
      facts(c),
      h("h3", {}, "Verdict"),
      reason,
      h("div", { class: "status-buttons", role: "group", "aria-label": "Set status" }, button("verified"), button("disputed"), button("unsourced")),
      h(
        "button",
        {
          type: "button",
          id: "toggle-claim",
          class: "link-btn",
          "aria-keyshortcuts": ariaKeys("toggleClaim"),
          onclick: () => void this.actions.toggleCheckworthy(c),
        },
        c.checkworthy ? "Not a claim (demote)" : "Treat as a claim (promote)",
      ),
      c.stale
        ? h(
            "button",
            {
              type: "button",
              id: "mark-reviewed",
              class: "link-btn",
              title: titleWithKey("The draft changed this claim's wording: mark it reviewed once you re-read it", "markReviewed"),
              "aria-keyshortcuts": ariaKeys("markReviewed"),
              onclick: () => void this.actions.markReviewed(),
            },
            "Mark reviewed",
          )
        : null,
      h("h3", {}, "Citations"),
      proposed.length ? h("ul", { class: "proposed", "aria-label": "Links in the draft" }, ...proposed.map((p) => p.li)) : null,
      citeForm.form,
      sh.citations,
      h("h3", {}, "Evidence"),
      sh.evidence,
      sh.similar,
      sh.factchecks,
      h("h3", {}, "Notes"),
      notes.box,
      h("h3", {}, "History"),
      sh.history,
    );
    if (typing) {
      const again = this.element.querySelector(`#${CSS.escape(typing.id)}`);
      if (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement) {
        again.value = typing.value;
        again.focus();
        if (typing.start !== null && typing.end !== null) again.setSelectionRange(typing.start, typing.end);
      }
    }
  }

  private citeForm(claim: number): { form: HTMLFormElement; url: HTMLInputElement } {
    const url = h("input", { id: "cite-url", type: "url", placeholder: `Paste a source link (${keysOf("focusCite")})`, "aria-label": "Source URL" });
    const stance = h(
      "select",
      { id: "cite-stance", "aria-label": "Stance of the source" },
      h("option", { value: "supports" }, "Supports"),
      h("option", { value: "contradicts" }, "Contradicts"),
      h("option", { value: "context" }, "Context"),
    );
    // For a page a fetch cannot read (paywall, script-built): the editor's own saved copy stands for the URL.
    const savedCopy = h(
      "button",
      { type: "button", id: "cite-saved-copy", title: "Cite a copy of this page that you saved from your browser" },
      "Saved copy…",
    );
    savedCopy.addEventListener("click", () => {
      const u = url.value.trim();
      if (u === "") {
        this.actions.showError({ code: "invalid_input", message: "Paste the page's link first: the saved copy stands for it." });
        url.focus();
        return;
      }
      void this.actions.citeSavedCopy(claim, u, stance.value as CitationStance).then((ok) => {
        if (ok) url.value = "";
      });
    });
    const form = h(
      "form",
      { class: "cite-form" },
      url,
      stance,
      h("button", { type: "submit", id: "cite-submit" }, "Cite"),
      savedCopy,
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const u = url.value.trim();
      if (u === "") return;
      void this.actions.cite(claim, u, stance.value as CitationStance).then((ok) => {
        if (ok) url.value = "";
      });
    });
    return { form, url };
  }

  /** The claim's working notes: saved when the field loses focus or on the notes key; the history shows each change. */
  private notesField(c: ClaimView): { box: HTMLElement; field: HTMLTextAreaElement; status: HTMLElement } {
    const field = h("textarea", {
      id: "notes",
      rows: 3,
      placeholder: `Notes for this claim (${keysOf("focusNotes")}); saved when you leave the field or press ${keysOf("saveNotes")}`,
      "aria-label": "Notes",
    });
    field.value = c.notes;
    const status = h("span", { id: "notes-status", class: "muted", role: "status" });
    field.addEventListener("change", () => this.saveNotes(c.id, field, status));
    this.keys.listen(field, "notes");
    return { box: h("div", { class: "notes" }, field, status), field, status };
  }
}

function noEvidence(): HTMLElement {
  return h("p", { class: "empty" }, "Cite a source to see the evidence.");
}

function facts(c: ClaimView): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    h("dt", {}, "Check-worthiness"),
    h("dd", {}, `${Math.round(c.score * 100)}%${c.checkworthy ? "" : " (not counted as a claim)"}`),
    h("dt", {}, "Kinds"),
    h("dd", {}, c.kinds.length ? c.kinds.map((k) => KIND_LABEL[k] ?? k).join(", ") : "—"),
    h("dt", {}, "Quotes"),
    h(
      "dd",
      {},
      c.quotes.length ? h("ul", {}, ...c.quotes.map((q) => quoteItem(q, c.text))) : "—",
    ),
    h("dt", {}, "Flags"),
    h(
      "dd",
      {},
      [c.unnamed_source ? "Unnamed source" : "", c.opinion ? "Opinion" : "", c.stale ? "Stale" : "", c.orphan ? "Orphan" : ""]
        .filter(Boolean)
        .join(", ") || "—",
    ),
    h("dt", {}, "Citations"),
    h("dd", {}, String(c.citations)),
    h("dt", {}, "Assigned to"),
    h("dd", { id: "claim-assignee", title: titleWithKey("Assign to me / take it back", "assignToMe") }, c.assignee ?? "—"),
  );
}

function sameList<T>(a: readonly T[], b: readonly T[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
