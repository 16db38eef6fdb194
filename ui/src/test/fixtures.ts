// Test data and a fake transport for the unit tests (not part of the app bundle: only tests import this).
import type { Api } from "../actions";
import type {
  CitationChange,
  CitationView,
  ClaimChange,
  ClaimDetail,
  ClaimEvidence,
  ClaimMark,
  ClaimPage,
  ClaimQuery,
  ClaimView,
  DocumentSummary,
  DocumentView,
  EvidenceView,
  HistoryEntry,
  PriorFactCheck,
  SimilarClaim,
  SourceSummary,
  StatusCounts,
  WorkspaceInfo,
  TeamStatus,
} from "../api";

/** What `workspace_info` answers: a workspace, an editor, this build, and no drafts to open at start. */
export function workspaceInfo(over: Partial<WorkspaceInfo> = {}): WorkspaceInfo {
  return {
    dir: "/ws",
    editor: "ed",
    about: { version: "0.1.0", commit: "0123456789ab", data_dir: "/home/ed/.local/share/claimdesk" },
    open_files: [],
    allow_private_sources: false,
    ...over,
  };
}

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
    assignee: null,
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

/**
 * `open_document`'s answer for a document of `claims` (every sentence, in text order): the check-worthy ones are the
 * default list, of which the first `page` come as views.
 */
export function docView(id: number, claims: ClaimView[], over: Partial<DocumentSummary> = {}, page = 200): DocumentView {
  const counted = claims.filter((c) => c.checkworthy);
  return {
    document: summary(id, { claim_count: counted.length, counts: countsOf(counted), ...over }),
    text: claims.map((c) => c.text).join(" "),
    claims: counted.slice(0, page),
    total: counted.length,
    ids: counted.map((c) => c.id),
  };
}

function countsOf(claims: ClaimView[]): StatusCounts {
  const counts = { unsourced: 0, verified: 0, disputed: 0 };
  for (const c of claims) counts[c.status]++;
  return counts;
}

/**
 * The facade's paging calls over an in-memory document, for the fake transport: `claimsPage`, `claimsById` and
 * `claimMarks` answer from `current()` as `crates/claimdesk-api/src/claims.rs` does (a test double of it: the app
 * itself has no filter of its own).
 */
export function pagingAnswers(current: () => ClaimView[]) {
  const matches = (c: ClaimView, q: ClaimQuery) => {
    const needle = q.text.trim().toLowerCase();
    return (
      (q.all_sentences || c.checkworthy) &&
      (q.status === null || c.status === q.status) &&
      (!q.stale || c.stale || c.orphan) &&
      (!q.unnamed || c.unnamed_source) &&
      (!q.opinion || c.opinion) &&
      (q.kind === "" || c.kinds.includes(q.kind)) &&
      (needle === "" || c.text.toLowerCase().includes(needle))
    );
  };
  return {
    claimsPage: (_doc: number, q: ClaimQuery, offset: number, limit: number): ClaimPage => {
      const hits = current().filter((c) => matches(c, q));
      const from = Math.min(offset, hits.length);
      return { total: hits.length, counts: countsOf(hits), offset: from, ids: hits.map((c) => c.id), claims: hits.slice(from, from + limit) };
    },
    claimsById: (_doc: number, ids: number[]): ClaimView[] => {
      const all = current();
      return ids.map((id) => all.find((c) => c.id === id)).filter((c): c is ClaimView => c !== undefined);
    },
    claimMarks: (): ClaimMark[] =>
      current().map(({ id, start, end, status, checkworthy, stale, orphan, text }) => ({
        id, start, end, status, checkworthy, stale, orphan, ...(orphan ? { text } : {}),
      })),
  };
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

/** An archived source as a citation shows it. */
export function source(snapshot: number, over: Partial<SourceSummary> = {}): SourceSummary {
  return {
    snapshot,
    title: `Source ${snapshot}`,
    publisher: null,
    authors: [],
    published: null,
    archived_at: "2026-01-01T00:00:00Z",
    sha256: "ab".repeat(32),
    pages: 0,
    read_problem: null,
    editor_file: null,
    final_url: `https://example.org/s/${snapshot}`,
    content_type: "text/html",
    has_text: true,
    ...over,
  };
}

/** An earlier claim like this one (claim memory). */
export function similar(claimId: number, over: Partial<SimilarClaim> = {}): SimilarClaim {
  return {
    claim: claimId,
    document: 9,
    document_title: "An earlier draft",
    text: `Earlier claim ${claimId}`,
    status: "verified",
    citations: 2,
    score: 0.9,
    by_meaning: false,
    ...over,
  };
}

/** A published fact-check of the same claim (imported ClaimReview). */
export function factcheck(id: number, over: Partial<PriorFactCheck> = {}): PriorFactCheck {
  return {
    id,
    claim_reviewed: `Reviewed claim ${id}`,
    rating: "False",
    rating_value: "1",
    author: null,
    publisher: "FactDesk",
    date_published: "2025-03-01",
    url: `https://example.org/fc/${id}`,
    score: 0.91,
    by_meaning: true,
    ...over,
  };
}

/** One history entry, as the core records it. */
export function historyEntry(action: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at: "2026-01-02T00:00:00Z", editor: "tester", action, old: null, new: null, reason: null, ...over };
}

/** The evidence against one snapshot, with one ranked passage unless told otherwise. */
export function evidence(snapshot: number, over: Partial<EvidenceView> = {}): EvidenceView {
  return {
    schema_version: 1,
    snapshot,
    quotes: [],
    numbers: { matched: [], conflicting: [], claim_only: [] },
    passages: [{ start: 0, end: 4, text: "A passage of the source", score: 0.9, page: null, lang: "en", similarity: null }],
    suggestion: { stance: "supports", confidence: 0.8, reasons: [] },
    semantic: { on: false, reason: "no model" },
    ...over,
  };
}

/** What a claim mutation answers with: the claim, its document as listed (counts from the core), its history. */
export function claimChange(c: ClaimView, over: Partial<ClaimChange> = {}): ClaimChange {
  return { claim: c, document: summary(c.document), history: [], ...over };
}

/** What a citation mutation answers with: the citations changed, the claim change, the evidence shown next. */
export function citationChange(
  citations: CitationView[],
  change: ClaimChange,
  shown: ClaimEvidence | null = null,
): CitationChange {
  return { citations, claim: change, evidence: shown };
}

/** What `claimDetail` answers with: the claim, and by default nothing hanging off it. */
export function detail(c: ClaimView, over: Partial<Omit<ClaimDetail, "claim">> = {}): ClaimDetail {
  return { claim: c, history: [], citations: [], evidence: null, similar: [], factchecks: [], ...over };
}

/** A recorded call to the fake transport. */
export interface Call {
  name: string;
  args: unknown[];
}

type Answer<F> = F extends (...args: infer A) => Promise<infer R> ? R | ((...args: A) => R) : never;

/**
 * What the fake answers with, per command: a value, or a function of the arguments, typed as the command answers
 * (so that a test answering with an old shape does not compile).
 */
export type Answers = { [K in keyof Api]?: Answer<Api[K]> };

/**
 * A test double of the transport: every method records its call and answers from `answers` (a value, or a function
 * of the arguments; a thrown value rejects). Methods with no answer resolve to null, the event subscriptions to a
 * no-op unsubscribe.
 */
/** A workspace not connected to a team, as the shell answers at start unless a test says otherwise. */
export function notConnected(): TeamStatus {
  return {
    connected: false, state: "not_connected", url: null, team_workspace: null, member: null, role: null,
    waiting: 0, conflicts: 0, last_sync: null, last_error: null,
  };
}

const TEAM_DEFAULTS: Answers = { teamStatus: () => notConnected(), syncConflicts: () => [] };

export function fakeApi(answers: Answers = {}): { api: Api; calls: Call[]; names: () => string[] } {
  const calls: Call[] = [];
  const api = new Proxy({} as Api, {
    get(_t, prop: string) {
      // Not a promise: awaiting the double must not call it.
      if (prop === "then") return undefined;
      return (...args: unknown[]) => {
        calls.push({ name: prop, args });
        if (prop === "onProgress" || prop === "onFileDrop") return Promise.resolve(() => undefined);
        const a = answers[prop as keyof Api] ?? TEAM_DEFAULTS[prop as keyof Api];
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
