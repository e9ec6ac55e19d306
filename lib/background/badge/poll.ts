import { browser } from 'wxt/browser';
import { backendForLink } from '../../backends/for-link';
import { toFailure, type Failure } from '../../domain/errors';
import { defaultQueryOf } from '../../domain/environments';
import { cacheKey, writeCachedPage } from '../../store/list-cache';
import { updateItem } from '../../store/queue';
import { noticeChanges } from '../notifications/notice';
import { backoffItem, linksItem, linkStatusItem, settingsItem, type LinkStatus } from '../../store/storage';
import { refreshBadge } from './show';

export const POLL_ALARM = 'poll';
const MAX_BACKOFF_MINUTES = 30;
// Failures that say "not now" rather than "never": worth backing off from.
const TRANSIENT = new Set<Failure['kind']>(['unreachable', 'timeout', 'server', 'rate-limited', 'warming']);

let running: Promise<void> | undefined;

/**
 * One poll at a time. An alarm that fires during a poll shares it; a forced poll (after settings change)
 * runs after it, so it sees the new settings.
 */
export function pollAll(options: { force?: boolean } = {}): Promise<void> {
  if (running && !options.force) return running;
  const next: Promise<void> = (running ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => pollOnce(options))
    .finally(() => {
      if (running === next) running = undefined;
    });
  running = next;
  return next;
}

async function pollOnce({ force = false }: { force?: boolean }): Promise<void> {
  const [links, backoff, settings] = await Promise.all([linksItem.getValue(), backoffItem.getValue(), settingsItem.getValue()]);
  const active = links.filter((link) => link.active);
  // Each link's backend says for itself whether it is connected.
  if (active.length === 0 || (!force && Date.now() < backoff.until)) {
    await refreshBadge();
    return;
  }

  let transient: Failure | undefined;
  // One link after another: servers limit requests per second per token. Each link's status is written as
  // soon as it is known, onto what is stored then (a status change may have adjusted another count).
  for (const link of active) {
    let next: (previous: LinkStatus | undefined) => LinkStatus;
    try {
      const backend = await backendForLink(link);
      // The count is the link's default environment's, and so is the page cached (what the popup opens on) and the
      // page notifications are found on.
      const query = defaultQueryOf(link);
      const { count, capped, firstPage } = await backend.countUnresolved(query.environment);
      if (firstPage) {
        await writeCachedPage(cacheKey(link.id, query), firstPage);
        await noticeChanges(link, firstPage, backend);
      }
      next = () => ({ checkedAt: Date.now(), count, countCapped: capped });
    } catch (error) {
      const failure = toFailure(error);
      if (TRANSIENT.has(failure.kind)) transient ??= failure;
      // Keep the last known count: it is still the best figure to show next to the failure. GitLab warming
      // its cache is no failure at all: the count stays as it was until GitLab is ready.
      next = (previous) =>
        failure.kind === 'warming'
          ? { checkedAt: previous?.checkedAt ?? Date.now(), count: previous?.count, countCapped: previous?.countCapped }
          : { checkedAt: Date.now(), count: previous?.count, countCapped: previous?.countCapped, failure };
    }
    await updateItem(linkStatusItem, (statuses) => ({ ...statuses, [link.id]: next(statuses[link.id]) }));
  }
  await backoffItem.setValue(nextBackoff(backoff.failures, transient, settings.pollMinutes));
  await refreshBadge();
}

export function nextBackoff(
  failures: number,
  transient: Failure | undefined,
  pollMinutes: number,
  now = Date.now(),
): { until: number; failures: number } {
  if (!transient) return { until: 0, failures: 0 };
  const minutes = Math.min(MAX_BACKOFF_MINUTES, pollMinutes * 2 ** failures);
  // A server's retry time counts, up to the cap: a header far in the future never stops polling for hours.
  const until = Math.min(Math.max(now + minutes * 60_000, transient.retryAt ?? 0), now + MAX_BACKOFF_MINUTES * 60_000);
  return { until, failures: failures + 1 };
}

export async function ensurePollAlarm(): Promise<void> {
  const { pollMinutes } = await settingsItem.getValue();
  const existing = await browser.alarms.get(POLL_ALARM);
  if (existing?.periodInMinutes === pollMinutes) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: pollMinutes, delayInMinutes: pollMinutes });
}
