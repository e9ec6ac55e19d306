import { gitlabConnectionItem, sentryConnectionItem } from '../storage';
import { syncSelfHostedContentScript } from './content-registration';
import { installOriginRule } from './origin-rule';

/**
 * Brings host-dependent browser state in line with the configured Sentry and GitLab: the Origin rule covers
 * their hosts, and a self-hosted GitLab has its content script registered.
 */
export async function applyHostRules(): Promise<void> {
  const [sentry, gitlab] = await Promise.all([sentryConnectionItem.getValue(), gitlabConnectionItem.getValue()]);
  await installOriginRule([sentry, gitlab].flatMap((connection) => (connection ? [new URL(connection.baseUrl).hostname] : [])));
  await syncSelfHostedContentScript();
}
