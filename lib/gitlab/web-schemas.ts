import * as z from 'zod/mini';
import { optionalText as text, remoteCount as count } from '../remote/fields';
import { trueOrFalse } from '../util/zod-checks';

// GitLab's web (session) endpoints for error tracking answer in snake_case.

export const WebError = z.object({
  id: z.union([z.string(), z.number()]),
  title: z.string(),
  culprit: text,
  status: text,
  count,
  user_count: count,
  first_seen: z.optional(z.nullable(z.string())),
  last_seen: z.optional(z.nullable(z.string())),
  external_url: text,
  short_id: text,
  /** Sentry's stats['24h'] as given, `[unix seconds, count]` pairs; each is read on its own (statPointsOf). */
  frequency: z.optional(z.nullable(z.array(z.unknown()))),
});

export type WebError = z.infer<typeof WebError>;

const Cursor = z.optional(z.nullable(z.object({ cursor: z.optional(z.nullable(z.string())) })));

export const WebErrorList = z.object({
  errors: z.array(WebError),
  pagination: z.optional(z.nullable(z.object({ next: Cursor, previous: Cursor }))),
});

export const WebStatusAnswer = z.object({
  result: z.object({ updated: trueOrFalse, closed_issue_iid: z.optional(z.nullable(z.number())) }),
});
