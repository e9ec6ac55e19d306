import * as z from 'zod/mini';
import { ERROR_ID_PATTERN } from '../domain/error-id';
import { ERROR_SORTS, ERROR_STATUSES, IGNORE_DURATIONS } from '../domain/model';
import { inRange, lengthAtLeast, lengthAtMost, matching, satisfying, trueOrFalse } from '../util/zod-checks';

// Requests the background accepts from the extension's own pages. Anything else is dropped unread.

/** An environment's name as Sentry allows it (64 characters; with room for older servers). */
const environment = z.string().check(lengthAtLeast(1), lengthAtMost(200));

const Query = z.object({
  status: z.literal(ERROR_STATUSES),
  sort: z.literal(ERROR_SORTS),
  search: z.string().check(lengthAtMost(500)),
  environment: z.optional(environment),
});

const shortText = z.string().check(lengthAtMost(2000));
/** A time input's value (`HH:MM`), or '' when cleared. */
const clockTime = z.string().check(matching(/^(?:(?:[01]\d|2[0-3]):[0-5]\d)?$/));
/** An id or iid that goes into a path: what z.int() accepts, without its number formats in the worker. */
const integer = z.number().check(satisfying(Number.isSafeInteger));
/** An issue's or merge request's number in its project: GitLab's start at 1. */
const iid = integer.check(inRange(1, Number.MAX_SAFE_INTEGER));
/** Checked here once for every request; the backends check again where they build a path. */
const errorId = z.string().check(matching(ERROR_ID_PATTERN));

export const RequestSchema = z.union([
  z.object({ type: z.literal('getOptions') }),
  z.object({
    type: z.literal('connectSentry'),
    baseUrl: shortText,
    /** Omitted to reuse the stored token. */
    token: z.optional(shortText),
  }),
  z.object({
    type: z.literal('saveOptions'),
    baseUrl: shortText,
    token: z.optional(shortText),
    pollMinutes: z.number().check(inRange(1, 60)),
    link: z.optional(
      z.object({
        gitlabProject: shortText,
        /** Where errors are read; Sentry unless said otherwise. */
        backend: z.optional(z.literal(['sentry', 'gitlab'])),
        /** `<org>/<project id>` of a Sentry project; unused for the GitLab backend. */
        projectKey: z.optional(shortText),
        active: trueOrFalse,
        /** The environment the badge counts; '' or absent for all. */
        defaultEnvironment: z.optional(z.string().check(lengthAtMost(200))),
      }),
    ),
  }),
  z.object({ type: z.literal('removeLink'), linkId: shortText }),
  z.object({ type: z.literal('setLinkActive'), linkId: shortText, active: trueOrFalse }),
  z.object({
    type: z.literal('listErrors'),
    linkId: shortText,
    query: Query,
    cursor: z.optional(shortText),
    source: z.literal(['cache', 'network']),
  }),
  z.object({ type: z.literal('refreshNow') }),
  z.object({ type: z.literal('listEnvironments'), linkId: shortText }),
  /** The options' link form, before the link is saved: the environments of the project chosen there. */
  z.object({
    type: z.literal('projectEnvironments'),
    backend: z.optional(z.literal(['sentry', 'gitlab'])),
    projectKey: z.optional(shortText),
  }),
  z.object({ type: z.literal('getErrorDetails'), linkId: shortText, errorId }),
  z.object({ type: z.literal('connectGitlab'), baseUrl: shortText, token: z.optional(shortText) }),
  z.object({ type: z.literal('searchGitlabProjects'), search: z.string().check(lengthAtMost(200)) }),
  z.object({ type: z.literal('gitlabProjectHint'), gitlabProject: shortText }),
  z.object({ type: z.literal('getGitlabState'), linkId: shortText, errorId }),
  z.object({ type: z.literal('frameLinks'), linkId: shortText, errorId }),
  z.object({ type: z.literal('createGitlabIssue'), linkId: shortText, errorId }),
  z.object({ type: z.literal('integratedSettings'), linkId: shortText }),
  z.object({ type: z.literal('createClientKey'), linkId: shortText }),
  z.object({ type: z.literal('deleteClientKey'), linkId: shortText, keyId: integer }),
  z.object({ type: z.literal('getNotificationSettings') }),
  z.object({
    type: z.literal('setNotificationSettings'),
    settings: z.object({
      newErrors: trueOrFalse,
      regressions: trueOrFalse,
      mutedLinks: z.array(shortText).check(lengthAtMost(500)),
      quietFrom: clockTime,
      quietUntil: clockTime,
    }),
  }),
  // From the content script on GitLab pages:
  z.object({ type: z.literal('panelContext'), projectPath: shortText, projectId: z.optional(z.number()) }),
  z.object({ type: z.literal('loadPanels') }),
  z.object({
    type: z.literal('issueErrors'),
    linkId: shortText,
    issueIid: iid,
    sentryUrls: z.array(shortText).check(lengthAtMost(20)),
  }),
  z.object({ type: z.literal('fileErrors'), linkId: shortText, path: shortText }),
  z.object({ type: z.literal('commitErrors'), linkId: shortText, sha: z.string().check(matching(/^[0-9a-f]{7,64}$/i)) }),
  z.object({ type: z.literal('mergeRequestErrors'), linkId: shortText, iid }),
  z.object({
    type: z.literal('updateErrorStatus'),
    linkId: shortText,
    errorId,
    /** The status the user saw, so counts move by the right amount. */
    fromStatus: shortText,
    change: z.union([
      z.object({ action: z.literal('resolve') }),
      z.object({ action: z.literal('unresolve') }),
      z.object({ action: z.literal('ignore'), duration: z.literal(IGNORE_DURATIONS) }),
    ]),
  }),
]);

export type Request = z.infer<typeof RequestSchema>;

/** What a content script on a GitLab page may ask; everything else is for the extension's own pages. */
export const PAGE_REQUESTS: ReadonlySet<Request['type']> = new Set([
  'panelContext',
  'loadPanels',
  'listErrors',
  'listEnvironments',
  'getErrorDetails',
  'updateErrorStatus',
  'getGitlabState',
  'createGitlabIssue',
  'frameLinks',
  'issueErrors',
  'fileErrors',
  'commitErrors',
  'mergeRequestErrors',
]);
