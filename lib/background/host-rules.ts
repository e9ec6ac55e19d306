import { gitlabConnectionItem, sentryConnectionItem } from '../storage';
import { installOriginRule } from './origin-rule';

/** The Origin rule covers whichever Sentry and GitLab hosts are configured now. */
export async function applyHostRules(): Promise<void> {
  const [sentry, gitlab] = await Promise.all([sentryConnectionItem.getValue(), gitlabConnectionItem.getValue()]);
  await installOriginRule([sentry, gitlab].flatMap((connection) => (connection ? [new URL(connection.baseUrl).hostname] : [])));
}
