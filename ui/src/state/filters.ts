// The claims-panel filters as the panel holds them, and the query the facade filters with (`claims_page`): the
// filtering itself happens in Rust, over the whole document, so there is one implementation of it.
import type { ClaimQuery, ClaimStatus } from "../api";

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
  /** Only the claims assigned to this member ("Mine", team workspaces); null for anyone's. */
  assignee: string | null;
}

export const NO_FILTERS: Filters = {
  status: "all",
  allSentences: false,
  stale: false,
  unnamed: false,
  opinion: false,
  kind: "",
  query: "",
  assignee: null,
};

/** The facade's query for the panel's filters. */
export function toQuery(f: Filters): ClaimQuery {
  return {
    text: f.query,
    status: f.status === "all" ? null : f.status,
    kind: f.kind,
    stale: f.stale,
    unnamed: f.unnamed,
    opinion: f.opinion,
    all_sentences: f.allSentences,
    assignee: f.assignee,
  };
}

/**
 * Whether `f` is the facade's default query (check-worthy claims, nothing else), which `open_document` answers with
 * its first page and ids, so opening a document with no filter set takes one round trip. The search text counts as
 * empty when blank, as the facade trims it.
 */
export function isDefault(f: Filters): boolean {
  return (
    f.status === "all" && !f.allSentences && !f.stale && !f.unnamed && !f.opinion && f.kind === "" && f.query.trim() === "" && f.assignee === null
  );
}
