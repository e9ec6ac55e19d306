// Environments end to end, against the production build and the Sentry stand-in (whose default issues are
// seen in production, staging or both, and a few in the hidden development): the stand-in's own environments
// endpoint and filter, then the popup's Environment combobox (its list and count, remembered) and a link's
// default environment in the options driving the badge. Tests in the second block run in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  byLastSeen,
  GITLAB_APP,
  ORG,
  PRIME_MOVER_ID,
  region,
  rowTitles,
  selectedLabel,
  sentryRegion,
  setUpSentryLink,
  statusTexts,
  waitUntil,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { callSentry as call } from './standins/https-client';
import { startSentryStandIn, type SentryEnvironment, type SentryIssue, type SentryStandIn } from './standins/sentry';

const PAGE_SIZE = 100;

/** prime-mover's unresolved issues seen in `environment` (all when undefined), as the popup orders them. */
function unresolvedIn(sentry: SentryStandIn, environment?: string): SentryIssue[] {
  return sentry.issues
    .filter((i) => i.project.id === PRIME_MOVER_ID && i.status === 'unresolved')
    .filter((i) => environment === undefined || (i.environments ?? []).includes(environment))
    .sort(byLastSeen);
}

describe('Sentry stand-in: environments (from Node)', () => {
  let sentry: SentryStandIn;
  beforeAll(async () => {
    sentry = await startSentryStandIn();
  });
  afterAll(() => sentry.close());

  const environmentsPath = (visibility?: string) =>
    `/api/0/projects/${ORG}/prime-mover/environments/${visibility === undefined ? '' : `?visibility=${visibility}`}`;
  const names = (body: unknown) => (body as SentryEnvironment[]).map((e) => e.name);

  it('lists a project’s environments by name, visible ones unless asked otherwise', async () => {
    const visible = await call(sentry, 'GET', environmentsPath('visible'), { token: 'good-token' });
    expect(visible.status).toBe(200);
    expect(visible.body).toEqual([
      { id: expect.any(String), name: 'production', isHidden: false },
      { id: expect.any(String), name: 'staging', isHidden: false },
    ]);
    expect(names((await call(sentry, 'GET', environmentsPath(), { token: 'good-token' })).body)).toEqual(['production', 'staging']);
    expect(names((await call(sentry, 'GET', environmentsPath('hidden'), { token: 'good-token' })).body)).toEqual(['development']);
    expect(names((await call(sentry, 'GET', environmentsPath('all'), { token: 'good-token' })).body)).toEqual([
      'development',
      'production',
      'staging',
    ]);
    expect(await call(sentry, 'GET', environmentsPath('some'), { token: 'good-token' })).toMatchObject({
      status: 400,
      body: { detail: "Invalid value for 'visibility'." },
    });
  });

  it('filters the issue list and issues-count by environment, and lists no environments field', async () => {
    const staging = unresolvedIn(sentry, 'staging');
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.length).toBeLessThan(unresolvedIn(sentry).length);
    const query = new URLSearchParams({ project: PRIME_MOVER_ID, query: 'is:unresolved', environment: 'staging' });
    const list = await call(sentry, 'GET', `/api/0/organizations/${ORG}/issues/?${query}`, { token: 'good-token' });
    expect(list.headers['x-hits']).toBe(String(staging.length));
    expect((list.body as SentryIssue[]).map((i) => i.id)).toEqual(staging.slice(0, PAGE_SIZE).map((i) => i.id));
    expect((list.body as SentryIssue[]).some((i) => 'environments' in i)).toBe(false);

    // Repeated, it means any of them.
    query.append('environment', 'production');
    const both = await call(sentry, 'GET', `/api/0/organizations/${ORG}/issues/?${query}`, { token: 'good-token' });
    const inEither = unresolvedIn(sentry).filter((i) => i.environments?.some((e) => e === 'staging' || e === 'production'));
    expect(both.headers['x-hits']).toBe(String(inEither.length));

    const counted = await call(sentry, 'GET', `/api/0/organizations/${ORG}/issues-count/?${query}`, { token: 'good-token' });
    expect(counted.body).toEqual({ 'is:unresolved': Math.min(100, inEither.length) });
  });
});

describe('Environments (production build against the Sentry stand-in)', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let popup: Page | undefined;

  const openPopup = async () => {
    await popup?.close();
    popup = await ext.openPopup();
    return popup;
  };
  const linkButton = (page: Page, count: number) =>
    page.getByRole('list', { name: 'Linked projects' }).getByRole('button', { name: `${GITLAB_APP} ${count} unresolved`, exact: true });
  const environmentBox = (page: Page) => page.getByRole('combobox', { name: 'Environment', exact: true });
  /** The rows are the first page of `issues` and no load is in flight. */
  async function expectRows(page: Page, issues: SentryIssue[]): Promise<void> {
    const expected = issues.slice(0, PAGE_SIZE).map((i) => i.title);
    await expect.poll(() => rowTitles(page), { timeout: 15_000, interval: 100 }).toEqual(expected);
    await expect.poll(() => statusTexts(page), { timeout: 15_000, interval: 100 }).not.toContain('Refreshing…');
    expect(await rowTitles(page)).toEqual(expected);
  }

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    ext = await launchExtension({ sentryPort: sentry.port });
    await setUpSentryLink(ext);
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
  });

  it('a. choosing "staging" in the popup lists only staging’s errors and its count; the choice is kept', async () => {
    const all = unresolvedIn(sentry);
    const staging = unresolvedIn(sentry, 'staging');
    const page = await openPopup();
    await linkButton(page, all.length).waitFor({ timeout: 10_000 });
    const environment = environmentBox(page);
    expect(await selectedLabel(environment)).toBe('All environments');
    // Sentry's visible environments only: development is hidden there.
    await expect
      .poll(async () => (await environment.getByRole('option').allTextContents()).map((t) => t.trim()), { timeout: 10_000 })
      .toEqual(['All environments', 'production', 'staging']);

    await environment.selectOption({ label: 'staging' });
    await expectRows(page, staging);
    await linkButton(page, staging.length).waitFor({ timeout: 10_000 });
    const asked = sentry.requests.filter((r) => r.path.endsWith('/issues/')).at(-1);
    expect(new URLSearchParams(asked?.query).getAll('environment')).toEqual(['staging']);
    // The badge counts the link's default environment: all of them.
    expect((await ext.badge()).text).toBe(String(all.length));

    const reopened = await openPopup();
    expect(await selectedLabel(environmentBox(reopened))).toBe('staging');
    await expectRows(reopened, staging);
    await linkButton(reopened, staging.length).waitFor({ timeout: 10_000 });
  });

  it('b. a link’s default environment, chosen in the options, drives the badge and is what the popup opens on', async () => {
    const production = unresolvedIn(sentry, 'production');
    const options = await ext.openOptions();
    try {
      const links = region(options, 'Linked projects');
      await links.getByRole('button', { name: `Edit ${GITLAB_APP}`, exact: true }).click();
      const form = sentryRegion(options);
      const environment = form.getByRole('combobox', { name: 'Environment', exact: true });
      expect(await selectedLabel(environment)).toBe('All environments');
      await environment.selectOption({ label: 'production' });
      await form.getByRole('button', { name: 'Save changes', exact: true }).click();
      await waitUntil(
        'the options to say "Saved. …"',
        () => statusTexts(form),
        (statuses) => statuses.some((t) => t.startsWith('Saved.')),
        15_000,
      );
      expect(await selectedLabel(environment)).toBe('production');
    } finally {
      await options.close();
    }
    await expect.poll(async () => (await ext.badge()).text, { timeout: 15_000, interval: 200 }).toBe(String(production.length));
    const polled = sentry.requests.filter((r) => r.path.endsWith('/issues/')).at(-1);
    expect(new URLSearchParams(polled?.query).getAll('environment')).toEqual(['production']);

    // A new default replaces the environment chosen in the popup before.
    const page = await openPopup();
    expect(await selectedLabel(environmentBox(page))).toBe('production');
    await expectRows(page, production);
    await linkButton(page, production.length).waitFor({ timeout: 10_000 });
  });
});
