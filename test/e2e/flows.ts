// What the E2E tests and benches (bench/*.bench.ts) do the same way against the production build: polling
// outside a test, page helpers (roles and accessible names only), the popup's list, the options flow that
// connects Sentry and GitLab and links a project, the badge, and the background's record of page messages.
// Tests that judge a step of the options flow itself (sentry-connection, gitlab-connection) use the single
// steps and keep their own assertions between them; the others set up with setUpSentryLink.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { BadgeState, ExtensionHarness } from './harness';
import type { SentryIssue, SentryStandIn } from './standins/sentry';

// The chrome global inside the extension's worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

// The stand-ins' default data the flows use unless told otherwise.
export const SENTRY_TOKEN = 'good-token';
export const GITLAB_TOKEN = 'glpat-good';
export const ORG = 'the-interstellar-jurisdiction';
/** prime-mover: 130 unresolved, 12 ignored, 8 resolved. */
export const PRIME_MOVER_ID = '3';
/** prime-mover as the options' Project list names it. */
export const PRIME_MOVER_OPTION = `${ORG} / prime-mover`;
export const GITLAB_APP = 'group/app';

// --- polling -------------------------------------------------------------------------------------

/**
 * Polls outside a test (expect.poll only works inside one): resolves with the value once `ok`, else throws
 * after `timeoutMs` with the last value read.
 */
export async function waitUntil<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// --- page helpers (roles and accessible names only) ------------------------------------------------

type Scope = Page | Locator;

export const region = (scope: Scope, name: string) => scope.getByRole('region', { name, exact: true });
export const button = (scope: Scope, name: string) => scope.getByRole('button', { name, exact: true });
export const link = (scope: Scope, name: string) => scope.getByRole('link', { name, exact: true });

/** The trimmed, non-empty texts of what `scope` matches. */
export async function texts(scope: Locator): Promise<string[]> {
  return (await scope.allTextContents()).map((t) => t.trim()).filter(Boolean);
}
export const statusTexts = (scope: Scope) => texts(scope.getByRole('status'));
export const alertTexts = (scope: Scope) => texts(scope.getByRole('alert'));

/** The label of a select's chosen option. */
export function selectedLabel(select: Locator): Promise<string> {
  return select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
}

// --- the list "Errors" --------------------------------------------------------------------------------

export const errorsList = (scope: Scope) => scope.getByRole('list', { name: 'Errors', exact: true });
export const rowButton = (scope: Scope, title: string) => errorsList(scope).getByRole('button', { name: title, exact: true });

/** Titles of the rendered rows, in order; [] while there is no list. */
export async function rowTitles(page: Page): Promise<string[]> {
  const list = errorsList(page);
  if ((await list.count()) === 0) return [];
  return list.getByRole('listitem').getByRole('button').allTextContents();
}

/** Waits until the list shows `title` and no load is in flight. */
export async function waitForRow(page: Page, title: string, timeout = 15_000): Promise<void> {
  await rowButton(page, title).waitFor({ timeout });
  await expect.poll(() => statusTexts(page), { timeout, interval: 100 }).not.toContain('Refreshing…');
}

/** Chooses `title` in the popup's list and waits for its details' heading, the popup's h1 (what else has loaded is the caller's). */
export async function openRowDetails(page: Page, title: string): Promise<void> {
  await rowButton(page, title).click();
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor({ timeout: 5_000 });
}

// --- the Sentry stand-in's issues, as the popup orders them ---------------------------------------------

export const byLastSeen = (a: SentryIssue, b: SentryIssue) =>
  Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || Number(b.id) - Number(a.id);

/** A project's issues of one status, in `order` (default the popup's Last Seen). */
export function projectIssues(sentry: SentryStandIn, projectId: string, status = 'unresolved', order = byLastSeen): SentryIssue[] {
  return sentry.issues.filter((i) => i.project.id === projectId && i.status === status).sort(order);
}

// --- requests the stand-ins logged -------------------------------------------------------------------

interface AnyRequest {
  method: string;
  host: string;
  path: string;
  query?: string;
  headers: Record<string, string>;
}

export const describeRequest = (r: Omit<AnyRequest, 'headers'>) => `${r.method} https://${r.host}${r.path}${r.query ? `?${r.query}` : ''}`;

/** The requests that carried the extension's Origin, described. */
export function extensionOriginRequests(requests: AnyRequest[]): string[] {
  return requests
    .filter((r) => /^(chrome|moz)-extension:\/\//.test(r.headers.origin ?? ''))
    .map((r) => `${describeRequest(r)} (origin: ${r.headers.origin})`);
}

// --- the options flow ------------------------------------------------------------------------------------

export const sentryRegion = (options: Page) => region(options, 'Sentry');
const gitlabRegion = (options: Page) => region(options, 'GitLab');

/** Fills the Sentry region's Auth Token and clicks Connect; what Sentry answers is the caller's to wait for. */
export async function submitSentryToken(options: Page, token: string): Promise<Locator> {
  const sentry = sentryRegion(options);
  await sentry.getByLabel('Auth Token').fill(token);
  await button(sentry, 'Connect').click();
  return sentry;
}

const projectOption = (sentry: Locator, project: string) =>
  sentry.getByRole('combobox', { name: 'Project' }).getByRole('option', { name: project, exact: true });

export interface ConnectSentryOptions {
  /** Default SENTRY_TOKEN. */
  token?: string;
  /** The Sentry project ("org / slug") to wait for in the Project list. Default PRIME_MOVER_OPTION. */
  project?: string;
  timeoutMs?: number;
}

/** Connects Sentry from the options page and waits until the Project list offers `project`. Returns the Sentry region. */
export async function connectSentry(options: Page, opts: ConnectSentryOptions = {}): Promise<Locator> {
  const sentry = await submitSentryToken(options, opts.token ?? SENTRY_TOKEN);
  await projectOption(sentry, opts.project ?? PRIME_MOVER_OPTION).waitFor({ state: 'attached', timeout: opts.timeoutMs ?? 15_000 });
  return sentry;
}

export interface SaveLinkOptions {
  /** The Sentry project ("org / slug"). Default PRIME_MOVER_OPTION. */
  project?: string;
  /** The GitLab project's path. Default GITLAB_APP. */
  gitlabProject?: string;
  /** Leave the GitLab project field after filling it in (GitLab then looks the project up). */
  blur?: boolean;
  /** The status to wait for after Save changes: exactly this text; default any "Saved. …"; false: none. */
  saved?: string | false;
  timeoutMs?: number;
}

/** Fills in the Sentry region's link (Project, GitLab project, Active), saves it and waits for "Saved. …". */
export async function saveSentryLink(options: Page, opts: SaveLinkOptions = {}): Promise<Locator> {
  const sentry = sentryRegion(options);
  const timeout = opts.timeoutMs ?? 15_000;
  const project = opts.project ?? PRIME_MOVER_OPTION;
  await projectOption(sentry, project).waitFor({ state: 'attached', timeout });
  await sentry.getByRole('combobox', { name: 'Project' }).selectOption({ label: project });
  const gitlabProject = sentry.getByRole('textbox', { name: 'GitLab project' });
  await gitlabProject.fill(opts.gitlabProject ?? GITLAB_APP);
  if (opts.blur) await gitlabProject.blur();
  await sentry.getByRole('checkbox', { name: 'Active' }).check();
  await button(sentry, 'Save changes').click();
  const { saved } = opts;
  if (saved !== false) {
    await waitUntil(
      saved === undefined ? 'the options to say "Saved. …"' : `the options to say "${saved}"`,
      () => statusTexts(sentry),
      (statuses) => (saved === undefined ? statuses.some((t) => t.startsWith('Saved.')) : statuses.includes(saved)),
      timeout,
    );
  }
  return sentry;
}

export interface ConnectGitlabOptions {
  /** Default GITLAB_TOKEN. */
  token?: string;
  /** Filled into "GitLab URL" first; without it the field keeps what it holds. */
  url?: string;
  /** What the GitLab region answers with: default the status "Connected as @alice". */
  until?: { status: string } | { alert: string };
  timeoutMs?: number;
}

/**
 * Connects GitLab from the options page and waits for the GitLab region's answer `until`. Waiting for a status,
 * an alert that was not there before Connect fails at once. Returns the GitLab region.
 */
export async function connectGitlab(options: Page, opts: ConnectGitlabOptions = {}): Promise<Locator> {
  const gitlab = gitlabRegion(options);
  const token = opts.token ?? GITLAB_TOKEN;
  const until = opts.until ?? { status: 'Connected as @alice' };
  if (opts.url !== undefined) await gitlab.getByRole('textbox', { name: 'GitLab URL' }).fill(opts.url);
  const earlierAlerts = new Set(await alertTexts(gitlab));
  await gitlab.getByLabel('Personal access token').fill(token);
  await button(gitlab, 'Connect').click();
  const { alerts, statuses } = await waitUntil(
    `the GitLab region to answer ${JSON.stringify(until)} for ${token}`,
    async () => ({ alerts: await alertTexts(gitlab), statuses: await statusTexts(gitlab) }),
    ({ alerts, statuses }) =>
      'alert' in until
        ? alerts.some((t) => t.includes(until.alert))
        : statuses.includes(until.status) || alerts.some((t) => !earlierAlerts.has(t)),
    opts.timeoutMs ?? 15_000,
  );
  if ('status' in until && !statuses.includes(until.status)) {
    throw new Error(`Connecting GitLab${opts.url ? ` at ${opts.url}` : ''} failed: ${alerts.join(' | ')}`);
  }
  return gitlab;
}

/** Waits until the extension's badge shows `text`. */
function waitForBadge(ext: ExtensionHarness, text: string, timeoutMs = 15_000): Promise<BadgeState> {
  return waitUntil(
    `the badge to show ${text}`,
    () => ext.badge(),
    (badge) => badge.text === text,
    timeoutMs,
  );
}

export interface SetUpLinkOptions extends ConnectSentryOptions, Omit<SaveLinkOptions, 'project' | 'timeoutMs'> {
  /** Also connect GitLab after the link is saved. */
  gitlab?: ConnectGitlabOptions & {
    /** Runs on the options page before GitLab is connected (e.g. to grant a self-hosted host). */
    before?: (options: Page) => Promise<void>;
  };
  /** What the badge shows once the background has counted (and cached) the project's errors. Default '130'. */
  badge?: string;
  badgeTimeoutMs?: number;
}

/**
 * The options flow on a fresh options page: connect Sentry, link `project` to `gitlabProject` (Active) and save,
 * then connect GitLab when asked; closes the page and waits for the badge.
 */
export async function setUpSentryLink(ext: ExtensionHarness, opts: SetUpLinkOptions = {}): Promise<void> {
  const options = await ext.openOptions();
  try {
    await connectSentry(options, opts);
    await saveSentryLink(options, opts);
    if (opts.gitlab) {
      await opts.gitlab.before?.(options);
      await connectGitlab(options, opts.gitlab);
    }
  } finally {
    await options.close();
  }
  await waitForBadge(ext, opts.badge ?? '130', opts.badgeTimeoutMs);
}

// --- what the background hears from pages ---------------------------------------------------------------

export interface HeardMessage {
  type: string;
  url: string;
  at: number;
}

/**
 * Records in the background the messages content scripts send (type, the sender's URL, when), so a test can
 * wait until a page has asked. A listener that returns nothing does not take part in answering. Does nothing
 * when the worker records already; call again after a worker restart.
 */
export async function recordPageMessages(ext: ExtensionHarness): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { __heard?: HeardMessage[] };
    if (g.__heard) return;
    const heard: HeardMessage[] = [];
    g.__heard = heard;
    chrome.runtime.onMessage.addListener((message: { type?: string }, sender: { url?: string; tab?: unknown }) => {
      if (sender.tab) heard.push({ type: String(message?.type), url: sender.url ?? '', at: Date.now() });
      return undefined;
    });
  });
}

/** What the background recorded so far; null when the worker restarted and lost the record. */
export const heardMessages = (ext: ExtensionHarness): Promise<HeardMessage[] | null> =>
  ext.serviceWorker.evaluate(() => (globalThis as unknown as { __heard?: HeardMessage[] }).__heard ?? null);
