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

export function buildHelpDialog(
  keys: Keys,
  store: Store,
  setAllowPrivate: (allow: boolean) => Promise<boolean>,
): HTMLDialogElement {
  const about = h("dl", { class: "about" });
  // The workspace setting of the private-address policy: off by default, so an internal page never ends up in a
  // bundle meant for publication; an editor who cites an intranet page on purpose turns it on here.
  const allowPrivate = h("input", { type: "checkbox", id: "allow-private-sources" });
  allowPrivate.addEventListener("change", () => {
    void setAllowPrivate(allowPrivate.checked).then((now) => {
      allowPrivate.checked = now;
    });
  });
  const renderAbout = (info: WorkspaceInfo | null) => {
    replaceChildren(about, ...aboutRows(info).flatMap(([k, v, id]) => [h("dt", {}, k), h("dd", { id }, v)]));
    allowPrivate.checked = info?.allow_private_sources ?? false;
  };
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
    h("h2", {}, "Workspace settings"),
    h(
      "label",
      { class: "setting" },
      allowPrivate,
      " Allow sources on private addresses (this machine, an intranet). Off by default: such pages can end up in bundles meant for publication.",
    ),
    h("form", { method: "dialog" }, h("button", { type: "submit" }, "Close")),
  );
  keys.register("showHelp", () => dialog.showModal());
  return dialog;
}
