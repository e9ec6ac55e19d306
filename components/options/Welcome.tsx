import { gitlabTokenPage, sentryTokenPage } from '@/lib/util/token-pages';

interface Props {
  /** The URLs in the Sentry and GitLab fields as typed: the token links follow them. */
  sentryBaseUrl: string;
  gitlabBaseUrl: string;
  onDismiss(): void;
}

/** What a first run needs to know: what to connect, where each token comes from, in which order. */
export function Welcome({ sentryBaseUrl, gitlabBaseUrl, onDismiss }: Props) {
  return (
    <section aria-labelledby="welcome-heading" class="card welcome">
      <h2 id="welcome-heading">Welcome to Error Tracker for GitLab</h2>
      <p>It shows your project's errors as a badge count, in the toolbar popup and on the project's GitLab pages. Two steps:</p>
      <ol>
        <li>
          <strong>Connect Sentry</strong> under Sentry below: paste an auth token with the scopes org:read, project:read, event:read and
          event:write (
          <a href={sentryTokenPage(sentryBaseUrl)} target="_blank" rel="noreferrer noopener">
            create a Sentry auth token
          </a>
          ) and click Connect. Errors read through GitLab instead? Choose GitLab as Backend and connect GitLab (
          <a href={gitlabTokenPage(gitlabBaseUrl)} target="_blank" rel="noreferrer noopener">
            create a GitLab access token
          </a>
          , the api scope is filled in).
        </li>
        <li>
          <strong>Link a GitLab project</strong>: choose the Sentry project, enter the GitLab project's path (like group/app) and click Save
          changes. Connecting GitLab as well lets you create issues from errors.
        </li>
      </ol>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
