import { RemoteError } from '../domain/errors';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** Set when the answer was a redirect and the request asked for it (`redirect: 'return'`). */
  redirect?: { location?: URL };
}

export interface HttpRequest {
  url: URL;
  /** HEAD: only the status and headers count; no body is read. */
  method?: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), as GitLab's own web forms send. */
  form?: URLSearchParams;
  /** 'include' only for GitLab's web endpoints, which work with the browser's session. */
  credentials?: RequestCredentials;
  /** Read the answer as text (an HTML page) instead of JSON. */
  text?: boolean;
  /**
   * Redirects are never followed: every request carries a token or a session. By default a redirect is
   * refused with a message; 'return' hands it to the caller (GitLab's web endpoints, whose sign-in
   * redirect and form POST redirect mean something).
   */
  redirect?: 'refuse' | 'return';
  /** Used in messages: "Sentry", "GitLab". */
  service: string;
}

const TIMEOUT_MS = 15_000;
/** Enough for a page of 100 errors many times over; more means a wrong URL or a hostile server. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 5_000;

/**
 * fetch() that never throws a bare TypeError: every failure becomes a RemoteError that names the host,
 * and every answer is read as JSON (an HTML page where JSON was expected means a wrong URL).
 */
export async function requestJson(request: HttpRequest): Promise<HttpResponse> {
  const { url, service } = request;
  refuseInsecure(url, service);
  const headers: Record<string, string> = { Accept: request.text ? 'text/html' : 'application/json', ...request.headers };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';
  const requestBody = request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json));

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: requestBody,
      credentials: request.credentials ?? 'omit',
      cache: 'no-store',
      // A followed redirect would carry the token (a custom header like PRIVATE-TOKEN survives it) to
      // whatever host the server names.
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (isRedirect(response)) {
      void response.body?.cancel().catch(() => undefined);
      const location = locationOf(response, url);
      if (request.redirect === 'return') return { status: response.status, headers: response.headers, body: '', redirect: { location } };
      throw redirectRefused(service, url, location ?? (await probeRedirect(url)));
    }
    text = request.method === 'HEAD' ? '' : await readCapped(response, url);
  } catch (error) {
    if (error instanceof RemoteError) throw error;
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new RemoteError('timeout', `${service} at ${url.origin} did not answer within ${TIMEOUT_MS / 1000} s.`);
    }
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new RemoteError(
      'unreachable',
      offline
        ? `You are offline: ${service} at ${url.origin} cannot be reached.`
        : `Could not reach ${service} at ${url.origin}. Check the URL and your network connection.`,
    );
  }

  if (request.text) return { status: response.status, headers: response.headers, body: text };
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
      if (response.ok) {
        throw new RemoteError(
          'bad-response',
          `The answer from ${url.origin} is not JSON, so it is not ${service}'s API. Is the URL right?`,
          response.status,
        );
      }
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/** Development servers on this machine may use http://; anywhere else a token over http:// is readable by anyone on the way. */
export function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

export const INSECURE_URL_MESSAGE = 'Use https://: tokens sent over http:// can be read by anyone on the network.';

function refuseInsecure(url: URL, service: string): void {
  if (url.protocol === 'https:' || isLocalHttp(url)) return;
  throw new RemoteError('bad-request', `${service} at ${url.origin}: ${INSECURE_URL_MESSAGE}`);
}

// In a browser a redirect under `redirect: 'manual'` is an opaque answer (status 0, no headers); Node's
// fetch hands over the 3xx itself.
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

function locationOf(response: Response, url: URL): URL | undefined {
  const location = response.headers.get('location');
  if (!location) return undefined;
  try {
    return new URL(location, url);
  } catch {
    return undefined;
  }
}

/**
 * Where an address redirects, learnt with a bare GET so the message can name the host. The one request that
 * follows redirects, and safe to: it carries no token, no cookie and no header (tokens only ever travel in
 * headers, never in a URL). Undefined when the target cannot be learnt.
 */
async function probeRedirect(url: URL): Promise<URL | undefined> {
  try {
    const probe = await fetch(url, {
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    void probe.body?.cancel().catch(() => undefined);
    return probe.redirected && probe.url ? new URL(probe.url) : undefined;
  } catch {
    return undefined;
  }
}

export function redirectRefused(service: string, url: URL, target: URL | undefined): RemoteError {
  const where = target && target.origin !== url.origin ? ` to ${target.host}` : '';
  return new RemoteError(
    'bad-request',
    `${service} at ${url.origin} redirected this request${where}; use the address ${service} itself answers on (for example its https:// URL without a path).`,
    undefined,
  );
}

/** The body as text, refused beyond MAX_BODY_BYTES before it is all in memory. */
async function readCapped(response: Response, url: URL): Promise<string> {
  const tooLarge = () =>
    new RemoteError(
      'bad-response',
      `The answer from ${url.origin} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; that is no answer the extension asked for. Is the URL right?`,
      response.status,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  // No body (a 204, a HEAD) reads as nothing.
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  // A body cut off mid-way (timeout, reset) throws here and is reported like a failed request.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Human-readable detail from an error body: `{detail}`, `{message}`, `{error}` or a bare string. */
export function detailOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 300);
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['detail', 'message', 'error_description', 'error']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim()) return value.slice(0, 300);
    }
  }
  return undefined;
}
