import * as z from 'zod/mini';
import { optionalText as text, remoteCount as count } from '../remote/fields';
import { trueOrFalse } from '../util/zod-checks';

// GitLab's GraphQL answers for error tracking. Counts arrive as numbers or strings depending on the
// backend behind GitLab (Sentry sends strings), so both are read.

export const GraphqlError = z.object({
  sentryId: z.union([z.string(), z.number()]),
  title: z.string(),
  culprit: text,
  status: text,
  count,
  userCount: count,
  firstSeen: z.optional(z.nullable(z.string())),
  lastSeen: z.optional(z.nullable(z.string())),
  externalUrl: text,
  shortId: text,
  /** Sentry's stats['24h'] as GitLab passes them on (empty from GitLab's integrated error tracking). */
  frequency: z.optional(z.nullable(z.array(z.object({ time: z.string(), count })))),
});
export type GraphqlError = z.infer<typeof GraphqlError>;

const PageInfo = z.object({
  hasNextPage: trueOrFalse,
  hasPreviousPage: z.optional(z.nullable(trueOrFalse)),
  startCursor: z.optional(z.nullable(z.string())),
  endCursor: z.optional(z.nullable(z.string())),
});

/** `errors` is null while GitLab's cache of its backend warms up: the caller retries. */
export const ErrorsAnswer = z.object({
  project: z.nullable(
    z.object({
      sentryErrors: z.nullable(
        z.object({
          errors: z.nullable(z.object({ nodes: z.array(z.nullable(GraphqlError)), pageInfo: PageInfo })),
        }),
      ),
    }),
  ),
});

export const GraphqlFrame = z.object({
  fileName: text,
  function: text,
  line: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  col: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  traceContext: z.optional(z.nullable(z.array(z.object({ line: z.number(), code: z.string() })))),
});

export const DetailsAnswer = z.object({
  project: z.nullable(
    z.object({
      sentryErrors: z.nullable(
        z.object({
          detailedError: z.nullable(
            z.object({
              ...GraphqlError.shape,
              firstReleaseVersion: text,
              lastReleaseVersion: text,
              gitlabCommit: text,
              gitlabCommitPath: text,
              gitlabIssuePath: text,
              tags: z.optional(z.nullable(z.object({ level: text, logger: text }))),
            }),
          ),
          errorStackTrace: z.nullable(z.object({ dateReceived: text, stackTraceEntries: z.array(z.unknown()) })),
        }),
      ),
    }),
  ),
});

export const GraphqlEnvelope = z.object({
  data: z.optional(z.nullable(z.unknown())),
  errors: z.optional(z.nullable(z.array(z.object({ message: z.string() })))),
});
