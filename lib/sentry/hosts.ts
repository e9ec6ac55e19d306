import { isSentryIo } from '../remote/safe-url';
import { parseServiceUrl } from '../remote/service-url';

/**
 * Accepts what people paste: `sentry.io`, `https://sentry.example.com/`, or an API URL
 * (`https://sentry.example.com/api/0/`). Returns the base URL without a trailing slash.
 */
export function normalizeSentryUrl(input: string): string {
  const url = parseServiceUrl(input, { url: 'Sentry API URL', example: 'https://sentry.io', tokenField: 'Auth Token' });
  const path = url.pathname.replace(/\/api\/0(\/.*)?$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

/**
 * The base URL to call for an organization. sentry.io serves organizations from region hosts
 * (us.sentry.io, de.sentry.io); a self-hosted Sentry reports its own URL or nothing. The token may only
 * travel to the configured host or, for sentry.io, to its region hosts: anything else is ignored.
 */
export function apiBaseFor(baseUrl: string, regionUrl: string | null | undefined): string {
  if (!regionUrl) return baseUrl;
  let region: URL;
  let base: URL;
  try {
    region = new URL(regionUrl);
    base = new URL(baseUrl);
  } catch {
    return baseUrl;
  }
  if (region.host === base.host && region.protocol === base.protocol) return baseUrl;
  if (region.protocol === 'https:' && isSentryIo(base.hostname) && isSentryIo(region.hostname)) {
    return region.origin;
  }
  return baseUrl;
}

/** sentry.io and its subdomains ship as required host permissions; other hosts are asked for. */
export function needsOptionalPermission(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return !(url.protocol === 'https:' && isSentryIo(url.hostname));
}
