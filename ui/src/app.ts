// The workbench: documents on the left, the claims of the open draft in the middle, the selected claim on the right.
import {
  api,
  describeError,
  toApiError,
  type CitationStance,
  type CitationView,
  type EvidenceView,
  type JobProgress,
  type ReportFormat,
  type ClaimStatus,
  type ClaimView,
  type DocumentSummary,
  type DocumentView,
  type HistoryEntry,
} from "./api";
import { h, replaceChildren } from "./dom";
import { KIND_LABEL, STATUS_ICON, STATUS_LABEL } from "./status";
import { VirtualList } from "./views/virtualList";
import { highlightedText } from "./views/highlight";
import { DraftView } from "./views/draftView";

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
  private readonly progress = h("div", { id: "progress", class: "progress", role: "status", "aria-live": "polite", hidden: true });
  private readonly readerDialog: HTMLDialogElement = h("dialog", { id: "reader-dialog", "aria-label": "Source reader" });
  private readonly exportDialog: HTMLDialogElement;
  private readonly reviseDialog: HTMLDialogElement;
  private runningJob: number | null = null;
  private readonly draft = new DraftView((id) => this.selectById(id));
  private draftMode = false;

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
    this.draft.element.hidden = true;
    this.pasteDialog = this.buildPasteDialog();
    this.helpDialog = this.buildHelpDialog();
    this.exportDialog = this.buildExportDialog();
    this.reviseDialog = this.buildReviseDialog();
    void api.onProgress((p) => this.onProgress(p)).catch(() => undefined);
    void api.onFileDrop((paths) => void this.importFiles(paths)).catch(() => undefined);
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
      h("button", { id: "open-file", type: "button", onclick: () => void this.pickAndImport(), title: "Open a draft file (o)" }, "Open file…"),
      h("button", { id: "revise-draft", type: "button", onclick: () => this.openRevise(), title: "Re-import a revised draft (r)" }, "Revised draft"),
      h("button", { id: "recheck-links", type: "button", onclick: () => void this.recheck(), title: "Re-check every cited link" }, "Re-check links"),
      h("button", { id: "export-report", type: "button", onclick: () => this.openExport(), title: "Export a report (e)" }, "Export report"),
      h("span", { class: "spacer" }),
      this.progress,
      h("button", { type: "button", onclick: () => this.helpDialog.showModal(), title: "Keyboard shortcuts (?)" }, "Shortcuts"),
    );
    const filters = this.buildFilters();
    const main = h(
      "main",
      { class: "claims-pane", "aria-label": "Claims" },
      h(
        "div",
        { class: "claims-head" },
        this.counts,
        h("button", { type: "button", id: "toggle-draft", onclick: () => this.toggleDraft(), title: "Draft view / claim list (t)" }, "Draft view"),
        this.search,
      ),
      filters,
      this.list.element,
      this.draft.element,
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
      this.readerDialog,
      this.exportDialog,
      this.reviseDialog,
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

  /** Imports dropped or typed file paths (text, Markdown, HTML, .docx), one document each, and opens the last. */
  async importFiles(paths: string[]): Promise<boolean> {
    let last: DocumentView | null = null;
    for (const p of paths.map((x) => x.trim()).filter((x) => x !== "")) {
      try {
        last = await api.importFile(p, null);
      } catch (e) {
        this.showError(e);
        return false;
      }
    }
    if (!last) return false;
    this.hideError();
    await this.reloadDocuments();
    this.showDocument(last);
    return true;
  }

  private buildPasteDialog(): HTMLDialogElement {
    const filePath = h("input", {
      id: "import-path",
      type: "text",
      placeholder: "…or a file path (.txt, .md, .html, .docx); you can also drop files on the window",
      "aria-label": "File to import",
    });
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
        filePath,
        h(
          "div",
          { class: "row" },
          h("button", { type: "button", id: "paste-cancel", onclick: () => dialog.close() }, "Cancel"),
          h(
            "button",
            {
              type: "button",
              id: "import-choose",
              title: "Choose files with the system dialog (o)",
              onclick: () => void this.pickAndImport().then((ok) => ok && dialog.close()),
            },
            "Choose file…",
          ),
          h("button", { type: "submit", id: "paste-submit", class: "primary" }, "Import draft"),
        ),
      ),
    );
    submitOnCtrlEnter(dialog);
    dialog.querySelector("form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      const job =
        filePath.value.trim() !== "" && text.value.trim() === ""
          ? this.importFiles([filePath.value])
          : this.submitPaste(title.value, text.value);
      void job.then((ok) => {
        if (ok) {
          title.value = "";
          text.value = "";
          filePath.value = "";
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
      ["V / D / U", "Write a reason first, then Enter marks the claim"],
      ["c", "Cite a link for the claim (paste the URL, Enter)"],
      ["a", "Cite the link the draft gives for this claim"],
      ["N", "Notes for the claim (saved on leaving the field or Ctrl+Enter)"],
      ["s", "Read the first cited source"],
      ["p", "Promote / demote the sentence as a claim"],
      ["t", "Draft view with claims highlighted / claim list"],
      ["e", "Export a report"],
      ["r", "Re-import a revised draft"],
      ["n", "New draft (paste, or a file path)"],
      ["o", "Open a draft file (system dialog)"],
      ["Ctrl+Enter", "Submit a pasted draft"],
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

  private toggleDraft(): void {
    this.draftMode = !this.draftMode;
    this.list.element.hidden = this.draftMode;
    this.draft.element.hidden = !this.draftMode;
    const b = this.root.querySelector("#toggle-draft");
    if (b) b.textContent = this.draftMode ? "Claim list" : "Draft view";
    if (this.draftMode && this.current) {
      this.draft.render(this.current.text, this.current.claims);
      const c = this.selectedClaim();
      if (c) this.draft.select(c.id);
    }
  }

  /** Selects a claim by id (from the draft view), showing plain sentences in the list if needed. */
  private selectById(id: number): void {
    let i = this.visible.findIndex((c) => c.id === id);
    if (i < 0 && !this.filters.allSentences) {
      this.filters.allSentences = true;
      const box = this.root.querySelector<HTMLInputElement>("#f-all");
      if (box) box.checked = true;
      this.applyFilters();
      i = this.visible.findIndex((c) => c.id === id);
    }
    if (i >= 0) this.select(i);
    this.draft.select(id);
  }

  private showDocument(view: DocumentView): void {
    this.current = view;
    if (this.draftMode) this.draft.render(view.text, view.claims);
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

  /** Recomputes the open document's counts in the documents list from the claims in memory (no round trip). */
  private updateDocCounts(): void {
    const cur = this.current;
    if (!cur) return;
    const claims = cur.claims.filter((c) => c.checkworthy);
    const counts = { unsourced: 0, verified: 0, disputed: 0 };
    for (const c of claims) counts[c.status]++;
    this.docs = this.docs.map((d) => (d.id === cur.document.id ? { ...d, claim_count: claims.length, counts } : d));
    this.renderDocuments();
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
    if (this.draftMode && c) this.draft.select(c.id);
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
    const citations = h("ul", { id: "citations", class: "citations", "aria-label": "Citations" });
    const evidence = h("div", { id: "evidence", class: "evidence" }, h("p", { class: "empty" }, "Cite a source to see the evidence."));
    const similar = h("div", { id: "similar", class: "similar" });
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
      h(
        "button",
        {
          type: "button",
          id: "toggle-claim",
          class: "link-btn",
          onclick: () => void this.toggleCheckworthy(c),
        },
        c.checkworthy ? "Not a claim (demote)" : "Treat as a claim (promote)",
      ),
      h("h3", {}, "Citations"),
      c.proposed_citations.length
        ? h(
            "ul",
            { class: "proposed", "aria-label": "Links in the draft" },
            ...c.proposed_citations.map((p) =>
              h(
                "li",
                { class: "proposed-citation", "data-url": p.url },
                `Link in the draft: “${p.text}” `,
                h("span", { class: "citation-meta" }, p.url),
                " ",
                h(
                  "button",
                  { type: "button", class: "accept-proposed", onclick: () => void this.cite(c.id, p.url, "supports") },
                  "Cite it",
                ),
              ),
            ),
          )
        : null,
      this.buildCiteForm(c.id),
      citations,
      h("h3", {}, "Evidence"),
      evidence,
      similar,
      h("h3", {}, "Notes"),
      this.buildNotes(c, history),
      h("h3", {}, "History"),
      history,
    );
    void this.loadHistory(c.id, history);
    void this.loadCitations(c.id, citations, evidence);
    void this.loadSimilar(c.id, similar);
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
      this.applyClaim(updated);
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
    if (typing || this.pasteDialog.open || this.helpDialog.open || this.readerDialog.open || this.exportDialog.open || this.reviseDialog.open)
      return;
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
        if (r.trim() === "") this.askReason("disputed");
        else void this.mark("disputed", r);
        break;
      }
      case "V":
        this.askReason("verified");
        break;
      case "D":
        this.askReason("disputed");
        break;
      case "U":
        this.askReason("unsourced");
        break;
      case "a":
        // The same button the mouse uses, so the key and the click cannot drift apart.
        this.detail.querySelector<HTMLButtonElement>(".proposed-citation .accept-proposed")?.click();
        break;
      case "s":
        this.detail.querySelector<HTMLButtonElement>("#citations .citation .open-reader")?.click();
        break;
      case "o":
        void this.pickAndImport();
        break;
      case "N":
        this.detail.querySelector<HTMLTextAreaElement>("#notes")?.focus();
        break;
      case "n":
        this.openPaste();
        break;
      case "c":
        (this.detail.querySelector("#cite-url") as HTMLInputElement | null)?.focus();
        break;
      case "e":
        this.openExport();
        break;
      case "t":
        this.toggleDraft();
        break;
      case "r":
        this.openRevise();
        break;
      case "p":
        if (this.selectedClaim()) void this.toggleCheckworthy(this.selectedClaim() as ClaimView);
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

  /** The claim's working notes: saved when the field loses focus or on Ctrl+Enter; the history shows each change. */
  private buildNotes(c: ClaimView, history: HTMLElement): HTMLElement {
    const field = h("textarea", {
      id: "notes",
      rows: 3,
      placeholder: "Notes for this claim (N); saved when you leave the field or press Ctrl+Enter",
      "aria-label": "Notes",
    });
    field.value = c.notes;
    const status = h("span", { id: "notes-status", class: "muted", role: "status" });
    const save = async () => {
      const current = this.current?.claims.find((x) => x.id === c.id);
      if (!current || current.notes === field.value) return;
      try {
        const updated = await api.setNotes(c.id, field.value);
        this.hideError();
        // Data only: re-rendering the detail would take the focus out of the field the editor is typing in.
        this.putClaim(updated);
        status.textContent = "Notes saved";
        if (this.selectedClaim()?.id === c.id) void this.loadHistory(c.id, history);
      } catch (e) {
        this.showError(e);
      }
    };
    field.addEventListener("change", () => void save());
    field.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void save();
      }
    });
    return h("div", { class: "notes" }, field, status);
  }

  /** Focuses the reason field; Enter there then applies `status` (the keyboard path to "mark with a reason"). */
  private askReason(status: ClaimStatus): void {
    const field = this.detail.querySelector<HTMLTextAreaElement>("#reason");
    if (!field || !this.selectedClaim()) return;
    this.pendingStatus = status;
    field.placeholder = `Reason, then Enter to mark ${STATUS_LABEL[status].toLowerCase()}`;
    field.focus();
  }

  /** The OS open dialog, then the import of every chosen file (the last one opens). */
  async pickAndImport(): Promise<boolean> {
    try {
      const paths = await api.pickDraftFiles();
      return paths.length > 0 ? await this.importFiles(paths) : false;
    } catch (e) {
      this.showError(e);
      return false;
    }
  }

  private buildCiteForm(claim: number): HTMLElement {
    const url = h("input", { id: "cite-url", type: "url", placeholder: "Paste a source link (c)", "aria-label": "Source URL" });
    const stance = h(
      "select",
      { id: "cite-stance", "aria-label": "Stance of the source" },
      h("option", { value: "supports" }, "Supports"),
      h("option", { value: "contradicts" }, "Contradicts"),
      h("option", { value: "context" }, "Context"),
    );
    const form = h(
      "form",
      { class: "cite-form" },
      url,
      stance,
      h("button", { type: "submit", id: "cite-submit" }, "Cite"),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const u = url.value.trim();
      if (u === "") return;
      void this.cite(claim, u, stance.value as CitationStance).then((ok) => {
        if (ok) url.value = "";
      });
    });
    return form;
  }

  async cite(claim: number, url: string, stance: CitationStance): Promise<boolean> {
    this.showProgress(`Fetching ${url}…`, null);
    try {
      const c = await api.citeSource(claim, url, stance, null);
      this.hideError();
      if (c.fetch_error) this.showError({ code: "source_failing", message: `The citation was kept, but the source could not be archived: ${c.fetch_error}` });
      await this.refreshClaim(claim);
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    } finally {
      this.hideProgress();
    }
  }

  private onProgress(p: JobProgress): void {
    this.runningJob = p.stage === "done" || p.stage === "failed" || p.stage === "cancelled" ? null : p.job;
    const kb = p.received !== null ? ` ${Math.round(p.received / 1024)} KB` : "";
    const of = p.total !== null ? ` of ${Math.round(p.total / 1024)} KB` : "";
    this.showProgress(`${p.stage}${kb}${of} — ${p.url}${p.message ? ` (${p.message})` : ""}`, p.job);
  }

  private showProgress(text: string, job: number | null): void {
    this.progress.hidden = false;
    replaceChildren(
      this.progress,
      h("span", { class: "spinner", "aria-hidden": "true" }),
      h("span", { class: "progress-text" }, text),
      job !== null || this.runningJob !== null
        ? h(
            "button",
            {
              type: "button",
              id: "cancel-job",
              onclick: () => {
                const j = job ?? this.runningJob;
                if (j !== null) void api.cancelJob(j);
              },
            },
            "Cancel",
          )
        : null,
    );
  }

  private hideProgress(): void {
    this.progress.hidden = true;
    this.runningJob = null;
  }

  /** Reloads one claim after a change elsewhere (citation added): one row and the detail, not the whole list. */
  private async refreshClaim(id: number): Promise<void> {
    if (!this.current) return;
    this.applyClaim(await api.getClaim(id));
  }

  /** Puts an updated claim into the open document and the filtered list; returns its index in the list, or -1. */
  private putClaim(updated: ClaimView): number {
    if (!this.current) return -1;
    this.current.claims = this.current.claims.map((x) => (x.id === updated.id ? updated : x));
    const i = this.visible.findIndex((x) => x.id === updated.id);
    if (i >= 0) this.visible[i] = updated;
    return i;
  }

  /** Shows an updated claim: its row, the draft view, the counts, and the detail if it is the selected one. */
  private applyClaim(updated: ClaimView): void {
    if (!this.current) return;
    if (this.putClaim(updated) >= 0) this.list.refresh(updated);
    if (this.draftMode) this.draft.update(updated);
    this.renderCounts();
    this.updateDocCounts();
    if (this.selectedClaim()?.id === updated.id) this.renderDetail();
  }

  private async loadCitations(claim: number, into: HTMLElement, evidenceBox: HTMLElement): Promise<void> {
    try {
      const cits = await api.listCitations(claim);
      if (this.selectedClaim()?.id !== claim) return;
      replaceChildren(into, cits.length ? cits.map((c) => this.citationItem(c, evidenceBox)) : h("li", { class: "empty" }, "No citations yet."));
      // A proposed link already cited needs no second action.
      for (const li of this.detail.querySelectorAll<HTMLElement>(".proposed-citation")) {
        if (cits.some((c) => c.url === li.dataset.url)) li.hidden = true;
      }
      const first = cits.find((c) => c.source !== null);
      if (first?.source) await this.loadEvidence(claim, first, evidenceBox);
    } catch (e) {
      this.showError(e);
    }
  }

  private citationItem(c: CitationView, evidenceBox: HTMLElement): HTMLElement {
    const s = c.source;
    const stanceSel = h(
      "select",
      { class: "stance-select", "aria-label": "Stance" },
      ...(["supports", "contradicts", "context"] as const).map((v) => h("option", { value: v, selected: c.stance === v }, v)),
    );
    stanceSel.addEventListener("change", () => {
      void api
        .setCitationStance(c.id, stanceSel.value as CitationStance)
        .then(() => this.refreshClaim(c.claim))
        .catch((e: unknown) => this.showError(e));
    });
    return h(
      "li",
      { class: "citation", "data-health": c.health, "data-citation-id": c.id },
      h("div", { class: "citation-title" }, s?.title ?? c.url),
      h(
        "div",
        { class: "citation-meta" },
        [s?.publisher, s?.authors.join(", "), s?.published].filter(Boolean).join(" · ") || "No metadata",
      ),
      h(
        "div",
        { class: "citation-meta" },
        h("span", { class: `health health-${c.health}` }, `Link: ${c.health.replace(/_/g, " ")}`),
        s ? ` · archived ${s.archived_at} · sha256 ${s.sha256.slice(0, 12)}…` : " · not archived",
      ),
      c.fetch_error ? h("div", { class: "citation-error" }, c.fetch_error) : null,
      c.passage ? h("blockquote", { class: "cited-passage" }, c.passage.text) : null,
      h(
        "div",
        { class: "citation-actions" },
        stanceSel,
        s ? h("button", { type: "button", class: "open-reader", onclick: () => void this.openReader(s.snapshot, c.passage?.start ?? null, c.passage?.end ?? null, c) }, "Read source") : null,
        s ? h("button", { type: "button", onclick: () => void this.loadEvidence(c.claim, c, evidenceBox) }, "Evidence") : null,
        h("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, "Live page"),
        h("button", { type: "button", class: "danger", onclick: () => void this.removeCitation(c) }, "Remove"),
      ),
    );
  }

  private async removeCitation(c: CitationView): Promise<void> {
    try {
      await api.removeCitation(c.id, null);
      await this.refreshClaim(c.claim);
    } catch (e) {
      this.showError(e);
    }
  }

  private async loadEvidence(claim: number, c: CitationView, into: HTMLElement): Promise<void> {
    if (!c.source) return;
    try {
      const ev = await api.claimEvidence(claim, c.source.snapshot);
      if (this.selectedClaim()?.id !== claim) return;
      replaceChildren(into, this.evidenceView(ev, c));
    } catch (e) {
      this.showError(e);
    }
  }

  private evidenceView(ev: EvidenceView, c: CitationView): HTMLElement[] {
    const sug = ev.suggestion;
    const parts: (HTMLElement | null)[] = [
      h(
        "p",
        { class: `suggestion suggestion-${sug.stance}`, id: "suggestion" },
        h("strong", {}, `Suggestion: ${sug.stance.replace(/_/g, " ")}`),
        ` (${Math.round(sug.confidence * 100)}% confidence) — you decide.`,
      ),
      h("ul", { class: "reasons" }, ...sug.reasons.map((r) => h("li", { "data-kind": r.kind }, r.message))),
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
                  h("strong", {}, q.match === "exact" ? "found verbatim" : q.match === "fuzzy" ? `not verbatim (distance ${q.distance ?? "?"})` : "not found"),
                  q.match === "fuzzy" && q.source_text ? h("div", { class: "source-wording" }, `Source says: “${q.source_text}”`) : null,
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
            " ",
            h(
              "button",
              {
                type: "button",
                class: "passage-text",
                title: "Open in the source reader",
                onclick: () => void this.openReader(c.source?.snapshot ?? 0, p.start, p.end, c),
              },
              p.text,
            ),
            h(
              "button",
              {
                type: "button",
                class: "use-passage",
                onclick: () =>
                  void api
                    .setCitationPassage(c.id, p.start, p.end)
                    .then(() => this.refreshClaim(c.claim))
                    .catch((e: unknown) => this.showError(e)),
              },
              "Cite this passage",
            ),
          ),
        ),
      ),
    ];
    return parts.filter((x): x is HTMLElement => x !== null);
  }

  private async loadSimilar(claim: number, into: HTMLElement): Promise<void> {
    try {
      const sims = await api.similarClaims(claim);
      if (this.selectedClaim()?.id !== claim || sims.length === 0) return;
      replaceChildren(
        into,
        h("h3", {}, "Checked before"),
        h(
          "ul",
          { class: "similar-list" },
          ...sims.map((s) =>
            h(
              "li",
              {},
              h("span", { class: `badge badge-${s.status}` }, `${STATUS_ICON[s.status]} ${STATUS_LABEL[s.status]}`),
              ` ${s.text} — ${s.document_title} (${s.citations} citations) `,
              s.citations > 0
                ? h(
                    "button",
                    {
                      type: "button",
                      onclick: () =>
                        void api
                          .reuseCitations(s.claim, claim)
                          .then(() => this.refreshClaim(claim))
                          .catch((e: unknown) => this.showError(e)),
                    },
                    "Reuse its citations",
                  )
                : null,
            ),
          ),
        ),
      );
    } catch (e) {
      this.showError(e);
    }
  }

  async openReader(snapshot: number, start: number | null, end: number | null, c: CitationView | null): Promise<void> {
    try {
      const snap = await api.getSnapshot(snapshot);
      const body = h("div", { class: "reader-text", id: "reader-text", tabindex: 0, "aria-label": "Source text" });
      highlightedText(body, snap.text || "(This source has no readable text; its bytes are archived.)", start, end);
      const older = snap.versions.filter((v) => v !== snapshot);
      const diffBox = h("div", { class: "diff" });
      replaceChildren(
        this.readerDialog,
        h("h2", {}, snap.summary.title ?? snap.url),
        h(
          "p",
          { class: "citation-meta" },
          h("a", { href: snap.url, target: "_blank", rel: "noopener noreferrer" }, snap.url),
          ` · HTTP ${snap.status} · archived ${snap.summary.archived_at} · sha256 ${snap.summary.sha256}`,
        ),
        older.length
          ? h(
              "div",
              { class: "row" },
              "Compare with snapshot ",
              ...older.map((v) =>
                h(
                  "button",
                  {
                    type: "button",
                    onclick: () =>
                      void api
                        .diffSnapshots(Math.min(v, snapshot), Math.max(v, snapshot))
                        .then((lines) =>
                          replaceChildren(
                            diffBox,
                            lines.map((l) => h("div", { class: `diff-${l.op}` }, `${l.op === "added" ? "+ " : l.op === "removed" ? "− " : "  "}${l.text}`)),
                          ),
                        )
                        .catch((e: unknown) => this.showError(e)),
                  },
                  `#${v}`,
                ),
              ),
            )
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
                  onclick: () =>
                    void api
                      .setCitationPassage(c.id, start, end)
                      .then(() => this.refreshClaim(c.claim))
                      .then(() => this.readerDialog.close())
                      .catch((e: unknown) => this.showError(e)),
                },
                "Cite this passage",
              )
            : null,
          h("button", { type: "submit", id: "reader-close" }, "Close"),
        ),
      );
      this.readerDialog.showModal();
      body.querySelector("mark")?.scrollIntoView({ block: "center" });
    } catch (e) {
      this.showError(e);
    }
  }

  private async toggleCheckworthy(c: ClaimView): Promise<void> {
    try {
      // The command answers with the updated claim: no second round trip to fetch it.
      this.applyClaim(await api.setCheckworthy(c.id, !c.checkworthy));
    } catch (e) {
      this.showError(e);
    }
  }

  private async recheck(): Promise<void> {
    if (!this.current) return;
    this.showProgress("Re-checking cited links…", null);
    try {
      const reports = await api.recheckDocument(this.current.document.id);
      const bad = reports.filter((r) => r.health !== "ok");
      replaceChildren(this.footer, `Re-checked ${reports.length} links: ${bad.length ? bad.map((r) => `${r.url} ${r.health}`).join("; ") : "all ok"}`);
      if (this.selectedClaim()) this.renderDetail();
    } catch (e) {
      this.showError(e);
    } finally {
      this.hideProgress();
    }
  }

  private buildExportDialog(): HTMLDialogElement {
    const format = h(
      "select",
      { id: "export-format", "aria-label": "Report format" },
      h("option", { value: "html" }, "HTML (printable)"),
      h("option", { value: "md" }, "Markdown"),
      h("option", { value: "json" }, "JSON"),
      h("option", { value: "csv" }, "CSV (spreadsheet)"),
      h("option", { value: "claimreview" }, "ClaimReview JSON-LD"),
      h("option", { value: "bundle" }, "Evidence bundle (.zip)"),
    );
    const review = h("input", { id: "export-review-url", type: "url", placeholder: "Review page URL (ClaimReview only)", "aria-label": "Review page URL" });
    const path = h("input", { id: "export-path", type: "text", placeholder: "Save to (full path)", "aria-label": "File to save to" });
    const preview = h("pre", { id: "export-preview", class: "preview", tabindex: 0, "aria-label": "Report preview" });
    const status = h("p", { id: "export-status", role: "status" });
    const doPreview = async () => {
      if (!this.current || format.value === "bundle") {
        preview.textContent = format.value === "bundle" ? "A zip of report.html, report.json, sources.warc.gz and SHA256SUMS." : "";
        return;
      }
      try {
        const p = await api.reportPreview(this.current.document.id, format.value as ReportFormat, review.value.trim() || null);
        preview.textContent = p.text.length > 20000 ? `${p.text.slice(0, 20000)}\n…` : p.text;
      } catch (e) {
        preview.textContent = describeError(toApiError(e)).detail;
      }
    };
    format.addEventListener("change", () => void doPreview());
    const dialog = h(
      "dialog",
      { id: "export-dialog", "aria-label": "Export report" },
      h(
        "form",
        { class: "paste-form" },
        h("h2", {}, "Export report"),
        format,
        review,
        h(
          "div",
          { class: "row path-row" },
          path,
          h(
            "button",
            {
              type: "button",
              id: "export-choose",
              onclick: () => {
                const ext = EXPORT_EXTENSION[format.value] ?? "txt";
                const name = `${(this.current?.document.title ?? "report").replace(/[\\/:*?"<>|]+/g, "-")}.${ext}`;
                void api
                  .pickSavePath(name, ext)
                  .then((p) => {
                    if (p !== null) path.value = p;
                    path.focus();
                  })
                  .catch((err: unknown) => {
                    const d = describeError(toApiError(err));
                    status.textContent = `${d.title}: ${d.detail}`;
                  });
              },
            },
            "Choose…",
          ),
        ),
        h("div", { class: "row" }, h("button", { type: "button", onclick: () => dialog.close() }, "Close"), h("button", { type: "submit", id: "export-save", class: "primary" }, "Save")),
        status,
        preview,
      ),
    );
    dialog.querySelector("form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!this.current) return;
      const doc = this.current.document.id;
      const target = path.value.trim();
      const job = format.value === "bundle" ? api.saveBundle(doc, target) : api.saveReport(doc, format.value as ReportFormat, review.value.trim() || null, target);
      job.then(
        () => {
          status.textContent = `Saved to ${target}`;
        },
        (err: unknown) => {
          const d = describeError(toApiError(err));
          status.textContent = `${d.title}: ${d.detail}`;
        },
      );
    });
    dialog.addEventListener("toggle", () => {
      if (dialog.open) void doPreview();
    });
    (dialog as HTMLDialogElement & { preview?: () => Promise<void> }).preview = doPreview;
    return dialog;
  }

  openExport(): void {
    if (!this.current) return;
    this.exportDialog.showModal();
    void (this.exportDialog as HTMLDialogElement & { preview?: () => Promise<void> }).preview?.();
    (this.exportDialog.querySelector("#export-format") as HTMLSelectElement | null)?.focus();
  }

  private buildReviseDialog(): HTMLDialogElement {
    const text = h("textarea", { id: "revise-text", rows: 16, placeholder: "Paste the revised draft", "aria-label": "Revised draft" });
    const dialog = h(
      "dialog",
      { id: "revise-dialog", "aria-label": "Revised draft" },
      h(
        "form",
        { class: "paste-form" },
        h("h2", {}, "Re-import a revised draft"),
        h("p", {}, "Claims that moved keep their status; changed ones are marked stale; removed ones are kept as orphans."),
        text,
        h("div", { class: "row" }, h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"), h("button", { type: "submit", id: "revise-submit", class: "primary" }, "Re-import")),
      ),
    );
    submitOnCtrlEnter(dialog);
    dialog.querySelector("form")?.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!this.current) return;
      const id = this.current.document.id;
      api
        .reviseDraft(id, text.value)
        .then(async (r) => {
          replaceChildren(this.footer, `Revised draft imported: ${JSON.stringify(r)}`);
          text.value = "";
          dialog.close();
          await this.reloadDocuments();
          await this.openDocument(id);
        })
        .catch((err: unknown) => this.showError(err));
    });
    return dialog;
  }

  openRevise(): void {
    if (!this.current) return;
    this.reviseDialog.showModal();
    (this.reviseDialog.querySelector("#revise-text") as HTMLTextAreaElement | null)?.focus();
  }
}

/** The file extension each export format is saved with (the save dialog's filter). */
const EXPORT_EXTENSION: Record<string, string> = {
  html: "html",
  md: "md",
  json: "json",
  csv: "csv",
  claimreview: "jsonld",
  bundle: "zip",
};

/** Ctrl+Enter (Cmd+Enter on a Mac) in a dialog's text area submits its form: Enter alone must stay a newline. */
export function submitOnCtrlEnter(dialog: HTMLDialogElement): void {
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      dialog.querySelector("form")?.requestSubmit();
    }
  });
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
