import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PanelContext } from '@/lib/protocol/replies';
import { ask } from '@/lib/protocol/ask';
import { plural } from '@/lib/util/format';
import type { ErrorSummary } from '@/lib/domain/model';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { ErrorRow } from '@/components/shared/ErrorRow';
import type { ErrorOpener } from './error-opener';
import { Panel } from './Panel';

export interface ErrorRowsPanelRow {
  error: ErrorSummary;
  /** Lines of the page's file the error's frames point at. */
  lines?: number[];
  /** More about the error and the page, under its culprit (where it hits a merge request's files). */
  detail?: ComponentChildren;
}

interface Props {
  link: PanelContext;
  id: string;
  title: string;
  rows: ErrorRowsPanelRow[];
  /** Opens an error from outside the panel (the line markers). */
  opener?: ErrorOpener;
}

/** A short list of errors about what the page shows (a file, a commit); each opens in place. */
export function ErrorRowsPanel({ link, id, title, rows, opener }: Props) {
  const [opened, setOpened] = useState<ErrorSummary | null>(null);
  // Each opening from outside shows the details afresh, so focus moves to them even when already open.
  const [openings, setOpenings] = useState(0);
  useEffect(
    () =>
      opener?.listen((error) => {
        setOpened(error);
        setOpenings((n) => n + 1);
      }),
    [opener],
  );
  const now = Date.now();
  return (
    <Panel id={id} title={title} summary={plural(rows.length, 'error')} source={link.sourceLabel}>
      {opened ? (
        <ErrorDetailsView
          key={`${opened.id}:${openings}`}
          linkId={link.linkId}
          summary={opened}
          ask={ask}
          onBack={() => setOpened(null)}
          headingLevel={3}
        />
      ) : (
        <ul class="errors" aria-label="Errors">
          {rows.map(({ error, lines, detail }) => (
            <ErrorRow key={error.id} error={error} now={now} onOpen={setOpened}>
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
              {detail}
            </ErrorRow>
          ))}
        </ul>
      )}
    </Panel>
  );
}
