import { backendForLink } from '../../backends/for-link';
import type { IssueState } from '../../backends/types';
import { toFailure } from '../../domain/errors';
import { gitlabClient } from '../../gitlab/connection';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { findLink } from '../../store/links';

/** The error's GitLab issue and commit, for the details' GitLab actions; a failure is shown there, not thrown. */
export async function handleGetGitlabState(request: RequestOf<'getGitlabState'>): Promise<IssueState> {
  if (!(await gitlabClient())) return { connected: false };
  const link = await findLink(request.linkId);
  try {
    return await (await backendForLink(link)).issueState(request.errorId);
  } catch (error) {
    const failure = toFailure(error);
    return { connected: true, failure, cannotCreate: failure.kind === 'not-found' ? failure.message : undefined };
  }
}

/** Create issue: finds the error's issue, or creates exactly one. */
export async function handleCreateGitlabIssue(request: RequestOf<'createGitlabIssue'>): Promise<ResponseMap['createGitlabIssue']> {
  return (await backendForLink(await findLink(request.linkId))).createIssue(request.errorId);
}
