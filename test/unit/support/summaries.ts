import type { ErrorSummary } from '@/lib/domain/model';

/** An unresolved error "Error <id>" (APP-<id>), seen once by one user; `more` sets any other field. */
export const summaryOf = (id: string, more: Partial<ErrorSummary> = {}): ErrorSummary => ({
  id,
  shortId: `APP-${id}`,
  title: `Error ${id}`,
  culprit: '',
  permalink: '',
  level: 'error',
  status: 'unresolved',
  count: 1,
  userCount: 1,
  ...more,
});
