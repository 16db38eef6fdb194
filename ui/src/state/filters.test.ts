import { describe, expect, it } from "vitest";
import { isDefault, NO_FILTERS, toQuery } from "./filters";

// The filtering itself is the facade's (crates/claimdesk-api/src/claims.rs, where this file's old cases now run).
describe("filters", () => {
  it("become the facade's query field by field", () => {
    expect(toQuery(NO_FILTERS)).toEqual({
      text: "",
      status: null,
      kind: "",
      stale: false,
      unnamed: false,
      opinion: false,
      all_sentences: false,
      assignee: null,
    });
    expect(
      toQuery({ status: "disputed", allSentences: true, stale: true, unnamed: true, opinion: true, kind: "statistic", query: "x", assignee: "ana" }),
    ).toEqual({ text: "x", status: "disputed", kind: "statistic", stale: true, unnamed: true, opinion: true, all_sentences: true, assignee: "ana" });
  });
  it("know the default query, which opening a document answers", () => {
    expect(isDefault(NO_FILTERS)).toBe(true);
    expect(isDefault({ ...NO_FILTERS, query: "  " })).toBe(true);
    expect(isDefault({ ...NO_FILTERS, allSentences: true })).toBe(false);
    expect(isDefault({ ...NO_FILTERS, status: "verified" })).toBe(false);
    expect(isDefault({ ...NO_FILTERS, query: "officials" })).toBe(false);
    expect(isDefault({ ...NO_FILTERS, assignee: "ana" })).toBe(false);
  });
});
