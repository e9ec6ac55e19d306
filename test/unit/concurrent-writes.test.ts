import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { recordLinkStatus } from '@/lib/background/badge/counts';
import { cacheKey, readCachedPage, writeCachedPage } from '@/lib/store/list-cache';
import { DEFAULT_QUERY, type ErrorPage } from '@/lib/domain/model';
import { linkStatusItem } from '@/lib/store/storage';
import { updateItem } from '@/lib/store/queue';
import { stubBrowserApis } from './support/background';

const page = (title: string): ErrorPage => ({
  errors: [{ id: '1', shortId: 'APP-1', title, culprit: '', permalink: '', level: 'error', status: 'unresolved', count: 1, userCount: 0 }],
});
const status = (count: number) => ({ checkedAt: 1, count });

beforeEach(() => {
  fakeBrowser.reset();
  stubBrowserApis();
});

describe('storage writes', () => {
  it('two link statuses written at once both survive', async () => {
    await Promise.all([recordLinkStatus('a', status(3)), recordLinkStatus('b', status(5))]);
    expect(await linkStatusItem.getValue()).toEqual({ a: status(3), b: status(5) });
  });

  it('updates of one item run one after another, each on the last one’s result', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => updateItem(linkStatusItem, (statuses) => ({ ...statuses, [`l${i}`]: status(i) }))),
    );
    expect(Object.keys(await linkStatusItem.getValue()).sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4']);
  });

  it('a failed update does not stop the next one', async () => {
    const failed = updateItem(linkStatusItem, () => {
      throw new Error('boom');
    });
    const next = updateItem(linkStatusItem, (statuses) => ({ ...statuses, a: status(1) }));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toEqual({ a: status(1) });
  });

  it('two pages cached at once are both found and both indexed', async () => {
    const first = cacheKey('link-1', DEFAULT_QUERY);
    const second = cacheKey('link-2', DEFAULT_QUERY);
    await Promise.all([writeCachedPage(first, page('first')), writeCachedPage(second, page('second'))]);
    expect((await readCachedPage(first))?.page.errors[0]?.title).toBe('first');
    expect((await readCachedPage(second))?.page.errors[0]?.title).toBe('second');
    const index = (await fakeBrowser.storage.local.get('listCacheIndex')).listCacheIndex as Record<string, unknown>;
    expect(Object.keys(index).sort()).toEqual([first, second].sort());
  });

  it('eviction removes pages the index does not know', async () => {
    await writeCachedPage(cacheKey('link-0', DEFAULT_QUERY), page('first'), 1);
    await fakeBrowser.storage.local.set({ 'listPage:orphan:1': { key: 'lost', page: page('lost'), fetchedAt: 0 } });
    for (let i = 1; i <= 30; i++) await writeCachedPage(cacheKey(`link-${i}`, DEFAULT_QUERY), page(`page ${i}`), 1 + i);
    const keys = Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.startsWith('listPage:'));
    expect(keys).not.toContain('listPage:orphan:1');
    expect(keys).toHaveLength(30);
    expect(await readCachedPage(cacheKey('link-0', DEFAULT_QUERY))).toBeUndefined(); // the oldest, evicted
  });
});
