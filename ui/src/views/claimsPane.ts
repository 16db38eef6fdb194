// The claims pane: counts, the draft-view toggle, search, filters, and either the claims list (virtual) or the draft
// with its claims marked. It renders from the store: a new list when the filters or the document change, one row
// when a claim changes, two rows when the selection moves.
import type { Actions } from "../actions";
import type { ClaimStatus, ClaimView } from "../api";
import { h, replaceChildren } from "../dom";
import { keysOf, type Keys } from "../keymap";
import type { State, Store } from "../state/store";
import { actionButton } from "./toolbar";
import { claimRow, ROW_HEIGHT } from "./claimRow";
import { DraftView } from "./draftView";
import { buildFiltersBar } from "./filtersBar";
import { VirtualList } from "./virtualList";

export function buildClaimsPane(store: Store, actions: Actions, keys: Keys): HTMLElement {
  const counts = h("div", { class: "counts", role: "status", "aria-live": "polite" });
  const search = h("input", {
    id: "claim-search",
    type: "search",
    placeholder: `Search claims ( ${keysOf("focusSearch")} )`,
    "aria-label": "Search claims",
  });
  search.addEventListener("input", () => actions.setFilters({ query: search.value }));
  const list = new VirtualList<ClaimView>({
    rowHeight: ROW_HEIGHT,
    key: (c) => c.id,
    render: (c) => claimRow(c, store.state.selected === c.id, () => actions.selectClaim(c.id)),
  });
  list.element.id = "claim-list";
  list.element.setAttribute("role", "listbox");
  list.element.setAttribute("aria-label", "Claims");
  list.element.tabIndex = 0;
  const draft = new DraftView((id) => {
    actions.selectById(id);
    draft.select(id);
  }, `Not a claim (select, then ${keysOf("toggleClaim")} to promote)`);
  draft.element.hidden = true;
  const toggle = actionButton(keys, "toggleDraft", { id: "toggle-draft" }, "Draft view", "Draft view / claim list");

  keys.register("nextClaim", () => actions.moveSelection(1));
  keys.register("previousClaim", () => actions.moveSelection(-1));
  keys.register("toggleDraft", () => actions.toggleDraftMode());
  keys.register("focusSearch", () => search.focus());

  const renderCounts = (s: State) => {
    const claims = store.openClaims().filter((c) => c.checkworthy);
    const n = (st: ClaimStatus) => claims.filter((c) => c.status === st).length;
    replaceChildren(
      counts,
      s.open ? h("strong", {}, s.open.title) : "No draft open",
      s.open
        ? ` — ${claims.length} claims: ${n("unsourced")} unsourced, ${n("verified")} verified, ${n("disputed")} disputed (showing ${s.visible.length})`
        : "",
    );
  };

  const renderDraft = (s: State) => {
    if (!s.open) return;
    draft.render(s.open.text, store.openClaims());
    if (s.selected !== null) draft.select(s.selected);
  };

  store.subscribe((s, prev) => {
    if (s.filters.query !== prev.filters.query && search.value !== s.filters.query) search.value = s.filters.query;
    if (s.draftMode !== prev.draftMode) {
      list.element.hidden = s.draftMode;
      draft.element.hidden = !s.draftMode;
      toggle.textContent = s.draftMode ? "Claim list" : "Draft view";
      if (s.draftMode) renderDraft(s);
    } else if (s.draftMode && s.open !== prev.open) {
      renderDraft(s);
    }
    const sameDoc = s.open === prev.open;
    if (s.visible !== prev.visible) {
      list.setItems(store.visibleClaims());
    } else if (s.claims !== prev.claims) {
      for (const id of s.visible) {
        const c = s.claims.get(id);
        if (c && c !== prev.claims.get(id)) list.refresh(c);
      }
    }
    if (s.draftMode && sameDoc && s.claims !== prev.claims && s.draftMode === prev.draftMode) {
      for (const id of s.open?.claims ?? []) {
        const c = s.claims.get(id);
        if (c && c !== prev.claims.get(id)) draft.update(c);
      }
    }
    if (s.selected !== prev.selected) {
      for (const id of [prev.selected, s.selected]) {
        const c = id === null ? undefined : s.claims.get(id);
        if (c) list.refresh(c);
      }
      const i = s.selected === null ? -1 : s.visible.indexOf(s.selected);
      if (i >= 0) list.scrollToIndex(i);
      if (s.draftMode && s.selected !== null) draft.select(s.selected);
    }
    if (s.open !== prev.open || s.claims !== prev.claims || s.visible !== prev.visible) renderCounts(s);
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
