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
