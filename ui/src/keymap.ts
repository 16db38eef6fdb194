// The one table of keyboard shortcuts. It drives the key handlers (`Keys`), the `?` help dialog and the `title` and
// `aria-keyshortcuts` of the buttons that have a shortcut: a key is written here and nowhere else.

/** Where a binding applies. `workbench`: no dialog open and no text field focused. The others are one element each. */
export type Scope = "workbench" | "documents" | "field" | "reason" | "notes" | "dialog";

export const KEYMAP = [
  { id: "nextClaim", keys: ["j"], label: "Next claim", scope: "workbench" },
  { id: "previousClaim", keys: ["k"], label: "Previous claim", scope: "workbench" },
  { id: "markVerified", keys: ["v"], label: "Mark verified", scope: "workbench" },
  { id: "markDisputed", keys: ["d"], label: "Mark disputed (focuses the reason)", scope: "workbench" },
  { id: "markUnsourced", keys: ["u"], label: "Mark unsourced", scope: "workbench" },
  { id: "reasonVerified", keys: ["V"], label: "Write a reason first, then Enter marks the claim verified", scope: "workbench" },
  { id: "reasonDisputed", keys: ["D"], label: "Write a reason first, then Enter marks the claim disputed", scope: "workbench" },
  { id: "reasonUnsourced", keys: ["U"], label: "Write a reason first, then Enter marks the claim unsourced", scope: "workbench" },
  { id: "applyReason", keys: ["Enter"], label: "In the reason field: mark the claim with the status asked for", scope: "reason" },
  { id: "focusCite", keys: ["c"], label: "Cite a link for the claim (paste the URL, Enter)", scope: "workbench" },
  { id: "acceptProposed", keys: ["a"], label: "Cite the link the draft gives for this claim", scope: "workbench" },
  { id: "focusNotes", keys: ["N"], label: "Notes for the claim (saved when you leave the field)", scope: "workbench" },
  { id: "saveNotes", keys: ["Ctrl+Enter"], label: "In the notes: save them", scope: "notes" },
  { id: "readSource", keys: ["s"], label: "Read the first cited source", scope: "workbench" },
  { id: "markReviewed", keys: ["m"], label: "Mark a stale claim reviewed (re-read after a revised draft)", scope: "workbench" },
  { id: "toggleClaim", keys: ["p"], label: "Promote / demote the sentence as a claim", scope: "workbench" },
  { id: "toggleDraft", keys: ["t"], label: "Draft view with claims highlighted / claim list", scope: "workbench" },
  { id: "openExport", keys: ["e"], label: "Export a report", scope: "workbench" },
  { id: "openRevise", keys: ["r"], label: "Re-import a revised draft", scope: "workbench" },
  { id: "newDraft", keys: ["n"], label: "New draft (paste, or a file path)", scope: "workbench" },
  { id: "openFile", keys: ["o"], label: "Open a draft file (system dialog)", scope: "workbench" },
  { id: "importFactchecks", keys: ["F"], label: "Import published fact-checks (a ClaimReview JSON-LD file or feed)", scope: "workbench" },
  { id: "submitDialog", keys: ["Ctrl+Enter"], label: "Submit a pasted or revised draft", scope: "dialog" },
  { id: "openDocument", keys: ["Enter"], label: "In the documents list: open the focused draft", scope: "documents" },
  { id: "focusSearch", keys: ["/"], label: "Search claims", scope: "workbench" },
  { id: "openTeam", keys: ["T"], label: "Team: connect to a team workspace, sync state, members, conflicts", scope: "workbench" },
  { id: "syncNow", keys: ["y"], label: "Sync with the team workspace now", scope: "workbench" },
  { id: "assignToMe", keys: ["A"], label: "Assign the claim to me / take it back (team workspaces)", scope: "workbench" },
  { id: "toggleMine", keys: ["M"], label: "Show only the claims assigned to me / everyone's", scope: "workbench" },
  { id: "showHelp", keys: ["?"], label: "This list, and About: the version, the build and the data directory", scope: "workbench" },
  { id: "leaveField", keys: ["Escape"], label: "Leave a text field (Esc again closes a dialog)", scope: "field" },
] as const satisfies readonly { id: string; keys: readonly string[]; label: string; scope: Scope }[];

export type ActionId = (typeof KEYMAP)[number]["id"];
export type Binding = (typeof KEYMAP)[number];

export function binding(id: ActionId): Binding {
  const b = KEYMAP.find((x) => x.id === id);
  if (!b) throw new Error(`no key for ${id}`);
  return b;
}

/** How a key is written for people: "Esc", "Ctrl+Enter", "j". */
export function keyLabel(key: string): string {
  return key === "Escape" ? "Esc" : key;
}

/** The keys of an action as shown in hints and titles: "j", "Ctrl+Enter", "V / D". */
export function keysOf(id: ActionId): string {
  return binding(id).keys.map(keyLabel).join(" / ");
}

/** A button's title with its shortcut: `Export a report (e)`. */
export function titleWithKey(text: string, id: ActionId): string {
  return `${text} (${keysOf(id)})`;
}

/** The `aria-keyshortcuts` value (WAI-ARIA syntax: "Control+Enter", "Shift+V"). */
export function ariaKeys(id: ActionId): string {
  return binding(id)
    .keys.map((k) => {
      if (k.startsWith("Ctrl+")) return `Control+${k.slice(5)}`;
      if (k.length === 1 && k !== k.toLowerCase()) return `Shift+${k}`;
      return k;
    })
    .join(" ");
}

/** Gives `el` the title `text (key)` and the matching `aria-keyshortcuts`. */
export function showShortcut<E extends HTMLElement>(el: E, text: string, id: ActionId): E {
  el.title = titleWithKey(text, id);
  el.setAttribute("aria-keyshortcuts", ariaKeys(id));
  return el;
}

/** True when the event is `key` as written in the table: "Ctrl+" means Ctrl or Cmd; plain keys take no modifier. */
export function matches(key: string, e: KeyboardEvent): boolean {
  if (key.startsWith("Ctrl+")) return (e.ctrlKey || e.metaKey) && !e.altKey && e.key === key.slice(5);
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  // Shift is part of the character (V, ?), except for Enter, where Shift+Enter stays a newline.
  if (key === "Enter" && e.shiftKey) return false;
  return e.key === key;
}

/**
 * A handler returns false when it did not use the key (then the browser's default happens). It gets no event when a
 * button runs the action (`run`), so that the key and the click cannot drift apart.
 */
export type Handler = (e?: KeyboardEvent) => void | boolean;

/** The actions the app registers for the keymap, and the dispatch of key events to them by scope. */
export class Keys {
  private readonly handlers = new Map<ActionId, Handler>();

  constructor(private readonly table: readonly Binding[] = KEYMAP) {}

  register(id: ActionId, handler: Handler): void {
    if (this.handlers.has(id)) throw new Error(`action ${id} registered twice`);
    this.handlers.set(id, handler);
  }

  registered(): ActionId[] {
    return [...this.handlers.keys()];
  }

  /** Runs the action bound to `e` in `scope`; returns true (and prevents the default) when one used the key. */
  dispatch(scope: Scope, e: KeyboardEvent): boolean {
    const b = this.table.find((x) => x.scope === scope && x.keys.some((k) => matches(k, e)));
    const run = b && this.handlers.get(b.id);
    if (!run || run(e) === false) return false;
    e.preventDefault();
    return true;
  }

  /** Runs an action as its key would (a button's click). */
  run(id: ActionId): void {
    this.handlers.get(id)?.();
  }

  /** Dispatches the keys pressed inside `el` in `scope`. */
  listen(el: HTMLElement, scope: Scope): void {
    el.addEventListener("keydown", (e) => void this.dispatch(scope, e));
  }
}
