import { describe, expect, it } from "vitest";
import { highlightedText } from "./highlight";

describe("highlightedText", () => {
  it("marks exactly the passage, by UTF-16 offsets", () => {
    const el = document.createElement("div");
    const text = "Prefix “quoted” 😀 passage here. Suffix.";
    const start = text.indexOf("passage");
    highlightedText(el, text, start, start + "passage here".length);
    expect(el.querySelector("mark")?.textContent).toBe("passage here");
    expect(el.textContent).toBe(text);
  });

  it("renders hostile markup as inert text", () => {
    const el = document.createElement("div");
    const text = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    highlightedText(el, text, 0, 10);
    expect(el.querySelector("img")).toBeNull();
    expect(el.querySelector("script")).toBeNull();
    expect(el.textContent).toBe(text);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("ignores a missing or out-of-range passage", () => {
    const el = document.createElement("div");
    highlightedText(el, "short", 10, 20);
    expect(el.querySelector("mark")).toBeNull();
    expect(el.textContent).toBe("short");
  });
});
