import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OptionsApp } from '@/components/options/OptionsApp';
import { ProjectErrorsPanel } from '@/components/panels/project-errors/ProjectErrorsPanel';
import { pollAll } from '@/lib/background/badge/poll';
import { DEFAULT_QUERY } from '@/lib/domain/model';
import { cacheKey, readCachedPage } from '@/lib/store/list-cache';
import type { PanelContext } from '@/lib/protocol/replies';
import { askBackground, badge, stubBrowserApis } from './support/background';
import { installFakeGitlab } from './support/fake-gitlab';
import { installFakeSentry, makeIssues, type FakeIssue } from './support/fake-sentry';
import { renderPopup } from './support/popup';
import { linkSentryProject } from './support/setup';

vi.mock('@/lib/protocol/ask', async () => ({ ask: (await import('./support/background')).askBackground }));

/** 130 errors; every third (E1, E4, …) only in staging, the rest in production: 44 in staging, 86 in production. */
const ISSUES = (): FakeIssue[] => makeIssues(130, (i) => ({ title: `E${i + 1}`, environments: [i % 3 === 0 ? 'staging' : 'production'] }));
const STAGING_TITLES = new Set(
  ISSUES()
    .filter((issue) => issue.environments?.includes('staging'))
    .map((issue) => issue.title),
);

beforeEach(() => {
  fakeBrowser.reset();
  localStorage.clear();
});
afterEach(cleanup);

const environmentBox = (scope: HTMLElement = document.body) =>
  within(scope).getByRole('combobox', { name: 'Environment' }) as HTMLSelectElement;
const optionNames = (select: HTMLSelectElement) =>
  within(select)
    .getAllByRole('option')
    .map((option) => option.textContent);
const rowTitles = () =>
  within(screen.getByRole('list', { name: 'Errors' }))
    .getAllByRole('button')
    .map((row) => row.textContent);
/** The popup draws its first rows first: those are staging's newest, and nothing else is listed. */
function expectStagingRows() {
  const titles = rowTitles();
  expect(titles.slice(0, 3)).toEqual(['E1', 'E4', 'E7']);
  expect(titles.filter((title) => !STAGING_TITLES.has(title!))).toEqual([]);
}

/** The text the control's aria-describedby points at. */
const description = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
    .trim();

describe('Environment in the popup', () => {
  it('offers all environments and the project’s; choosing one lists its errors and its count, from page 1', async () => {
    const { sentry } = await linkSentryProject({ sentry: { issues: ISSUES() } });
    renderPopup();
    await screen.findByRole('button', { name: 'E1' });
    const environment = environmentBox();
    expect(environment.value).toBe('');
    await vi.waitFor(() => expect(optionNames(environment)).toEqual(['All environments', 'production', 'staging']));
    expect(environment.disabled).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('Page 2 · 130 errors');
    fireEvent.change(environment, { target: { value: 'staging' } });
    await vi.waitFor(expectStagingRows);
    const asked = sentry.requests.at(-1)!.url.searchParams;
    expect(asked.getAll('environment')).toEqual(['staging']);
    expect(asked.has('cursor')).toBe(false);
    expect(screen.getByRole('button', { name: 'group/app 44 unresolved' })).toBeTruthy();
    // The toolbar keeps counting the link's default environment (all).
    expect((await badge()).text).toBe('130');

    // Reopened, the popup is still on staging, with its rows and count before Sentry answers.
    cleanup();
    renderPopup();
    await screen.findByRole('button', { name: 'group/app 44 unresolved' });
    expect(environmentBox().value).toBe('staging');
    expectStagingRows();
  });

  it('drops the answer for an environment left before it came', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: ISSUES() } });
    renderPopup();
    await screen.findByRole('button', { name: 'E1' });
    await vi.waitFor(() => expect(optionNames(environmentBox())).toContain('staging'));
    const answer = sentry.fetchMock.getMockImplementation()!;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let stagingAsked = false;
    sentry.fetchMock.mockImplementation(async (input, init) => {
      if (new URL(String(input)).searchParams.get('environment') === 'staging') {
        stagingAsked = true;
        await held;
      }
      return answer(input, init);
    });
    fireEvent.change(environmentBox(), { target: { value: 'staging' } });
    await vi.waitFor(() => expect(stagingAsked).toBe(true));
    fireEvent.change(environmentBox(), { target: { value: 'production' } });
    await vi.waitFor(() => expect(rowTitles()[0]).toBe('E2'));
    release();
    // The background has answered for staging (it cached the page); the popup has had a turn to take it.
    const staging = cacheKey(linkId, { ...DEFAULT_QUERY, environment: 'staging' });
    await vi.waitFor(async () => expect(await readCachedPage(staging)).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rowTitles()[0]).toBe('E2');
    expect(environmentBox().value).toBe('production');
  });

  it('keeps each link’s environment when switching links', async () => {
    await linkSentryProject({ sentry: { issues: ISSUES() } });
    await askBackground({
      type: 'saveOptions',
      baseUrl: 'https://sentry.io',
      pollMinutes: 2,
      link: { gitlabProject: 'group/other', projectKey: 'the-interstellar-jurisdiction/3', active: true, defaultEnvironment: 'production' },
    });
    await pollAll({ force: true });
    renderPopup();
    await screen.findByRole('button', { name: 'E1' });
    await vi.waitFor(() => expect(optionNames(environmentBox())).toContain('staging'));
    fireEvent.change(environmentBox(), { target: { value: 'staging' } });
    await vi.waitFor(expectStagingRows);

    fireEvent.click(screen.getByRole('button', { name: /^group\/other/ }));
    await vi.waitFor(() => expect(environmentBox().value).toBe('production'));
    await vi.waitFor(() => expect(rowTitles()[0]).toBe('E2'));
    expect(screen.getByRole('button', { name: 'group/other 86 unresolved' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /^group\/app/ }));
    await vi.waitFor(() => expect(environmentBox().value).toBe('staging'));
    await vi.waitFor(expectStagingRows);
  });

  it('stays usable while the environments are on their way', async () => {
    const { sentry } = await linkSentryProject({ sentry: { issues: ISSUES() } });
    const answer = sentry.fetchMock.getMockImplementation()!;
    sentry.fetchMock.mockImplementation(async (input, init) =>
      new URL(String(input)).pathname.endsWith('/environments/') ? new Promise<Response>(() => {}) : answer(input, init),
    );
    renderPopup();
    await screen.findByRole('button', { name: 'E1' });
    expect(environmentBox().disabled).toBe(false);
    expect(optionNames(environmentBox())).toEqual(['All environments']);
  });

  it('is disabled for a link read through GitLab, and says why', async () => {
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
    renderPopup();
    await screen.findByRole('button', { name: 'NoMethodError: undefined method `name`' });
    await vi.waitFor(() => expect(description(environmentBox())).toMatch(/^GitLab's API has no environment filter/));
    expect(environmentBox().disabled).toBe(true);
    expect(environmentBox().value).toBe('');
  });

  it('still offers all environments when the environments cannot be listed, and says so', async () => {
    await linkSentryProject({
      sentry: {
        issues: ISSUES(),
        override: (url) => (url.pathname.endsWith('/environments/') ? new Response('{"detail":"nope"}', { status: 403 }) : undefined),
      },
    });
    renderPopup();
    await screen.findByRole('button', { name: 'E1' });
    await vi.waitFor(() => expect(description(environmentBox())).toMatch(/^Could not list the environments: .*project:read/));
    expect(environmentBox().disabled).toBe(false);
    expect(optionNames(environmentBox())).toEqual(['All environments']);
  });
});

describe('Environment in the project panel', () => {
  it('opens on the environment last chosen and filters the list and its count', async () => {
    const { linkId } = await linkSentryProject({ sentry: { issues: ISSUES() } });
    const staging = { status: 'unresolved', sort: 'last_seen', search: '', environment: 'staging' } as const;
    await askBackground({ type: 'listErrors', linkId, query: staging, source: 'network' });
    const link = (await askBackground({ type: 'panelContext', projectPath: 'group/app' })) as PanelContext;
    render(<ProjectErrorsPanel link={link} />);
    const region = screen.getByRole('region', { name: 'Error tracking' });
    expect(environmentBox(region).value).toBe('staging');
    await within(region).findByText('44 unresolved');
    await vi.waitFor(expectStagingRows);

    await vi.waitFor(() => expect(optionNames(environmentBox(region))).toEqual(['All environments', 'production', 'staging']));
    fireEvent.change(environmentBox(region), { target: { value: 'production' } });
    await within(region).findByText('86 unresolved');
    expect(rowTitles()[0]).toBe('E2');
  });
});

describe('Environment in the link form', () => {
  async function connectAndChooseProject() {
    render(<OptionsApp ask={askBackground} />);
    const region = screen.getByRole('region', { name: 'Sentry' });
    fireEvent.input(within(region).getByLabelText('Auth Token'), { target: { value: 'good-token' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Connect' }));
    await screen.findByText(/Connected/);
    const environment = environmentBox(region);
    expect(environment.disabled).toBe(true);
    expect(description(environment)).toBe('Choose a Sentry project to list its environments.');
    const project = within(region).getByRole('combobox', { name: 'Project' }) as HTMLSelectElement;
    const option = within(project).getByRole('option', { name: 'the-interstellar-jurisdiction / prime-mover' }) as HTMLOptionElement;
    fireEvent.change(project, { target: { value: option.value } });
    return region;
  }

  it('offers the chosen project’s environments; the saved default drives the badge', async () => {
    stubBrowserApis();
    installFakeSentry({ issues: ISSUES() });
    const region = await connectAndChooseProject();
    const environment = environmentBox(region);
    await vi.waitFor(() => expect(optionNames(environment)).toEqual(['All environments', 'production', 'staging']));
    expect(environment.disabled).toBe(false);
    expect(environment.value).toBe('');
    fireEvent.change(environment, { target: { value: 'staging' } });
    fireEvent.input(within(region).getByRole('textbox', { name: 'GitLab project' }), { target: { value: 'group/app' } });
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
    await screen.findByText(/Saved\. group\/app/);
    const [saved] = (await askBackground({ type: 'getOptions' })).links;
    expect(saved?.defaultEnvironment).toBe('staging');
    await pollAll({ force: true });
    expect((await badge()).text).toBe('44');

    // Editing another link and coming back shows what each link holds.
    fireEvent.change(environment, { target: { value: '' } });
    fireEvent.click(within(screen.getByRole('region', { name: 'Linked projects' })).getByRole('button', { name: 'Edit group/app' }));
    await vi.waitFor(() => expect(environmentBox(region).value).toBe('staging'));
  });

  it('is disabled with the reason for the GitLab backend', async () => {
    stubBrowserApis();
    installFakeSentry({ issues: ISSUES() });
    const region = await connectAndChooseProject();
    fireEvent.change(within(region).getByRole('combobox', { name: 'Backend' }), { target: { value: 'gitlab' } });
    await vi.waitFor(() => expect(description(environmentBox(region))).toMatch(/^GitLab's API has no environment filter/));
    expect(environmentBox(region).disabled).toBe(true);
  });
});
