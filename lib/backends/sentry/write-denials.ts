import { writeDeniedItem } from '../../store/storage';
import { updateItem } from '../../store/queue';
import { withoutKey } from '../../util/without-key';

// A 403 may come from a role or a scope that changes later: the buttons come back by themselves.
export const WRITE_DENIAL_MS = 24 * 60 * 60_000;

/** Why the Sentry token may not change this link's errors, while a recent 403 says so. */
export async function writeDenial(linkId: string): Promise<string | undefined> {
  const denial = (await writeDeniedItem.getValue())[linkId];
  return denial && denial.until > Date.now() ? denial.reason : undefined;
}

/** After a 403 on a status change: this link's buttons are off, with the reason, for a while. */
export async function denyWrites(linkId: string, message: string): Promise<void> {
  const now = Date.now();
  const reason = `${message} Ignore and Resolve are tried again in a day, or at once when you connect Sentry again.`;
  await updateItem(writeDeniedItem, (stored) => {
    const denials = Object.fromEntries(Object.entries(stored).filter(([, denial]) => denial.until > now));
    return { ...denials, [linkId]: { reason, until: now + WRITE_DENIAL_MS } };
  });
}

/** A status change went through: whatever was denied before no longer holds for this link. */
export async function allowWrites(linkId: string): Promise<void> {
  await updateItem(writeDeniedItem, (denials) => withoutKey(denials, linkId));
}

/** A new token may have what the old one lacked. */
export async function forgetWriteDenials(): Promise<void> {
  await updateItem(writeDeniedItem, () => ({}));
}
