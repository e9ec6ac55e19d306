import * as z from 'zod/mini';
import { optionalText as text } from '../remote/fields';
import { lengthAtLeast, matching, trueOrFalse } from '../util/zod-checks';

export const GitlabUser = z.object({
  id: z.number(),
  username: z.string().check(lengthAtLeast(1)),
});
export type GitlabUser = z.infer<typeof GitlabUser>;

export const GitlabTokenInfo = z.object({
  scopes: z.array(z.string()),
});

const Access = z.optional(z.nullable(z.object({ access_level: z.number() })));

export const GitlabProject = z.object({
  id: z.number(),
  path_with_namespace: z.string(),
  name_with_namespace: text,
  web_url: text,
  /** null for a project whose repository is empty. */
  default_branch: z.optional(z.nullable(z.string())),
  issues_enabled: z.optional(z.nullable(trueOrFalse)),
  issues_access_level: z.optional(z.nullable(z.string())),
  archived: z.optional(z.nullable(trueOrFalse)),
  permissions: z.optional(z.nullable(z.object({ project_access: Access, group_access: Access }))),
});
export type GitlabProject = z.infer<typeof GitlabProject>;
export const GitlabProjectList = z.array(GitlabProject);

export const GitlabIssue = z.object({
  iid: z.number(),
  description: text,
  state: z.string(),
  web_url: z.string(),
  author: z.optional(z.nullable(z.object({ id: z.number(), username: z.string() }))),
});
export type GitlabIssue = z.infer<typeof GitlabIssue>;
export const GitlabIssueList = z.array(GitlabIssue);

export const GitlabCommit = z.object({
  id: z.string(),
  short_id: z.string(),
  web_url: z.string(),
});

export const GitlabErrorTrackingSettings = z.object({
  active: z.optional(z.nullable(trueOrFalse)),
  api_url: z.optional(z.nullable(z.string())),
  integrated: z.optional(z.nullable(trueOrFalse)),
});

export const GitlabMember = z.object({ access_level: z.number() });

export const GitlabClientKey = z.object({
  id: z.number(),
  active: z.optional(z.nullable(trueOrFalse)),
  public_key: z.string(),
  sentry_dsn: z.string(),
});
export type GitlabClientKey = z.infer<typeof GitlabClientKey>;
export const GitlabClientKeyList = z.array(GitlabClientKey);

/** One changed file of a merge request (`/merge_requests/:iid/diffs`, or `changes` of the older `/changes`). */
export const GitlabMergeRequestDiff = z.object({
  old_path: z.string(),
  new_path: z.string(),
  deleted_file: z.optional(z.nullable(trueOrFalse)),
  /** Unified diff from the first hunk header; empty when GitLab leaves out a diff too large to show. */
  diff: text,
});
export type GitlabMergeRequestDiff = z.infer<typeof GitlabMergeRequestDiff>;
export const GitlabMergeRequestDiffList = z.array(GitlabMergeRequestDiff);
export const GitlabMergeRequestChanges = z.object({ changes: z.array(GitlabMergeRequestDiff) });

export const GitlabMergeRequestCommit = z.object({
  id: z.string().check(matching(/^[0-9a-f]{40,64}$/i)),
  short_id: z.string(),
});
export type GitlabMergeRequestCommit = z.infer<typeof GitlabMergeRequestCommit>;
export const GitlabMergeRequestCommitList = z.array(GitlabMergeRequestCommit);
