import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { cacheKey, writeCachedPage } from '@/lib/store/list-cache';
import { DEFAULT_QUERY, type ErrorPage } from '@/lib/domain/model';
import { readPopupSnapshot } from '@/lib/store/popup-snapshot';

const link = { id: 'l1', gitlabProject: 'group/app', active: true, backend: 'gitlab' as const };
const page = (title: string): ErrorPage =>
  ({
    errors: [
      {
        id: '1',
        title,
        culprit: '',
        count: 1,
        userCount: 0,
        level: 'error',
        status: 'unresolved',
        lastSeen: '2026-12-01T00:00:00Z',
        firstSeen: '2026-12-01T00:00:00Z',
      },
    ],
  }) as unknown as ErrorPage;

beforeEach(async () => {
  fakeBrowser.reset();
  localStorage.clear();
  await fakeBrowser.storage.local.set({ links: [link] });
  await writeCachedPage(cacheKey(link.id, DEFAULT_QUERY), page('first'));
});
afterEach(() => localStorage.clear());

describe('popup snapshot', () => {
  it('reads the links and the page it showed last in one storage round trip', async () => {
    expect((await readPopupSnapshot()).cached?.page.errors[0]?.title).toBe('first');
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const again = await readPopupSnapshot();
    expect(again.cached?.page.errors[0]?.title).toBe('first');
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('shows the page as it is now, not as it was when remembered', async () => {
    await readPopupSnapshot();
    await writeCachedPage(cacheKey(link.id, DEFAULT_QUERY), page('second'));
    expect((await readPopupSnapshot()).cached?.page.errors[0]?.title).toBe('second');
  });

  it('reads the selected page when the remembered one is another', async () => {
    localStorage.setItem('errorTracker.lastPopupPage', 'local:listPage:other:1');
    expect((await readPopupSnapshot()).cached?.page.errors[0]?.title).toBe('first');
    expect(localStorage.getItem('errorTracker.lastPopupPage')).not.toBe('local:listPage:other:1');
  });
});

describe("the popup script's first read", () => {
  it('starts as the script loads, and a retry reads storage again', async () => {
    vi.resetModules();
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const { takePopupSnapshot } = await import('@/entrypoints/popup/first-read');
    expect(get).toHaveBeenCalled();
    expect((await takePopupSnapshot()).cached?.page.errors[0]?.title).toBe('first');
    await writeCachedPage(cacheKey(link.id, DEFAULT_QUERY), page('second'));
    expect((await takePopupSnapshot()).cached?.page.errors[0]?.title).toBe('second');
  });
});
