import { linksItem, linkStatusItem } from '../../store/storage';
import { toolbarButton } from '../toolbar-button';
import { BADGE_LOOKS, badgeStateFor, type BadgeState } from './state';

async function showBadge(state: BadgeState): Promise<void> {
  const look = BADGE_LOOKS[state.kind];
  const action = toolbarButton();
  await Promise.all([
    action.setBadgeText({ text: look.text(state) }),
    action.setBadgeBackgroundColor({ color: look.color }),
    action.setTitle({ title: look.title(state) }),
  ]);
}

/** Draws the badge from what is stored: the links and their last counts or failures. */
export async function refreshBadge(): Promise<void> {
  const [links, statuses] = await Promise.all([linksItem.getValue(), linkStatusItem.getValue()]);
  await showBadge(badgeStateFor(links, statuses));
}
