import { RemoteError } from './errors';

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpRequest {
  url: URL;
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  json?: unknown;
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
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      credentials: 'omit',
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
  return { status: response.status, headers: response.headers, body };
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
