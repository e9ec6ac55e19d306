import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground } from '../support/background';
import { makeIssues } from '../support/fake-sentry';
import { linkSentryProject } from '../support/setup';

beforeEach(() => fakeBrowser.reset());

describe('issue error lookup', () => {
  it('finds the error an issue links to, only within the linked Sentry project', async () => {
    const { sentry, linkId } = await linkSentryProject({ sentry: { issues: makeIssues(3) }, gitlab: {}, poll: false });
    sentry.issues[2]!.project = { id: '999', slug: 'elsewhere', name: 'x', platform: 'ruby' };
    const ask = (urls: string[]) => askBackground({ type: 'issueErrors', linkId, issueIid: 5, sentryUrls: urls });
    expect((await ask(['https://acme.sentry.io/issues/1001/']))?.id).toBe('1001');
    expect(await ask(['https://acme.sentry.io/issues/1002/'])).toBeNull();
    expect(await ask(['https://evil.example/issues/1001/'])).toBeNull();
  });
});
