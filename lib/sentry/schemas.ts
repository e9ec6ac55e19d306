import * as z from 'zod/mini';
import { optionalText, remoteCount as countNumber } from '../remote/fields';
import { lengthAtLeast } from '../util/zod-checks';

// Sentry answers are parsed leniently where Sentry itself varies between versions (count is a string on
// current servers and a number on some older ones; culprit and dates may be null) and strictly where the
// extension could not work without the field (ids, titles).

/** An id as a string (current servers) or a number (some older ones); read with String(). */
const remoteId = z.union([z.string(), z.number()]);

export const SentryOrganization = z.object({
  slug: z.string().check(lengthAtLeast(1)),
  links: z.optional(z.nullable(z.object({ regionUrl: z.optional(z.nullable(z.string())) }))),
});
export type SentryOrganization = z.infer<typeof SentryOrganization>;
export const SentryOrganizationList = z.array(SentryOrganization);

export const SentryProject = z.object({
  id: remoteId,
  slug: z.string().check(lengthAtLeast(1)),
  name: optionalText,
});
export type SentryProject = z.infer<typeof SentryProject>;
export const SentryProjectList = z.array(SentryProject);

export const SentryIssue = z.object({
  id: remoteId,
  shortId: optionalText,
  title: z.string(),
  culprit: optionalText,
  permalink: optionalText,
  level: optionalText,
  status: optionalText,
  substatus: z.optional(z.nullable(z.string())),
  platform: z.optional(z.nullable(z.string())),
  count: countNumber,
  userCount: countNumber,
  firstSeen: z.optional(z.nullable(z.string())),
  lastSeen: z.optional(z.nullable(z.string())),
  project: z.optional(z.nullable(z.object({ id: z.optional(remoteId) }))),
  // The list's sparkline (`groupStatsPeriod=24h`) and the details' 24 hours; points are read one by one in map.ts.
  stats: z.optional(
    z.nullable(
      z.object({
        '24h': z.optional(z.nullable(z.array(z.unknown()))),
      }),
    ),
  ),
});
export type SentryIssue = z.infer<typeof SentryIssue>;
export const SentryIssueList = z.array(SentryIssue);

/** issues-count answers `{ "<query>": n }`, or `[]` when the organization has no projects: the query's count is read. */
export const sentryIssuesCount = (query: string) => z.union([z.object({ [query]: z.optional(z.number()) }), z.array(z.unknown())]);

const Release = z.optional(
  z.nullable(
    z.object({
      version: z.optional(z.nullable(z.string())),
      shortVersion: z.optional(z.nullable(z.string())),
    }),
  ),
);

export const SentryIssueLink = z.object({ url: z.optional(z.nullable(z.string())) });

// The issue's shape spread rather than z.extend: the same schema, without extend's machinery in the worker.
export const SentryIssueDetails = z.object({
  ...SentryIssue.shape,
  integrationIssues: z.optional(z.nullable(z.array(z.unknown()))),
  annotations: z.optional(z.nullable(z.array(z.unknown()))),
  firstRelease: Release,
  lastRelease: Release,
});
export type SentryIssueDetails = z.infer<typeof SentryIssueDetails>;

export const SentryReleaseList = z.array(z.object({ version: z.string() }));

// `isHidden` and `id` are not needed: the list is asked for with `visibility=visible`.
export const SentryEnvironmentList = z.array(z.object({ name: z.string() }));
