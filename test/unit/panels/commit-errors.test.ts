import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground } from '../support/background';
import { makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';

beforeEach(() => fakeBrowser.reset());

describe('commit errors lookup', () => {
  it('asks Sentry for errors first seen in a commit', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: makeIssues(3) }, gitlab: {}, poll: false });
    const sha = 'cba78319f0cbb929de782eb3d50dd44ec40253c1';
    await askBackground({ type: 'commitErrors', linkId, sha });
    const searches = sentry.requests.filter((r) => r.url.pathname.endsWith('/issues/')).map((r) => r.url.searchParams.get('query'));
    expect(searches).toContain(`firstRelease:"${sha}"`);
  });
});
