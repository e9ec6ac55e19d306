import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry } from './support/fake-sentry';

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
