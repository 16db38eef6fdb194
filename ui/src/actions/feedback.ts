// The error banner, the progress line and the footer, as state.
import { toApiError, type JobProgress } from "../api";
import type { Store } from "../state/store";

export function showError(store: Store, e: unknown): void {
  store.set({ error: toApiError(e) });
}

export function hideError(store: Store): void {
  if (store.state.error !== null) store.set({ error: null });
}

export function showProgress(store: Store, text: string, job: number | null): void {
  store.set({ progress: { text, job } });
}

export function hideProgress(store: Store): void {
  store.set({ progress: null, runningJob: null });
}

/** A source-fetch progress event from the core. */
export function onProgress(store: Store, p: JobProgress): void {
  const done = p.stage === "done" || p.stage === "failed" || p.stage === "cancelled";
  // A source's sentences embedded in the background count sentences; a fetch counts bytes.
  const sentences = p.stage === "embedding";
  const kb = p.received !== null ? (sentences ? ` ${p.received} sentences` : ` ${Math.round(p.received / 1024)} KB`) : "";
  const of = p.total !== null ? (sentences ? ` of ${p.total}` : ` of ${Math.round(p.total / 1024)} KB`) : "";
  store.set({
    runningJob: done ? null : p.job,
    progress: { text: `${p.stage}${kb}${of} — ${p.url}${p.message ? ` (${p.message})` : ""}`, job: p.job },
  });
}

export function setFooter(store: Store, text: string): void {
  store.set({ footer: text });
}
