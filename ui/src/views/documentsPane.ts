// The documents pane: every draft with its counts; the open one is selected. Click or Enter opens one.
import type { Actions } from "../actions";
import { h, replaceChildren } from "../dom";
import { keysOf, type Keys } from "../keymap";
import type { Store } from "../state/store";

export function buildDocumentsPane(store: Store, actions: Actions, keys: Keys): HTMLElement {
  const list = h("ul", { class: "doc-list", role: "listbox", "aria-label": "Documents" });
  // Which document each item stands for: the key handler gets the item the key was pressed on.
  const itemDoc = new WeakMap<EventTarget, number>();
  keys.register("openDocument", (e) => {
    const id = e?.currentTarget ? itemDoc.get(e.currentTarget) : undefined;
    if (id === undefined) return false;
    void actions.openDocument(id);
  });
  const render = () => {
    const docs = store.documentList();
    const open = store.state.open?.id;
    replaceChildren(
      list,
      docs.length === 0 ? h("li", { class: "empty" }, `No drafts yet. Press ${keysOf("newDraft")} to paste one.`) : null,
      docs.map((d) => {
        const li = h(
          "li",
          {
            role: "option",
            tabindex: 0,
            class: "doc-item",
            "aria-selected": open === d.id ? "true" : "false",
            "data-doc-id": d.id,
            onclick: () => void actions.openDocument(d.id),
          },
          h("span", { class: "doc-title" }, d.title),
          h(
            "span",
            { class: "doc-counts" },
            `${d.claim_count} claims · ${d.counts.unsourced} unsourced · ${d.counts.verified} verified · ${d.counts.disputed} disputed`,
          ),
        );
        itemDoc.set(li, d.id);
        keys.listen(li, "documents");
        return li;
      }),
    );
  };
  store.subscribe((s, prev) => {
    if (s.documents !== prev.documents || s.documentOrder !== prev.documentOrder || s.open?.id !== prev.open?.id) render();
  });
  render();
  return h("nav", { class: "docs-pane", "aria-label": "Documents" }, h("h2", {}, "Documents"), list);
}
