import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ErrorDetailsView } from '@/components/shared/ErrorDetailsView';
import { StackTrace } from '@/components/shared/StackTrace';
import type { ExceptionTrace, StackFrame } from '@/lib/domain/model';
import type { FrameLinksView } from '@/lib/protocol/replies';
import { askBackground } from './support/background';
import { makeIssues } from './support/fake-sentry';
import { renderPopup } from './support/popup';
import { linkSentryProject } from './support/setup';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const stackFrame = (file: string, line: number | undefined, inApp: boolean): StackFrame => ({
  file,
  absPath: `/srv/app/${file}`,
  function: 'call',
  module: '',
  line,
  inApp,
  context: [],
});

const exceptions: ExceptionTrace[] = [
  {
    type: 'NoMethodError',
    value: 'undefined method',
    framesOmitted: 0,
    frames: [
      stackFrame('app/models/user.rb', 42, true),
      stackFrame('app/controllers/users_controller.rb', undefined, true),
      stackFrame('gems/activerecord/base.rb', 7, false),
    ],
  },
];

const BLOB = 'https://gitlab.com/group/app/-/blob/main';
const linksOf = (links: FrameLinksView['links']): FrameLinksView => ({ gitlabUrl: 'https://gitlab.com', links });
const userLink = {
  file: 'app/models/user.rb',
  absPath: '/srv/app/app/models/user.rb',
  line: 42,
  repoPath: 'app/models/user.rb',
  href: `${BLOB}/app/models/user.rb#L42`,
};

const frameLinks = (trace: HTMLElement) => within(trace).queryAllByRole('link', { name: /^Open .* in GitLab$/ });

describe('stack trace links to GitLab', () => {
  it('names each linked frame by its repository path and line', () => {
    const controllerLink = {
      file: 'app/controllers/users_controller.rb',
      absPath: '/srv/app/app/controllers/users_controller.rb',
      repoPath: 'app/controllers/users_controller.rb',
      href: `${BLOB}/app/controllers/users_controller.rb`,
    };
    render(<StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([userLink, controllerLink])} />);
    const trace = screen.getByRole('region', { name: 'Stack trace' });
    expect(within(trace).getByRole('link', { name: 'Open app/models/user.rb:42 in GitLab' }).getAttribute('href')).toBe(
      `${BLOB}/app/models/user.rb#L42`,
    );
    // A frame without a line opens the file: its name has no line either.
    expect(within(trace).getByRole('link', { name: 'Open app/controllers/users_controller.rb in GitLab' }).getAttribute('href')).toBe(
      `${BLOB}/app/controllers/users_controller.rb`,
    );
    expect(frameLinks(trace)).toHaveLength(2);
    // The library frame has none.
    const library = within(trace).getByText('gems/activerecord/base.rb').closest('li')!;
    expect(within(library).queryAllByRole('link')).toHaveLength(0);
  });

  it('shows frames without links until they are known, and links only into the GitLab named', () => {
    const { rerender } = render(<StackTrace exceptions={exceptions} headingLevel={2} />);
    expect(frameLinks(screen.getByRole('region', { name: 'Stack trace' }))).toHaveLength(0);
    const elsewhere = { ...userLink, href: 'https://evil.example/group/app/-/blob/main/app/models/user.rb#L42' };
    rerender(<StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([elsewhere])} />);
    expect(frameLinks(screen.getByRole('region', { name: 'Stack trace' }))).toHaveLength(0);
    rerender(<StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([{ ...userLink, href: 'javascript:alert(1)' }])} />);
    expect(frameLinks(screen.getByRole('region', { name: 'Stack trace' }))).toHaveLength(0);
  });

  it('keeps focus on a frame’s link when the links are drawn again, and changes a link that changed', () => {
    const { rerender } = render(<StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([userLink])} />);
    const link = screen.getByRole('link', { name: 'Open app/models/user.rb:42 in GitLab' });
    link.focus();
    rerender(<StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([{ ...userLink }])} />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only in-app frames' }));
    expect(document.activeElement).toBe(link);
    expect(frameLinks(screen.getByRole('region', { name: 'Stack trace' }))).toHaveLength(1);
    rerender(
      <StackTrace exceptions={exceptions} headingLevel={2} links={linksOf([{ ...userLink, href: `${BLOB}/app/models/user.rb#L43` }])} />,
    );
    const trace = screen.getByRole('region', { name: 'Stack trace' });
    expect(frameLinks(trace)).toHaveLength(1);
    expect(frameLinks(trace)[0]!.getAttribute('href')).toBe(`${BLOB}/app/models/user.rb#L43`);
  });
});

/** A Sentry event with an in-app frame whose file the repository has, and a library frame. */
const event = {
  entries: [
    {
      type: 'exception',
      data: {
        values: [
          {
            type: 'NoMethodError',
            value: 'undefined method',
            stacktrace: {
              frames: [
                { filename: 'gems/activerecord/base.rb', absPath: '/srv/app/gems/activerecord/base.rb', lineNo: 7, inApp: false },
                { filename: 'app/models/user.rb', absPath: '/srv/app/app/models/user.rb', lineNo: 42, inApp: true },
              ],
            },
          },
        ],
      },
    },
  ],
};

describe('the popup’s details', () => {
  it('add the frame’s GitLab link once the background has found the file', async () => {
    const { sentry } = await linkSentryProject({
      sentry: { issues: makeIssues(1) },
      gitlab: { connect: true, files: ['app/models/user.rb'] },
    });
    sentry.events.set('1000', event);
    renderPopup();
    fireEvent.click(await screen.findByRole('button', { name: 'Error number 1' }));
    const trace = await screen.findByRole('region', { name: 'Stack trace' });
    const link = await within(trace).findByRole('link', { name: 'Open app/models/user.rb:42 in GitLab' });
    expect(link.getAttribute('href')).toBe(`${BLOB}/app/models/user.rb#L42`);
    expect(frameLinks(trace)).toHaveLength(1);
  });

  it('show the stack trace without links, and no error, when GitLab is not connected', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: makeIssues(1) } });
    sentry.events.set('1000', event);
    let answered: Promise<unknown> | undefined;
    const ask = ((request: Parameters<typeof askBackground>[0]) => {
      const reply = askBackground(request);
      if (request.type === 'frameLinks') answered = reply;
      return reply;
    }) as typeof askBackground;
    const query = { status: 'unresolved', sort: 'last_seen', search: '' } as const;
    const list = await askBackground({ type: 'listErrors', linkId, query, source: 'network' });
    render(<ErrorDetailsView linkId={linkId} summary={list!.page.errors[0]!} ask={ask} headingLevel={1} />);
    const trace = await screen.findByRole('region', { name: 'Stack trace' });
    await vi.waitFor(() => expect(answered).toBeDefined());
    expect(await answered).toEqual({ gitlabUrl: '', links: [] });
    expect(within(trace).getByText('app/models/user.rb')).toBeTruthy();
    expect(frameLinks(trace)).toHaveLength(0);
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });
});
