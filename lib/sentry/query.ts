import type { ErrorSort, ListQuery } from '../domain/model';

const SORT_PARAM: Record<ErrorSort, string> = {
  last_seen: 'date',
  first_seen: 'new',
  frequency: 'freq',
  // Older Sentry servers have `priority` instead and refuse `trends` (400): lib/backends/sentry/trending.ts.
  trending: 'trends',
};

export function sortParam(sort: ErrorSort): string {
  return SORT_PARAM[sort];
}

/**
 * Sentry's issue search: the status as `is:` and the user's text as free text. Text with search syntax in
 * it (a colon, a quote) is quoted, so typing `is:resolved` into the title filter searches for that text
 * instead of changing the status.
 */
export function searchQuery({ status, search }: Pick<ListQuery, 'status' | 'search'>): string {
  const text = search.trim().replace(/\s+/g, ' ');
  const parts = [`is:${status}`];
  if (text) parts.push(/[:"()!]/.test(text) ? `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : text);
  return parts.join(' ');
}

/**
 * Sentry's `environment` parameter, on the issue list and issues-count alike: one per environment (it is
 * repeatable), none for all environments.
 */
export function environmentParams(environment: string | undefined): Array<[string, string]> {
  return environment ? [['environment', environment]] : [];
}
