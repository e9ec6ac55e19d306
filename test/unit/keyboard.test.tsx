// Keyboard and screen-reader structure of the shared list and details (popup and panels use the same ones):
// the list is one Tab stop, the details' headings sit at the level their container gives, scrollable source
// is focusable and named, the commit link's name holds its visible text.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseMap } from '@/lib/protocol/replies';
import type { ask as realAsk } from '@/lib/protocol/ask';
import type { ErrorDetails } from '@/lib/domain/model';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { ErrorList } from '@/components/shared/ErrorList';
import { summaryOf } from './support/summaries';

afterEach(cleanup);

const summary = (id: string) => summaryOf(id);

const details: ErrorDetails = {
  ...summary('7'),
  platform: 'ruby',
  firstRelease: 'web@a1b2c3d4e5',
  lastRelease: '',
  frequency: [],
  externalIssueUrls: [],
};

/** What the background answers to the details' requests; the transport is the only thing stood in for. */
function answering(gitlabState: ResponseMap['getGitlabState']): typeof realAsk {
  const answers: Partial<ResponseMap> = {
    getErrorDetails: {
      details,
      event: {
        id: 'e1',
        platform: 'ruby',
        release: '',
        message: '',
        tags: [],
        exceptions: [
          {
            type: 'NoMethodError',
            value: 'undefined method',
            framesOmitted: 0,
            frames: [
              {
                file: 'app/models/user.rb',
                absPath: '',
                function: 'name',
                module: '',
                line: 3,
                inApp: true,
                context: [
                  { line: 2, code: 'def name' },
                  { line: 3, code: '  first.name' },
                ],
              },
            ],
          },
        ],
      },
    },
    getGitlabState: gitlabState,
  };
  return ((request: { type: keyof ResponseMap }) => Promise.resolve(answers[request.type])) as typeof realAsk;
}

const tabIndexes = () => screen.getAllByRole('button').map((b) => b.getAttribute('tabindex'));

describe('the error list is one Tab stop', () => {
  it('gives only the current row tabindex 0; arrows, Home and End move it', () => {
    render(<ErrorList errors={['1', '2', '3'].map(summary)} now={Date.now()} onOpen={() => undefined} />);
    expect(tabIndexes()).toEqual(['0', '-1', '-1']);
    const list = screen.getByRole('list', { name: 'Errors' });
    screen.getByRole('button', { name: 'Error 1' }).focus();
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 2' }));
    expect(tabIndexes()).toEqual(['-1', '0', '-1']);
    fireEvent.keyDown(list, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 3' }));
    expect(tabIndexes()).toEqual(['-1', '-1', '0']);
    fireEvent.keyDown(list, { key: 'Home' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 1' }));
    expect(tabIndexes()).toEqual(['0', '-1', '-1']);
  });

  it('moves with the arrows inside a panel’s shadow root too, where the document sees only the host', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const { getByRole } = render(<ErrorList errors={['1', '2', '3'].map(summary)} now={Date.now()} onOpen={() => undefined} />, {
      container: shadow.appendChild(document.createElement('div')),
    });
    getByRole('button', { name: 'Error 2' }).focus();
    fireEvent.keyDown(getByRole('list', { name: 'Errors' }), { key: 'ArrowDown' });
    expect(shadow.activeElement).toBe(getByRole('button', { name: 'Error 3' }));
    host.remove();
  });

  it('keeps the Tab stop on the row the details were opened from', () => {
    render(<ErrorList errors={['1', '2', '3'].map(summary)} now={Date.now()} focusId="2" onOpen={() => undefined} />);
    expect(tabIndexes()).toEqual(['-1', '0', '-1']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 2' }));
  });
});

describe('a list drawn in two steps (firstRows, the popup)', () => {
  const five = ['1', '2', '3', '4', '5'].map(summary);

  it('draws the first rows, then every row once they are painted, End reaching the last', async () => {
    render(<ErrorList errors={five} now={Date.now()} firstRows={2} onOpen={() => undefined} />);
    expect(tabIndexes()).toEqual(['0', '-1']);
    await screen.findByRole('button', { name: 'Error 5' });
    expect(tabIndexes()).toEqual(['0', '-1', '-1', '-1', '-1']);
    screen.getByRole('button', { name: 'Error 1' }).focus();
    fireEvent.keyDown(screen.getByRole('list', { name: 'Errors' }), { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 5' }));
  });

  it('back from the details, draws every row at once so that the opened one, past the first, gets focus', () => {
    render(<ErrorList errors={five} now={Date.now()} firstRows={2} focusId="4" onOpen={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Error 4' }));
  });
});

describe('the details view', () => {
  it('in the popup: the title is the h1, the stack trace an h2, its source a focusable named group', async () => {
    render(
      <ErrorDetailsView
        linkId="l"
        summary={summary('7')}
        ask={answering({ connected: false })}
        onBack={() => undefined}
        headingLevel={1}
      />,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Error 7' })).toBeTruthy();
    const trace = await screen.findByRole('region', { name: 'Stack trace' });
    expect(within(trace).getByRole('heading', { level: 2, name: 'Stack trace' })).toBeTruthy();
    expect(within(trace).getByRole('heading', { level: 3, name: /NoMethodError/ })).toBeTruthy();
    const source = within(trace).getByRole('group', { name: 'Source of app/models/user.rb around line 3' });
    expect(source.tabIndex).toBe(0);
    expect(source.textContent).toContain('first.name');
  });

  it('in a panel under its h2: the title is an h3, the stack trace an h4', async () => {
    render(<ErrorDetailsView linkId="l" summary={summary('7')} ask={answering({ connected: false })} headingLevel={3} />);
    expect(screen.getByRole('heading', { level: 3, name: 'Error 7' })).toBeTruthy();
    const trace = await screen.findByRole('region', { name: 'Stack trace' });
    expect(within(trace).getByRole('heading', { level: 4, name: 'Stack trace' })).toBeTruthy();
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
  });

  it('names the commit link with its visible short SHA', async () => {
    const commit = { shortId: 'a1b2c3d4', webUrl: 'https://gitlab.com/group/app/-/commit/a1b2c3d4e5' };
    render(<ErrorDetailsView linkId="l" summary={summary('7')} ask={answering({ connected: true, commit })} headingLevel={1} />);
    const link = await screen.findByRole('link', { name: 'GitLab commit a1b2c3d4' });
    expect(link.textContent).toBe('a1b2c3d4');
    expect(link.getAttribute('href')).toBe(commit.webUrl);
  });
});
