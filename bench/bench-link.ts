// The link every bench measures: the stand-in's prime-mover project of Sentry linked to GitLab's group/app.
import { setUpSentryLink } from '../test/e2e/flows';
import type { ExtensionHarness } from '../test/e2e/harness';

/** Links prime-mover to group/app; `withGitlab` connects GitLab too, as the project page's panel needs. */
export async function linkPrimeMover(ext: ExtensionHarness, { withGitlab = false } = {}): Promise<void> {
  await setUpSentryLink(ext, {
    token: 'good-token',
    project: 'the-interstellar-jurisdiction / prime-mover',
    gitlabProject: 'group/app',
    ...(withGitlab && { gitlab: { token: 'glpat-good', until: { status: 'Connected as @alice' } } }),
    badge: '130',
  });
}

/** Draws the project page's panel once, so that its list cache is warm as on any later visit. */
export async function warmProjectPanel(ext: ExtensionHarness): Promise<void> {
  const warm = await ext.context.newPage();
  await warm.goto('https://gitlab.com/group/app');
  await warm.getByRole('region', { name: 'Error tracking', exact: true }).waitFor({ timeout: 15_000 });
  await warm.close();
}

export interface CachedFirstPage {
  /** The storage key of the cached first page of unresolved errors, last seen first (what the popup opens on). */
  key: string;
  linkId: string;
  errors: Array<{ id: string; title: string }>;
}

declare const chrome: any;

/** The first page the background cached for the link: the popup's rows, read as the floor reads them. */
export async function cachedFirstPage(ext: ExtensionHarness): Promise<CachedFirstPage | undefined> {
  return ext.serviceWorker.evaluate(async () => {
    const all = (await chrome.storage.local.get(null)) as Record<string, any>;
    const link = all.links[0];
    const wanted = JSON.stringify([link.id, 'unresolved', 'last_seen', '', '']);
    const key = Object.keys(all).find((k) => all[k]?.key === wanted);
    return key ? { key, linkId: link.id as string, errors: all[key].page.errors } : undefined;
  });
}
