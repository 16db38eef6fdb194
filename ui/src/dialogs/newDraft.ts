// The new-draft dialog: paste a draft (with an optional title), or type a file path, or choose files.
import type { Actions } from "../actions";
import { h } from "../dom";
import { showShortcut, type Keys } from "../keymap";
import { submitOnCtrlEnter } from "./dialogKeys";

export function buildNewDraftDialog(actions: Actions, keys: Keys): HTMLDialogElement {
  const filePath = h("input", {
    id: "import-path",
    type: "text",
    placeholder: "…or a file path (.txt, .md, .html, .docx); you can also drop files on the window",
    "aria-label": "File to import",
  });
  const title = h("input", { id: "paste-title", type: "text", placeholder: "Title (optional)", "aria-label": "Title" });
  const text = h("textarea", { id: "paste-text", rows: 16, placeholder: "Paste the draft here", "aria-label": "Draft text" });
  const choose = showShortcut(
    h(
      "button",
      { type: "button", id: "import-choose", onclick: () => void actions.pickAndImport().then((ok) => ok && dialog.close()) },
      "Choose file…",
    ),
    "Choose files with the system dialog",
    "openFile",
  );
  const form = h(
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
      choose,
      h("button", { type: "submit", id: "paste-submit", class: "primary" }, "Import draft"),
    ),
  );
  const dialog = h("dialog", { id: "paste-dialog", "aria-label": "New draft" }, form);
  submitOnCtrlEnter(dialog, keys);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const job =
      filePath.value.trim() !== "" && text.value.trim() === ""
        ? actions.importFiles([filePath.value])
        : actions.submitPaste(title.value, text.value);
    void job.then((ok) => {
      if (ok) {
        title.value = "";
        text.value = "";
        filePath.value = "";
        dialog.close();
      }
    });
  });
  keys.register("newDraft", () => {
    dialog.showModal();
    text.focus();
  });
  return dialog;
}
