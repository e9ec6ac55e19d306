import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openErrorIntentItem } from '@/lib/store/notifications';
import { askBackground } from './support/background';
import { makeIssues } from './support/fake-sentry';
import { renderPopup } from './support/popup';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

/** What the background stores before it opens the popup for a notification's click. */
async function clickedNotification(at = Date.now()) {
  const { linkId } = await linkSentryProject({ sentry: { issues: makeIssues(3) } });
  const { page } = (await askBackground({
    type: 'listErrors',
    linkId,
    query: { status: 'unresolved', sort: 'last_seen', search: '' },
    source: 'cache',
  }))!;
  await openErrorIntentItem.setValue({ linkId, error: page.errors[1], at });
}

describe('popup opened for a notification', () => {
  it('opens straight on the error’s details, with the list behind them', async () => {
    await clickedNotification();
    renderPopup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Error number 2' })).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: /Back/ }));
    expect(await screen.findByRole('button', { name: 'Error number 1' })).toBeTruthy();
  });

  it('opens on the list as usual once the click is old', async () => {
    await clickedNotification(Date.now() - 60_000);
    renderPopup();
    expect(await screen.findByRole('button', { name: 'Error number 2' })).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 1, name: 'Error number 2' })).toBeNull();
  });
});
