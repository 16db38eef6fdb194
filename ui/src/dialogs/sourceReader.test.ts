import { describe, expect, it } from "vitest";
import { pageAt } from "./sourceReader";

describe("pageAt", () => {
  it("finds the page a passage starts on from the pages' starts", () => {
    const starts = [0, 120, 300];
    expect(pageAt(starts, 0)).toBe(1);
    expect(pageAt(starts, 119)).toBe(1);
    expect(pageAt(starts, 120)).toBe(2);
    expect(pageAt(starts, 5000)).toBe(3);
  });
});
