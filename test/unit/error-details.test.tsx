import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderPopup } from './support/popup';
import { badge } from './support/background';
import { readJsonFixture } from '../support/fixtures';
import { makeIssues, type FakeSentryOptions } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

async function openPopupWith(options: FakeSentryOptions) {
  const { sentry } = await linkSentryProject({ sentry: options });
  renderPopup();
  return sentry;
}

async function openDetails(title: string) {
  fireEvent.click(await screen.findByRole('button', { name: title }));
  return screen.findByRole('region', { name: 'Stack trace' });
}

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('error details', () => {
  it('shows the error’s facts and a link to Sentry', async () => {
    await openPopupWith({ issues: makeIssues(2) });
    await openDetails('Error number 1');
    expect(screen.getByRole('heading', { name: 'Error number 1' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'View in Sentry' }).getAttribute('href')).toBe('https://acme.sentry.io/issues/1000/');
    expect(screen.getByText('APP-1')).toBeTruthy();
    expect(screen.getByRole('img', { name: /events in the last 24 hours/ })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Tags' }).textContent).toContain('prod');
  });

  it('renders the big Ruby event: chained exceptions, every frame, the raising frame open', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(1) });
    sentry.events.set('1000', readJsonFixture('gitlab-sentry/issue_latest_event_sample_response.json'));
    const trace = await openDetails('Error number 1');
    expect(within(trace).getByText('ActiveRecord::NoDatabaseError')).toBeTruthy();
    expect(within(trace).getByText('PG::ConnectionBad')).toBeTruthy();
    expect(within(trace).getByText('Caused by')).toBeTruthy();
    expect(trace.querySelectorAll('li.frame')).toHaveLength(104);
    // No frame of this event is in-app: the frame that raised is the one opened, its line marked.
    const open = trace.querySelectorAll('details[open]');
    expect(open).toHaveLength(1);
    expect(open[0]!.querySelector('[aria-current="true"]')?.textContent).toContain('ActiveRecord::NoDatabaseError');
    expect(within(trace).queryByRole('checkbox', { name: 'Only in-app frames' })).toBeNull();
  });

  it('opens the first in-app frame and can hide the others', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(1) });
    const event = readJsonFixture<{
      entries: Array<{ type: string; data: { values: Array<{ stacktrace: { frames: Array<Record<string, unknown>> } }> } }>;
    }>('gitlab-sentry/issue_latest_event_sample_response.json');
    const frames = event.entries.find((entry) => entry.type === 'exception')!.data.values[1]!.stacktrace.frames;
    // Every frame of the fixture is a gem; mark some in-app, as an SDK configured for the app would.
    for (const [index, frame] of frames.entries()) frame.inApp = index % 5 === 2;
    const inAppCount = frames.filter((frame) => frame.inApp).length;
    expect(inAppCount).toBeGreaterThan(0);
    sentry.events.set('1000', event);
    const trace = await openDetails('Error number 1');
    const open = trace.querySelectorAll('details[open]');
    expect(open).toHaveLength(1);
    expect(open[0]!.closest('li')!.getAttribute('data-in-app')).toBe('true');
    fireEvent.click(within(trace).getByRole('checkbox', { name: 'Only in-app frames' }));
    const shown = [...trace.querySelectorAll('li.frame')];
    expect(shown).toHaveLength(inAppCount);
    expect(shown.every((li) => li.getAttribute('data-in-app') === 'true')).toBe(true);
  });

  it('says so when there is no stack trace', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(1) });
    sentry.events.set('1000', readJsonFixture('gitlab-sentry/issue_latest_event_no_stack_sample_response.json'));
    const trace = await openDetails('Error number 1');
    expect(within(trace).queryAllByRole('listitem')).toHaveLength(0);
    sentry.events.set('1000', null);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    const empty = await openDetails('Error number 1');
    expect(within(empty).getByText('No stack trace for this error')).toBeTruthy();
  });

  it('resolves: the button flips, the error leaves the Unresolved list, counts and badge follow', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(3) });
    expect((await badge()).text).toBe('3');
    await openDetails('Error number 2');
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const unresolve = (await screen.findByRole('button', { name: 'Unresolve' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(unresolve.disabled).toBe(false));
    const put = sentry.requests.find((r) => r.method === 'PUT')!;
    expect(put.url.pathname).toBe('/api/0/organizations/the-interstellar-jurisdiction/issues/1001/');
    expect(sentry.issues[1]!.status).toBe('resolved');
    expect((await badge()).text).toBe('2');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('button', { name: 'Error number 1' });
    expect(screen.queryByRole('button', { name: 'Error number 2' })).toBeNull();
    expect(screen.getByRole('button', { name: /group\/app.*2 unresolved/ })).toBeTruthy();
  });

  it('ignores forever by default and offers Undo ignore', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(1) });
    await openDetails('Error number 1');
    fireEvent.click(screen.getByRole('button', { name: 'Ignore' }));
    const undo = (await screen.findByRole('button', { name: 'Undo ignore' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(undo.disabled).toBe(false));
    expect(sentry.issues[0]!.status).toBe('ignored');
    fireEvent.click(undo);
    const ignore = (await screen.findByRole('button', { name: 'Ignore' })) as HTMLButtonElement;
    await vi.waitFor(() => expect(ignore.disabled).toBe(false));
    expect(sentry.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    expect(sentry.issues[0]!.status).toBe('unresolved');
  });

  it('rolls back with a message when the token lacks event:write, and then says why the buttons are off', async () => {
    const sentry = await openPopupWith({ issues: makeIssues(1), scopes: ['event:read'] });
    await openDetails('Error number 1');
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/event:write/);
    const resolve = screen.getByRole('button', { name: 'Resolve' }) as HTMLButtonElement;
    expect(resolve.disabled).toBe(true);
    expect(screen.getByText(/needs the event:write scope/, { selector: '#status-actions-reason' })).toBeTruthy();
    expect(sentry.issues[0]!.status).toBe('unresolved');
    expect((await badge()).text).toBe('1');
  });

  it('returns with Escape and lands on the opened row; arrows move between rows', async () => {
    await openPopupWith({ issues: makeIssues(3) });
    const second = await screen.findByRole('button', { name: 'Error number 2' });
    second.focus();
    fireEvent.keyDown(second, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Error number 3');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement?.textContent).toBe('Error number 1');
    fireEvent.click(screen.getByRole('button', { name: 'Error number 2' }));
    const heading = await screen.findByRole('heading', { name: 'Error number 2' });
    expect(document.activeElement).toBe(heading);
    fireEvent.keyDown(heading, { key: 'Escape' });
    await screen.findByRole('button', { name: 'Error number 1' });
    expect(document.activeElement?.textContent).toBe('Error number 2');
  });

  it('renders hostile strings in the stack trace as text', async () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    const sentry = await openPopupWith({ issues: makeIssues(1, () => ({ title: evil })) });
    sentry.events.set('1000', {
      entries: [
        {
          type: 'exception',
          data: {
            values: [
              {
                type: evil,
                value: evil,
                stacktrace: { frames: [{ filename: evil, function: evil, lineNo: 1, inApp: true, context: [[1, evil]] }] },
              },
            ],
          },
        },
      ],
      tags: [{ key: 'environment', value: evil }],
    });
    const trace = await openDetails(evil);
    expect(within(trace).getAllByText(evil).length).toBeGreaterThanOrEqual(3);
    expect(document.querySelector('img')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });
});
