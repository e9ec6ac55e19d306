// Environments in the Sentry stand-in (sentry-api.md §7.3 `environment`; OpenAPI listProjectEnvironments):
// which environments each issue's events came from, the `environment` filter of the issue list and
// issues-count, and a project's environments list with its `visibility` filter.
import { BadRequest } from './sentry-search';
import type { SentryIssue } from './sentry-data';

/** A project's environment as `GET /api/0/projects/{org}/{project}/environments/` lists it. */
export interface SentryEnvironment {
  id: string;
  name: string;
  isHidden: boolean;
}

/** Environments hidden in the default data's projects (Sentry's "hide environment" setting). */
export const DEFAULT_HIDDEN_ENVIRONMENTS: readonly string[] = ['development'];

/**
 * The default data's environments for the issue generated at `index`, from the index alone (the seeded
 * random draws stay as they were): mostly production, every third staging only, a few in both, a few in
 * the hidden development.
 */
export function defaultEnvironmentsAt(index: number): string[] {
  if (index % 25 === 7) return ['development'];
  if (index % 3 === 1) return ['staging'];
  if (index % 10 === 5) return ['production', 'staging'];
  return ['production'];
}

/**
 * The issues seen in any of the environments asked for (the parameter is repeatable); none asked: all.
 * An issue a test made without environments counts as seen everywhere.
 */
export function inEnvironments(query: URLSearchParams): (issue: SentryIssue) => boolean {
  const asked = query.getAll('environment');
  if (!asked.length) return () => true;
  return (issue) => !issue.environments || issue.environments.some((name) => asked.includes(name));
}

/**
 * A project's environments: those its issues were seen in, plus any a test set, ordered by name as Sentry
 * orders them; `visibility` ∈ all | hidden | visible (default visible), anything else is a 400.
 */
export function projectEnvironments(
  issues: SentryIssue[],
  configured: Array<{ name: string; isHidden?: boolean }> | undefined,
  hidden: readonly string[],
  visibility: string | null,
): SentryEnvironment[] {
  if (visibility !== null && !['all', 'hidden', 'visible'].includes(visibility)) throw new BadRequest("Invalid value for 'visibility'.");
  const names = new Set(configured?.map((environment) => environment.name) ?? issues.flatMap((issue) => issue.environments ?? []));
  const isHidden = (name: string) => configured?.find((environment) => environment.name === name)?.isHidden ?? hidden.includes(name);
  return [...names]
    .sort()
    .map((name, i) => ({ id: String(i + 1), name, isHidden: isHidden(name) }))
    .filter((environment) => visibility === 'all' || environment.isHidden === (visibility === 'hidden'));
}
