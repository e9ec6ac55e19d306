import type { ErrorDetailsResult } from '../backends/types';
import type { ProjectLink } from '../store/storage';
import { backendForLink } from '../backends/for-link';

// Short: long enough to share one opening of the details, too short to show stale counts.
const FRESH_MS = 10_000;
const entries = new Map<string, { at: number; result: Promise<ErrorDetailsResult> }>();

/**
 * Error details with their latest event. The details view and the GitLab actions ask for the same error at
 * the same moment; they share one pair of requests instead of making two.
 */
export function loadDetails(link: ProjectLink, errorId: string): Promise<ErrorDetailsResult> {
  const key = `${link.id}:${errorId}`;
  const cached = entries.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.result;
  const result = backendForLink(link).then((backend) => backend.getDetails(errorId));
  entries.set(key, { at: Date.now(), result });
  result.catch(() => entries.delete(key));
  if (entries.size > 50) entries.delete(entries.keys().next().value!);
  return result;
}

export function forgetDetails(linkId: string, errorId: string): void {
  entries.delete(`${linkId}:${errorId}`);
}
