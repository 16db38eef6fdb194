// The workbench: documents on the left, the claims of the open draft in the middle, the selected claim on the right.
import {
  api,
  describeError,
  toApiError,
  type ClaimStatus,
  type ClaimView,
  type DocumentSummary,
  type DocumentView,
  type HistoryEntry,
} from "./api";
import { h, replaceChildren } from "./dom";
import { KIND_LABEL, STATUS_ICON, STATUS_LABEL } from "./status";
import { VirtualList } from "./views/virtualList";

export type StatusFilter = ClaimStatus | "all";

export interface Filters {
  status: StatusFilter;
  /** Show every sentence, not only check-worthy claims. */
  allSentences: boolean;
  stale: boolean;
  unnamed: boolean;
  opinion: boolean;
  kind: string;
  query: string;
}

/** Applies the claims-panel filters. Pure, so it is unit-tested without a DOM. */
export function filterClaims(claims: ClaimView[], f: Filters): ClaimView[] {
  const q = f.query.trim().toLowerCase();
  return claims.filter(
    (c) =>
      (f.allSentences || c.checkworthy) &&
      (f.status === "all" || c.status === f.status) &&
      (!f.stale || c.stale || c.orphan) &&
      (!f.unnamed || c.unnamed_source) &&
      (!f.opinion || c.opinion) &&
      (f.kind === "" || c.kinds.includes(f.kind)) &&
      (q === "" || c.text.toLowerCase().includes(q)),
  );
}

const ROW_HEIGHT = 64;

export class Workbench {
  private docs: DocumentSummary[] = [];
  private current: DocumentView | null = null;
  private visible: ClaimView[] = [];
  private selected = -1;
  /** A status the editor asked for by key that still needs a reason (d with an empty reason). */
  private pendingStatus: ClaimStatus | null = null;
  private filters: Filters = {
    status: "all",
    allSentences: false,
    stale: false,
    unnamed: false,
    opinion: false,
    kind: "",
    query: "",
  };

  private readonly docList = h("ul", { class: "doc-list", role: "listbox", "aria-label": "Documents" });
  private readonly counts = h("div", { class: "counts", role: "status", "aria-live": "polite" });
  private readonly search = h("input", {
    id: "claim-search",
    type: "search",
    placeholder: "Search claims ( / )",
    "aria-label": "Search claims",
  });
  private readonly list: VirtualList<ClaimView>;
  private readonly detail = h("section", { id: "detail", class: "detail", "aria-label": "Claim detail" });
  private readonly banner = h("div", { id: "error-banner", class: "banner", role: "alert", hidden: true });
  private readonly pasteDialog: HTMLDialogElement;
  private readonly helpDialog: HTMLDialogElement;
  private readonly footer = h("footer", { class: "statusbar" });

  constructor(private readonly root: HTMLElement) {
    this.list = new VirtualList<ClaimView>({
      rowHeight: ROW_HEIGHT,
      key: (c) => c.id,
      render: (c, i) => this.renderRow(c, i),
    });
    this.list.element.id = "claim-list";
    this.list.element.setAttribute("role", "listbox");
    this.list.element.setAttribute("aria-label", "Claims");
    this.list.element.tabIndex = 0;
    this.pasteDialog = this.buildPasteDialog();
    this.helpDialog = this.buildHelpDialog();
    this.search.addEventListener("input", () => {
      this.filters.query = this.search.value;
      this.applyFilters();
    });
    this.layout();
  }

  async start(): Promise<void> {
    try {
      const info = await api.workspaceInfo();
      replaceChildren(this.footer, `Workspace: ${info.dir} · Editor: ${info.editor}`);
      await this.reloadDocuments();
      const first = this.docs[0];
      if (first) await this.openDocument(first.id);
      else this.renderDetail();
    } catch (e) {
      this.showError(e);
    }
  }

  private layout(): void {
    const header = h(
      "header",
      { class: "toolbar" },
      h("h1", {}, "Claimdesk"),
      h("button", { id: "new-draft", type: "button", onclick: () => this.openPaste(), title: "Paste a new draft (n)" }, "New draft"),
      h("span", { class: "spacer" }),
      h("button", { type: "button", onclick: () => this.helpDialog.showModal(), title: "Keyboard shortcuts (?)" }, "Shortcuts"),
    );
    const filters = this.buildFilters();
    const main = h(
      "main",
      { class: "claims-pane", "aria-label": "Claims" },
      h("div", { class: "claims-head" }, this.counts, this.search),
      filters,
      this.list.element,
    );
    const aside = h("nav", { class: "docs-pane", "aria-label": "Documents" }, h("h2", {}, "Documents"), this.docList);
    replaceChildren(
      this.root,
      header,
      this.banner,
      h("div", { class: "panes" }, aside, main, this.detail),
      this.footer,
      this.pasteDialog,
      this.helpDialog,
    );
    document.addEventListener("keydown", (e) => this.onKey(e));
  }

  private buildFilters(): HTMLElement {
    const statusSel = h(
      "select",
      { id: "status-filter", "aria-label": "Filter by status" },
      h("option", { value: "all" }, "All statuses"),
      h("option", { value: "unsourced" }, "Unsourced"),
      h("option", { value: "verified" }, "Verified"),
      h("option", { value: "disputed" }, "Disputed"),
    );
    statusSel.addEventListener("change", () => {
      this.filters.status = statusSel.value as StatusFilter;
      this.applyFilters();
    });
    const kindSel = h(
      "select",
      { id: "kind-filter", "aria-label": "Filter by kind" },
      h("option", { value: "" }, "All kinds"),
      ...Object.entries(KIND_LABEL).map(([k, label]) => h("option", { value: k }, label)),
    );
    kindSel.addEventListener("change", () => {
      this.filters.kind = kindSel.value;
      this.applyFilters();
    });
    const toggle = (id: string, label: string, key: "allSentences" | "stale" | "unnamed" | "opinion") => {
      const box = h("input", { type: "checkbox", id });
      box.addEventListener("change", () => {
        this.filters[key] = box.checked;
        this.applyFilters();
      });
      return h("label", { class: "toggle" }, box, label);
    };
    return h(
      "div",
      { class: "filters", role: "group", "aria-label": "Filters" },
      statusSel,
      kindSel,
      toggle("f-stale", "Stale/orphan", "stale"),
      toggle("f-unnamed", "Unnamed source", "unnamed"),
      toggle("f-opinion", "Opinion", "opinion"),
      toggle("f-all", "All sentences", "allSentences"),
    );
  }

  private buildPasteDialog(): HTMLDialogElement {
    const title = h("input", { id: "paste-title", type: "text", placeholder: "Title (optional)", "aria-label": "Title" });
    const text = h("textarea", {
      id: "paste-text",
      rows: 16,
      placeholder: "Paste the draft here",
      "aria-label": "Draft text",
    });
    const dialog = h(
      "dialog",
      { id: "paste-dialog", "aria-label": "New draft" },
      h(
        "form",
        { method: "dialog", class: "paste-form" },
        h("h2", {}, "New draft"),
        title,
        text,
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", id: "paste-cancel", onclick: () => dialog.close() }, "Cancel"),
          h("button", { type: "submit", id: "paste-submit", class: "primary" }, "Import draft"),
        ),
      ),
    );
    dialog.querySelector("form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.submitPaste(title.value, text.value).then((ok) => {
        if (ok) {
          title.value = "";
          text.value = "";
          dialog.close();
        }
      });
    });
    return dialog;
  }

  private buildHelpDialog(): HTMLDialogElement {
    const rows: [string, string][] = [
      ["j / k", "Next / previous claim"],
      ["v", "Mark verified"],
      ["d", "Mark disputed (focuses the reason)"],
      ["u", "Mark unsourced"],
      ["n", "New draft (paste)"],
      ["/", "Search claims"],
      ["?", "This list"],
      ["Esc", "Close a dialog, leave a text field"],
    ];
    const dialog = h(
      "dialog",
      { id: "help-dialog", "aria-label": "Keyboard shortcuts" },
      h("h2", {}, "Keyboard shortcuts"),
      h("dl", { class: "shortcuts" }, ...rows.flatMap(([k, v]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, v)])),
      h("form", { method: "dialog" }, h("button", { type: "submit" }, "Close")),
    );
    return dialog;
  }

  openPaste(): void {
    this.pasteDialog.showModal();
    (this.pasteDialog.querySelector("#paste-text") as HTMLTextAreaElement | null)?.focus();
  }

  async submitPaste(title: string, text: string): Promise<boolean> {
    try {
      const view = await api.pasteDraft(text, title.trim() === "" ? null : title);
      this.hideError();
      await this.reloadDocuments();
      this.showDocument(view);
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    }
  }

  private async reloadDocuments(): Promise<void> {
    this.docs = await api.listDocuments();
    this.renderDocuments();
  }

  private renderDocuments(): void {
    replaceChildren(
      this.docList,
      this.docs.length === 0 ? h("li", { class: "empty" }, "No drafts yet. Press n to paste one.") : null,
      this.docs.map((d) =>
        h(
          "li",
          {
            role: "option",
            tabindex: 0,
            class: "doc-item",
            "aria-selected": this.current?.document.id === d.id ? "true" : "false",
            "data-doc-id": d.id,
            onclick: () => void this.openDocument(d.id),
            onkeydown: (e: Event) => {
              if ((e as KeyboardEvent).key === "Enter") void this.openDocument(d.id);
            },
          },
          h("span", { class: "doc-title" }, d.title),
          h(
            "span",
            { class: "doc-counts" },
            `${d.claim_count} claims · ${d.counts.unsourced} unsourced · ${d.counts.verified} verified · ${d.counts.disputed} disputed`,
          ),
        ),
      ),
    );
  }

  async openDocument(id: number): Promise<void> {
    try {
      this.showDocument(await api.openDocument(id));
    } catch (e) {
      this.showError(e);
    }
  }

  private showDocument(view: DocumentView): void {
    this.current = view;
    this.selected = -1;
    this.renderDocuments();
    this.applyFilters();
    if (this.visible.length > 0) this.select(0);
  }

  private applyFilters(): void {
    const claims = this.current?.claims ?? [];
    const keep = this.visible[this.selected]?.id;
    this.visible = filterClaims(claims, this.filters);
    this.list.setItems(this.visible);
    this.selected = keep === undefined ? -1 : this.visible.findIndex((c) => c.id === keep);
    this.renderCounts();
    this.renderDetail();
  }

  private renderCounts(): void {
    const claims = (this.current?.claims ?? []).filter((c) => c.checkworthy);
    const n = (s: ClaimStatus) => claims.filter((c) => c.status === s).length;
    replaceChildren(
      this.counts,
      this.current ? h("strong", {}, this.current.document.title) : "No draft open",
      this.current
        ? ` — ${claims.length} claims: ${n("unsourced")} unsourced, ${n("verified")} verified, ${n("disputed")} disputed (showing ${this.visible.length})`
        : "",
    );
  }

  private renderRow(c: ClaimView, i: number): HTMLElement {
    const flags = [
      c.stale ? h("span", { class: "flag flag-stale", title: "Text changed since it was checked" }, "stale") : null,
      c.orphan ? h("span", { class: "flag flag-orphan", title: "No longer in the draft" }, "orphan") : null,
      c.unnamed_source ? h("span", { class: "flag flag-unnamed" }, "unnamed source") : null,
      c.opinion ? h("span", { class: "flag flag-opinion" }, "opinion") : null,
      !c.checkworthy ? h("span", { class: "flag" }, "sentence") : null,
      ...c.kinds.map((k) => h("span", { class: "kind" }, KIND_LABEL[k] ?? k)),
    ];
    return h(
      "div",
      {
        class: `claim-row status-${c.status}${i === this.selected ? " selected" : ""}`,
        role: "option",
        "aria-selected": i === this.selected ? "true" : "false",
        "data-claim-id": c.id,
        "data-status": c.status,
        onclick: () => this.select(i),
      },
      h(
        "span",
        { class: `badge badge-${c.status}`, title: STATUS_LABEL[c.status] },
        `${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]}`,
      ),
      h(
        "div",
        { class: "claim-body" },
        h("div", { class: "claim-text" }, c.text),
        h(
          "div",
          { class: "claim-meta" },
          c.status_reason ? h("span", { class: "claim-reason" }, c.status_reason) : null,
          ...flags,
        ),
      ),
    );
  }

  select(i: number): void {
    if (i < 0 || i >= this.visible.length) return;
    const prev = this.selected;
    this.selected = i;
    const p = this.visible[prev];
    if (p) this.list.refresh(p);
    const c = this.visible[i];
    if (c) this.list.refresh(c);
    this.list.scrollToIndex(i);
    this.renderDetail();
  }

  private selectedClaim(): ClaimView | undefined {
    return this.visible[this.selected];
  }

  private renderDetail(): void {
    const c = this.selectedClaim();
    if (!c) {
      replaceChildren(
        this.detail,
        h("p", { class: "empty" }, this.current ? "Select a claim (j / k)." : "Paste a draft to begin: press n or click New draft."),
      );
      return;
    }
    const reason = h("textarea", {
      id: "reason",
      rows: 3,
      placeholder: "Reason (required to dispute without a contradicting source)",
      "aria-label": "Reason for the status change",
    });
    reason.addEventListener("keydown", (e) => {
      // Enter in the reason field completes a status change started from the keyboard (d, then the reason).
      if (e.key === "Enter" && !e.shiftKey && this.pendingStatus) {
        e.preventDefault();
        void this.mark(this.pendingStatus, reason.value);
      }
    });
    const button = (s: ClaimStatus, key: string) =>
      h(
        "button",
        {
          type: "button",
          class: `status-btn badge-${s}`,
          "data-status": s,
          "aria-pressed": c.status === s ? "true" : "false",
          title: `Mark ${STATUS_LABEL[s].toLowerCase()} (${key})`,
          onclick: () => void this.mark(s, reason.value),
        },
        `${STATUS_ICON[s]} ${STATUS_LABEL[s]}`,
      );
    const history = h("ol", { class: "history", "aria-label": "History" });
    replaceChildren(
      this.detail,
      h("h2", {}, "Claim"),
      h("blockquote", { class: "detail-text" }, c.text),
      h(
        "p",
        { class: "detail-status" },
        h("span", { class: `badge badge-${c.status}` }, `${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]}`),
        c.status_reason ? h("span", { class: "detail-reason" }, ` — ${c.status_reason}`) : null,
      ),
      h(
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
          c.quotes.length
            ? h("ul", {}, ...c.quotes.map((q) => h("li", {}, `“${q.text}” — ${q.speaker ?? "speaker not named"}`)))
            : "—",
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
      ),
      h("h3", {}, "Verdict"),
      reason,
      h("div", { class: "status-buttons", role: "group", "aria-label": "Set status" }, button("verified", "v"), button("disputed", "d"), button("unsourced", "u")),
      h("h3", {}, "History"),
      history,
    );
    void this.loadHistory(c.id, history);
  }

  private async loadHistory(id: number, into: HTMLElement): Promise<void> {
    try {
      const entries = await api.claimHistory(id);
      if (this.selectedClaim()?.id !== id) return;
      replaceChildren(into, entries.length ? entries.slice().reverse().map(historyItem) : h("li", {}, "No changes yet."));
    } catch (e) {
      this.showError(e);
    }
  }

  async mark(status: ClaimStatus, reason: string): Promise<void> {
    const c = this.selectedClaim();
    if (!c || !this.current) return;
    this.pendingStatus = null;
    try {
      const updated = await api.markClaim(c.id, status, reason.trim() === "" ? null : reason.trim());
      this.hideError();
      this.current.claims = this.current.claims.map((x) => (x.id === updated.id ? updated : x));
      this.visible[this.selected] = updated;
      this.list.refresh(updated);
      this.renderCounts();
      this.renderDetail();
      await this.reloadDocuments();
    } catch (e) {
      this.showError(e);
    }
  }

  showError(e: unknown): void {
    const err = toApiError(e);
    const { title, detail } = describeError(err);
    this.banner.hidden = false;
    this.banner.dataset.code = err.code;
    replaceChildren(
      this.banner,
      h("strong", {}, title),
      " ",
      h("span", {}, detail),
      h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss", onclick: () => this.hideError() }, "×"),
    );
  }

  private hideError(): void {
    this.banner.hidden = true;
    this.banner.textContent = "";
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    const typing = t !== null && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (e.key === "Escape" && typing) {
      t.blur();
      return;
    }
    if (typing || this.pasteDialog.open || this.helpDialog.open) return;
    const reason = () => (this.detail.querySelector("#reason") as HTMLTextAreaElement | null)?.value ?? "";
    switch (e.key) {
      case "j":
        this.select(Math.min(this.selected + 1, this.visible.length - 1));
        break;
      case "k":
        this.select(Math.max(this.selected - 1, 0));
        break;
      case "v":
        void this.mark("verified", reason());
        break;
      case "u":
        void this.mark("unsourced", reason());
        break;
      case "d": {
        const r = reason();
        if (r.trim() === "") {
          this.pendingStatus = "disputed";
          (this.detail.querySelector("#reason") as HTMLTextAreaElement | null)?.focus();
        } else void this.mark("disputed", r);
        break;
      }
      case "n":
        this.openPaste();
        break;
      case "/":
        this.search.focus();
        break;
      case "?":
        this.helpDialog.showModal();
        break;
      default:
        return;
    }
    e.preventDefault();
  }
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
