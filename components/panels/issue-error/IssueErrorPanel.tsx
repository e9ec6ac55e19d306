import type { PanelContext } from '@/lib/protocol/replies';
import { ask } from '@/lib/protocol/ask';
import type { ErrorSummary } from '@/lib/domain/model';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { Panel } from '../shared/Panel';

/** Region "Error" on an issue page: the linked error's status, counts, stack trace, Ignore / Resolve. */
export function IssueErrorPanel({ link, error }: { link: PanelContext; error: ErrorSummary }) {
  return (
    <Panel id="issue-error" title="Error" source={link.sourceLabel}>
      <ErrorDetailsView linkId={link.linkId} summary={error} ask={ask} headingLevel={3} />
    </Panel>
  );
}
