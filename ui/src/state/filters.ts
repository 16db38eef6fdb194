// The claims-panel filters: pure, so they are unit-tested without a DOM.
import type { ClaimStatus, ClaimView } from "../api";

export type StatusFilter = ClaimStatus | "all";

export interface Filters {
  status: StatusFilter;
  /** Show every sentence, not only check-worthy claims. */
  allSentences: boolean;
  stale: boolean;
  unnamed: boolean;
  opinion: boolean;
  kind: string;
  query: string;
}

export const NO_FILTERS: Filters = {
  status: "all",
  allSentences: false,
  stale: false,
  unnamed: false,
  opinion: false,
  kind: "",
  query: "",
};

/** Applies the claims-panel filters. */
export function filterClaims(claims: ClaimView[], f: Filters): ClaimView[] {
  const q = f.query.trim().toLowerCase();
  return claims.filter(
    (c) =>
      (f.allSentences || c.checkworthy) &&
      (f.status === "all" || c.status === f.status) &&
      (!f.stale || c.stale || c.orphan) &&
      (!f.unnamed || c.unnamed_source) &&
      (!f.opinion || c.opinion) &&
      (f.kind === "" || c.kinds.includes(f.kind)) &&
      (q === "" || c.text.toLowerCase().includes(q)),
  );
}
