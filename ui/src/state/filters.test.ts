import { describe, expect, it } from "vitest";
import { filterClaims, type Filters } from "./filters";
import { claim } from "../test/fixtures";

const none: Filters = {
  status: "all",
  allSentences: false,
  stale: false,
  unnamed: false,
  opinion: false,
  kind: "",
  query: "",
};

describe("filterClaims", () => {
  const claims = [
    claim(1),
    claim(2, { status: "disputed", kinds: ["statistic"] }),
    claim(3, { checkworthy: false, text: "Plain sentence" }),
    claim(4, { stale: true, unnamed_source: true, text: "Officials said the plant closed" }),
    claim(5, { orphan: true, opinion: true }),
  ];
  const ids = (f: Partial<Filters>) => filterClaims(claims, { ...none, ...f }).map((c) => c.id);

  it("hides plain sentences unless asked", () => {
    expect(ids({})).toEqual([1, 2, 4, 5]);
    expect(ids({ allSentences: true })).toEqual([1, 2, 3, 4, 5]);
  });
  it("filters by status and kind", () => {
    expect(ids({ status: "disputed" })).toEqual([2]);
    expect(ids({ kind: "statistic" })).toEqual([2]);
  });
  it("stale filter includes orphans", () => {
    expect(ids({ stale: true })).toEqual([4, 5]);
  });
  it("flags and text search combine", () => {
    expect(ids({ unnamed: true })).toEqual([4]);
    expect(ids({ opinion: true })).toEqual([5]);
    expect(ids({ query: "OFFICIALS" })).toEqual([4]);
    expect(ids({ query: "officials", status: "verified" })).toEqual([]);
  });
});
