import { describe, expect, it } from "vitest";
import { citation, claim, docView, pagingAnswers } from "../test/fixtures";
import { toQuery, type Filters } from "./filters";
import { Store, type State } from "./store";

/** Sets filters as the action does: the filters, then the facade's answer (the fake's) for them. */
function filter(store: Store, claims: ReturnType<typeof claim>[], patch: Partial<Filters>): void {
  const f = store.setFilters(patch);
  store.setVisible(store.state.open?.id ?? 0, f, pagingAnswers(() => claims).claimsPage(0, toQuery(f), 0, 200));
}

const THREE = [claim(1), claim(2, { checkworthy: false }), claim(3)];

function opened(claims = THREE): Store {
  const store = new Store();
  store.openDocument(docView(7, claims.map((c) => ({ ...c, document: 7 }))));
  return store;
}

describe("Store", () => {
  it("opens a document: its first page by id, the listed ids, the first listed claim selected", () => {
    const store = opened();
    expect(store.state.open).toMatchObject({ id: 7, title: "Draft 7" });
    expect(store.claim(1)?.checkworthy).toBe(true);
    expect(store.claim(2)).toBeUndefined(); // a plain sentence: not in the default list, not sent
    expect(store.state.visible).toEqual([1, 3]);
    expect(store.state.visibleCounts).toEqual({ unsourced: 2, verified: 0, disputed: 0 });
    expect(store.state.selected).toBe(1);
    expect(store.selectedClaim()?.id).toBe(1);
  });

  it("keeps a page cache: the ids of every match, the views of the pages loaded, what is missing", () => {
    const claims = Array.from({ length: 450 }, (_, i) => claim(i + 1, { document: 7 }));
    const store = new Store();
    store.openDocument(docView(7, claims));
    expect(store.state.visible).toHaveLength(450);
    expect(store.state.claims.size).toBe(200);
    expect(store.missing(190, 210)).toEqual([201, 202, 203, 204, 205, 206, 207, 208, 209, 210]);
    store.putClaims(claims.slice(200, 400));
    expect(store.missing(0, 450)).toEqual(claims.slice(400).map((c) => c.id));
    // Another document's claims are not cached.
    store.putClaims([claim(999, { document: 8 })]);
    expect(store.claim(999)).toBeUndefined();
  });

  it("drops an answer to filters changed since, or to another document", () => {
    const store = opened();
    const first = store.setFilters({ status: "disputed" });
    store.setFilters({ status: "verified" });
    const page = { total: 1, counts: { unsourced: 0, verified: 0, disputed: 1 }, offset: 0, ids: [3], claims: [] };
    store.setVisible(7, first, page);
    expect(store.state.visible).toEqual([1, 3]);
    store.setVisible(8, store.state.filters, page);
    expect(store.state.visible).toEqual([1, 3]);
    store.setVisible(7, store.state.filters, page);
    expect(store.state.visible).toEqual([3]);
  });

  it("lays changed views over the draft marks", () => {
    const store = opened();
    store.setMarks(7, [
      { id: 1, start: 0, end: 5, status: "unsourced", checkworthy: true, stale: false, orphan: false },
      { id: 2, start: 6, end: 9, status: "unsourced", checkworthy: false, stale: false, orphan: false },
    ]);
    store.putClaims([claim(1, { document: 7, status: "disputed" })]);
    expect(store.currentMarks().map((m) => m.status)).toEqual(["disputed", "unsourced"]);
    expect(store.known(2)).toMatchObject({ checkworthy: false });
    store.setMarks(8, []);
    expect(store.state.marks?.doc).toBe(7);
  });

  it("tells subscribers the new and the previous state, and stops when unsubscribed", () => {
    const store = opened();
    const seen: [State, State][] = [];
    const off = store.subscribe((s, prev) => seen.push([s, prev]));
    store.putClaims([claim(3, { document: 7, status: "verified" })]);
    expect(seen).toHaveLength(1);
    const [s, prev] = seen[0] ?? [];
    expect(s?.claims.get(3)?.status).toBe("verified");
    expect(prev?.claims.get(3)?.status).toBe("unsourced");
    expect(s?.claims.get(1)).toBe(prev?.claims.get(1));
    off();
    store.putClaims([claim(3, { document: 7 })]);
    expect(seen).toHaveLength(1);
  });

  it("puts claims of the open document only, without re-filtering the list", () => {
    const store = opened();
    filter(store, THREE, { status: "unsourced" });
    expect(store.state.visible).toEqual([1, 3]);
    let calls = 0;
    store.subscribe(() => calls++);
    store.putClaims([claim(99)]);
    expect(calls).toBe(0);
    store.putClaims([claim(1, { document: 7, status: "verified" })]);
    expect(store.state.visible).toEqual([1, 3]);
    expect(store.claim(1)?.status).toBe("verified");
  });

  it("selects by id, only among the shown claims", () => {
    const store = opened();
    store.select(3);
    expect(store.state.selected).toBe(3);
    store.select(2); // a plain sentence, hidden
    expect(store.state.selected).toBe(3);
    filter(store, THREE, { allSentences: true });
    store.select(2);
    expect(store.state.selected).toBe(2);
  });

  it("keeps the selection through a filter change only while its claim is shown", () => {
    const two = [claim(1), claim(2, { status: "disputed" })];
    const store = opened(two);
    store.select(2);
    filter(store, two, { status: "disputed" });
    expect(store.state.selected).toBe(2);
    filter(store, two, { status: "verified" });
    expect(store.state.visible).toEqual([]);
    expect(store.state.selected).toBeNull();
    filter(store, two, { status: "all" });
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
