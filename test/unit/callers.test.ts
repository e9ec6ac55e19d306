import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isExtensionPage } from '@/lib/background/callers';
import { route } from '@/lib/background/router';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('messages', () => {
  it('answers only the extension’s own pages', () => {
    const id = fakeBrowser.runtime.id;
    expect(isExtensionPage({ id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBe(true);
    expect(isExtensionPage({ id, url: 'https://gitlab.com/group/app', tab: { id: 1 } as never })).toBe(false);
    expect(isExtensionPage({ id: 'another-extension', url: 'chrome-extension://another-extension/x.html' })).toBe(false);
  });

  it('rejects malformed requests with a message instead of throwing', async () => {
    expect(await route({ type: 'listErrors', linkId: 1 })).toMatchObject({ ok: false, failure: { kind: 'bad-request' } });
    expect(await route('hello')).toMatchObject({ ok: false });
  });
});
