import { RemoteError } from '../../domain/errors';
import type { OptionsView, RequestOf } from '../../protocol/replies';
import { updateItem } from '../../store/queue';
import { linksItem } from '../../store/storage';
import { pollAll } from '../badge/poll';
import { refreshBadge } from '../badge/show';
import { optionsView } from './view';

/** Pause or resume a link: paused links are neither polled, counted nor shown. */
export async function handleSetLinkActive(request: RequestOf<'setLinkActive'>): Promise<OptionsView> {
  let found = false;
  await updateItem(linksItem, (links) => {
    found = links.some((link) => link.id === request.linkId);
    return found ? links.map((link) => (link.id === request.linkId ? { ...link, active: request.active } : link)) : links;
  });
  if (!found) throw new RemoteError('not-found', 'That link no longer exists.');
  void pollAll({ force: true });
  await refreshBadge();
  return optionsView();
}
