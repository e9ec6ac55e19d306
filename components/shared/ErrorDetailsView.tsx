import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ErrorDetailsView as DetailsData, FrameLinksView } from '@/lib/protocol/replies';
import type { ask as defaultAsk } from '@/lib/protocol/ask';
import { toFailure, type Failure } from '@/lib/domain/errors';
import { exactTime, plural, relativeTime } from '@/lib/util/format';
import type { ErrorSummary, StatusChange } from '@/lib/domain/model';
import { askDetails } from './details-request';
import { FailureAlert } from './FailureAlert';
import { FrequencyChart } from './FrequencyChart';
import { GitlabActions } from './GitlabActions';
import { StackTrace } from './StackTrace';
import { StatusActions } from './StatusActions';

interface Props {
  linkId: string;
  /** The row the user chose: shown at once while the details load. */
  summary: ErrorSummary;
  ask: typeof defaultAsk;
  /** Where "Back" and Escape go; without it (a panel showing one error) there is no Back. */
  onBack?(): void;
  onStatusChanged?(error: ErrorSummary, previousStatus: string): void;
  /**
   * The title's heading level: 1 where the details are the whole page (the popup), 3 inside a panel whose
   * heading is an h2 on GitLab's page. The stack trace's headings follow below it.
   */
  headingLevel: HeadingLevel;
}

export type HeadingLevel = 1 | 2 | 3;

const TAG_KEYS = ['environment', 'release', 'browser', 'os', 'client_os', 'runtime', 'device', 'server_name'];
const NEW_STATUS: Record<StatusChange['action'], string> = { resolve: 'resolved', unresolve: 'unresolved', ignore: 'ignored' };

export function ErrorDetailsView({ linkId, summary, ask, onBack, onStatusChanged, headingLevel }: Props) {
  const [data, setData] = useState<DetailsData | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState(summary.status);
  const [busy, setBusy] = useState(false);
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);
  const [writeDenied, setWriteDenied] = useState<string | undefined>();
  const [closedNotice, setClosedNotice] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [frameLinks, setFrameLinks] = useState<FrameLinksView | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened by the user: focus moves to it. Shown on page load (a panel): focus stays where it was.
  useEffect(() => void (onBack && heading.current?.focus()), []);
  // A layout effect: the request leaves right after this render, not after the next frame is painted; opened
  // from a list, it left at the click and this takes its reply.
  useLayoutEffect(() => {
    let current = true;
    setLoadFailure(null);
    askDetails(ask, linkId, summary.id)
      .then((loaded) => {
        if (!current) return;
        setData(loaded);
        setStatus(loaded.details.status);
        setWriteDenied(loaded.writeDenied);
      })
      .catch((error) => current && setLoadFailure(toFailure(error)));
    return () => {
      current = false;
    };
  }, [ask, linkId, summary.id, attempt]);

  // Asked once the stack trace shows, which does not wait for it: links appear beside frames when known.
  useEffect(() => {
    setFrameLinks(undefined);
    if (!data?.event?.exceptions.some((exception) => exception.frames.length > 0)) return;
    let current = true;
    ask({ type: 'frameLinks', linkId, errorId: summary.id })
      .then((links) => current && setFrameLinks(links))
      // The links only add to the stack trace: without them (no GitLab, a failed look-up) it reads the same.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [ask, linkId, summary.id, data]);

  async function change(next: StatusChange) {
    const previous = status;
    setStatus(NEW_STATUS[next.action]); // shown at once, rolled back if Sentry refuses
    setBusy(true);
    setActionFailure(null);
    setClosedNotice('');
    try {
      const result = await ask({ type: 'updateErrorStatus', linkId, errorId: summary.id, fromStatus: previous, change: next });
      setStatus(result.error.status);
      onStatusChanged?.(result.error, previous);
      if (result.closedIssue) {
        setClosedNotice(`The associated issue #${result.closedIssue.iid} has been closed as the error is now resolved.`);
      } else if (result.closeFailure) {
        setActionFailure({
          ...result.closeFailure,
          message: `Resolved, but the GitLab issue could not be closed: ${result.closeFailure.message}`,
        });
      }
    } catch (error) {
      const failure = toFailure(error);
      setStatus(previous);
      setActionFailure(failure);
      if (failure.kind === 'forbidden') setWriteDenied(failure.message);
      // No answer (a stopped background, a lost connection): the change may have happened, so ask.
      if (failure.kind === 'unreachable' || failure.kind === 'timeout') setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const details = data?.details ?? summary;
  const full = data?.details;
  const tags = (data?.event?.tags ?? []).filter((tag) => TAG_KEYS.includes(tag.key));
  const Title = `h${headingLevel}` as 'h2';
  return (
    <article
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onBack) {
          event.preventDefault();
          onBack();
        }
      }}
    >
      <div class="details-nav">
        {onBack && (
          <button type="button" onClick={onBack}>
            Back
          </button>
        )}
        {details.permalink && (
          <a href={details.permalink} target="_blank" rel="noreferrer noopener">
            View in Sentry
          </a>
        )}
      </div>
      <Title ref={heading} tabIndex={-1} class="details-title">
        {details.title || '(no title)'}
      </Title>
      {details.culprit && <p class="culprit">{details.culprit}</p>}

      <StatusActions status={status} busy={busy} disabledReason={writeDenied} onChange={change} />
      {actionFailure && <FailureAlert failure={actionFailure} />}
      {closedNotice && (
        <p role="status" class="notice">
          {closedNotice}
        </p>
      )}
      <GitlabActions linkId={linkId} errorId={summary.id} ask={ask} afterDetails={!data && !loadFailure} />

      <dl class="facts-grid">
        {details.shortId && fact('ID', details.shortId)}
        {fact('Status', status)}
        {details.level &&
          fact(
            'Level',
            <span class="level" data-level={details.level}>
              {details.level}
            </span>,
          )}
        {full?.platform && fact('Platform', full.platform)}
        {timeFact('First seen', details.firstSeen)}
        {timeFact('Last seen', details.lastSeen)}
        {fact('Events', plural(details.count, 'event'))}
        {fact('Users', plural(details.userCount, 'user'))}
        {full?.firstRelease && fact('First release', full.firstRelease)}
        {full?.lastRelease && fact('Last release', full.lastRelease)}
      </dl>
      {full && <FrequencyChart points={full.frequency} />}
      {tags.length > 0 && (
        <ul class="tags" aria-label="Tags">
          {tags.map((tag) => (
            <li key={tag.key}>
              <span class="tag-key">{tag.key}</span>
              <span class="tag-value">{tag.value}</span>
            </li>
          ))}
        </ul>
      )}

      {loadFailure && <FailureAlert failure={loadFailure} onRetry={() => setAttempt((n) => n + 1)} />}
      {!data && !loadFailure && <p role="status">Loading details…</p>}
      {data && (
        <StackTrace
          headingLevel={(headingLevel + 1) as 2 | 3 | 4}
          exceptions={data.event?.exceptions ?? []}
          links={frameLinks}
          unavailable={data.eventFailure ? `The stack trace could not be read: ${data.eventFailure.message}` : undefined}
        />
      )}
    </article>
  );
}

/** One term of the facts and its value: a few elements, no component of its own. */
function fact(term: string, value: ComponentChildren) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A date fact: relative, the exact time on hover; none without a date. */
function timeFact(term: string, iso: string | undefined) {
  if (!iso) return null;
  return fact(
    term,
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso)}
    </time>,
  );
}
