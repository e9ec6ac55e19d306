import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IssueErrorPanel } from '@/components/panels/issue-error/IssueErrorPanel';
import { MergeRequestHits } from '@/components/panels/merge-request-errors/MergeRequestHits';
import { ProjectErrorsPanel } from '@/components/panels/project-errors/ProjectErrorsPanel';
import { ErrorRowsPanel } from '@/components/panels/shared/ErrorRowsPanel';
import type { PanelContext } from '@/lib/protocol/replies';
import { askBackground, stubBrowserApis } from '../support/background';
import { installFakeGitlab } from '../support/fake-gitlab';
import { installFakeSentry, makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';

// The panels talk to the real background router, as the panels' script does through runtime messaging.
vi.mock('@/lib/protocol/ask', async () => ({ ask: (await import('../support/background')).askBackground }));

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

async function linkedThroughSentry() {
  await linkSentryProject({ sentry: { issues: makeIssues(2) }, gitlab: {}, poll: false });
}

async function linkedThroughGitlab() {
  stubBrowserApis();
  installFakeSentry();
  installFakeGitlab({ errors: [{ id: '11', title: 'NoMethodError: undefined method `name`', status: 'unresolved', count: 21 }] });
  await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
  await askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', backend: 'gitlab', active: true },
  });
}

/** What the loader hands the panels on group/app, and that link's first unresolved error. */
async function pageOfLinkedProject() {
  const link = (await askBackground({ type: 'panelContext', projectPath: 'group/app' })) as PanelContext;
  const query = { status: 'unresolved', sort: 'last_seen', search: '' } as const;
  const list = await askBackground({ type: 'listErrors', linkId: link.linkId, query, source: 'network' });
  return { link, error: list!.page.errors[0]! };
}

describe.each([
  { backend: 'Sentry', setUp: linkedThroughSentry, source: 'Sentry: the-interstellar-jurisdiction / prime-mover', title: 'Error number 1' },
  { backend: 'GitLab', setUp: linkedThroughGitlab, source: 'GitLab error tracking', title: 'NoMethodError: undefined method `name`' },
])('panels of a $backend-backed link', ({ setUp, source, title }) => {
  /** The panel names where its errors come from once, as the link's source says it. */
  const expectSource = (region: HTMLElement) => {
    expect(within(region).getByText(source)).toBeTruthy();
    expect(within(region).queryAllByText(/Sentry:/)).toHaveLength(source.startsWith('Sentry:') ? 1 : 0);
  };

  it('"Error tracking" names its source and lists the errors', async () => {
    await setUp();
    const { link } = await pageOfLinkedProject();
    render(<ProjectErrorsPanel link={link} />);
    const region = screen.getByRole('region', { name: 'Error tracking' });
    await within(region).findByRole('button', { name: title });
    expectSource(region);
  });

  it('"Error" on an issue names its source and shows the error', async () => {
    await setUp();
    const { link, error } = await pageOfLinkedProject();
    render(<IssueErrorPanel link={link} error={error} />);
    const region = screen.getByRole('region', { name: 'Error' });
    await within(region).findByRole('region', { name: 'Stack trace' });
    expectSource(region);
  });

  it('"Errors in this file" names its source and lists the file’s errors', async () => {
    await setUp();
    const { link, error } = await pageOfLinkedProject();
    render(<ErrorRowsPanel link={link} id="file-errors" title="Errors in this file" rows={[{ error, lines: [12] }]} />);
    const region = screen.getByRole('region', { name: 'Errors in this file' });
    expect(within(region).getByRole('button', { name: title })).toBeTruthy();
    expect(within(region).getByRole('link', { name: '12' }).getAttribute('href')).toBe('#L12');
    expectSource(region);
  });

  it('"Errors in this merge request" says where each error hits, "changed line", and the commit it came with', async () => {
    await setUp();
    const { link, error } = await pageOfLinkedProject();
    const row = {
      error,
      hits: [
        { path: 'app/billing/refunds.py', line: 40, changed: false },
        { path: 'app/billing/refunds.py', line: 57, changed: true },
      ],
      firstSeenIn: { sha: 'f00dbabe0123456789abcdef0123456789abcdef', shortSha: 'f00dbabe' },
    };
    render(
      <ErrorRowsPanel
        link={link}
        id="merge-request-errors"
        title="Errors in this merge request"
        rows={[{ error, detail: <MergeRequestHits row={row} projectPath="group/app" /> }]}
      />,
    );
    const region = screen.getByRole('region', { name: 'Errors in this merge request' });
    expect(within(region).getByRole('button', { name: title })).toBeTruthy();
    const hits = within(region).getByRole('list', { name: 'Where it hits' });
    expect(
      within(hits)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['app/billing/refunds.py:40', 'app/billing/refunds.py:57 — changed line']);
    expect(within(region).getByRole('link', { name: 'f00dbabe' }).getAttribute('href')).toBe(
      '/group/app/-/commit/f00dbabe0123456789abcdef0123456789abcdef',
    );
    expectSource(region);
  });
});
