import type * as z from 'zod/mini';
import { RemoteError } from '../domain/errors';

/** Parses a remote answer at the edge: a wrong shape becomes a sentence naming the service and the task. */
export function parseRemote<T>(schema: z.ZodMiniType<T>, body: unknown, service: string, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new RemoteError(
    'bad-response',
    `${service} sent an unexpected answer when asked to ${what}${where}: ${issue?.message ?? 'invalid data'}.`,
  );
}
