import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeIssues } from './support/fake-sentry';
import { renderPopup } from './support/popup';
import { linkSentryProject } from './support/setup';

// A file of its own: the background remembers for the rest of its life that this host refused `trends`.

const HOUR = 3600;
const START = 1_796_000_400;
const sentryStats = (hourly: number[]) => ({ '24h': hourly.map((count, i) => [START + i * HOUR, count]) });
const day = (base: number, lastThree: [number, number, number]) => [...Array<number>(21).fill(base), ...lastThree];

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('the popup on a Sentry without `trends`', () => {
  it('says so when Trending was sorted on the page, because this Sentry has no trend order', async () => {
    await linkSentryProject({
      sentry: {
        issues: makeIssues(2, (i) => ({
          title: i ? 'Spiking error' : 'Steady error',
          stats: sentryStats(i ? day(0, [5, 10, 20]) : day(2, [2, 2, 2])),
        })),
        override: (url) =>
          url.searchParams.get('sort') === 'trends'
            ? new Response(JSON.stringify({ detail: 'Invalid sort: trends' }), { status: 400 })
            : undefined,
      },
    });
    renderPopup();
    await screen.findByRole('button', { name: 'Steady error' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'trending' } });
    expect(await screen.findByText('Trending within this page: rising errors first, then by last seen.')).toBeTruthy();
    const titles = within(screen.getByRole('list', { name: 'Errors' }))
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(titles).toEqual(['Spiking error', 'Steady error']);
  });
});
