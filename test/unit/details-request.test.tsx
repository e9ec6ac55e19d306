// The details' request leaves at the click on a row, before the list makes way for the view; the view then
// uses that reply instead of asking again, and asks anew for anything else (another error, a retry).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ask as realAsk } from '@/lib/protocol/ask';
import type { ErrorDetailsView as DetailsReply } from '@/lib/protocol/replies';
import type { ErrorSummary } from '@/lib/domain/model';
import { RemoteError } from '@/lib/domain/errors';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { createListStore } from '@/components/shared/list-store';
import { summaryOf } from './support/summaries';

afterEach(cleanup);

const summary = (id: string) => summaryOf(id);

const reply = (id: string): DetailsReply => ({
  details: { ...summary(id), platform: 'ruby', firstRelease: '', lastRelease: '', frequency: [], externalIssueUrls: [] },
  event: null,
});

/** Records the details' requests; each is answered by the next of `answers` (a reply or a failure). */
function recordingAsk(answers: Array<DetailsReply | RemoteError | Promise<DetailsReply>>) {
  const detailsAsked: string[] = [];
  const asked: string[] = [];
  const ask = ((request: { type: string; errorId?: string }) => {
    asked.push(request.type);
    if (request.type !== 'getErrorDetails') return Promise.resolve({ connected: false });
    detailsAsked.push(request.errorId!);
    const answer = answers.shift()!;
    return answer instanceof RemoteError ? Promise.reject(answer) : Promise.resolve(answer);
  }) as typeof realAsk;
  return { ask, detailsAsked, asked };
}

function openFromList(ask: typeof realAsk, error: ErrorSummary) {
  const store = createListStore(ask);
  store.linkId.value = 'link-1';
  store.openDetails(error);
  return store;
}

describe('the details’ request', () => {
  it('leaves at the click, and the view shows its reply without asking again', async () => {
    const { ask, detailsAsked } = recordingAsk([reply('7')]);
    openFromList(ask, summary('7'));
    expect(detailsAsked, 'sent before anything renders').toEqual(['7']);
    render(<ErrorDetailsView linkId="link-1" summary={summary('7')} ask={ask} headingLevel={1} />);
    expect(await screen.findByText('ruby')).toBeTruthy();
    expect(detailsAsked).toEqual(['7']);
  });

  it('is not taken for another error: that one is asked for', async () => {
    const { ask, detailsAsked } = recordingAsk([reply('7'), reply('8')]);
    openFromList(ask, summary('7'));
    render(<ErrorDetailsView linkId="link-1" summary={summary('8')} ask={ask} headingLevel={1} />);
    expect(await screen.findByText('ruby')).toBeTruthy();
    expect(detailsAsked).toEqual(['7', '8']);
  });

  it('failing, shows the failure; Retry asks again', async () => {
    const { ask, detailsAsked } = recordingAsk([new RemoteError('unreachable', 'Sentry could not be reached'), reply('7')]);
    openFromList(ask, summary('7'));
    render(<ErrorDetailsView linkId="link-1" summary={summary('7')} ask={ask} headingLevel={1} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Sentry could not be reached');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('ruby')).toBeTruthy();
    expect(detailsAsked).toEqual(['7', '7']);
  });

  it('goes first: GitLab’s state is asked once the details have come', async () => {
    let arrive!: (reply: DetailsReply) => void;
    const { ask, asked } = recordingAsk([new Promise<DetailsReply>((resolve) => (arrive = resolve))]);
    openFromList(ask, summary('7'));
    render(<ErrorDetailsView linkId="link-1" summary={summary('7')} ask={ask} headingLevel={1} />);
    expect(screen.getByText('Checking GitLab…')).toBeTruthy();
    expect(asked).toEqual(['getErrorDetails']);
    arrive(reply('7'));
    expect(await screen.findByText('ruby')).toBeTruthy();
    await vi.waitFor(() => expect(asked).toContain('getGitlabState'));
  });
});
