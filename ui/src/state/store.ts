// The workbench's state: entities by id (documents, claims, citations) and what hangs off a claim (history, similar
// claims, the evidence shown), the selection by id, the filters and the transient UI state (error, progress, footer).
// Claims come in pages: the facade filters, and answers with the ordered ids of every match (`visible`) and the views
// of a window of them; `claims` caches the views loaded so far, by id, and the list asks for the rows it lacks.
// Views subscribe and render from it; they never read state back from the DOM. Updates replace the maps they touch
// (copy on write), so a listener tells what changed by comparing references with the previous state.
import type {
  ApiError,
  CitationView,
  ClaimMark,
  ClaimPage,
  ClaimStatus,
  ClaimView,
  DocumentSummary,
  DocumentView,
  EvidenceView,
  HistoryEntry,
  SimilarClaim,
  PriorFactCheck,
  StatusCounts,
  WorkspaceInfo,
  TeamStatus,
  ConflictView,
} from "../api";
import { NO_FILTERS, type Filters } from "./filters";

export interface OpenDocument {
  id: number;
  title: string;
  /** Full plain text of the latest version. */
  text: string;
}

/** The draft view's marks (every sentence's span and status) of one document, loaded when the view is shown. */
export interface Marks {
  doc: number;
  list: readonly ClaimMark[];
}

/** The evidence shown for a claim: computed against one of its citations' snapshots. */
export interface ShownEvidence {
  citation: number;
  view: EvidenceView;
}

export interface Progress {
  text: string;
  job: number | null;
}

export interface State {
  documents: ReadonlyMap<number, DocumentSummary>;
  /** Document ids in the order the core lists them. */
  documentOrder: readonly number[];
  open: OpenDocument | null;
  /** The views of the open document's claims loaded so far (pages of the list, and claims changed since). */
  claims: ReadonlyMap<number, ClaimView>;
  citations: ReadonlyMap<number, CitationView>;
  /** Claim id → its citation ids, as listed. Absent until loaded. */
  citationsOf: ReadonlyMap<number, readonly number[]>;
  evidence: ReadonlyMap<number, ShownEvidence>;
  history: ReadonlyMap<number, readonly HistoryEntry[]>;
  similar: ReadonlyMap<number, readonly SimilarClaim[]>;
  /** Published fact-checks of the same claim, by claim. */
  factchecks: ReadonlyMap<number, readonly PriorFactCheck[]>;
  filters: Filters;
  /**
   * The ids of every claim the filters let through, in text order, as the facade answered. Asked for again only
   * when the filters or the document change: a changed claim stays where it is.
   */
  visible: readonly number[];
  /** Status counts of the claims in `visible`, as the facade counted them. */
  visibleCounts: StatusCounts;
  /** The draft view's marks, fetched when the draft view is first shown for the open document. */
  marks: Marks | null;
  /** The selected claim; always one of `visible`. */
  selected: number | null;
  draftMode: boolean;
  /** A status asked for by key that still needs a reason (d with an empty reason, or V / D / U). */
  pendingStatus: ClaimStatus | null;
  error: ApiError | null;
  footer: string;
  progress: Progress | null;
  runningJob: number | null;
  /** The workspace, the editor and the build (the About section of the help), once the shell has answered. */
  workspace: WorkspaceInfo | null;
  /** The team-sync state (connected or not, waiting changes, offline), once asked. */
  team: TeamStatus | null;
  /** Sync conflicts the editor has not resolved. */
  conflicts: readonly ConflictView[];
}

export type Listener = (state: State, prev: State) => void;

export function initialState(): State {
  return {
    documents: new Map(),
    documentOrder: [],
    open: null,
    claims: new Map(),
    citations: new Map(),
    citationsOf: new Map(),
    evidence: new Map(),
    history: new Map(),
    similar: new Map(),
    factchecks: new Map(),
    filters: NO_FILTERS,
    visible: [],
    visibleCounts: { unsourced: 0, verified: 0, disputed: 0 },
    marks: null,
    selected: null,
    draftMode: false,
    pendingStatus: null,
    error: null,
    footer: "",
    progress: null,
    runningJob: null,
    workspace: null,
    team: null,
    conflicts: [],
  };
}

function withEntry<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): Map<K, V> {
  return new Map(m).set(k, v);
}

export class Store {
  private current: State = initialState();
  private readonly listeners = new Set<Listener>();
  private depth = 0;
  private before: State | null = null;

  get state(): State {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shallow-merges `patch` and tells the listeners (once per outermost `batch`). */
  set(patch: Partial<State>): void {
    const prev = this.current;
    this.current = { ...prev, ...patch };
    if (this.depth === 0) this.emit(prev);
  }

  /** Runs several updates and tells the listeners once, at the end. */
  batch(f: () => void): void {
    if (this.depth++ === 0) this.before = this.current;
    try {
      f();
    } finally {
      if (--this.depth === 0 && this.before) {
        const prev = this.before;
        this.before = null;
        if (prev !== this.current) this.emit(prev);
      }
    }
  }

  private emit(prev: State): void {
    for (const l of [...this.listeners]) l(this.current, prev);
  }

  // Selectors.

  claim(id: number): ClaimView | undefined {
    return this.current.claims.get(id);
  }

  selectedClaim(): ClaimView | undefined {
    const id = this.current.selected;
    return id === null ? undefined : this.current.claims.get(id);
  }

  /** The ids of `visible[from..to)` whose views are not loaded yet. */
  missing(from: number, to: number): number[] {
    const s = this.current;
    return s.visible.slice(Math.max(0, from), to).filter((id) => !s.claims.has(id));
  }

  documentList(): DocumentSummary[] {
    const s = this.current;
    return s.documentOrder.map((id) => s.documents.get(id)).filter((d): d is DocumentSummary => d !== undefined);
  }

  openSummary(): DocumentSummary | undefined {
    const open = this.current.open;
    return open ? this.current.documents.get(open.id) : undefined;
  }

  /** The citations of a claim as listed, or undefined before they are loaded. */
  citationsOf(claim: number): CitationView[] | undefined {
    const ids = this.current.citationsOf.get(claim);
    return ids?.map((id) => this.current.citations.get(id)).filter((c): c is CitationView => c !== undefined);
  }

  // Entities.

  /** Replaces the documents list. */
  setDocuments(docs: DocumentSummary[]): void {
    this.set({ documents: new Map(docs.map((d) => [d.id, d])), documentOrder: docs.map((d) => d.id) });
  }

  /** Puts one document summary (new ones go first, as the core lists the newest first). */
  putDocument(d: DocumentSummary): void {
    const s = this.current;
    this.set({
      documents: withEntry(s.documents, d.id, d),
      documentOrder: s.documents.has(d.id) ? s.documentOrder : [d.id, ...s.documentOrder],
    });
  }

  /**
   * Opens a document: its first page of claims, the list, and the first listed claim selected. The document answers
   * the default filters; with other filters set, `page` is their answer (fetched before, so the list shows once).
   */
  openDocument(view: DocumentView, page?: ClaimPage): void {
    const claims = new Map(view.claims.map((c) => [c.id, c]));
    for (const c of page?.claims ?? []) claims.set(c.id, c);
    const visible = page ? page.ids : view.ids;
    const s = this.current;
    this.set({
      open: { id: view.document.id, title: view.document.title, text: view.text },
      documents: s.documents.has(view.document.id) ? withEntry(s.documents, view.document.id, view.document) : s.documents,
      claims,
      visible,
      visibleCounts: page ? page.counts : view.document.counts,
      marks: null,
      selected: visible[0] ?? null,
    });
  }

  /**
   * The facade's answer to `filters` for document `doc`: the new list, its counts and first page. An answer to
   * filters changed since, or to another document, is dropped. The selection stays only if its claim is still shown.
   */
  setVisible(doc: number, filters: Filters, page: ClaimPage): void {
    const s = this.current;
    if (s.open?.id !== doc || s.filters !== filters) return;
    const claims = new Map(s.claims);
    for (const c of page.claims) claims.set(c.id, c);
    const sel = s.selected;
    this.set({
      claims,
      visible: page.ids,
      visibleCounts: page.counts,
      selected: sel !== null && page.ids.includes(sel) ? sel : null,
    });
  }

  /**
   * Puts claims of the open document (others are ignored): loaded pages, and claims a command changed. The list is
   * not re-filtered.
   */
  putClaims(updated: ClaimView[]): void {
    const doc = this.current.open?.id;
    const fresh = updated.filter((c) => c.document === doc && this.current.claims.get(c.id) !== c);
    if (fresh.length === 0) return;
    const claims = new Map(this.current.claims);
    for (const c of fresh) claims.set(c.id, c);
    this.set({ claims });
  }

  /** The draft view's marks of document `doc` (dropped if another document is open by now). */
  setMarks(doc: number, list: ClaimMark[]): void {
    if (this.current.open?.id === doc) this.set({ marks: { doc, list } });
  }

  /**
   * The draft view's marks with the loaded views laid over them: a claim changed since the marks were loaded is in
   * `claims`, which is the newer of the two.
   */
  currentMarks(): ClaimMark[] {
    const s = this.current;
    return (s.marks?.list ?? []).map((m) => {
      const c = s.claims.get(m.id);
      return c ? { ...m, status: c.status, checkworthy: c.checkworthy, stale: c.stale, orphan: c.orphan } : m;
    });
  }

  /** A claim's status and check-worthiness as last known (its view, else its draft mark), for the counts. */
  known(id: number): Pick<ClaimMark, "status" | "checkworthy"> | undefined {
    return this.current.claims.get(id) ?? this.current.marks?.list.find((m) => m.id === id);
  }

  /** Replaces the listed citations of `claim`. */
  setCitationsOf(claim: number, list: CitationView[]): void {
    const citations = new Map(this.current.citations);
    for (const c of list) citations.set(c.id, c);
    this.set({ citations, citationsOf: withEntry(this.current.citationsOf, claim, list.map((c) => c.id)) });
  }

  /** Puts changed or new citations; a new one is appended to its claim's list once that list is loaded. */
  putCitations(list: CitationView[]): void {
    if (list.length === 0) return;
    const citations = new Map(this.current.citations);
    const of = new Map(this.current.citationsOf);
    for (const c of list) {
      citations.set(c.id, c);
      const ids = of.get(c.claim);
      if (ids && !ids.includes(c.id)) of.set(c.claim, [...ids, c.id]);
    }
    this.set({ citations, citationsOf: of });
  }

  removeCitation(id: number): void {
    const c = this.current.citations.get(id);
    if (!c) return;
    const citations = new Map(this.current.citations);
    citations.delete(id);
    const patch: Partial<State> = { citations };
    const ids = this.current.citationsOf.get(c.claim);
    if (ids) patch.citationsOf = withEntry(this.current.citationsOf, c.claim, ids.filter((x) => x !== id));
    if (this.current.evidence.get(c.claim)?.citation === id) {
      const evidence = new Map(this.current.evidence);
      evidence.delete(c.claim);
      patch.evidence = evidence;
    }
    this.set(patch);
  }

  setEvidence(claim: number, shown: ShownEvidence | null): void {
    const evidence = new Map(this.current.evidence);
    if (shown) evidence.set(claim, shown);
    else if (!evidence.delete(claim)) return;
    this.set({ evidence });
  }

  setHistory(claim: number, entries: HistoryEntry[]): void {
    this.set({ history: withEntry(this.current.history, claim, entries) });
  }

  setSimilar(claim: number, sims: SimilarClaim[]): void {
    this.set({ similar: withEntry(this.current.similar, claim, sims) });
  }

  setFactchecks(claim: number, facts: PriorFactCheck[]): void {
    this.set({ factchecks: withEntry(this.current.factchecks, claim, facts) });
  }

  // Selection and filters.

  /** Selects a visible claim; anything else is ignored. */
  select(id: number): void {
    if (this.current.visible.includes(id)) this.set({ selected: id });
  }

  /** Changes the filters; the list follows when the facade answers (`setVisible`). Returns the new filters. */
  setFilters(patch: Partial<Filters>): Filters {
    const filters = { ...this.current.filters, ...patch };
    this.set({ filters });
    return filters;
  }
}
