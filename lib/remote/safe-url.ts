// Every href built from remote data passes here: a hostile answer (javascript:, another host) becomes no
// link at all, never a link the user would trust because it sits in the extension's UI.

/** An http(s) URL as text, or '' for anything else (javascript:, data:, garbage). */
export function safeHttpUrl(value: string | null | undefined): string {
  if (!value) return '';
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}

/** safeHttpUrl, and only on this origin (the connected GitLab). */
export function urlOnOrigin(value: string | null | undefined, base: string): string {
  const safe = safeHttpUrl(value);
  return safe && originOf(safe) === originOf(base) ? safe : '';
}

/** sentry.io or one of its organization and region hosts (`acme.sentry.io`, `us.sentry.io`). */
export const isSentryIo = (host: string) => host === 'sentry.io' || host.endsWith('.sentry.io');

/** safeHttpUrl, and only on the configured Sentry host or, for sentry.io, its organization and region hosts. */
export function sentryWebUrl(value: string | null | undefined, sentryBaseUrl: string): string {
  const safe = safeHttpUrl(value);
  if (!safe) return '';
  const url = new URL(safe);
  const base = safeHttpUrl(sentryBaseUrl) && new URL(sentryBaseUrl);
  if (!base) return '';
  if (url.origin === base.origin) return safe;
  return url.protocol === 'https:' && isSentryIo(base.hostname) && isSentryIo(url.hostname) ? safe : '';
}

function originOf(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}
