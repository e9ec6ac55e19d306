import { useState } from 'preact/hooks';
import type { PanelContext } from '@/lib/api';
import { ask } from '@/lib/ask';
import { exactTime, plural, relativeTime } from '@/lib/format';
import type { ErrorSummary } from '@/lib/model';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { Panel } from './Panel';

interface Row {
  error: ErrorSummary;
  /** Lines of the page's file the error's frames point at. */
  lines?: number[];
}

interface Props {
  link: PanelContext;
  id: string;
  title: string;
  rows: Row[];
}

/** A short list of errors about what the page shows (a file, a commit); each opens in place. */
export function ErrorRowsPanel({ link, id, title, rows }: Props) {
  const [opened, setOpened] = useState<ErrorSummary | null>(null);
  const now = Date.now();
  return (
    <Panel id={id} title={title} summary={plural(rows.length, 'error')} source={link.sentryLabel}>
      {opened ? (
        <ErrorDetailsView linkId={link.linkId} summary={opened} ask={ask} onBack={() => setOpened(null)} />
      ) : (
        <ul class="errors" aria-label="Errors">
          {rows.map(({ error, lines }) => (
            <li key={error.id} class="error-row" data-level={error.level}>
              <button type="button" class="error-title" onClick={() => setOpened(error)}>
                {error.title || '(no title)'}
              </button>
              {lines && lines.length > 0 && (
                <div class="line-links">
                  {lines.length === 1 ? 'Line ' : 'Lines '}
                  {lines.map((line) => (
                    <a key={line} href={`#L${line}`}>
                      {line}
                    </a>
                  ))}
                </div>
              )}
              <div class="facts">
                <span>{error.status}</span>
                <span>{plural(error.count, 'event')}</span>
                <span>{plural(error.userCount, 'user')}</span>
                {error.lastSeen && (
                  <span>
                    last seen{' '}
                    <time dateTime={error.lastSeen} title={exactTime(error.lastSeen)}>
                      {relativeTime(error.lastSeen, now)}
                    </time>
                  </span>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
