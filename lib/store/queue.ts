import type { StoredItem } from './item';

// Storage has no transactions: two read-modify-writes that overlap (a poll's counts, a status change's
// count, an options save) each write what they read plus their change, and the later write loses the
// earlier one's change. Every such update in this process goes through one chain per key instead.

const chains = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task of the same `key` has settled. */
export function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  const settled = next.catch(() => undefined);
  chains.set(key, settled);
  void settled.then(() => {
    if (chains.get(key) === settled) chains.delete(key);
  });
  return next;
}

/**
 * Reads the item, applies `change` and writes the result, with no other update of the item in between.
 * `change` returns the same value to write nothing. Keep it quick and free of network calls: later updates wait.
 */
export function updateItem<T>(item: StoredItem<T>, change: (value: T) => T): Promise<T> {
  return serialized(item.key, async () => {
    const value = await item.getValue();
    const changed = change(value);
    if (changed !== value) await item.setValue(changed);
    return changed;
  });
}
