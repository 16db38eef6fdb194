// The `?` dialog: the keymap, one row per entry, in table order (nothing else lists shortcuts), then About: the
// version, the build's commit, the data directory and the workspace, as the shell reported them.
import type { WorkspaceInfo } from "../api";
import { h, replaceChildren } from "../dom";
import { KEYMAP, keyLabel, type Binding, type Keys } from "../keymap";
import type { Store } from "../state/store";

export function helpRows(table: readonly Binding[] = KEYMAP): [string, string][] {
  return table.map((b) => [b.keys.map(keyLabel).join(" / "), b.label]);
}

/** The About rows: label, value and the id of the value's element. */
export function aboutRows(info: WorkspaceInfo | null): [string, string, string][] {
  if (!info) return [["Version", "…", "about-version"]];
  return [
    ["Version", info.about.version, "about-version"],
    ["Build", info.about.commit, "about-commit"],
    ["Data directory", info.about.data_dir, "about-data-dir"],
    ["Workspace", info.dir, "about-workspace"],
  ];
}

export function buildHelpDialog(keys: Keys, store: Store): HTMLDialogElement {
  const about = h("dl", { class: "about" });
  const renderAbout = (info: WorkspaceInfo | null) =>
    replaceChildren(about, ...aboutRows(info).flatMap(([k, v, id]) => [h("dt", {}, k), h("dd", { id }, v)]));
  renderAbout(store.state.workspace);
  store.subscribe((s, prev) => {
    if (s.workspace !== prev.workspace) renderAbout(s.workspace);
  });
  const dialog = h(
    "dialog",
    { id: "help-dialog", "aria-label": "Keyboard shortcuts and about Claimdesk" },
    h("h2", {}, "Keyboard shortcuts"),
    h("dl", { class: "shortcuts" }, ...helpRows().flatMap(([k, v]) => [h("dt", {}, h("kbd", {}, k)), h("dd", {}, v)])),
    h("h2", { id: "about-title" }, "About Claimdesk"),
    about,
    h("form", { method: "dialog" }, h("button", { type: "submit" }, "Close")),
  );
  keys.register("showHelp", () => dialog.showModal());
  return dialog;
}
