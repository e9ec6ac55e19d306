import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { requireTrustedInput } from '@/components/shared/trusted-input';
import type { ErrorSummary } from '@/lib/domain/model';
import { askBackground } from './support/background';
import type { FakeSentryOptions } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const SUMMARY: ErrorSummary = {
  id: '1000',
  shortId: 'APP-1',
  title: 'Error number 1',
  culprit: '',
  permalink: '',
  level: 'error',
  status: 'unresolved',
  count: 10,
  userCount: 0,
};

/** The details as a panel shows them: once the panels' script has asked for trusted input only. */
async function renderPanelDetails(sentry: FakeSentryOptions = {}) {
  const setup = await linkSentryProject({ sentry, gitlab: { connect: true } });
  requireTrustedInput();
  render(<ErrorDetailsView linkId={setup.linkId} summary={SUMMARY} ask={askBackground} headingLevel={3} />);
  await screen.findByRole('region', { name: 'Stack trace' });
  await screen.findByRole('button', { name: 'Create issue' });
  return setup;
}

/** A click the way the browser delivers the user's own: isTrusted (happy-dom leaves it unset). */
function userClick(element: Element) {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
}

const writes = (requests: Array<{ method: string }>) => requests.filter((request) => request.method !== 'GET');
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('panel actions need the user’s own input', () => {
  it('ignores scripted clicks on Resolve, Ignore and Create issue', async () => {
    const { sentry, gitlab } = await renderPanelDetails();
    const buttons = ['Resolve', 'Ignore', 'Create issue'].map((name) => screen.getByRole('button', { name }));
    expect(new MouseEvent('click').isTrusted).not.toBe(true);
    for (const button of buttons) {
      fireEvent.click(button);
      button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      (button as HTMLButtonElement).click();
    }
    const duration = screen.getByRole('combobox', { name: 'Ignore duration' }) as HTMLSelectElement;
    duration.value = '60';
    fireEvent.change(duration);
    await settle();
    expect(writes(sentry.requests)).toEqual([]);
    expect(writes(gitlab!.requests)).toEqual([]);
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeTruthy();
  });

  it('acts on a trusted click', async () => {
    const { sentry } = await renderPanelDetails();
    userClick(screen.getByRole('button', { name: 'Resolve' }));
    await vi.waitFor(() => expect(writes(sentry.requests)).toHaveLength(1));
    expect(writes(sentry.requests).map((r) => (r as unknown as { url: URL }).url.pathname)).toEqual([
      '/api/0/organizations/the-interstellar-jurisdiction/issues/1000/',
    ]);
    await screen.findByRole('button', { name: 'Unresolve' });
  });

  it('keeps a scripted duration from changing what a trusted Ignore does', async () => {
    const sent: unknown[] = [];
    await renderPanelDetails({
      override: (_, init) => {
        if (init.method === 'PUT') sent.push(JSON.parse(String(init.body)));
        return undefined;
      },
    });
    const duration = screen.getByRole('combobox', { name: 'Ignore duration' }) as HTMLSelectElement;
    duration.value = '60';
    fireEvent.change(duration);
    userClick(screen.getByRole('button', { name: 'Ignore' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ substatus: 'archived_forever' });
  });
});
