// The workbench's composition root: one store, the actions bound to the transport, the keymap's handlers, and the
// panes and dialogs that render from the store. Documents on the left, the claims of the open draft in the middle,
// the selected claim on the right.
import { api as realApi } from "./api";
import { createActions, type Actions, type Api } from "./actions";
import { registerDialogKeys } from "./dialogs/dialogKeys";
import { buildExportDialog } from "./dialogs/export";
import { buildHelpDialog } from "./dialogs/help";
import { buildNewDraftDialog } from "./dialogs/newDraft";
import { buildRevisedDialog } from "./dialogs/revised";
import { buildTeamDialog } from "./dialogs/team";
import { SourceReader } from "./dialogs/sourceReader";
import { h, replaceChildren } from "./dom";
import { Keys } from "./keymap";
import { Store } from "./state/store";
import { buildClaimsPane } from "./views/claimsPane";
import { DetailPane } from "./views/detailPane";
import { buildDocumentsPane } from "./views/documentsPane";
import { buildBanner, buildFooter, buildToolbar } from "./views/toolbar";

function isField(t: EventTarget | null): t is HTMLElement {
  return t instanceof HTMLElement && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
}

export class Workbench {
  readonly store = new Store();
  readonly keys = new Keys();
  readonly actions: Actions;
  private readonly dialogs: HTMLDialogElement[];
  private readonly keydown = (e: KeyboardEvent) => this.onKey(e);

  constructor(root: HTMLElement, api: Api = realApi) {
    const { store, keys } = this;
    const actions = createActions(api, store);
    this.actions = actions;

    keys.register("openFile", () => void actions.pickAndImport());
    keys.register("importFactchecks", () => void actions.importFactchecks());
    keys.register("leaveField", (e) => {
      if (!isField(e?.target ?? null)) return false;
      (e?.target as HTMLElement).blur();
      // Not prevented: a second Esc closes the dialog the field is in.
      return false;
    });
    registerDialogKeys(keys);
    keys.register("syncNow", () => void actions.syncNow());
    keys.register("assignToMe", () => void actions.toggleAssignToMe());
    keys.register("toggleMine", () => void actions.setMine(store.state.filters.assignee === null));

    const reader = new SourceReader(actions);
    const dialogs = [
      buildNewDraftDialog(actions, keys),
      buildHelpDialog(keys, store, (allow) => actions.setAllowPrivateSources(allow)),
      reader.element,
      buildExportDialog(store, actions, keys),
      buildRevisedDialog(store, actions, keys),
      buildTeamDialog(store, actions, keys),
    ];
    this.dialogs = dialogs;
    const detail = new DetailPane(store, actions, keys, (snapshot, start, end, c) => void reader.open(snapshot, start, end, c));
    replaceChildren(
      root,
      buildToolbar(store, actions, keys),
      buildBanner(store, actions),
      h("div", { class: "panes" }, buildDocumentsPane(store, actions, keys), buildClaimsPane(store, actions, keys), detail.element),
      buildFooter(store),
      ...dialogs,
    );
    document.addEventListener("keydown", this.keydown);
    actions.listen();
  }

  async start(): Promise<void> {
    await this.actions.start();
    await this.actions.refreshTeam();
    this.stopSync = this.actions.startBackgroundSync();
  }

  private stopSync: () => void = () => undefined;

  /** Stops listening to the keyboard (tests build several workbenches in one page). */
  dispose(): void {
    document.removeEventListener("keydown", this.keydown);
    this.stopSync();
  }

  /** The workbench's keys: in a text field only Esc (leave it); with a dialog open none (the dialog has its own). */
  private onKey(e: KeyboardEvent): void {
    if (isField(e.target)) {
      this.keys.dispatch("field", e);
      return;
    }
    if (this.dialogs.some((d) => d.open)) return;
    this.keys.dispatch("workbench", e);
  }
}
