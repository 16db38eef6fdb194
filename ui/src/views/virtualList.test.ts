import { describe, expect, it } from "vitest";
import { VirtualList } from "./virtualList";

interface Item {
  id: number;
  label: string;
}

function make(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({ id: i, label: `row ${i}` }));
}

describe("VirtualList", () => {
  it("renders only the rows in view, not all 5,000", () => {
    let renders = 0;
    const list = new VirtualList<Item>({
      rowHeight: 50,
      key: (x) => x.id,
      render: (x) => {
        renders++;
        const el = document.createElement("div");
        el.textContent = x.label;
        return el;
      },
    });
    document.body.appendChild(list.element);
    list.setItems(make(5000));
    const rows = list.element.querySelectorAll(".vlist-inner > div").length;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(60);
    expect(renders).toBe(rows);
  });

  it("refresh re-renders one row only", () => {
    let renders = 0;
    const list = new VirtualList<Item>({
      rowHeight: 50,
      key: (x) => x.id,
      render: (x) => {
        renders++;
        const el = document.createElement("div");
        el.textContent = x.label;
        return el;
      },
    });
    document.body.appendChild(list.element);
    list.setItems(make(5000));
    const before = renders;
    list.refresh({ id: 2, label: "changed" });
    expect(renders - before).toBe(1);
    expect(list.rowAt(2)?.textContent).toBe("changed");
  });
});
