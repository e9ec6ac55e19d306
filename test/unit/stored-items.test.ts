import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defineItem } from '@/lib/store/item';

// The stored items keep the keys and shapes @wxt-dev/storage wrote, so an update reads what users stored.

beforeEach(() => fakeBrowser.reset());

const local = () => fakeBrowser.storage.local.get(null);

describe('stored items', () => {
  it('read the fallback until written, and write the value under the key without its area', async () => {
    const item = defineItem<{ pollMinutes: number }>('local:settings', { fallback: { pollMinutes: 2 } });
    expect(await item.getValue()).toEqual({ pollMinutes: 2 });
    await item.setValue({ pollMinutes: 5 });
    expect(await local()).toEqual({ settings: { pollMinutes: 5 } });
    expect(await item.getValue()).toEqual({ pollMinutes: 5 });
  });

  it('remove the value when set to null or removed', async () => {
    const item = defineItem<{ baseUrl: string } | null>('local:sentryConnection', { fallback: null });
    await item.setValue({ baseUrl: 'https://sentry.io' });
    await item.setValue(null);
    expect(await local()).toEqual({});
    await item.setValue({ baseUrl: 'https://sentry.io' });
    await item.removeValue();
    expect(await item.getValue()).toBeNull();
  });

  it('run each migration from the stored version up, and record the new version', async () => {
    await fakeBrowser.storage.local.set({ links: [{ id: 'a' }] });
    const item = defineItem<Array<{ id: string; backend: string; origin: string }>>('local:links', {
      fallback: [],
      version: 3,
      migrations: {
        2: (links: Array<{ id: string }>) => links.map((link) => ({ ...link, backend: 'sentry' })),
        3: async (links: Array<{ id: string }>) => links.map((link) => ({ ...link, origin: 'https://gitlab.com' })),
      },
    });
    expect(await item.getValue()).toEqual([{ id: 'a', backend: 'sentry', origin: 'https://gitlab.com' }]);
    expect(await local()).toEqual({ links: [{ id: 'a', backend: 'sentry', origin: 'https://gitlab.com' }], links$: { v: 3 } });
  });

  it('record the version on the first write of an item with migrations, and only then', async () => {
    const versioned = defineItem<string[]>('local:links', { fallback: [], version: 3, migrations: {} });
    const plain = defineItem<string[]>('local:sentryProjects', { fallback: [] });
    await versioned.setValue(['a']);
    await plain.setValue(['b']);
    await versioned.setValue(['a', 'c']);
    expect(await local()).toEqual({ links: ['a', 'c'], links$: { v: 3 }, sentryProjects: ['b'] });
  });

  it('leave a value alone when it is already at the version, or from a newer one', async () => {
    const migration = vi.fn((value: string) => `${value}!`);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ a: 'current', a$: { v: 2 }, b: 'newer', b$: { v: 3 } });
    const current = defineItem<string>('local:a', { fallback: '', version: 2, migrations: { 2: migration } });
    const newer = defineItem<string>('local:b', { fallback: '', version: 2, migrations: { 2: migration } });
    expect([await current.getValue(), await newer.getValue()]).toEqual(['current', 'newer']);
    expect(migration).not.toHaveBeenCalled();
    expect(console.error).toHaveBeenCalledWith('Error Tracker: migration failed for local:b', expect.any(Error));
  });
});
