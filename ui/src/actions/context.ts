// What every action works with: the transport (`api`, injected so that tests can pass a double) and the store.
import type { api } from "../api";
import type { Store } from "../state/store";

export type Api = typeof api;

export interface Ctx {
  api: Api;
  store: Store;
}
