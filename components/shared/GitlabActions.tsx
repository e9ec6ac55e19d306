import { useEffect, useState } from 'preact/hooks';
import type { ResponseMap } from '@/lib/protocol/replies';
import type { ask as defaultAsk } from '@/lib/protocol/ask';
import { toFailure, type Failure } from '@/lib/domain/errors';
import { FailureAlert } from './FailureAlert';
import { trusted } from './trusted-input';

interface Props {
  linkId: string;
  errorId: string;
  ask: typeof defaultAsk;
  /**
   * Set while the details' own request is on its way: GitLab's state is asked once it has come and been
   * drawn, so that the background answers the details first and the popup draws them first.
   */
  afterDetails?: boolean;
}

type State = ResponseMap['getGitlabState'];

/** Create issue / View issue and the first release's commit, as GitLab's error details show them. */
export function GitlabActions({ linkId, errorId, ask, afterDetails }: Props) {
  const [state, setState] = useState<State | null>(null);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    if (afterDetails) return;
    let current = true;
    ask({ type: 'getGitlabState', linkId, errorId })
      .then((loaded) => current && setState(loaded))
      .catch((error) => current && setState({ connected: true, failure: toFailure(error) }));
    return () => {
      current = false;
    };
  }, [ask, linkId, errorId, afterDetails]);

  async function create() {
    setCreating(true);
    setFailure(null);
    try {
      const issue = await ask({ type: 'createGitlabIssue', linkId, errorId });
      setState((current) => ({ ...current, connected: true, issue }));
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setCreating(false);
    }
  }

  if (!state) return <p class="muted gitlab-actions">Checking GitLab…</p>;
  if (!state.connected) return null;
  // A failure that makes Create issue unavailable is shown once, as the reason under the button.
  const shownFailure = failure ?? (state.cannotCreate ? undefined : state.failure);
  return (
    <div class="gitlab-actions">
      {state.issue ? (
        <>
          {/* An issue address GitLab gave for another host is no link: the number alone still says it exists. */}
          {state.issue.webUrl && (
            <a class="button-link" href={state.issue.webUrl} target="_blank" rel="noreferrer noopener">
              View issue
            </a>
          )}
          <span class="muted">
            #{state.issue.iid}
            {state.issue.state === 'closed' ? ' (closed)' : ''}
          </span>
        </>
      ) : (
        <>
          <button
            type="button"
            onClick={trusted(() => void create())}
            disabled={creating || Boolean(state.cannotCreate)}
            aria-describedby={state.cannotCreate ? 'create-issue-reason' : undefined}
          >
            {creating ? 'Creating issue…' : 'Create issue'}
          </button>
          {state.cannotCreate && (
            <p id="create-issue-reason" class="muted">
              {state.cannotCreate}
            </p>
          )}
        </>
      )}
      {state.commit && (
        <span>
          <span class="muted">Commit</span>{' '}
          {state.commit.webUrl ? (
            <a href={state.commit.webUrl} target="_blank" rel="noreferrer noopener" aria-label={`GitLab commit ${state.commit.shortId}`}>
              {state.commit.shortId}
            </a>
          ) : (
            <code>{state.commit.shortId}</code>
          )}
        </span>
      )}
      {shownFailure && <FailureAlert failure={shownFailure} />}
    </div>
  );
}
