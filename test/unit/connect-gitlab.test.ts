import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askBackground, stubBrowserApis } from './support/background';
import { installFakeGitlab, type FakeGitlabOptions } from './support/fake-gitlab';
import { installFakeSentry, makeIssues } from './support/fake-sentry';
import { linkSentryProject } from './support/setup';

const SHA = 'b56ae26f0c1d2e3f4a5b6c7d8e9f00112233aabb';

async function setUp(gitlab: FakeGitlabOptions = {}, { connect = true } = {}) {
  const setup = await linkSentryProject({ sentry: { issues: makeIssues(2) }, gitlab: { commits: [SHA], ...gitlab, connect } });
  return { ...setup, gitlab: setup.gitlab! };
}

beforeEach(() => fakeBrowser.reset());

describe('connecting GitLab', () => {
  it('says who is connected and never shows the token again', async () => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab();
    expect(await askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token: 'glpat-good' })).toEqual({
      username: 'alice',
    });
    const options = await askBackground({ type: 'getOptions' });
    expect(options.gitlab).toEqual({ baseUrl: 'https://gitlab.com', username: 'alice' });
    expect(JSON.stringify(options)).not.toContain('glpat-good');
  });

  it.each([
    ['a wrong token', {}, 'glpat-wrong', /rejected the personal access token/],
    [
      'an expired token',
      {
        override: () =>
          new Response(
            JSON.stringify({
              error: 'invalid_token',
              error_description: 'Token is expired. You can either do re-authorization or token refresh.',
            }),
            { status: 401 },
          ),
      },
      'glpat-good',
      /has expired/,
    ],
    ['a token without the api scope', { scopes: ['read_api'] }, 'glpat-good', /needs the api scope/],
    ['an HTML page', { override: () => new Response('<html>hi</html>') }, 'glpat-good', /not JSON/],
    ['JSON that is not GitLab', { override: () => new Response('{"hello":"world"}') }, 'glpat-good', /not like GitLab/],
  ] as const)('explains %s', async (_, options, token, message) => {
    stubBrowserApis();
    installFakeSentry();
    installFakeGitlab(options as FakeGitlabOptions);
    await expect(askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.com', token })).rejects.toThrow(message);
    expect((await askBackground({ type: 'getOptions' })).gitlab).toBeNull();
  });

  it('names the URL when GitLab cannot be reached', async () => {
    stubBrowserApis();
    installFakeSentry({
      override: (url) => {
        if (url.hostname === 'gitlab.example.com') throw new TypeError('Failed to fetch');
        return undefined;
      },
    });
    await expect(askBackground({ type: 'connectGitlab', baseUrl: 'https://gitlab.example.com', token: 'x' })).rejects.toThrow(
      /Could not reach GitLab at https:\/\/gitlab\.example\.com/,
    );
  });

  it('stores links by project id and canonical path', async () => {
    await setUp();
    const [link] = (await askBackground({ type: 'getOptions' })).links;
    expect(link).toMatchObject({ gitlabProject: 'group/app', gitlabProjectId: 101 });
  });

  it('offers the Sentry project GitLab’s Error Tracking settings point at', async () => {
    await setUp();
    expect(await askBackground({ type: 'gitlabProjectHint', gitlabProject: 'https://gitlab.com/group/app' })).toEqual({
      path: 'group/app',
      sentryProjectKey: 'the-interstellar-jurisdiction/3',
      sentryLabel: 'the-interstellar-jurisdiction / prime-mover',
    });
  });
});
