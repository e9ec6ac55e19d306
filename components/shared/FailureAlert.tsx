import type { Failure } from '@/lib/domain/errors';

interface Props {
  failure: Failure;
  /** Words before the failure's own message, e.g. "Could not refresh: ". */
  prefix?: string;
  onRetry?(): void;
}

/**
 * What went wrong, in a role="alert". GitLab still warming its cache is not a failure: that one is a
 * role="status" ("Waiting for GitLab…"). A failure that names a place to fix it (sign in) links there.
 */
export function FailureAlert({ failure, prefix = '', onRetry }: Props) {
  const waiting = failure.kind === 'warming';
  return (
    <div role={waiting ? 'status' : 'alert'} class={waiting ? 'waiting' : 'failure'}>
      <p>
        {waiting ? '' : prefix}
        {failure.message}
      </p>
      {failure.action && (
        <a href={failure.action.href} target="_blank" rel="noreferrer noopener">
          {failure.action.label}
        </a>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {waiting ? 'Check again' : 'Retry'}
        </button>
      )}
    </div>
  );
}
