import { RemoteError } from '../domain/errors';
import { detailOf, redirectRefused, requestJson, type HttpResponse } from '../remote/http';

// GitLab's web endpoints for error tracking (list by status, status changes, linked issue creation) accept
// only the browser's GitLab session, never a token. The background calls them with the session cookie
// (`credentials: 'include'`) and the CSRF token of a page it reads itself, so the popup and the panels work
// the same way and no page script is involved. See docs/gitlab-integrated.md.

const CSRF_FRESH_MS = 10 * 60_000;
const csrfTokens = new Map<string, { token: string; at: number }>();

export function signInFailure(baseUrl: string, what: string): RemoteError {
  return new RemoteError('signed-out', `Sign in to GitLab to ${what}.`, 401, undefined, {
    href: `${baseUrl}/users/sign_in`,
    label: 'Sign in to GitLab',
  });
}

/**
 * Requests with the session never follow redirects (the CSRF token header would go along). Signed out,
 * GitLab redirects to its sign-in page; the browser hides where a redirect points (an opaque answer), so a
 * redirect means "sign in" unless it is known to point at another host, which is refused.
 */
function redirectFailure(baseUrl: string, url: URL, response: HttpResponse, what: string): RemoteError {
  const location = response.redirect?.location;
  if (location && location.origin !== new URL(baseUrl).origin) return redirectRefused('GitLab', url, location);
  return signInFailure(baseUrl, what);
}

/** The CSRF token of the signed-in session, read from a project page (GitLab's `<meta name="csrf-token">`). */
export async function csrfToken(baseUrl: string, projectPath: string, what: string, fresh = false): Promise<string> {
  const cached = csrfTokens.get(baseUrl);
  if (cached && !fresh && Date.now() - cached.at < CSRF_FRESH_MS) return cached.token;
  const url = new URL(`${baseUrl}/${projectPath}/-/error_tracking`);
  const response = await requestJson({ url, credentials: 'include', text: true, redirect: 'return', service: 'GitLab' });
  if (response.redirect) throw redirectFailure(baseUrl, url, response, what);
  // Signed out, GitLab redirects to the sign-in page (or answers 401/404 for a page only members may see).
  if ([401, 403, 404].includes(response.status)) throw signInFailure(baseUrl, what);
  const html = String(response.body);
  const token =
    /<meta\s+name="csrf-token"\s+content="([^"]+)"/.exec(html)?.[1] ?? /<meta\s+content="([^"]+)"\s+name="csrf-token"/.exec(html)?.[1];
  if (!token) throw signInFailure(baseUrl, what);
  csrfTokens.set(baseUrl, { token: decodeEntities(token), at: Date.now() });
  return decodeEntities(token);
}

function forgetCsrfToken(baseUrl: string): void {
  csrfTokens.delete(baseUrl);
}

interface SessionCall {
  baseUrl: string;
  projectPath: string;
  path: string;
  method?: 'GET' | 'PUT' | 'POST';
  json?: unknown;
  form?: URLSearchParams;
  params?: Record<string, string>;
  /** Needs the CSRF token (anything that changes data). */
  write?: boolean;
  /** The answer is a page, not JSON. */
  text?: boolean;
  /** A form POST: GitLab answers success with a redirect to what it made (which the caller looks up). */
  redirectIsSuccess?: boolean;
  what: string;
}

/** A call to a GitLab web endpoint with the session. A stale CSRF token is renewed once. */
export async function sessionCall(call: SessionCall): Promise<HttpResponse> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
    if (call.write) headers['X-CSRF-Token'] = await csrfToken(call.baseUrl, call.projectPath, call.what, attempt > 0);
    const url = new URL(`${call.baseUrl}${call.path}`);
    url.search = String(new URLSearchParams(call.params));
    // Read as text first: an expired session lands on the HTML sign-in page, which is no JSON error.
    const page = await requestJson({
      url,
      method: call.method,
      json: call.json,
      form: call.form,
      text: true,
      headers,
      credentials: 'include',
      redirect: 'return',
      service: 'GitLab',
    });
    if (page.redirect) {
      const location = page.redirect.location;
      const toSignIn = location && /\/users\/sign_in(\b|$)/.test(location.pathname);
      const toOtherHost = location && location.origin !== new URL(call.baseUrl).origin;
      if (call.redirectIsSuccess && !toSignIn && !toOtherHost) return page;
      throw redirectFailure(call.baseUrl, url, page, call.what);
    }
    if (page.status === 401) throw signInFailure(call.baseUrl, call.what);
    const response = call.text ? page : { ...page, body: jsonOf(page, call.what) };
    if (response.status === 422 && call.write && attempt === 0) {
      forgetCsrfToken(call.baseUrl); // InvalidAuthenticityToken: the session moved on
      continue;
    }
    if (response.status >= 200 && response.status < 400) return response;
    const detail = detailOf(response.body);
    if (response.status === 403) {
      throw new RemoteError(
        'forbidden',
        `GitLab does not let you ${call.what}: it needs at least the Developer role${detail ? ` (“${detail}”)` : ''}.`,
        403,
      );
    }
    if (response.status === 404) throw new RemoteError('not-found', `GitLab could not ${call.what}: not found.`, 404);
    if (response.status >= 500)
      throw new RemoteError('server', `GitLab had a server error (HTTP ${response.status}) trying to ${call.what}.`, response.status);
    throw new RemoteError(
      'bad-request',
      `GitLab refused to ${call.what} (HTTP ${response.status})${detail ? `: ${detail}` : '.'}`,
      response.status,
    );
  }
  throw signInFailure(call.baseUrl, call.what);
}

function jsonOf(page: HttpResponse, what: string): unknown {
  const text = String(page.body ?? '');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if (page.status >= 400) return undefined;
    throw new RemoteError(
      'bad-response',
      `GitLab answered with a page instead of data when asked to ${what}. Reload GitLab and try again.`,
    );
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|#39);/gi, (entity, code: string) => {
    if (code[0] === '#')
      return String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? Number.parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"' } as Record<string, string>)[code.toLowerCase()] ?? entity;
  });
}

/** GitLab highlights context lines as HTML (`<span class="k">def</span>`): plain text for our views. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}
