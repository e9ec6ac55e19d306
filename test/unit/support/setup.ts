import { pollAll } from '@/lib/background/badge/poll';
import { askBackground, stubBrowserApis } from './background';
import { installFakeGitlab, type FakeGitlabOptions } from './fake-gitlab';
import { installFakeSentry, type FakeSentryOptions } from './fake-sentry';

export interface LinkedSetup {
  sentry?: FakeSentryOptions;
  /** Also fake gitlab.com; `connect` connects it in the background before the link is saved. */
  gitlab?: FakeGitlabOptions & { connect?: boolean };
  /** Run one poll after saving (the badge and the list cache are then filled). */
  poll?: boolean;
}

/**
 * The state most tests start from, reached the way a user reaches it: Sentry connected, group/app linked to
 * the-interstellar-jurisdiction / prime-mover (active), optionally GitLab connected.
 */
export async function linkSentryProject({ sentry: sentryOptions = {}, gitlab: gitlabOptions, poll = true }: LinkedSetup = {}) {
  const apis = stubBrowserApis();
  const sentry = installFakeSentry(sentryOptions);
  const gitlab = gitlabOptions ? installFakeGitlab(gitlabOptions) : undefined;
  await askBackground({ type: 'connectSentry', baseUrl: 'https://sentry.io', token: 'good-token' });
  if (gitlabOptions?.connect) await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' });
  const { savedLink } = await askBackground({
    type: 'saveOptions',
    baseUrl: 'https://sentry.io',
    pollMinutes: 2,
    link: { gitlabProject: 'group/app', projectKey: 'the-interstellar-jurisdiction/3', active: true },
  });
  if (poll) await pollAll();
  return { apis, sentry, gitlab, linkId: savedLink!.id };
}
