// "Apply what a call returned": one function per entity kind. A mutation puts the entities it answers with into the
// store, and the views redraw what changed; nothing is fetched again that the call already returned.
import type { CitationChange, CitationView, ClaimChange, ClaimPage, DocumentSummary, DocumentView } from "../api";
import type { Store } from "../state/store";

/** The documents list, as `list_documents` returns it. */
export function applyDocuments(store: Store, docs: DocumentSummary[]): void {
  store.setDocuments(docs);
}

/**
 * An opened (or just imported) document: it becomes the open one, its first shown claim selected. `page` is the
 * answer to the filters set, when they are not the default that the document itself answers.
 */
export function applyDocument(store: Store, view: DocumentView, page?: ClaimPage): void {
  store.openDocument(view, page);
}

/** New or changed citations. */
export function applyCitations(store: Store, citations: CitationView[]): void {
  store.putCitations(citations);
}

/** How many changes of each claim were applied: a detail answer that was asked for before a change is older. */
const changes = new Map<number, number>();

/** The number of changes applied to `claim` so far (compare before and after a read). */
export function changesOf(claim: number): number {
  return changes.get(claim) ?? 0;
}

/**
 * What a claim mutation answered with: the claim, its document as listed (the counts come from the core, which
 * sees every claim, not only the ones loaded here) and the claim's history.
 */
export function applyClaimChange(store: Store, change: ClaimChange): void {
  changes.set(change.claim.id, (changes.get(change.claim.id) ?? 0) + 1);
  store.batch(() => {
    store.putClaims([change.claim]);
    store.putDocument(change.document);
    store.setHistory(change.claim.id, change.history);
  });
}

/** What a citation mutation answered with: the citations, the claim change and the evidence the detail shows. */
export function applyCitationChange(store: Store, change: CitationChange): void {
  store.batch(() => {
    store.putCitations(change.citations);
    applyClaimChange(store, change.claim);
    store.setEvidence(change.claim.claim.id, change.evidence);
  });
}
