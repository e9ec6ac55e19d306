import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderPopup } from './support/popup';
import { makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('details: GitLab', () => {
  async function openDetails() {
    const { sentry, gitlab } = await linkSentryProject({ sentry: { issues: makeIssues(1) }, gitlab: { connect: true } });
    renderPopup();
    fireEvent.click(await screen.findByRole('button', { name: 'Error number 1' }));
    return { sentry, gitlab: gitlab! };
  }

  it('Create issue becomes View issue; Resolve closes it and says so', async () => {
    const { gitlab } = await openDetails();
    fireEvent.click(await screen.findByRole('button', { name: 'Create issue' }));
    const view = await screen.findByRole('link', { name: 'View issue' });
    expect(view.getAttribute('href')).toBe('https://gitlab.com/group/app/-/issues/1');
    expect(screen.queryByRole('button', { name: 'Create issue' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('The associated issue #1 has been closed as the error is now resolved.'),
    );
    expect(gitlab.issues[0]!.state).toBe('closed');
  });

  it('shows why Create issue is off when GitLab refuses it', async () => {
    const { gitlab } = await openDetails();
    // Only GitLab's answer is refused: a poll may be asking Sentry at the same moment.
    const answer = gitlab.fetchMock.getMockImplementation()!;
    gitlab.fetchMock.mockImplementation(async (input, init) =>
      String(input).includes('/api/v4/projects/') ? new Response('{"message":"403 Forbidden"}', { status: 403 }) : answer(input, init),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Create issue' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/GitLab does not let you/);
  });
});
