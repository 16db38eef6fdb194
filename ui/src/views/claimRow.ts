// One row of the claims list: status (word, icon and colour), the text, the reason and the flags.
import type { ClaimView } from "../api";
import { h } from "../dom";
import { KIND_LABEL, STATUS_ICON, STATUS_LABEL } from "../status";

export const ROW_HEIGHT = 64;

export function claimRow(c: ClaimView, selected: boolean, onSelect: () => void): HTMLElement {
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
      class: `claim-row status-${c.status}${selected ? " selected" : ""}`,
      role: "option",
      "aria-selected": selected ? "true" : "false",
      "data-claim-id": c.id,
      "data-status": c.status,
      onclick: onSelect,
    },
    h("span", { class: `badge badge-${c.status}`, title: STATUS_LABEL[c.status] }, `${STATUS_ICON[c.status]} ${STATUS_LABEL[c.status]}`),
    h(
      "div",
      { class: "claim-body" },
      h("div", { class: "claim-text" }, c.text),
      h("div", { class: "claim-meta" }, c.status_reason ? h("span", { class: "claim-reason" }, c.status_reason) : null, ...flags),
    ),
  );
}

/** A row whose claim is listed but not loaded yet (its page is on its way): the same height, no claim data. */
export function loadingRow(): HTMLElement {
  return h("div", { class: "claim-row-loading", role: "option", "aria-selected": "false", "aria-busy": "true" }, "Loading…");
}
