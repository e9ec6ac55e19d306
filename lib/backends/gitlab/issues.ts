import { RemoteError } from '../../domain/errors';
import type { GitlabClient } from '../../gitlab/client';
import { issueDescription } from '../../gitlab/issue-description';
import { issueIidFromUrl } from '../../gitlab/issue-url';
import { inertTitle } from '../../gitlab/markdown';
import { csrfToken, sessionCall, signInFailure } from '../../gitlab/session';
import type { ProjectLink } from '../../store/storage';
import { InFlight } from '../../util/in-flight';
import type { CreatedIssue, ErrorDetailsResult } from '../types';

const creating = new InFlight<CreatedIssue>();

interface IssueTarget {
  link: ProjectLink;
  client: GitlabClient;
  /** The error's details as GitLab knows them now (its linked issue included), read afresh. */
  freshDetails(): Promise<ErrorDetailsResult>;
}

/**
 * Create issue for an error read through GitLab, the way GitLab's own button does: a form POST with the
 * error's id in `sentry_issue_attributes`, so GitLab itself links the two (View issue, close on Resolve).
 * Concurrent calls share one attempt.
 */
export function createIssueThroughGitlab({ link, client, freshDetails }: IssueTarget, errorId: string): Promise<CreatedIssue> {
  return creating.run(`${link.id}:${errorId}`, async () => {
    // GitLab may have linked an issue since the details were read.
    const { details, event } = await freshDetails();
    const existing = details.gitlab?.issueUrl;
    if (existing) return { iid: issueIidFromUrl(existing) ?? 0, webUrl: existing, existed: true };
    const form = new URLSearchParams({
      'issue[title]': inertTitle(details.title),
      'issue[description]': issueDescription(details, event),
      'issue[sentry_issue_attributes][sentry_issue_identifier]': errorId,
      authenticity_token: await csrfToken(client.baseUrl, link.gitlabProject, 'create issues'),
    });
    const response = await sessionCall({
      baseUrl: client.baseUrl,
      projectPath: link.gitlabProject,
      path: `/${link.gitlabProject}/-/issues`,
      method: 'POST',
      form,
      write: true,
      text: true,
      redirectIsSuccess: true,
      what: 'create issues',
    });
    if (!response.redirect)
      throw new RemoteError('bad-request', 'GitLab did not create the issue (its form came back). Open the error in GitLab to see why.');
    // GitLab redirects to the new issue, but the browser does not say where (redirects are not followed):
    // GitLab's own link between error and issue names it.
    const created = (await freshDetails()).details.gitlab?.issueUrl;
    if (!created) throw signInFailure(client.baseUrl, 'create issues');
    return { iid: issueIidFromUrl(created) ?? 0, webUrl: created, state: 'opened', existed: false };
  });
}
