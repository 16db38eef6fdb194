import { afterEach, describe, expect, it } from "vitest";
import { Workbench } from "./app";
import { helpRows } from "./dialogs/help";
import { KEYMAP, Keys, ariaKeys, keyLabel, matches, titleWithKey } from "./keymap";
import { fakeApi } from "./test/fixtures";

const key = (k: string, over: KeyboardEventInit = {}) => new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...over });

let benches: Workbench[] = [];
afterEach(() => {
  for (const b of benches) b.dispose();
  benches = [];
  document.body.textContent = "";
});

function workbench(): Workbench {
  const root = document.createElement("div");
  document.body.append(root);
  const bench = new Workbench(root, fakeApi({ listDocuments: () => [] }).api);
  benches.push(bench);
  return bench;
}

describe("keymap", () => {
  it("every action has a key: the app registers exactly the keymap's actions", () => {
    const bench = workbench();
    const registered = bench.keys.registered().slice().sort();
    expect(registered).toEqual(KEYMAP.map((b) => b.id).slice().sort());
  });

  it("no action id twice, and no key bound twice in one scope", () => {
    const ids = KEYMAP.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set<string>();
    for (const b of KEYMAP) {
      for (const k of b.keys) {
        const slot = `${b.scope} ${k}`;
        expect(seen.has(slot), `${slot} bound twice`).toBe(false);
        seen.add(slot);
      }
    }
  });

  it("the help dialog lists exactly the keymap, in order", () => {
    workbench();
    const help = document.querySelector("#help-dialog .shortcuts");
    const dts = [...(help?.querySelectorAll("dt") ?? [])].map((e) => e.textContent);
    const dds = [...(help?.querySelectorAll("dd") ?? [])].map((e) => e.textContent);
    expect(dts).toEqual(KEYMAP.map((b) => b.keys.map(keyLabel).join(" / ")));
    expect(dds).toEqual(KEYMAP.map((b) => b.label));
    expect(helpRows()).toHaveLength(KEYMAP.length);
    expect(help?.querySelectorAll("dt kbd")).toHaveLength(KEYMAP.length);
  });

  it("buttons take their titles and aria-keyshortcuts from the keymap", () => {
    workbench();
    const title = (sel: string) => document.querySelector(sel)?.getAttribute("title");
    const aria = (sel: string) => document.querySelector(sel)?.getAttribute("aria-keyshortcuts");
    expect(title("#new-draft")).toBe("Paste a new draft (n)");
    expect(aria("#new-draft")).toBe("n");
    expect(title("#open-file")).toBe("Open a draft file (o)");
    expect(title("#revise-draft")).toBe("Re-import a revised draft (r)");
    expect(title("#export-report")).toBe("Export a report (e)");
    expect(title("#toggle-draft")).toBe("Draft view / claim list (t)");
    expect(title("#import-choose")).toBe("Choose files with the system dialog (o)");
    expect(document.querySelector("#claim-search")?.getAttribute("placeholder")).toBe("Search claims ( / )");
    const help = [...document.querySelectorAll(".toolbar button")].find((b) => b.textContent === "Shortcuts");
    expect(help?.getAttribute("title")).toBe("Keyboard shortcuts (?)");
    expect(help?.getAttribute("aria-keyshortcuts")).toBe("?");
    expect(titleWithKey("Mark verified", "markVerified")).toBe("Mark verified (v)");
    expect(ariaKeys("reasonVerified")).toBe("Shift+V");
    expect(ariaKeys("submitDialog")).toBe("Control+Enter");
  });

  it("matches keys as written: case is the character, Ctrl means Ctrl or Cmd, plain keys take no modifier", () => {
    expect(matches("v", key("v"))).toBe(true);
    expect(matches("v", key("V", { shiftKey: true }))).toBe(false);
    expect(matches("V", key("V", { shiftKey: true }))).toBe(true);
    expect(matches("v", key("v", { ctrlKey: true }))).toBe(false);
    expect(matches("v", key("v", { altKey: true }))).toBe(false);
    expect(matches("Ctrl+Enter", key("Enter", { ctrlKey: true }))).toBe(true);
    expect(matches("Ctrl+Enter", key("Enter", { metaKey: true }))).toBe(true);
    expect(matches("Ctrl+Enter", key("Enter"))).toBe(false);
    expect(matches("Enter", key("Enter", { shiftKey: true }))).toBe(false);
    expect(matches("?", key("?", { shiftKey: true }))).toBe(true);
  });

  it("dispatches by scope, prevents the default only when the action used the key, refuses a second handler", () => {
    const keys = new Keys();
    let ran = 0;
    keys.register("nextClaim", () => {
      ran++;
    });
    keys.register("applyReason", () => false);
    const j = key("j");
    expect(keys.dispatch("workbench", j)).toBe(true);
    expect(j.defaultPrevented).toBe(true);
    expect(keys.dispatch("reason", key("j"))).toBe(false);
    const enter = key("Enter");
    expect(keys.dispatch("reason", enter)).toBe(false);
    expect(enter.defaultPrevented).toBe(false);
    keys.run("nextClaim");
    expect(ran).toBe(2);
    expect(() => keys.register("nextClaim", () => undefined)).toThrow();
  });
});
