// A first run: the install opens the options, which greet with what to connect and where each token is made.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { openWelcomeOnInstall } from '@/lib/background/setup/welcome';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeSentry } from './support/fake-sentry';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const WELCOME = 'Welcome to Error Tracker for GitLab';
const welcome = () => screen.findByRole('region', { name: WELCOME });
const linkHref = (region: HTMLElement, name: string) => within(region).getByRole('link', { name }).getAttribute('href');

describe('install', () => {
  it('opens the options on a first install only', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await openWelcomeOnInstall({ reason: 'update' });
    await openWelcomeOnInstall({ reason: 'browser_update' });
    expect(open).not.toHaveBeenCalled();
    await openWelcomeOnInstall({ reason: 'install' });
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe('options: the welcome', () => {
  it('says the two steps in order and links the token pages, GitLab with name and scope filled in', async () => {
    stubBrowserApis();
    render(<OptionsApp ask={askBackground} />);
    const region = await welcome();
    expect(
      within(region)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('strong')?.textContent),
    ).toEqual(['Connect Sentry', 'Link a GitLab project']);
    expect(linkHref(region, 'create a Sentry auth token')).toBe('https://sentry.io/settings/account/api/auth-tokens/');
    expect(linkHref(region, 'create a GitLab access token')).toBe(
      'https://gitlab.com/-/user_settings/personal_access_tokens?name=Error%20Tracker%20for%20GitLab&scopes=api',
    );
  });

  it('follows the self-hosted URLs typed in, and stays on the defaults while they are not URLs', async () => {
    stubBrowserApis();
    render(<OptionsApp ask={askBackground} />);
    const region = await welcome();
    const sentryUrl = within(screen.getByRole('region', { name: 'Sentry' })).getByRole('textbox', { name: 'Sentry API URL' });
    const gitlabUrl = within(screen.getByRole('region', { name: 'GitLab' })).getByRole('textbox', { name: 'GitLab URL' });
    fireEvent.input(sentryUrl, { target: { value: 'https://sentry.example.com/api/0/' } });
    fireEvent.input(gitlabUrl, { target: { value: 'gitlab.example.com' } });
    expect(linkHref(region, 'create a Sentry auth token')).toBe('https://sentry.example.com/settings/account/api/auth-tokens/');
    expect(linkHref(region, 'create a GitLab access token')).toBe(
      'https://gitlab.example.com/-/user_settings/personal_access_tokens?name=Error%20Tracker%20for%20GitLab&scopes=api',
    );
    fireEvent.input(sentryUrl, { target: { value: 'javascript:alert(1)' } });
    fireEvent.input(gitlabUrl, { target: { value: 'https://' } });
    expect(linkHref(region, 'create a Sentry auth token')).toBe('https://sentry.io/settings/account/api/auth-tokens/');
    expect(linkHref(region, 'create a GitLab access token')).toMatch(/^https:\/\/gitlab\.com\/-\/user_settings\//);
  });

  it('can be dismissed', async () => {
    stubBrowserApis();
    render(<OptionsApp ask={askBackground} />);
    fireEvent.click(within(await welcome()).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: WELCOME })).toBeNull();
    expect(screen.getByRole('region', { name: 'Sentry' })).toBeTruthy();
  });

  it('goes once Sentry is connected, and is not shown when something already is', async () => {
    stubBrowserApis();
    installFakeSentry();
    const { unmount } = render(<OptionsApp ask={askBackground} />);
    await welcome();
    const sentry = screen.getByRole('region', { name: 'Sentry' });
    fireEvent.input(within(sentry).getByLabelText('Auth Token'), { target: { value: 'good-token' } });
    fireEvent.click(within(sentry).getByRole('button', { name: 'Connect' }));
    await within(sentry).findByText(/^Connected: /);
    expect(screen.queryByRole('region', { name: WELCOME })).toBeNull();
    unmount();

    render(<OptionsApp ask={askBackground} />);
    await screen.findByRole('combobox', { name: 'Project' });
    await vi.waitFor(() => expect(screen.getByRole('textbox', { name: 'Sentry API URL' })).toBeTruthy());
    // Loaded (the saved connection fills the placeholder) and still no welcome.
    await vi.waitFor(() => expect((screen.getByLabelText('Auth Token') as HTMLInputElement).placeholder).toMatch(/^Saved/));
    expect(screen.queryByRole('region', { name: WELCOME })).toBeNull();
  });
});
