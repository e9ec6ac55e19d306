import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry } from './support/fake-sentry';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

describe('options: backend and integrated error tracking', () => {
  it('offers the Backend choice and saves a GitLab link without a Sentry token', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab({ accessLevel: 40 });
    await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
    render(<OptionsApp ask={askBackground} />);
    const sentry = await screen.findByRole('region', { name: 'Sentry' });
    const backend = within(sentry).getByRole('combobox', { name: 'Backend' }) as HTMLSelectElement;
    expect([...backend.options].map((o) => o.textContent)).toEqual(['Sentry', 'GitLab']);
    fireEvent.change(backend, { target: { value: 'gitlab' } });
    fireEvent.input(within(sentry).getByRole('textbox', { name: 'GitLab project' }), { target: { value: 'group/app' } });
    fireEvent.click(within(sentry).getByRole('button', { name: 'Save changes' }));
    await vi.waitFor(() =>
      expect(within(sentry).getByRole('status').textContent).toBe('Saved. group/app shows the errors of GitLab error tracking.'),
    );
    const integrated = await screen.findByRole('region', { name: 'Integrated error tracking' });
    expect(await within(integrated).findByText(/Error tracking is active; errors are stored in Sentry/)).toBeTruthy();
  });
});
