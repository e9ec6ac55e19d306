import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { applyHostRules } from '@/lib/background/host-rules';
import { resumePendingWork } from '@/lib/background/pending-closes';
import { ensurePollAlarm, POLL_ALARM, pollAll, refreshBadge } from '@/lib/background/poller';
import { callerOf, route } from '@/lib/background/router';
import { restrictStorageToTrustedContexts } from '@/lib/background/storage-access';
import { openWelcomeOnInstall } from '@/lib/background/welcome';

export default defineBackground(() => {
  void restrictStorageToTrustedContexts();
  const startup = (async () => {
    await applyHostRules();
    await ensurePollAlarm();
    await refreshBadge();
  })();
  startup.catch((error) => console.error('Error Tracker start-up failed', error));
  // Requests wait for start-up: the Origin rule must be in place before any PUT/POST leaves.
  const ready = startup.catch(() => undefined);
  void ready.then(resumePendingWork).catch((error) => console.error('Error Tracker could not resume pending work', error));

  // A sender that is neither our page nor our content script on a GitLab tab gets no answer.
  browser.runtime.onMessage.addListener((message, sender) =>
    ready.then(() => callerOf(sender)).then((caller) => (caller ? route(message, caller) : undefined)),
  );

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void ready.then(() => pollAll());
  });

  // The user can take a host permission back in the browser's settings: panels leave that host with it.
  browser.permissions.onRemoved.addListener(() => void ready.then(() => applyHostRules()));

  // A browser start or an update: count right away instead of waiting for the first alarm.
  browser.runtime.onStartup.addListener(() => void startup.then(() => pollAll()));
  browser.runtime.onInstalled.addListener(() => void startup.then(() => pollAll()));
  browser.runtime.onInstalled.addListener((details) => void openWelcomeOnInstall(details).catch((error) => console.error('Error Tracker could not open the welcome', error)));
});
