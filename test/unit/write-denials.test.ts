import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WRITE_DENIAL_MS } from '@/lib/backends/sentry/write-denials';
import { askBackground } from './support/background';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const FORBIDDEN = () => new Response(JSON.stringify({ detail: 'You do not have permission to perform this action.' }), { status: 403 });

/** group/app (A) and group/other (B), both on Sentry; PUTs are refused while `refuse.on` is set. */
async function twoLinks() {
  const refuse = { on: false };
  const { linkId: linkA } = await linkSentryProject({
    sentry: { issues: makeIssues(2), override: (_, init) => (refuse.on && init.method === 'PUT' ? FORBIDDEN() : undefined) },
    poll: false,
  });
  const { savedLink } = await askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/other', projectKey: 'the-interstellar-jurisdiction/3', active: true },
  });
  return { refuse, linkA, linkB: savedLink!.id };
}

const denied = async (linkId: string) => (await askBackground({ type: 'getErrorDetails', linkId, errorId: '1000' })).writeDenied;
const ignore = (linkId: string) =>
  askBackground({
    type: 'updateErrorStatus',
    linkId,
    errorId: '1000',
    fromStatus: 'unresolved',
    change: { action: 'ignore', duration: 'forever' },
  });
const unignore = (linkId: string) =>
  askBackground({ type: 'updateErrorStatus', linkId, errorId: '1000', fromStatus: 'ignored', change: { action: 'unresolve' } });

async function refuseOn(setup: Awaited<ReturnType<typeof twoLinks>>, linkId: string) {
  setup.refuse.on = true;
  await expect(ignore(linkId)).rejects.toMatchObject({ kind: 'forbidden' });
  setup.refuse.on = false;
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.useRealTimers());

describe('write permission per link', () => {
  it('a 403 on one link turns off that link’s buttons only, saying when they come back', async () => {
    const setup = await twoLinks();
    await refuseOn(setup, setup.linkA);
    expect(await denied(setup.linkA)).toMatch(/event:write.*tried again in a day, or at once when you connect Sentry again/);
    expect(await denied(setup.linkB)).toBeUndefined();
    // Link B's own success leaves link A's denial alone.
    await ignore(setup.linkB);
    expect(await denied(setup.linkA)).toBeDefined();
  });

  it('comes back by itself after a day', async () => {
    const setup = await twoLinks();
    vi.useFakeTimers({ toFake: ['Date'] });
    await refuseOn(setup, setup.linkA);
    vi.setSystemTime(Date.now() + WRITE_DENIAL_MS - 60_000);
    expect(await denied(setup.linkA)).toBeDefined();
    vi.setSystemTime(Date.now() + 120_000);
    expect(await denied(setup.linkA)).toBeUndefined();
  });

  it('is cleared by a successful change and by connecting Sentry again', async () => {
    const setup = await twoLinks();
    await refuseOn(setup, setup.linkA);
    await ignore(setup.linkA);
    expect(await denied(setup.linkA)).toBeUndefined();
    await unignore(setup.linkA);
    await refuseOn(setup, setup.linkA);
    await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
    expect(await denied(setup.linkA)).toBeUndefined();
  });

  it('drops the old all-links denial on update', async () => {
    await fakeBrowser.storage.local.set({ sentryWriteDenied: 'Old reason for every link', sentryWriteDenied$: { v: 1 } });
    // Items migrate when defined: define them afresh, as an updated extension's worker does.
    vi.resetModules();
    const { writeDeniedItem } = await import('@/lib/store/storage');
    expect(await writeDeniedItem.getValue()).toEqual({});
  });
});
