// Keys inside the app's dialogs. Esc closes a dialog natively (and, in a field, first leaves the field).
import type { Keys } from "../keymap";

/** Registers the dialogs' own action: the submit key submits the form of the dialog it was pressed in. */
export function registerDialogKeys(keys: Keys): void {
  keys.register("submitDialog", (e) => {
    const dialog = e?.currentTarget;
    if (!(dialog instanceof HTMLDialogElement)) return false;
    dialog.querySelector("form")?.requestSubmit();
  });
}

/** The submit key (see the keymap) in the dialog submits its form; Enter alone stays a newline in a text area. */
export function submitOnCtrlEnter(dialog: HTMLDialogElement, keys: Keys): void {
  keys.listen(dialog, "dialog");
}
