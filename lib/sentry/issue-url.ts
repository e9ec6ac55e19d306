/**
 * The Sentry issue id of a link to an issue (`…/issues/123/`). With `sentryBaseUrl`, only links to that Sentry
 * count (for sentry.io also its organization hosts, `acme.sentry.io`).
 */
export function sentryIssueIdOf(href: string, sentryBaseUrl?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (sentryBaseUrl !== undefined) {
    const base = new URL(sentryBaseUrl).hostname;
    const onSentry = url.hostname === base || (base === 'sentry.io' && url.hostname.endsWith('.sentry.io'));
    if (!onSentry) return undefined;
  }
  return /\/issues\/(\d+)\/?$/.exec(url.pathname)?.[1];
}
