import { describe, expect, it } from "vitest";
import { Keys } from "../keymap";
import { registerDialogKeys, submitOnCtrlEnter } from "./dialogKeys";

describe("submitOnCtrlEnter", () => {
  it("submits the dialog's form on Ctrl+Enter and leaves Enter alone", () => {
    const dialog = document.createElement("dialog");
    const form = document.createElement("form");
    const text = document.createElement("textarea");
    form.append(text);
    dialog.append(form);
    document.body.append(dialog);
    let submitted = 0;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      submitted += 1;
    });
    const keys = new Keys();
    registerDialogKeys(keys);
    submitOnCtrlEnter(dialog, keys);
    text.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(submitted).toBe(0);
    text.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true }));
    expect(submitted).toBe(1);
    text.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", metaKey: true, bubbles: true }));
    expect(submitted).toBe(2);
    dialog.remove();
  });
});
