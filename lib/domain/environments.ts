import { DEFAULT_QUERY, type ListQuery } from './model';

/**
 * The environments a link's errors can be filtered by, or why its backend cannot filter them (GitLab's API
 * has no environment filter): the UI shows the control disabled with that reason.
 */
export type EnvironmentChoices = { names: string[] } | { unsupported: string };

/** What a link says about environments: its default (what the badge counts), '' or absent for all. */
export interface EnvironmentDefault {
  defaultEnvironment?: string;
}

/** The query with `environment` as its filter; '' or undefined is "All environments" (no filter at all). */
export function withEnvironment(query: ListQuery, environment: string | undefined): ListQuery {
  const { environment: _replaced, ...rest } = query;
  return environment ? { ...rest, environment } : rest;
}

/** A query's environment, '' for all: the form stored choices and the Environment combobox use. */
export const environmentOf = (query: Pick<ListQuery, 'environment'>): string => query.environment ?? '';

/** The list a link opens on by default and the badge counts: unresolved, last seen, in its default environment. */
export const defaultQueryOf = (link: EnvironmentDefault): ListQuery => withEnvironment(DEFAULT_QUERY, link.defaultEnvironment);

/**
 * The environment a link's list opens on: the one last chosen for it in the popup or a panel, else the link's
 * default; always all when its backend cannot filter.
 */
export function shownEnvironment(link: EnvironmentDefault, chosen: string | undefined, choices?: EnvironmentChoices): string {
  if (choices && 'unsupported' in choices) return '';
  return chosen ?? link.defaultEnvironment ?? '';
}
