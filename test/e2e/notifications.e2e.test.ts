// Desktop notifications end to end in Chromium, against the Sentry stand-in: a new error is told once after
// the next poll and never again, a regression once as "regressed", and quiet hours hold them back until a
// summary after them.
//
// How notifications are observed: in the service worker, chrome.notifications.create is wrapped to record
// every call (a notification re-created under the same id would replace the first, so only the calls show a
// repeat), and chrome.notifications.getAll() confirms the browser holds it.
//
// How the permission is granted: `notifications` is an optional permission, and Chromium's prompt for it is a
// browser dialog Playwright cannot reach (the request stays pending; docs/notifications.md). The test loads a
// copy of the production build whose manifest lists `notifications` among the required permissions; the
// options' checkbox then asks for it as in the product, and the browser answers "granted" at once.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIME_MOVER_ID, projectIssues, region, setUpSentryLink, statusTexts, waitUntil } from './flows';
import { launchExtension, resolveExtensionDir, type ExtensionHarness } from './harness';
import { startSentryStandIn, type SentryStandIn } from './standins/sentry';

// The chrome global inside the extension's pages and worker; evaluated callbacks run there, not in Node.
declare const chrome: any;

interface Told {
  id: string;
  title: string;
  message: string;
}

/** The production build with `notifications` granted at install (see the header). */
function buildWithNotificationsGranted(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-notify-ext-'));
  cpSync(resolveExtensionDir(), dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { permissions: string[]; optional_permissions?: string[] };
  expect(manifest.optional_permissions).toContain('notifications');
  manifest.permissions = [...manifest.permissions, 'notifications'];
  manifest.optional_permissions = manifest.optional_permissions?.filter((permission) => permission !== 'notifications');
  if (manifest.optional_permissions?.length === 0) delete manifest.optional_permissions;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

/** Records every notification the worker creates from now on (once per worker). */
async function recordNotifications(ext: ExtensionHarness): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { __told?: Told[] };
    if (g.__told) return;
    const told: Told[] = [];
    g.__told = told;
    const create = chrome.notifications.create.bind(chrome.notifications);
    chrome.notifications.create = (id: string, options: { title: string; message: string }) => {
      told.push({ id, title: options.title, message: options.message });
      return create(id, options);
    };
  });
}

/** What was told so far; null when the worker restarted and lost the record (the test then says so). */
const told = (ext: ExtensionHarness): Promise<Told[] | null> =>
  ext.serviceWorker.evaluate(() => (globalThis as unknown as { __told?: Told[] }).__told ?? null);

const shownIds = (ext: ExtensionHarness): Promise<string[]> =>
  ext.serviceWorker.evaluate(async () => Object.keys((await chrome.notifications.getAll()) as Record<string, boolean>));

/** One poll of every link, as the popup's Refresh asks for it; resolves once the poll is done. */
async function poll(page: Page): Promise<void> {
  const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' }) as Promise<{ ok: boolean }>);
  expect(reply.ok).toBe(true);
}

const hhmm = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
const hoursFromNow = (hours: number) => hhmm(new Date(Date.now() + hours * 3_600_000));

describe('desktop notifications', () => {
  let sentry: SentryStandIn;
  let ext: ExtensionHarness;
  let extensionDir: string;
  let options: Page;
  const notifications = () => region(options, 'Notifications');

  /** Changes a field of the Notifications region and waits for its confirmation. */
  async function waitForStatus(text: string): Promise<void> {
    await waitUntil(
      `the Notifications region to say "${text}"`,
      () => statusTexts(notifications()),
      (t) => t.includes(text),
      10_000,
    );
  }

  /** Told since `before` calls: the record must have survived. */
  async function toldSince(before: number): Promise<Told[]> {
    const all = await told(ext);
    if (!all) throw new Error('The service worker restarted and lost the record of notifications');
    return all.slice(before);
  }

  beforeAll(async () => {
    sentry = await startSentryStandIn();
    extensionDir = buildWithNotificationsGranted();
    ext = await launchExtension({ sentryPort: sentry.port, extensionDir });
    // Linking polls at once: that first poll of group/app records the 130 errors there and tells nothing.
    await setUpSentryLink(ext);
    await recordNotifications(ext);
    options = await ext.openOptions();
    await notifications().getByRole('checkbox', { name: 'Notify about new errors' }).check();
    await waitForStatus('Notifications about new errors are on.');
    await notifications().getByRole('checkbox', { name: 'Notify about regressions' }).check();
    await waitForStatus('Notifications about regressions are on.');
    expect(await notifications().getByRole('checkbox', { name: 'Notify about group/app' }).isChecked()).toBe(true);
  });

  afterAll(async () => {
    await ext?.close();
    await sentry?.close();
    if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  });

  it('tells nothing of the errors that were there before', async () => {
    await poll(options);
    expect(await toldSince(0)).toEqual([]);
  });

  it('tells a new error exactly once, after the next poll, and nothing on the poll after', async () => {
    const now = new Date().toISOString();
    const issue = sentry.addIssue({ title: 'TypeError: e2e brand new', project: { id: PRIME_MOVER_ID }, firstSeen: now, lastSeen: now });
    await poll(options);
    const first = await toldSince(0);
    expect(first).toEqual([
      { id: expect.stringContaining(issue.id), title: 'New error in group/app', message: 'TypeError: e2e brand new' },
    ]);
    expect(await shownIds(ext)).toContain(first[0]!.id);
    await poll(options);
    expect(await toldSince(1)).toEqual([]);
  });

  it('tells a regression once, as regressed', async () => {
    const before = (await told(ext))?.length ?? 0;
    const resolved = projectIssues(sentry, PRIME_MOVER_ID, 'resolved')[0]!;
    // A new event on a resolved error: Sentry reopens it with the substatus "regressed".
    sentry.newEvent(resolved.id);
    await poll(options);
    expect(await toldSince(before)).toEqual([
      { id: expect.stringContaining(resolved.id), title: 'Regressed in group/app', message: resolved.title },
    ]);
    await poll(options);
    expect(await toldSince(before + 1)).toEqual([]);
  });

  it('shows nothing during quiet hours, and one summary after them', async () => {
    const before = (await told(ext))?.length ?? 0;
    // A window around the present (across midnight when the test runs near it).
    // Each time read once: the minute may turn between filling the inputs and reading the status.
    const [quietFrom, quietUntil] = [hoursFromNow(-1), hoursFromNow(1)];
    await notifications().getByLabel('Quiet from').fill(quietFrom);
    await notifications().getByLabel('Quiet until').fill(quietUntil);
    await waitForStatus(`Quiet from ${quietFrom} until ${quietUntil}: what comes meanwhile is summed up after.`);
    const now = new Date().toISOString();
    sentry.addIssue({ title: 'RangeError: during the night', project: { id: PRIME_MOVER_ID }, firstSeen: now, lastSeen: now });
    await poll(options);
    expect(await toldSince(before)).toEqual([]);
    // The window moves on: the next poll is after it.
    const [laterFrom, laterUntil] = [hoursFromNow(2), hoursFromNow(3)];
    await notifications().getByLabel('Quiet from').fill(laterFrom);
    await notifications().getByLabel('Quiet until').fill(laterUntil);
    await waitForStatus(`Quiet from ${laterFrom} until ${laterUntil}: what comes meanwhile is summed up after.`);
    await poll(options);
    expect(await toldSince(before)).toEqual([
      { id: expect.stringMatching(/^summary:/), title: '1 new error in group/app', message: 'During quiet hours' },
    ]);
  });
});
