// The claims filters: status, kind and flag toggles. They write the filters to the store and show what it holds
// (the draft view can turn on "All sentences").
import type { Actions } from "../actions";
import { h } from "../dom";
import type { Filters, StatusFilter } from "../state/filters";
import type { Store } from "../state/store";
import { KIND_LABEL } from "../status";

type Toggle = "allSentences" | "stale" | "unnamed" | "opinion";

export function buildFiltersBar(store: Store, actions: Actions): HTMLElement {
  const statusSel = h(
    "select",
    { id: "status-filter", "aria-label": "Filter by status" },
    h("option", { value: "all" }, "All statuses"),
    h("option", { value: "unsourced" }, "Unsourced"),
    h("option", { value: "verified" }, "Verified"),
    h("option", { value: "disputed" }, "Disputed"),
  );
  statusSel.addEventListener("change", () => void actions.setFilters({ status: statusSel.value as StatusFilter }));
  const kindSel = h(
    "select",
    { id: "kind-filter", "aria-label": "Filter by kind" },
    h("option", { value: "" }, "All kinds"),
    ...Object.entries(KIND_LABEL).map(([k, label]) => h("option", { value: k }, label)),
  );
  kindSel.addEventListener("change", () => void actions.setFilters({ kind: kindSel.value }));
  const boxes: [Toggle, HTMLInputElement][] = [];
  const toggle = (id: string, label: string, key: Toggle) => {
    const box = h("input", { type: "checkbox", id });
    box.addEventListener("change", () => void actions.setFilters({ [key]: box.checked }));
    boxes.push([key, box]);
    return h("label", { class: "toggle" }, box, label);
  };
  // "Mine": the claims assigned to this desk's member; shown once the workspace is connected to a team.
  const mineBox = h("input", { type: "checkbox", id: "f-mine" });
  mineBox.addEventListener("change", () => void actions.setMine(mineBox.checked));
  const mine = h("label", { class: "toggle", hidden: true }, mineBox, "Mine");
  const bar = h(
    "div",
    { class: "filters", role: "group", "aria-label": "Filters" },
    statusSel,
    kindSel,
    toggle("f-stale", "Stale/orphan", "stale"),
    toggle("f-unnamed", "Unnamed source", "unnamed"),
    toggle("f-opinion", "Opinion", "opinion"),
    toggle("f-all", "All sentences", "allSentences"),
    mine,
  );
  const show = (f: Filters) => {
    if (statusSel.value !== f.status) statusSel.value = f.status;
    if (kindSel.value !== f.kind) kindSel.value = f.kind;
    for (const [key, box] of boxes) box.checked = f[key];
    mineBox.checked = f.assignee !== null;
  };
  store.subscribe((s, prev) => {
    if (s.filters !== prev.filters) show(s.filters);
    if (s.team !== prev.team) mine.hidden = !(s.team?.connected ?? false);
  });
  return bar;
}
