import type { ErrorBackend } from '../../backends/types';
import type { ErrorPage } from '../../domain/model';
import { notificationSettingsItem, notificationWatchItem, type LinkWatch } from '../../store/notifications';
import { updateItem } from '../../store/queue';
import type { ProjectLink } from '../../store/storage';
import { detectChanges } from './detect';
import { planNotifications, type Plan } from './plan';
import { showNotifications } from './show';

/**
 * After a poll counted a link: new and regressed errors on the page it fetched, recorded and shown. The page
 * is the one the count came from, so whatever narrows the count (a link's default environment) narrows what
 * is notified too. No request of its own; a failure here never fails the poll.
 */
export async function noticeChanges(link: ProjectLink, page: ErrorPage, backend: ErrorBackend, at = new Date()): Promise<void> {
  try {
    const settings = await notificationSettingsItem.getValue();
    let plan: Plan = { show: [], held: undefined };
    // Recorded before anything is shown: an error is told at most once, even if showing fails.
    await updateItem(notificationWatchItem, (watches) => {
      const previous = watches[link.id];
      const { watch, fresh, regressed } = detectChanges(previous, page, at.getTime());
      plan = planNotifications({ linkId: link.id, project: link.gitlabProject, fresh, regressed, held: previous?.held, settings, at });
      const { held: _before, ...rest } = watch;
      const next: LinkWatch = plan.held ? { ...rest, held: plan.held } : rest;
      return JSON.stringify(next) === JSON.stringify(previous) ? watches : { ...watches, [link.id]: next };
    });
    await showNotifications(link.id, plan.show, backend);
  } catch (error) {
    console.error('Error Tracker could not check for new errors to notify', error);
  }
}
