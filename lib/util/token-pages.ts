import { GITLAB_COM, normalizeGitlabUrl } from '../gitlab/hosts';
import { normalizeSentryUrl } from '../sentry/hosts';

const SENTRY_IO = 'https://sentry.io';

/** Where to create a Sentry auth token: on the instance the user typed, else sentry.io. */
export function sentryTokenPage(typedBaseUrl: string): string {
  let base = SENTRY_IO;
  try {
    base = normalizeSentryUrl(typedBaseUrl);
  } catch {
    // Half-typed or invalid: sentry.io's page is the likelier one.
  }
  // Organization and region hosts (us.sentry.io) keep account settings on sentry.io itself.
  if (new URL(base).hostname.endsWith('.sentry.io')) base = SENTRY_IO;
  return `${base}/settings/account/api/auth-tokens/`;
}

/** GitLab's new-token form with the name and the api scope filled in, on the instance the user typed. */
export function gitlabTokenPage(typedBaseUrl: string): string {
  let base = GITLAB_COM;
  try {
    base = normalizeGitlabUrl(typedBaseUrl);
  } catch {
    // Half-typed or invalid: gitlab.com's page is the likelier one.
  }
  return `${base}/-/user_settings/personal_access_tokens?name=Error%20Tracker%20for%20GitLab&scopes=api`;
}
