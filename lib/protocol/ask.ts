import { browser } from 'wxt/browser';
import type { Reply, RequestOf, ResponseMap } from './replies';
import { RemoteError } from '../domain/errors';
import type { Request } from './requests';

/**
 * Sends a request to the background and unwraps its reply: resolves with the data or rejects with a
 * RemoteError carrying the background's message, so UI code has a single error path.
 */
export async function ask<T extends Request['type']>(request: RequestOf<T>): Promise<ResponseMap[T]> {
  let reply: Reply<T> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(request)) as Reply<T> | undefined;
  } catch (error) {
    throw new RemoteError(
      'unreachable',
      `The extension's background did not answer (${error instanceof Error ? error.message : String(error)}). Reload the page.`,
    );
  }
  if (!reply) throw new RemoteError('bad-response', 'The extension background sent no answer. Reload the page.');
  if (reply.ok) return reply.data;
  throw new RemoteError(reply.failure.kind, reply.failure.message, reply.failure.status, reply.failure.retryAt, reply.failure.action);
}
