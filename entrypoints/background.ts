import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { syncSelfHostedContentScript } from '@/lib/background/setup/content-registration';
import { applyHostRules, applyOriginRule } from '@/lib/background/setup/host-rules';
import { ensurePollAlarm, POLL_ALARM, pollAll } from '@/lib/background/badge/poll';
import { refreshBadge } from '@/lib/background/badge/show';
import { callerOf } from '@/lib/background/callers';
import { finishPendingCloses } from '@/lib/background/errors/status';
import { listenToNotifications } from '@/lib/background/notifications/clicks';
import { route } from '@/lib/background/router';
import { runStartup } from '@/lib/background/setup/startup';
import { restrictStorageToTrustedContexts } from '@/lib/background/setup/storage-access';
import { openWelcomeOnInstall } from '@/lib/background/setup/welcome';

const ORIGIN_RULE = 'Origin rule';

export default defineBackground(() => {
  // Independent steps: one failing is logged and never skips the others.
  const startup = runStartup([
    { name: ORIGIN_RULE, run: applyOriginRule },
    { name: 'self-hosted GitLab content script', run: syncSelfHostedContentScript },
    { name: 'poll alarm', run: ensurePollAlarm },
    { name: 'badge', run: refreshBadge },
    // Chrome lets content scripts read storage.local unless told otherwise.
    { name: 'storage access', run: restrictStorageToTrustedContexts },
    // After the Origin rule: closing a GitLab issue is a PUT.
    { name: 'pending issue closes', run: finishPendingCloses, after: ORIGIN_RULE },
  ]);
  // Requests wait for the Origin rule: it must be in place before any PUT/POST leaves.
  const ready = startup.settled(ORIGIN_RULE);

  // A sender that is neither our page nor our content script on a GitLab tab gets no answer.
  browser.runtime.onMessage.addListener((message, sender) =>
    ready.then(() => callerOf(sender)).then((caller) => (caller ? route(message, caller) : undefined)),
  );

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void ready.then(() => pollAll());
  });

  // The user can take a host permission back in the browser's settings: panels leave that host with it.
  browser.permissions.onRemoved.addListener(() => void ready.then(() => applyHostRules()));

  // A click on a notification wakes the worker and reaches only listeners added at its start; the API
  // itself appears once the user allows notifications in the options.
  listenToNotifications(ready);
  browser.permissions.onAdded.addListener(() => listenToNotifications(ready));

  // A browser start or an update: count right away instead of waiting for the first alarm.
  browser.runtime.onStartup.addListener(() => void startup.allSettled.then(() => pollAll()));
  browser.runtime.onInstalled.addListener(() => void startup.allSettled.then(() => pollAll()));
  browser.runtime.onInstalled.addListener(
    (details) => void openWelcomeOnInstall(details).catch((error) => console.error('Error Tracker could not open the welcome', error)),
  );
});
