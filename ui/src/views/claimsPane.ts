// The claims pane: counts, the draft-view toggle, search, filters, and either the claims list (virtual) or the draft
// with its claims marked. It renders from the store: a new list when the filters or the document change, one row
// when a claim changes, two rows when the selection moves. The list holds the ids of every match; the rows on screen
// render from the loaded views, and the rows not loaded yet are asked for (a page at a time, once scrolling pauses).
import type { Actions } from "../actions";
import { h, replaceChildren } from "../dom";
import { keysOf, type Keys } from "../keymap";
import type { State, Store } from "../state/store";
import { actionButton } from "./toolbar";
import { claimRow, loadingRow, ROW_HEIGHT } from "./claimRow";
import { DraftView } from "./draftView";
import { buildFiltersBar } from "./filtersBar";
import { VirtualList } from "./virtualList";

/** How long the list waits after scrolling before it asks for the rows it lacks: a fling asks once, at its end. */
export const ROWS_DEBOUNCE_MS = 60;

export function buildClaimsPane(store: Store, actions: Actions, keys: Keys): HTMLElement {
  const counts = h("div", { class: "counts", role: "status", "aria-live": "polite" });
  const search = h("input", {
    id: "claim-search",
    type: "search",
    placeholder: `Search claims ( ${keysOf("focusSearch")} )`,
    "aria-label": "Search claims",
  });
  search.addEventListener("input", () => void actions.setFilters({ query: search.value }));
  let rowsTimer: ReturnType<typeof setTimeout> | null = null;
  let wanted: [number, number] = [0, 0];
  const requestRows = (first: number, last: number) => {
    if (store.missing(first, last).length === 0) return;
    wanted = [first, last];
    if (rowsTimer !== null) clearTimeout(rowsTimer);
    rowsTimer = setTimeout(() => {
      rowsTimer = null;
      void actions.loadRows(...wanted);
    }, ROWS_DEBOUNCE_MS);
  };
  const list = new VirtualList<number>({
    rowHeight: ROW_HEIGHT,
    key: (id) => id,
    render: (id) => {
      const c = store.claim(id);
      return c ? claimRow(c, store.state.selected === id, () => actions.selectClaim(id)) : loadingRow();
    },
    onRange: requestRows,
  });
  list.element.id = "claim-list";
  list.element.setAttribute("role", "listbox");
  list.element.setAttribute("aria-label", "Claims");
  list.element.tabIndex = 0;
  const draft = new DraftView((id) => {
    void actions.selectById(id);
    draft.select(id);
  }, `Not a claim (select, then ${keysOf("toggleClaim")} to promote)`);
  draft.element.hidden = true;
  const toggle = actionButton(keys, "toggleDraft", { id: "toggle-draft" }, "Draft view", "Draft view / claim list");

  keys.register("nextClaim", () => actions.moveSelection(1));
  keys.register("previousClaim", () => actions.moveSelection(-1));
  keys.register("toggleDraft", () => actions.toggleDraftMode());
  keys.register("focusSearch", () => search.focus());

  // The document's counts are the facade's (the documents list's summary, moved by each change); the counts of the
  // claims shown are the facade's answer to the filters.
  const renderCounts = (s: State) => {
    const sum = store.openSummary();
    const shown = s.visibleCounts;
    counts.title = s.open
      ? `Shown: ${shown.unsourced} unsourced, ${shown.verified} verified, ${shown.disputed} disputed`
      : "";
    replaceChildren(
      counts,
      s.open ? h("strong", {}, s.open.title) : "No draft open",
      s.open && sum
        ? ` — ${sum.claim_count} claims: ${sum.counts.unsourced} unsourced, ${sum.counts.verified} verified, ${sum.counts.disputed} disputed (showing ${s.visible.length})`
        : "",
    );
  };

  const renderDraft = (s: State) => {
    if (!s.open) return;
    if (s.marks?.doc !== s.open.id) {
      // The marks are on their way (`claim_marks`); the draft is drawn when they arrive.
      draft.element.textContent = "Loading the draft…";
      return;
    }
    draft.render(s.open.text, store.currentMarks());
    if (s.selected !== null) draft.select(s.selected);
  };

  store.subscribe((s, prev) => {
    if (s.filters.query !== prev.filters.query && search.value !== s.filters.query) search.value = s.filters.query;
    if (s.draftMode !== prev.draftMode) {
      list.element.hidden = s.draftMode;
      draft.element.hidden = !s.draftMode;
      toggle.textContent = s.draftMode ? "Claim list" : "Draft view";
      if (s.draftMode) renderDraft(s);
    } else if (s.draftMode && (s.open !== prev.open || s.marks !== prev.marks)) {
      renderDraft(s);
    } else if (s.draftMode && s.claims !== prev.claims) {
      for (const [id, c] of s.claims) if (c !== prev.claims.get(id)) draft.update(c);
    }
    if (s.visible !== prev.visible) {
      list.setItems(s.visible);
    } else if (s.claims !== prev.claims) {
      for (const id of list.renderedItems()) if (s.claims.get(id) !== prev.claims.get(id)) list.refresh(id);
    }
    if (s.selected !== prev.selected) {
      for (const id of [prev.selected, s.selected]) if (id !== null) list.refresh(id);
      const i = s.selected === null ? -1 : s.visible.indexOf(s.selected);
      if (i >= 0) list.scrollToIndex(i);
      if (s.draftMode && s.selected !== null) draft.select(s.selected);
    }
    if (s.open !== prev.open || s.documents !== prev.documents || s.visible !== prev.visible) renderCounts(s);
  });
  renderCounts(store.state);

  return h(
    "main",
    { class: "claims-pane", "aria-label": "Claims" },
    h("div", { class: "claims-head" }, counts, toggle, search),
    buildFiltersBar(store, actions),
    list.element,
    draft.element,
  );
}
