import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { pollAll } from '@/lib/background/badge/poll';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeSentry, makeIssues } from './support/fake-sentry';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

function sentryRegion() {
  return screen.getByRole('region', { name: 'Sentry' });
}

async function connectWith(token: string, url?: string) {
  const region = sentryRegion();
  if (url) fireEvent.input(within(region).getByRole('textbox', { name: 'Sentry API URL' }), { target: { value: url } });
  fireEvent.input(within(region).getByLabelText('Auth Token'), { target: { value: token } });
  fireEvent.click(within(region).getByRole('button', { name: 'Connect' }));
}

describe('options: Sentry', () => {
  it('starts with sentry.io and a password field for the token', async () => {
    stubBrowserApis();
    render(<OptionsApp ask={askBackground} />);
    const region = sentryRegion();
    expect((within(region).getByRole('textbox', { name: 'Sentry API URL' }) as HTMLInputElement).value).toBe('https://sentry.io');
    expect((within(region).getByLabelText('Auth Token') as HTMLInputElement).type).toBe('password');
  });

  it('explains a rejected token in an alert', async () => {
    stubBrowserApis();
    installFakeSentry();
    render(<OptionsApp ask={askBackground} />);
    await connectWith('bad-token');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Sentry rejected the Auth Token/);
  });

  it('connects, links a project and saves; the badge follows', async () => {
    stubBrowserApis();
    installFakeSentry({ issues: makeIssues(12) });
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token');
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Connected: \d+ projects? in 1 organization/));
    const region = sentryRegion();
    const project = within(region).getByRole('combobox', { name: 'Project' }) as HTMLSelectElement;
    const option = within(project).getByRole('option', { name: 'the-interstellar-jurisdiction / prime-mover' }) as HTMLOptionElement;
    fireEvent.change(project, { target: { value: option.value } });
    fireEvent.input(within(region).getByRole('textbox', { name: 'GitLab project' }), { target: { value: 'group/app' } });
    expect((within(region).getByRole('checkbox', { name: 'Active' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /Saved\. group\/app shows the errors of Sentry: the-interstellar-jurisdiction \/ prime-mover/,
      ),
    );
    // What was saved stays in the form.
    expect((within(region).getByRole('textbox', { name: 'GitLab project' }) as HTMLInputElement).value).toBe('group/app');
    expect(project.selectedOptions[0]!.textContent).toBe('the-interstellar-jurisdiction / prime-mover');
    expect((within(region).getByRole('checkbox', { name: 'Active' }) as HTMLInputElement).checked).toBe(true);
    await pollAll();
    expect((await badge()).text).toBe('12');
    const links = screen.getByRole('region', { name: 'Linked projects' });
    expect(within(links).getByText('group/app')).toBeTruthy();
    expect(within(links).getByRole('button', { name: 'Remove group/app' })).toBeTruthy();
  });

  it('keeps several links and removes one', async () => {
    stubBrowserApis();
    installFakeSentry();
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token');
    await screen.findByText(/Connected/);
    const region = sentryRegion();
    for (const path of ['group/one', 'group/two']) {
      const project = within(region).getByRole('combobox', { name: 'Project' }) as HTMLSelectElement;
      fireEvent.change(project, { target: { value: project.options[1]!.value } });
      fireEvent.input(within(region).getByRole('textbox', { name: 'GitLab project' }), { target: { value: path } });
      fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
      await screen.findByText(new RegExp(`Saved\\. ${path}`));
    }
    const links = screen.getByRole('region', { name: 'Linked projects' });
    expect(within(links).getAllByRole('listitem')).toHaveLength(2);
    fireEvent.click(within(links).getByRole('button', { name: 'Remove group/one' }));
    await screen.findByText('Removed the link of group/one.');
    expect(within(links).getAllByRole('listitem')).toHaveLength(1);
  });

  it('refuses to save a link without a valid GitLab path', async () => {
    stubBrowserApis();
    installFakeSentry();
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token');
    await screen.findByText(/Connected/);
    const region = sentryRegion();
    const project = within(region).getByRole('combobox', { name: 'Project' }) as HTMLSelectElement;
    fireEvent.change(project, { target: { value: project.options[1]!.value } });
    fireEvent.input(within(region).getByRole('textbox', { name: 'GitLab project' }), { target: { value: 'not a path' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a GitLab project path/);
    expect((await askBackground({ type: 'getOptions' })).links).toHaveLength(0);
  });

  it('asks for a self-hosted host and explains a refusal', async () => {
    stubBrowserApis({ granted: false });
    const sentry = installFakeSentry();
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token', 'https://sentry.example.com');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Access to https:\/\/sentry\.example\.com was refused/);
    expect(request).toHaveBeenCalledWith({ origins: ['https://sentry.example.com/*'] });
    expect(sentry.requests).toHaveLength(0);
  });

  it('refuses an http:// Sentry, says why, and asks for no permission', async () => {
    stubBrowserApis();
    const sentry = installFakeSentry();
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token', 'http://sentry.example.com');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Use https://: tokens sent over http:// can be read by anyone on the network.',
    );
    expect(request).not.toHaveBeenCalled();
    expect(sentry.requests).toHaveLength(0);
  });

  it('asks for a self-hosted host on another port with that port', async () => {
    stubBrowserApis({ granted: false });
    installFakeSentry();
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    render(<OptionsApp ask={askBackground} />);
    await connectWith('good-token', 'https://sentry.example.com:9443');
    await screen.findByRole('alert');
    expect(request).toHaveBeenCalledWith({ origins: ['https://sentry.example.com:9443/*'] });
  });
});
