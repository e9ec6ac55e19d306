import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { createPopupStore } from '@/components/popup/store';
import { renderPopup } from './support/popup';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeSentry, makeIssues, type FakeIssue } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

async function setUp(issues: FakeIssue[]) {
  return (await linkSentryProject({ sentry: { issues } })).sentry;
}

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('popup', () => {
  it('links to the options page when nothing is configured', async () => {
    stubBrowserApis();
    installFakeSentry();
    renderPopup();
    expect(await screen.findByRole('link', { name: 'Open options' })).toBeTruthy();
  });

  it('says a paused link is paused, not that nothing is set up', async () => {
    const { linkId } = await linkSentryProject({ poll: false });
    await askBackground({ type: 'setLinkActive', linkId, active: false });
    renderPopup();
    expect(await screen.findByText('1 link paused — resume in options.')).toBeTruthy();
    expect(screen.queryByText(/Connect Sentry/)).toBeNull();
    expect(screen.getByRole('link', { name: 'Open options' })).toBeTruthy();
  });

  it('lists unresolved errors, newest first, with their facts', async () => {
    await setUp(makeIssues(3, (i) => ({ culprit: `app/models/thing_${i}.rb in call`, userCount: i + 1 })));
    renderPopup();
    const first = await screen.findByRole('button', { name: 'Error number 1' });
    const row = first.closest('li')!;
    expect(within(row).getByText('app/models/thing_0.rb in call')).toBeTruthy();
    expect(within(row).getByText('10 events')).toBeTruthy();
    expect(within(row).getByText('1 user')).toBeTruthy();
    expect(row.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-01T00:00:00.000Z');
    expect(screen.getByRole('button', { name: /group\/app.*3 unresolved/ })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement).value).toBe('unresolved');
    expect((screen.getByRole('combobox', { name: 'Sort by' }) as HTMLSelectElement).value).toBe('last_seen');
  });

  it('renders hostile titles as text', async () => {
    const title = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    await setUp(makeIssues(1, () => ({ title, culprit: '<b>bold</b>' })));
    renderPopup();
    const button = await screen.findByRole('button', { name: title });
    expect(button.textContent).toBe(title);
    expect(document.querySelector('img, script, b')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('shows "No errors to display" for an empty list', async () => {
    await setUp([]);
    renderPopup();
    expect(await screen.findByText('No errors to display')).toBeTruthy();
  });

  it('switches status and asks Sentry for it', async () => {
    const sentry = await setUp(makeIssues(4, (i) => ({ status: i === 3 ? 'ignored' : 'unresolved', title: `E${i}` })));
    renderPopup();
    await screen.findByRole('button', { name: 'E0' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'ignored' } });
    expect(await screen.findByRole('button', { name: 'E3' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'E0' })).toBeNull();
    expect(sentry.requests.at(-1)?.url.searchParams.get('query')).toBe('is:ignored');
  });

  it('sorts by frequency', async () => {
    const sentry = await setUp(makeIssues(2));
    renderPopup();
    await screen.findByRole('button', { name: 'Error number 1' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'frequency' } });
    await expect.poll(() => sentry.requests.at(-1)?.url.searchParams.get('sort')).toBe('freq');
  });

  it('filters by title at once and then on the server', async () => {
    const sentry = await setUp(makeIssues(3, (i) => ({ title: ['TypeError: x', 'RangeError: y', 'TypeError: z'][i]! })));
    renderPopup();
    await screen.findByRole('button', { name: 'RangeError: y' });
    fireEvent.input(screen.getByRole('searchbox', { name: 'Filter by title' }), { target: { value: 'typeerror' } });
    expect(screen.queryByRole('button', { name: 'RangeError: y' })).toBeNull();
    await expect.poll(() => sentry.requests.at(-1)?.url.searchParams.get('query')).toBe('is:unresolved typeerror');
    expect(screen.getAllByRole('button', { name: /TypeError/ })).toHaveLength(2);
  });

  it('reaches every page', async () => {
    await setUp(makeIssues(130));
    renderPopup();
    await screen.findByRole('button', { name: 'Error number 1' });
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('button', { name: 'Error number 130' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByRole('button', { name: 'Error number 1' })).toBeTruthy();
  });

  it('shows the cached list while refreshing, and what failed with a retry', async () => {
    const sentry = await setUp(makeIssues(2));
    sentry.fetchMock.mockImplementation(async () => new Response(JSON.stringify({ detail: 'Internal Error' }), { status: 500 }));
    renderPopup();
    expect(await screen.findByRole('button', { name: 'Error number 1' })).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Could not refresh: Sentry had a server error \(HTTP 500\)/);
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('draws the cached rows before it asks the background for fresh ones', async () => {
    await setUp(makeIssues(2));
    const rowsWhenAsked: number[] = [];
    const ask = ((request) => {
      if (request.type === 'listErrors') rowsWhenAsked.push(screen.queryAllByRole('button', { name: /^Error number/ }).length);
      return askBackground(request);
    }) as typeof askBackground;
    const store = createPopupStore(ask);
    void store.open();
    render(<PopupApp store={store} />);
    expect(await screen.findByRole('button', { name: 'Error number 2' })).toBeTruthy();
    await expect.poll(() => rowsWhenAsked).toEqual([2]);
  });

  it('knows when its first frame can show the stored rows, or why they could not be read', async () => {
    await setUp(makeIssues(2));
    const store = createPopupStore(askBackground);
    void store.open();
    await store.firstView;
    expect(store.list.value?.page.errors.map((error) => error.title)).toEqual(['Error number 1', 'Error number 2']);

    const failing = createPopupStore(askBackground, () => Promise.reject(new Error('storage is gone')));
    void failing.open();
    await failing.firstView;
    expect(failing.viewFailure.value?.message).toMatch(/storage is gone/);
  });

  it('says what failed when there is nothing cached', async () => {
    const sentry = await setUp(makeIssues(2));
    sentry.fetchMock.mockImplementation(async () => new Response('{"detail":"Invalid token"}', { status: 401 }));
    renderPopup();
    await screen.findByRole('button', { name: 'Error number 1' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'resolved' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/rejected the Auth Token/);
    expect(screen.queryByRole('button', { name: 'Error number 1' })).toBeNull();
  });
});

describe('popup refresh', () => {
  it('shows the page the refresh poll fetched, without asking Sentry twice', async () => {
    const sentry = await setUp(makeIssues(2));
    renderPopup();
    await screen.findByRole('button', { name: 'Error number 1' });
    await expect.poll(() => screen.queryByRole('status')).toBeNull();
    sentry.issues.push(...makeIssues(3).slice(2));
    const before = sentry.requests.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(await screen.findByRole('button', { name: 'Error number 3' })).toBeTruthy();
    expect(sentry.requests.slice(before).filter((r) => r.url.pathname.endsWith('/issues/'))).toHaveLength(1);
  });
});
