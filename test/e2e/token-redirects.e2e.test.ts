// Tokens never follow a redirect: Sentry and GitLab stand-ins that redirect every request to another host
// (sso.example.net, which would accept any cross-origin request). Connect says why it fails, naming that host,
// and the host never sees a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alertTexts,
  connectGitlab,
  describeRequest,
  GITLAB_TOKEN,
  SENTRY_TOKEN,
  sentryRegion,
  submitSentryToken,
  waitUntil,
} from './flows';
import { launchExtension, type ExtensionHarness } from './harness';
import { startPermissiveHost, startRedirector, type LoggingServer } from './standins/redirecting';

const SSO = 'sso.example.net';

describe('a redirecting Sentry or GitLab', () => {
  let sso: LoggingServer;
  let redirector: LoggingServer;
  let ext: ExtensionHarness;

  beforeAll(async () => {
    sso = await startPermissiveHost();
    redirector = await startRedirector(`https://${SSO}`);
    // sentry.io and gitlab.com both resolve to the redirector.
    ext = await launchExtension({ sentryPort: redirector.port, gitlabPort: redirector.port, extraHostMaps: { [SSO]: sso.port } });
  });

  afterAll(async () => {
    await ext?.close();
    await redirector?.close();
    await sso?.close();
  });

  /** Requests at sso.example.net that carried a token, described. */
  const tokensAtSso = () =>
    sso.requests
      .filter((r) =>
        [SENTRY_TOKEN, GITLAB_TOKEN].some(
          (token) => Object.values(r.headers).some((value) => value.includes(token)) || r.body.includes(token),
        ),
      )
      .map(describeRequest);

  it('Sentry: Connect names the host it was sent to and sends it no token', async () => {
    const options = await ext.openOptions();
    try {
      await submitSentryToken(options, SENTRY_TOKEN);
      const alerts = await waitUntil(
        'an alert in the Sentry region',
        () => alertTexts(sentryRegion(options)),
        (texts) => texts.length > 0,
        15_000,
      );
      expect(alerts.join(' ')).toContain(
        `Sentry at https://sentry.io redirected this request to ${SSO}; use the address Sentry itself answers on (for example its https:// URL without a path).`,
      );
      expect(redirector.requests.some((r) => r.headers.authorization === `Bearer ${SENTRY_TOKEN}`)).toBe(true);
      expect(tokensAtSso()).toEqual([]);
    } finally {
      await options.close();
    }
  });

  it('GitLab: Connect names the host it was sent to and sends it no token', async () => {
    const options = await ext.openOptions();
    try {
      await connectGitlab(options, { until: { alert: 'redirected this request' } });
      const alerts = await alertTexts(options);
      expect(alerts.join(' ')).toContain(
        `GitLab at https://gitlab.com redirected this request to ${SSO}; use the address GitLab itself answers on`,
      );
      expect(redirector.requests.some((r) => r.headers['private-token'] === GITLAB_TOKEN)).toBe(true);
      expect(tokensAtSso()).toEqual([]);
      // What reached sso.example.net at all: only the bare probes that learnt its name.
      expect(
        sso.requests.every((r) => r.method === 'GET' && !r.headers.authorization && !r.headers['private-token'] && !r.headers.cookie),
      ).toBe(true);
    } finally {
      await options.close();
    }
  });
});
