// A controller's state in a component: re-renders when the store changes.
import { useSyncExternalStore } from "react";
import type { Store } from "./store.js";

export function useStore<S extends object>(store: Store<S>): S {
  return useSyncExternalStore(store.subscribe, store.getState);
}
