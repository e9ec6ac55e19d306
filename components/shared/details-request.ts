import type { ask as defaultAsk } from '@/lib/protocol/ask';
import type { ErrorDetailsView } from '@/lib/protocol/replies';

type Ask = typeof defaultAsk;

// The request of the details opened last, sent at the click: the background reads while the list makes way
// for the view (tens of ms of rendering), instead of after it. The view takes it once; later reads ask anew.
let sentAtOpen: { linkId: string; errorId: string; reply: Promise<ErrorDetailsView> } | undefined;

/** Called where the user opens an error, before anything renders. */
export function askDetailsEarly(ask: Ask, linkId: string, errorId: string): void {
  const reply = ask({ type: 'getErrorDetails', linkId, errorId });
  // Its failure is the view's to show once it takes the reply; until then it is not an unhandled rejection.
  reply.catch(() => undefined);
  sentAtOpen = { linkId, errorId, reply };
}

/** The reply to the request sent at the click for this error if there is one, else a new request. */
export function askDetails(ask: Ask, linkId: string, errorId: string): Promise<ErrorDetailsView> {
  const early = sentAtOpen?.linkId === linkId && sentAtOpen.errorId === errorId ? sentAtOpen.reply : undefined;
  sentAtOpen = undefined;
  return early ?? ask({ type: 'getErrorDetails', linkId, errorId });
}
