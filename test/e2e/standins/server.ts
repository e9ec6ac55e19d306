// What the HTTPS stand-ins (sentry.ts, gitlab.ts) share and do the same way: the server's start and close, the
// request log, replies as data, injected failures and latency, and the fixed-window counting behind their rate
// limits. What each service does with these (its routes, refusals, headers, rate-limit headers) stays in its
// own stand-in.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeCert } from './tls';

// ---------------------------------------------------------------------------------------------
// Replies and requests

/** A reply before it is written: the stand-in's `send` turns `body` into JSON, HTML or text. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** The request log's common part; a stand-in's own LoggedRequest may add more. */
export interface BaseLoggedRequest {
  method: string;
  /** Path without the query string, e.g. `/api/0/organizations/`. */
  path: string;
  /** The raw query string without `?` (parse with `new URLSearchParams(query)`). */
  query: string;
  /** Request headers, names lower-cased, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Host header as sent: `sentry.io`, `gitlab.com`, `127.0.0.1:PORT`, … */
  host: string;
  body: string;
  /** Response status, set once the response was sent. */
  status?: number;
  time: number;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface ReadRequest<Extra extends object> {
  /** The Host header as sent ('' when there was none). */
  host: string;
  /** The request URL, its origin from the Host header (else `https://<defaultHost>`). */
  url: URL;
  rawBody: string;
  /** The log entry (not yet logged): method, path, query, headers, host, body, `extra`, time. */
  entry: BaseLoggedRequest & Extra;
}

/** Reads a request's body and describes it as the request log does. */
export async function readRequest<Extra extends object = object>(
  req: IncomingMessage,
  defaultHost: string,
  extra?: Extra,
): Promise<ReadRequest<Extra>> {
  const host = req.headers.host ?? '';
  const url = new URL(req.url ?? '/', `https://${host || defaultHost}`);
  const rawBody = await readBody(req);
  const entry = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers: lowerCaseHeaders(req),
    host,
    body: rawBody,
    ...extra,
    time: Date.now(),
  } as BaseLoggedRequest & Extra;
  return { host, url, rawBody, entry };
}

// ---------------------------------------------------------------------------------------------
// Failures, latency and rate-limit windows a test can set

export interface RateLimitConfig {
  /** Requests per caller (each stand-in says who a caller is) per window. */
  limit: number;
  windowSeconds: number;
}

export interface InjectedFailure {
  status: number;
  body: unknown;
}

export interface StandInControls {
  /** The rate limit in force (setRateLimit replaces it). */
  readonly rateLimit: RateLimitConfig;
  /** Queues `count` failures with `status`; without `body`, the stand-in's own body for that status. */
  failNext(count: number, status: number, body?: unknown): void;
  /** The next queued failure, taken off the queue. */
  takeFailure(): InjectedFailure | undefined;
  setLatencyMs(ms: number): void;
  /** Waits the latency set (nothing when it is 0). */
  delay(): Promise<void>;
  /** Sets the rate limit and forgets every window counted so far. */
  setRateLimit(config: RateLimitConfig): void;
  /** Start (ms) of the fixed window that holds now. */
  currentWindowStart(): number;
  /** Counts one more request of `key` in the current window: its count there (1 for a window's first). */
  countInWindow(key: string): { count: number; windowStart: number };
}

export interface StandInControlOptions {
  rateLimit: RateLimitConfig;
  latencyMs?: number;
  /** A failure's body when failNext is given none (called with the rate limit in force then). */
  defaultFailureBody(status: number, rateLimit: RateLimitConfig): unknown;
}

export function createStandInControls(opts: StandInControlOptions): StandInControls {
  const pendingFailures: InjectedFailure[] = [];
  const rateWindows = new Map<string, { windowStart: number; count: number }>();
  let rateLimit: RateLimitConfig = { ...opts.rateLimit };
  let latencyMs = opts.latencyMs ?? 0;

  const currentWindowStart = () => {
    const windowMs = rateLimit.windowSeconds * 1000;
    return Math.floor(Date.now() / windowMs) * windowMs;
  };

  return {
    get rateLimit() {
      return rateLimit;
    },
    failNext: (count, status, body) => {
      for (let i = 0; i < count; i++) pendingFailures.push({ status, body: body ?? opts.defaultFailureBody(status, rateLimit) });
    },
    takeFailure: () => pendingFailures.shift(),
    setLatencyMs: (ms) => {
      latencyMs = ms;
    },
    delay: async () => {
      if (latencyMs > 0) await sleep(latencyMs);
    },
    setRateLimit: (config) => {
      rateLimit = { ...config };
      rateWindows.clear();
    },
    currentWindowStart,
    countInWindow: (key) => {
      const windowStart = currentWindowStart();
      const window = rateWindows.get(key);
      const count = window && window.windowStart === windowStart ? window.count + 1 : 1;
      rateWindows.set(key, { windowStart, count });
      return { count, windowStart };
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The server

export interface RunningServer {
  port: number;
  /** `https://127.0.0.1:PORT`, for calls from Node. */
  baseUrl: string;
  /** PEM of the self-signed certificate the server uses. */
  cert: string;
  close(): Promise<void>;
}

/**
 * Starts an HTTPS server on an ephemeral port of 127.0.0.1 with the stand-ins' certificate. When `handle`
 * fails, `internalError` answers if nothing was sent yet; otherwise the connection is dropped.
 */
export async function startHttpsServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  internalError: (res: ServerResponse, error: unknown) => void,
): Promise<RunningServer> {
  const { key, cert } = makeCert();
  const server = https.createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) internalError(res, error);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `https://127.0.0.1:${port}`,
    cert,
    close: () =>
      new Promise<void>((resolve) => {
        // Chromium keeps connections alive; without this close() would wait for them to time out.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
