// The revised-draft dialog: paste the new version of the open draft; the footer then says what happened to the
// claims, as a sentence.
import type { Actions } from "../actions";
import { h } from "../dom";
import type { Keys } from "../keymap";
import type { Store } from "../state/store";
import { submitOnCtrlEnter } from "./dialogKeys";

export function buildRevisedDialog(store: Store, actions: Actions, keys: Keys): HTMLDialogElement {
  const text = h("textarea", { id: "revise-text", rows: 16, placeholder: "Paste the revised draft", "aria-label": "Revised draft" });
  const form = h(
    "form",
    { class: "paste-form" },
    h("h2", {}, "Re-import a revised draft"),
    h("p", {}, "Claims that moved keep their status; changed ones are marked stale; removed ones are kept as orphans."),
    text,
    h(
      "div",
      { class: "row" },
      h("button", { type: "button", onclick: () => dialog.close() }, "Cancel"),
      h("button", { type: "submit", id: "revise-submit", class: "primary" }, "Re-import"),
    ),
  );
  const dialog = h("dialog", { id: "revise-dialog", "aria-label": "Revised draft" }, form);
  submitOnCtrlEnter(dialog, keys);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void actions.reviseDraft(text.value, () => {
      text.value = "";
      dialog.close();
    });
  });
  keys.register("openRevise", () => {
    if (!store.state.open) return;
    dialog.showModal();
    text.focus();
  });
  return dialog;
}
