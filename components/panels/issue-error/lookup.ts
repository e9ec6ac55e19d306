import type { RequestOf } from '@/lib/protocol/replies';
import type { ErrorSummary } from '@/lib/domain/model';
import { linkedIssuesItem } from '@/lib/store/storage';
import { backendForLink } from '@/lib/backends/for-link';
import { findLink } from '@/lib/store/links';

/**
 * The error behind a GitLab issue: one this extension created or found for it, or a Sentry issue of the
 * linked project that the issue's description links to.
 */
export async function handleIssueErrors(request: RequestOf<'issueErrors'>): Promise<ErrorSummary | null> {
  const link = await findLink(request.linkId);
  const backend = await backendForLink(link);
  const candidates = new Set<string>();
  if (link.gitlabProjectId !== undefined) {
    for (const [key, issue] of Object.entries(await linkedIssuesItem.getValue())) {
      const [projectId, errorId] = key.split(':');
      if (Number(projectId) === link.gitlabProjectId && issue.iid === request.issueIid && errorId) candidates.add(errorId);
    }
  }
  for (const url of request.sentryUrls) {
    const id = backend.errorIdFromUrl(url);
    if (id) candidates.add(id);
  }
  for (const errorId of [...candidates].slice(0, 5)) {
    const { details } = await backend.getDetails(errorId).catch(() => ({ details: undefined }));
    // Only errors of this link's project: a description may link anything.
    if (details && backend.ownsError(details)) return details;
  }
  return null;
}
