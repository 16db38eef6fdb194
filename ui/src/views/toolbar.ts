// The toolbar (its buttons run the same actions as their keys), the progress line in it, the error banner and the
// footer: each renders from the store.
import { describeError } from "../api";
import type { Actions } from "../actions";
import { teamLine } from "../actions/team";
import { h, replaceChildren } from "../dom";
import { showShortcut, type ActionId, type Keys } from "../keymap";
import type { State, Store } from "../state/store";

/** A button that runs a keymap action, titled with its key. */
export function actionButton(keys: Keys, id: ActionId, attrs: Record<string, string>, text: string, title: string): HTMLButtonElement {
  return showShortcut(h("button", { ...attrs, type: "button", onclick: () => keys.run(id) }, text), title, id);
}

export function buildToolbar(store: Store, actions: Actions, keys: Keys): HTMLElement {
  const progress = h("div", { id: "progress", class: "progress", role: "status", "aria-live": "polite", hidden: true });
  const renderProgress = (s: State) => {
    const p = s.progress;
    if (!p) {
      progress.hidden = true;
      return;
    }
    progress.hidden = false;
    replaceChildren(
      progress,
      h("span", { class: "spinner", "aria-hidden": "true" }),
      h("span", { class: "progress-text" }, p.text),
      p.job !== null || s.runningJob !== null
        ? h("button", { type: "button", id: "cancel-job", onclick: () => actions.cancelJob(p.job) }, "Cancel")
        : null,
    );
  };
  store.subscribe((s, prev) => {
    if (s.progress !== prev.progress || s.runningJob !== prev.runningJob) renderProgress(s);
  });
  return h(
    "header",
    { class: "toolbar" },
    h("h1", {}, "Claimdesk"),
    actionButton(keys, "newDraft", { id: "new-draft" }, "New draft", "Paste a new draft"),
    actionButton(keys, "openFile", { id: "open-file" }, "Open file…", "Open a draft file"),
    actionButton(keys, "importFactchecks", { id: "import-factchecks" }, "Import fact-checks…", "Import published fact-checks"),
    actionButton(keys, "openRevise", { id: "revise-draft" }, "Revised draft", "Re-import a revised draft"),
    h("button", { id: "recheck-links", type: "button", onclick: () => void actions.recheck(), title: "Re-check every cited link" }, "Re-check links"),
    actionButton(keys, "openExport", { id: "export-report" }, "Export report", "Export a report"),
    h("span", { class: "spacer" }),
    progress,
    actionButton(keys, "showHelp", {}, "Shortcuts", "Keyboard shortcuts"),
  );
}

/** The error banner: hidden, or the last error with what to do next. */
export function buildBanner(store: Store, actions: Actions): HTMLElement {
  const banner = h("div", { id: "error-banner", class: "banner", role: "alert", hidden: true });
  store.subscribe((s, prev) => {
    if (s.error === prev.error) return;
    if (!s.error) {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    const { title, detail } = describeError(s.error);
    banner.hidden = false;
    banner.dataset.code = s.error.code;
    replaceChildren(
      banner,
      h("strong", {}, title),
      " ",
      h("span", {}, detail),
      h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss", onclick: () => actions.hideError() }, "×"),
    );
  });
  return banner;
}

export function buildFooter(store: Store): HTMLElement {
  const message = h("span", { id: "footer-message" });
  // The team state stays in sight: "synced", "n changes waiting" or "offline", and conflicts to resolve.
  const sync = h("span", { id: "sync-status", class: "sync-status", role: "status" });
  const footer = h("footer", { class: "statusbar" }, message, sync);
  store.subscribe((s, prev) => {
    if (s.footer !== prev.footer) message.textContent = s.footer;
    if (s.team !== prev.team) {
      sync.textContent = teamLine(s.team);
      sync.dataset.state = s.team?.state ?? "not_connected";
    }
  });
  return footer;
}
