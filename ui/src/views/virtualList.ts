// A fixed-row-height virtual list: only the rows in view (plus a small overscan) exist in the DOM, so a 5,000-claim
// draft costs a few dozen elements. A status change re-renders one row (`refresh`), never the whole list. The items
// may be cheap stand-ins (the claims list holds ids; the views come in pages): `onRange` says which rows are drawn,
// so the owner can fetch what they need.

export interface VirtualListOptions<T> {
  rowHeight: number;
  render: (item: T, index: number) => HTMLElement;
  key: (item: T) => string | number;
  overscan?: number;
  /** Called after each draw with the rows drawn, `[first, last)`. */
  onRange?: (first: number, last: number) => void;
}

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly inner: HTMLElement;
  private items: readonly T[] = [];
  /** Key → index, so that `refresh` finds its row without a scan of 5,000 items. */
  private index = new Map<string | number, number>();
  private rendered = new Map<number, HTMLElement>();
  private frame = 0;

  constructor(private readonly opts: VirtualListOptions<T>) {
    this.element = document.createElement("div");
    this.element.className = "vlist";
    this.inner = document.createElement("div");
    this.inner.className = "vlist-inner";
    this.element.appendChild(this.inner);
    this.element.addEventListener("scroll", () => this.schedule());
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(() => this.schedule()).observe(this.element);
    }
  }

  /** Replaces the items (a new document or filter). */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.index = new Map(items.map((x, i) => [this.opts.key(x), i]));
    this.inner.style.height = `${items.length * this.opts.rowHeight}px`;
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.draw();
  }

  get length(): number {
    return this.items.length;
  }

  /** Re-renders the row holding `item` (matched by key) if it is on screen, and stores the new value. */
  refresh(item: T): void {
    const i = this.index.get(this.opts.key(item));
    if (i === undefined) return;
    if (this.items[i] !== item) this.items = this.items.map((x, j) => (j === i ? item : x));
    const old = this.rendered.get(i);
    if (old) {
      const el = this.place(this.opts.render(item, i), i);
      old.replaceWith(el);
      this.rendered.set(i, el);
    }
  }

  /** Scrolls so that row `i` is visible. */
  scrollToIndex(i: number): void {
    const top = i * this.opts.rowHeight;
    const view = this.element.clientHeight || 600;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + this.opts.rowHeight > this.element.scrollTop + view)
      this.element.scrollTop = top + this.opts.rowHeight - view;
    this.draw();
  }

  /** The DOM row for index `i`, if rendered. */
  rowAt(i: number): HTMLElement | undefined {
    return this.rendered.get(i);
  }

  /** The items of the rows now in the DOM. */
  renderedItems(): T[] {
    const out: T[] = [];
    for (const i of this.rendered.keys()) {
      const item = this.items[i];
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private place(el: HTMLElement, i: number): HTMLElement {
    el.style.position = "absolute";
    el.style.top = `${i * this.opts.rowHeight}px`;
    el.style.height = `${this.opts.rowHeight}px`;
    el.style.left = "0";
    el.style.right = "0";
    return el;
  }

  private draw(): void {
    const rh = this.opts.rowHeight;
    const over = this.opts.overscan ?? 8;
    const view = this.element.clientHeight || 800;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rh) - over);
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + view) / rh) + over);
    for (const [i, el] of this.rendered) {
      if (i < first || i >= last) {
        el.remove();
        this.rendered.delete(i);
      }
    }
    for (let i = first; i < last; i++) {
      if (this.rendered.has(i)) continue;
      const item = this.items[i];
      if (item === undefined) continue;
      const el = this.place(this.opts.render(item, i), i);
      this.inner.appendChild(el);
      this.rendered.set(i, el);
    }
    if (last > first) this.opts.onRange?.(first, last);
  }
}
