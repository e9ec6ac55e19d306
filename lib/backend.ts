import type { ErrorPage, ListQuery } from './model';

/** What the popup, the badge and the panels need from wherever a project's errors live. */
export interface ErrorBackend {
  listErrors(query: ListQuery, cursor?: string): Promise<ErrorPage>;
  /** The unresolved count, with the default list page when the same request yields it. */
  countUnresolved(): Promise<{ count: number; capped: boolean; firstPage?: ErrorPage }>;
}
