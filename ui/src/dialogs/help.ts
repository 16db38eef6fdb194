// The `?` dialog: the keymap, one row per entry, in table order. Nothing else lists shortcuts.
import { h } from "../dom";
import { KEYMAP, keyLabel, type Binding, type Keys } from "../keymap";

export function helpRows(table: readonly Binding[] = KEYMAP): [string, string][] {
  return table.map((b) => [b.keys.map(keyLabel).join(" / "), b.label]);
}

export function buildHelpDialog(keys: Keys): HTMLDialogElement {
  const dialog = h(
    "dialog",
    { id: "help-dialog", "aria-label": "Keyboard shortcuts" },
    h("h2", {}, "Keyboard shortcuts"),
    h("dl", { class: "shortcuts" }, ...helpRows().flatMap(([k, v]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, v)])),
    h("form", { method: "dialog" }, h("button", { type: "submit" }, "Close")),
  );
  keys.register("showHelp", () => dialog.showModal());
  return dialog;
}
