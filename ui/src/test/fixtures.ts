// Test data and a fake transport for the unit tests (not part of the app bundle: only tests import this).
import type { Api } from "../actions";
import type { CitationView, ClaimView, DocumentSummary, DocumentView } from "../api";

export function claim(id: number, over: Partial<ClaimView> = {}): ClaimView {
  return {
    id,
    document: 1,
    text: `Claim number ${id}`,
    start: 0,
    end: 10,
    status: "unsourced",
    status_reason: null,
    stale: false,
    orphan: false,
    checkworthy: true,
    score: 0.8,
    kinds: [],
    quotes: [],
    unnamed_source: false,
    opinion: false,
    citations: 0,
    notes: "",
    proposed_citations: [],
    ...over,
  };
}

export function summary(id: number, over: Partial<DocumentSummary> = {}): DocumentSummary {
  return {
    id,
    title: `Draft ${id}`,
    claim_count: 0,
    file_name: null,
    created_at: "2026-01-01T00:00:00Z",
    counts: { unsourced: 0, verified: 0, disputed: 0 },
    ...over,
  };
}

export function docView(id: number, claims: ClaimView[], over: Partial<DocumentSummary> = {}): DocumentView {
  const counted = claims.filter((c) => c.checkworthy);
  const counts = { unsourced: 0, verified: 0, disputed: 0 };
  for (const c of counted) counts[c.status]++;
  return { document: summary(id, { claim_count: counted.length, counts, ...over }), text: claims.map((c) => c.text).join(" "), claims };
}

export function citation(id: number, claimId: number, over: Partial<CitationView> = {}): CitationView {
  return {
    id,
    claim: claimId,
    url: `https://example.org/${id}`,
    stance: "supports",
    note: "",
    added_by: "tester",
    added_at: "2026-01-01T00:00:00Z",
    health: "ok",
    source: null,
    passage: null,
    fetch_error: null,
    ...over,
  };
}

/** A recorded call to the fake transport. */
export interface Call {
  name: string;
  args: unknown[];
}

/**
 * A test double of the transport: every method records its call and answers from `answers` (a value, or a function
 * of the arguments; a thrown value rejects). Methods with no answer resolve to null, the event subscriptions to a
 * no-op unsubscribe.
 */
export function fakeApi(answers: Partial<Record<keyof Api, unknown>> = {}): { api: Api; calls: Call[]; names: () => string[] } {
  const calls: Call[] = [];
  const api = new Proxy({} as Api, {
    get(_t, prop: string) {
      // Not a promise: awaiting the double must not call it.
      if (prop === "then") return undefined;
      return (...args: unknown[]) => {
        calls.push({ name: prop, args });
        if (prop === "onProgress" || prop === "onFileDrop") return Promise.resolve(() => undefined);
        const a = answers[prop as keyof Api];
        try {
          return Promise.resolve(typeof a === "function" ? (a as (...x: unknown[]) => unknown)(...args) : (a ?? null));
        } catch (e) {
          return Promise.reject(e);
        }
      };
    },
  });
  return { api, calls, names: () => calls.map((c) => c.name) };
}
