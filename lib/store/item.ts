import { browser } from 'wxt/browser';

// The extension's stored items, on browser.storage.local. The keys and the stored shapes are those
// @wxt-dev/storage used before this file replaced it (2.4 kB gzip of the service worker: snapshots, metas,
// watchers, other areas, init locks, none of them used), so what existing users stored still reads:
// `local:links` is `links` in the area, its version is `links$: { v: 3 }`, and a migration runs, as it did
// there, when an item with migrations is defined. Only `local:` exists: tokens must never sync.

export type StorageKey = `local:${string}`;

/** `local:links` → `links`, the key in browser.storage.local. */
export const areaKey = (key: StorageKey): string => key.slice('local:'.length);
const versionKey = (key: StorageKey): string => `${areaKey(key)}$`;

interface VersionMeta {
  v?: number;
}

/** The stored value under `key`, or undefined. */
export async function readStored<T>(key: StorageKey): Promise<T | undefined> {
  const name = areaKey(key);
  return (await browser.storage.local.get(name))[name] as T | undefined;
}

/** Writes every value in one call. */
export async function writeStored(entries: Array<{ key: StorageKey; value: unknown }>): Promise<void> {
  await browser.storage.local.set(Object.fromEntries(entries.map(({ key, value }) => [areaKey(key), value])));
}

export async function removeStored(keys: StorageKey[]): Promise<void> {
  await browser.storage.local.remove(keys.map(areaKey));
}

export interface StoredItem<T> {
  key: StorageKey;
  /** The stored value, or the fallback when there is none. */
  getValue(): Promise<T>;
  /** null or undefined removes the value. */
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Brings a value stored by an older version up to this one (run when the item is defined). */
  migrate(): Promise<void>;
}

interface ItemOptions<T> {
  fallback: T;
  /** The stored shape's version; raise it with a migration to the new one. 1 when absent. */
  version?: number;
  /** Version → a function turning the previous version's value into that version's. */
  migrations?: Record<number, (value: never) => unknown>;
}

/**
 * A typed item. With migrations, the stored value is migrated as soon as the item is defined (each read or
 * write of it waits for that), and its version is recorded on its first write.
 */
export function defineItem<T>(key: StorageKey, { fallback, version = 1, migrations }: ItemOptions<T>): StoredItem<T> {
  const name = areaKey(key);
  const metaName = versionKey(key);
  // An item first written by this version records the version, so a later one knows what it holds.
  let needsVersion = false;

  async function migrate(): Promise<void> {
    const stored = await browser.storage.local.get([name, metaName]);
    const value = stored[name];
    const meta = (stored[metaName] ?? {}) as VersionMeta;
    needsVersion = value == null && meta.v == null;
    if (value == null) return;
    const from = meta.v ?? 1;
    if (from > version) throw new Error(`Version downgrade detected (v${from} -> v${version}) for "${key}"`);
    if (from === version) return;
    let migrated: unknown = value;
    for (let to = from + 1; to <= version; to++) {
      const step = migrations?.[to];
      try {
        migrated = (await step?.(migrated as never)) ?? migrated;
      } catch (cause) {
        throw new Error(`v${to} migration failed for "${key}"`, { cause });
      }
    }
    await browser.storage.local.set({ [name]: migrated, [metaName]: { ...meta, v: version } });
  }

  const migrated = migrations
    ? migrate().catch((error) => console.error(`Error Tracker: migration failed for ${key}`, error))
    : Promise.resolve();

  async function setValue(value: T): Promise<void> {
    await migrated;
    if (value == null) {
      await browser.storage.local.remove(name);
      return;
    }
    const entries: Record<string, unknown> = { [name]: value };
    if (needsVersion) {
      needsVersion = false;
      const meta = (await readStored<VersionMeta>(`local:${metaName}`)) ?? {};
      entries[metaName] = { ...meta, v: version };
    }
    await browser.storage.local.set(entries);
  }

  return {
    key,
    async getValue() {
      await migrated;
      return (await readStored<T>(key)) ?? fallback;
    },
    setValue,
    async removeValue() {
      await migrated;
      await browser.storage.local.remove(name);
    },
    migrate,
  };
}
