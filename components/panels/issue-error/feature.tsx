import { ask } from '@/lib/protocol/ask';
import { mountPanel } from '../shared/mount';
import type { PanelFeature } from '../shared/panel-feature';
import { issueIidOf } from './detector';
import { IssueErrorPanel } from './IssueErrorPanel';

const MAX_LINKS = 20;

/** Links on the page that may point at a Sentry issue; the background keeps those of the linked project. */
function sentryIssueLinks(doc: Document): string[] {
  const content = doc.getElementById('content-body') ?? doc.querySelector('main') ?? doc.body;
  const hrefs = [...content.querySelectorAll<HTMLAnchorElement>('a[href*="/issues/"]')]
    .map((anchor) => anchor.href)
    .filter((href) => !href.startsWith(location.origin));
  return [...new Set(hrefs)].slice(0, MAX_LINKS);
}

const DESCRIPTION_WAIT_MS = 3_000;

function linksAppearing(signal: AbortSignal): Promise<string[]> {
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(sentryIssueLinks(document));
    };
    const observer = new MutationObserver(() => sentryIssueLinks(document).length && done());
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(done, DESCRIPTION_WAIT_MS);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An issue created for an error (or linking one): region "Error" with its status and Ignore / Resolve. */
export const issueError: PanelFeature = {
  id: 'issue-error',
  async mount(ctx, page, link, signal) {
    const lookup = (sentryUrls: string[]) => ask({ type: 'issueErrors', linkId: link.linkId, issueIid: issueIidOf(page)!, sentryUrls });
    const links = sentryIssueLinks(document);
    let error = await lookup(links);
    // GitLab's newer issue view renders the description after load: give its links a moment to appear.
    if (!error && links.length === 0 && !signal.aborted) {
      const late = await linksAppearing(signal);
      if (late.length) error = await lookup(late);
    }
    if (!error || signal.aborted) return () => undefined;
    return mountPanel(ctx, {
      name: 'error-tracker-issue',
      anchors: ['#content-body'],
      insert: 'prepend',
      content: <IssueErrorPanel link={link} error={error} />,
    });
  },
};
