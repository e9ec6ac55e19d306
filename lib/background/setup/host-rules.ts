import { gitlabConnectionItem, sentryConnectionItem } from '../../store/storage';
import { syncSelfHostedContentScript } from './content-registration';
import { installOriginRule } from './origin-rule';

/** The Origin rule, covering the configured Sentry and GitLab hosts besides sentry.io and gitlab.com. */
export async function applyOriginRule(): Promise<void> {
  const [sentry, gitlab] = await Promise.all([sentryConnectionItem.getValue(), gitlabConnectionItem.getValue()]);
  await installOriginRule([sentry, gitlab].flatMap((connection) => (connection ? [new URL(connection.baseUrl).hostname] : [])));
}

/**
 * Brings host-dependent browser state in line with the configured Sentry and GitLab: the Origin rule covers
 * their hosts, and a self-hosted GitLab has its content script registered.
 */
export async function applyHostRules(): Promise<void> {
  await applyOriginRule();
  await syncSelfHostedContentScript();
}
