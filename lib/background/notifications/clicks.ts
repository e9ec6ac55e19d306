import { browser } from 'wxt/browser';
import { toFailure } from '../../domain/errors';
import { notificationTargetsItem, openErrorIntentItem, type NotificationTarget } from '../../store/notifications';
import { handleUpdateErrorStatus } from '../errors/status';
import { toolbarButton } from '../toolbar-button';
import { BUTTON_CHANGES } from './compose';

/** The popup reads the intent at its start; afterwards it must not reopen the error on the next open. */
const INTENT_CLEAR_MS = 10_000;

let writesReady: Promise<unknown> = Promise.resolve();

const onClicked = (id: string) => void openTarget(id).catch((error) => console.error('Error Tracker could not open a notification', error));
const onButtonClicked = (id: string, index: number) =>
  void writesReady
    .then(() => changeStatus(id, index))
    .catch((error) => console.error('Error Tracker could not act on a notification', error));

/**
 * Listens to clicks on notifications. Call at the worker's start (a click wakes the worker and is delivered
 * only to listeners added then) and when the permission is granted: until then the API is not there.
 * `ready`: status changes wait for the Origin rule, like every other write.
 */
export function listenToNotifications(ready: Promise<unknown>): void {
  const notifications = browser.notifications;
  if (!notifications?.onClicked || notifications.onClicked.hasListener(onClicked)) return;
  writesReady = ready;
  notifications.onClicked.addListener(onClicked);
  // Chrome only: Firefox has no buttons (and is never given any).
  notifications.onButtonClicked?.addListener(onButtonClicked);
}

async function targetOf(id: string): Promise<NotificationTarget | undefined> {
  return (await notificationTargetsItem.getValue()).find((target) => target.id === id);
}

/** Clicking: the error's details in the popup where the browser can open it, else the error's own page. */
async function openTarget(id: string): Promise<void> {
  const target = await targetOf(id);
  await browser.notifications.clear(id);
  if (!target) return;
  const at = Date.now();
  await openErrorIntentItem.setValue({ linkId: target.linkId, error: target.error, at });
  // Only this click's intent: a later click wrote its own.
  const forgetIntent = () =>
    setTimeout(async () => {
      if ((await openErrorIntentItem.getValue())?.at === at) await openErrorIntentItem.removeValue();
    }, INTENT_CLEAR_MS);
  const action = toolbarButton();
  try {
    await action.openPopup();
    forgetIntent();
    return;
  } catch {
    // No window to open it in, or a browser that opens it only from its own toolbar.
  }
  if (target.error && target.pageUrl) {
    await openErrorIntentItem.removeValue();
    await browser.tabs.create({ url: target.pageUrl });
    return;
  }
  // A summary, or an error without a page of its own: the popup's page in a tab, which reads the intent.
  await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
  forgetIntent();
}

/** Chrome's Resolve / Ignore buttons: the same change as the popup's buttons make. */
async function changeStatus(id: string, index: number): Promise<void> {
  const target = await targetOf(id);
  const button = BUTTON_CHANGES[index];
  if (!target?.error || !button) return;
  try {
    await handleUpdateErrorStatus({
      type: 'updateErrorStatus',
      linkId: target.linkId,
      errorId: target.error.id,
      fromStatus: target.error.status,
      change: button.change,
    });
    await browser.notifications.clear(id);
  } catch (error) {
    await browser.notifications.update(id, { message: `${button.title} did not go through: ${toFailure(error).message}` });
  }
}
