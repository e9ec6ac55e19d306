import { FreshPromises } from '../util/bounded-map';
import type { ErrorDetailsResult } from './types';

// Short: long enough to share one opening of the details (the view, the GitLab actions and the page's
// ownership check ask at the same moment), too short to show stale counts.
const details = new FreshPromises<ErrorDetailsResult>({ max: 50, freshMs: 10_000 });

const keyOf = (linkId: string, errorId: string) => `${linkId}:${errorId}`;

/** One read of an error's details shared by everyone asking within a few seconds. */
export function sharedDetails(linkId: string, errorId: string, read: () => Promise<ErrorDetailsResult>): Promise<ErrorDetailsResult> {
  return details.get(keyOf(linkId, errorId), read);
}

/** After a change: the next read asks the server afresh. */
export function forgetDetails(linkId: string, errorId: string): void {
  details.forget(keyOf(linkId, errorId));
}
