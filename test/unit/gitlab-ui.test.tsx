import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { renderPopup } from './support/popup';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('options: GitLab', () => {
  it('connects and says as whom; explains a bad token', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab();
    render(<OptionsApp ask={askBackground} />);
    const region = screen.getByRole('region', { name: 'GitLab' });
    expect((within(region).getByRole('textbox', { name: 'GitLab URL' }) as HTMLInputElement).value).toBe('https://gitlab.com');
    const token = within(region).getByLabelText('Personal access token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.input(token, { target: { value: 'glpat-nope' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Connect' }));
    expect((await within(region).findByRole('alert')).textContent).toMatch(/rejected the personal access token/);
    fireEvent.input(token, { target: { value: 'glpat-good' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Connect' }));
    await vi.waitFor(() => expect(within(region).getByRole('status').textContent).toBe('Connected as @alice'));
    expect(screen.getAllByRole('status')).toHaveLength(1);
  });

  it('suggests the user’s projects and the Sentry project from GitLab’s settings', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab();
    await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    render(<OptionsApp ask={askBackground} />);
    const sentry = await screen.findByRole('region', { name: 'Sentry' });
    await within(sentry).findByRole('option', { name: 'the-interstellar-jurisdiction / prime-mover' });
    fireEvent.input(within(sentry).getByRole('textbox', { name: 'GitLab project' }), { target: { value: 'app' } });
    const suggestion = await within(sentry).findByRole('button', { name: 'group/app' });
    fireEvent.click(suggestion);
    const use = await within(sentry).findByRole('button', { name: /Use the-interstellar-jurisdiction \/ prime-mover from GitLab/ });
    fireEvent.click(use);
    const project = within(sentry).getByRole('combobox', { name: 'Project' }) as HTMLSelectElement;
    expect(project.selectedOptions[0]?.textContent).toBe('the-interstellar-jurisdiction / prime-mover');
  });
});

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
