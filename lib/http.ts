import { RemoteError } from './errors';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** Where redirects ended. */
  finalUrl: string;
}

export interface HttpRequest {
  url: URL;
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), as GitLab's own web forms send. */
  form?: URLSearchParams;
  /** 'include' only for GitLab's web endpoints, which work with the browser's session. */
  credentials?: RequestCredentials;
  /** Read the answer as text (an HTML page) instead of JSON. */
  text?: boolean;
  timeoutMs?: number;
  /** Used in messages: "Sentry", "GitLab". */
  service: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * fetch() that never throws a bare TypeError: every failure becomes a RemoteError that names the host,
 * and every answer is read as JSON (an HTML page where JSON was expected means a wrong URL).
 */
export async function requestJson(request: HttpRequest): Promise<HttpResponse> {
  const { url, service } = request;
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: request.text ? 'text/html' : 'application/json', ...request.headers };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';
  const requestBody = request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json));

  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: requestBody,
      credentials: request.credentials ?? 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new RemoteError('timeout', `${service} at ${url.origin} did not answer within ${timeoutMs / 1000} s.`);
    }
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    throw new RemoteError(
      'unreachable',
      offline
        ? `You are offline: ${service} at ${url.origin} cannot be reached.`
        : `Could not reach ${service} at ${url.origin}. Check the URL and your network connection.`,
    );
  }

  const text = await response.text().catch(() => '');
  if (request.text) return { status: response.status, headers: response.headers, body: text, finalUrl: response.url };
  let body: unknown = undefined;
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
  return { status: response.status, headers: response.headers, body, finalUrl: response.url };
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
