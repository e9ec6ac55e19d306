import type { OptionsView, RequestOf } from '../../protocol/replies';
import { forgetLink } from '../../store/list-cache';
import { updateItem } from '../../store/queue';
import { linksItem, linkStatusItem } from '../../store/storage';
import { withoutKey } from '../../util/without-key';
import { refreshBadge } from '../badge/show';
import { forgetNotificationWatch } from '../notifications/record';
import { forgetEnvironments } from '../errors/environments';
import { optionsView } from './view';

export async function handleRemoveLink(request: RequestOf<'removeLink'>): Promise<OptionsView> {
  await updateItem(linksItem, (links) => links.filter((link) => link.id !== request.linkId));
  await forgetLinkData(request.linkId);
  await refreshBadge();
  return optionsView();
}

/** A removed link, or one whose source changed: its count, cached pages and environments no longer mean anything. */
export async function forgetLinkData(linkId: string): Promise<void> {
  await updateItem(linkStatusItem, (statuses) => withoutKey(statuses, linkId));
  await forgetLink(linkId);
  await forgetEnvironments(linkId);
  await forgetNotificationWatch(linkId);
}
