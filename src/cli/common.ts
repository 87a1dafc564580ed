// What the verbs share: opening a store for reading, printing JSON, numbers for people.
import { Store } from "../store/store.js";

export function openForRead(path: string): Store {
  return Store.open(path, { mode: "read" });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// (one formatter: toLocaleString makes a new one on every call, a fraction of a millisecond each)
const EN_US = new Intl.NumberFormat("en-US");

export function grouped(n: number): string {
  return EN_US.format(n);
}

/** Runs fn with the store open and closes it afterwards, whatever happens. */
export async function withStore<T>(store: Store, fn: (s: Store) => T | Promise<T>): Promise<T> {
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
