// The Team dialog (T): connect this workspace to a team workspace on a claimdesk-server, or, once connected, its
// sync state, Sync now, the members and their roles, and the conflicts waiting with their two choices. Its errors
// show in its own status line; every control is reachable by Tab.
import type { Actions } from "../actions";
import { teamLine } from "../actions/team";
import { describeError, toApiError, type ConflictView, type TeamStatus } from "../api";
import { h, replaceChildren } from "../dom";
import type { Keys } from "../keymap";
import type { Store } from "../state/store";

/** A conflict in words: "ana set status to "disputed" at 14:02; yours: "verified"". */
export function conflictText(c: ConflictView): string {
  const when = new Date(c.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const show = (v: unknown) => (typeof v === "string" ? `“${v}”` : JSON.stringify(v));
  return `${c.by} set ${c.field} to ${show(c.theirs)} at ${when} while you were offline; yours: ${show(c.mine)}`;
}

/** The two buttons of one conflict ("Keep theirs" / "Apply mine"), used here and in the claim detail. */
export function conflictRow(c: ConflictView, actions: Actions): HTMLElement {
  return h(
    "li",
    { class: "conflict" },
    h("span", {}, conflictText(c)),
    h("button", { type: "button", class: "keep-theirs", onclick: () => void actions.resolveConflict(c, "theirs") }, `Keep ${c.by}'s`),
    h("button", { type: "button", class: "apply-mine", onclick: () => void actions.resolveConflict(c, "mine") }, "Apply mine"),
  );
}

export function buildTeamDialog(store: Store, actions: Actions, keys: Keys): HTMLDialogElement {
  const status = h("p", { id: "team-status", role: "status" });
  const url = h("input", { id: "team-url", type: "url", placeholder: "https://claims.example.org", "aria-label": "Team server URL" });
  const token = h("input", { id: "team-token", type: "password", placeholder: "Token", "aria-label": "Your token" });
  const workspace = h("input", { id: "team-workspace", type: "text", placeholder: "Team workspace", "aria-label": "Team workspace name" });
  const insecure = h("input", { type: "checkbox", id: "team-insecure" });
  const connectForm = h(
    "form",
    {
      id: "team-connect",
      onsubmit: (e: Event) => {
        e.preventDefault();
        status.textContent = "Connecting…";
        void actions.connectTeam(url.value, token.value, workspace.value, insecure.checked).then((ok) => {
          status.textContent = ok ? teamLine(store.state.team) : "Not connected.";
          if (ok) token.value = "";
        });
      },
    },
    url,
    token,
    workspace,
    h("label", { class: "setting" }, insecure, " Allow plain HTTP to another machine (the token crosses the network unencrypted)"),
    h("button", { type: "submit", id: "team-connect-button" }, "Connect"),
  );
  const members = h("ul", { id: "team-members" });
  const conflicts = h("ul", { id: "team-conflicts" });
  const syncButton = h(
    "button",
    {
      type: "button",
      id: "team-sync",
      onclick: () => {
        status.textContent = "Syncing…";
        void actions.syncNow().then(() => (status.textContent = teamLine(store.state.team)));
      },
    },
    "Sync now",
  );
  const connected = h("div", { id: "team-connected" }, syncButton, h("h3", {}, "Members"), members, h("h3", {}, "Conflicts"), conflicts);

  const render = (t: TeamStatus | null) => {
    const on = t?.connected ?? false;
    connectForm.hidden = on;
    connected.hidden = !on;
    status.textContent = on ? teamLine(t) : "This workspace works alone. Connect it to share it with your desk.";
    replaceChildren(
      conflicts,
      ...(store.state.conflicts.length === 0
        ? [h("li", {}, "None.")]
        : store.state.conflicts.map((c) => conflictRow(c, actions))),
    );
  };
  store.subscribe((s, prev) => {
    if (s.team !== prev.team || s.conflicts !== prev.conflicts) render(s.team);
  });
  render(store.state.team);

  const dialog = h(
    "dialog",
    { id: "team-dialog", "aria-label": "Team workspace" },
    h("h2", {}, "Team workspace"),
    status,
    connectForm,
    connected,
    h("form", { method: "dialog" }, h("button", { type: "submit" }, "Close")),
  );
  keys.register("openTeam", () => {
    dialog.showModal();
    void actions.refreshTeam();
    if (store.state.team?.connected) {
      actions.teamMembers().then(
        (list) =>
          replaceChildren(
            members,
            ...list.map((m) => h("li", {}, `${m.name} — ${m.role}${m.revoked ? " (revoked)" : ""}`)),
          ),
        (e: unknown) => {
          const d = describeError(toApiError(e));
          replaceChildren(members, h("li", {}, `${d.title}: ${d.detail}`));
        },
      );
    }
  });
  return dialog;
}
