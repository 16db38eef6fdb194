import { describe, expect, it } from "vitest";
import { citation, claim, docView } from "../test/fixtures";
import { Store, type State } from "./store";

function opened(claims = [claim(1), claim(2, { checkworthy: false }), claim(3)]): Store {
  const store = new Store();
  store.openDocument(docView(7, claims));
  return store;
}

describe("Store", () => {
  it("opens a document: claims by id, the filtered list, the first shown claim selected", () => {
    const store = opened();
    expect(store.state.open).toMatchObject({ id: 7, title: "Draft 7", claims: [1, 2, 3] });
    expect(store.claim(2)?.checkworthy).toBe(false);
    expect(store.state.visible).toEqual([1, 3]);
    expect(store.state.selected).toBe(1);
    expect(store.selectedClaim()?.id).toBe(1);
    expect(store.openClaims().map((c) => c.id)).toEqual([1, 2, 3]);
  });

  it("tells subscribers the new and the previous state, and stops when unsubscribed", () => {
    const store = opened();
    const seen: [State, State][] = [];
    const off = store.subscribe((s, prev) => seen.push([s, prev]));
    store.putClaims([claim(3, { status: "verified" })]);
    expect(seen).toHaveLength(1);
    const [s, prev] = seen[0] ?? [];
    expect(s?.claims.get(3)?.status).toBe("verified");
    expect(prev?.claims.get(3)?.status).toBe("unsourced");
    expect(s?.claims.get(1)).toBe(prev?.claims.get(1));
    off();
    store.putClaims([claim(3)]);
    expect(seen).toHaveLength(1);
  });

  it("puts claims of the open document only, without re-filtering the list", () => {
    const store = opened();
    store.setFilters({ status: "unsourced" });
    expect(store.state.visible).toEqual([1, 3]);
    let calls = 0;
    store.subscribe(() => calls++);
    store.putClaims([claim(99)]);
    expect(calls).toBe(0);
    store.putClaims([claim(1, { status: "verified" })]);
    expect(store.state.visible).toEqual([1, 3]);
    expect(store.visibleClaims()[0]?.status).toBe("verified");
  });

  it("selects by id, only among the shown claims", () => {
    const store = opened();
    store.select(3);
    expect(store.state.selected).toBe(3);
    store.select(2); // a plain sentence, hidden
    expect(store.state.selected).toBe(3);
    store.setFilters({ allSentences: true });
    store.select(2);
    expect(store.state.selected).toBe(2);
  });

  it("keeps the selection through a filter change only while its claim is shown", () => {
    const store = opened([claim(1), claim(2, { status: "disputed" })]);
    store.select(2);
    store.setFilters({ status: "disputed" });
    expect(store.state.selected).toBe(2);
    store.setFilters({ status: "verified" });
    expect(store.state.visible).toEqual([]);
    expect(store.state.selected).toBeNull();
    store.setFilters({ status: "all" });
    expect(store.state.selected).toBeNull();
  });

  it("batches updates into one notification", () => {
    const store = opened();
    let calls = 0;
    store.subscribe(() => calls++);
    store.batch(() => {
      store.set({ footer: "a" });
      store.set({ footer: "b" });
      store.batch(() => store.set({ draftMode: true }));
    });
    expect(calls).toBe(1);
    expect(store.state).toMatchObject({ footer: "b", draftMode: true });
  });

  it("keeps citations by id and per claim; a removed one takes its evidence with it", () => {
    const store = opened();
    store.putCitations([citation(5, 1)]);
    expect(store.citationsOf(1)).toBeUndefined(); // not listed yet: nothing to append to
    store.setCitationsOf(1, [citation(5, 1), citation(6, 1)]);
    store.putCitations([citation(7, 1), citation(5, 1, { stance: "contradicts" })]);
    expect(store.citationsOf(1)?.map((c) => [c.id, c.stance])).toEqual([
      [5, "contradicts"],
      [6, "supports"],
      [7, "supports"],
    ]);
    const ev = { citation: 6, view: {} as never };
    store.setEvidence(1, ev);
    store.removeCitation(5);
    expect(store.state.evidence.get(1)).toBe(ev);
    store.removeCitation(6);
    expect(store.citationsOf(1)?.map((c) => c.id)).toEqual([7]);
    expect(store.state.evidence.has(1)).toBe(false);
  });

  it("lists documents in the core's order and puts a changed summary in place", () => {
    const store = new Store();
    store.setDocuments([docView(2, []).document, docView(1, []).document]);
    store.putDocument({ ...docView(1, []).document, title: "Renamed" });
    expect(store.documentList().map((d) => [d.id, d.title])).toEqual([
      [2, "Draft 2"],
      [1, "Renamed"],
    ]);
    store.putDocument(docView(3, []).document);
    expect(store.state.documentOrder).toEqual([3, 2, 1]);
  });
});
