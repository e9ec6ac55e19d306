import { RemoteError } from '../domain/errors';

/** A short wait is cheaper than failing a user's click; a long one is reported instead. */
const MAX_INLINE_WAIT_MS = 3_000;
const DEFAULT_429_BACKOFF_MS = 60_000;
/** The longest a gate stays closed, whatever a header says: a wrong clock or header never blocks for hours. */
const MAX_GATE_MS = 10 * 60_000;

/**
 * Remembers, per host, until when Sentry asked us to stop (429, or X-Sentry-Rate-Limit-Remaining: 0),
 * so that no request is sent into a closed window.
 *
 * Sentry names the reset as an epoch time on its own clock. The wait is that time minus the answer's
 * `Date` (both the server's clock), added to the local clock, so a local clock hours off changes nothing.
 */
export class RateLimitGate {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Waits out a short block; throws `rate-limited` for a long one. */
  async pass(host: string, sleep = defaultSleep): Promise<void> {
    const until = this.blockedUntil.get(host) ?? 0;
    const wait = until - this.now();
    if (wait <= 0) return;
    if (wait <= MAX_INLINE_WAIT_MS) return sleep(wait);
    throw rateLimitedError(until);
  }

  /** Reads Sentry's rate-limit headers from any answer; returns the retry time (local clock) for a 429. */
  observe(host: string, status: number, headers: Headers): number | undefined {
    const now = this.now();
    const serverNow = httpDate(headers.get('date')) ?? now;
    const resetWait = waitUntil(epochSecondsHeader(headers.get('x-sentry-rate-limit-reset')), serverNow);
    const remaining = headers.get('x-sentry-rate-limit-remaining');
    if (status === 429) {
      const retryAfter = retryAfterWait(headers.get('retry-after'), serverNow);
      const current = this.blockedUntil.get(host) ?? 0;
      const wait =
        resetWait === undefined && retryAfter === undefined
          ? Math.max(DEFAULT_429_BACKOFF_MS, 2 * (current - now))
          : Math.max(resetWait ?? 0, retryAfter ?? 0);
      const until = now + Math.min(wait, MAX_GATE_MS);
      this.blockedUntil.set(host, until);
      return until;
    }
    if (remaining !== null && Number(remaining) <= 0 && resetWait !== undefined && resetWait > 0) {
      this.blockedUntil.set(host, now + Math.min(resetWait, MAX_GATE_MS));
    } else if (status < 400) {
      this.blockedUntil.delete(host);
    }
    return undefined;
  }
}

export function rateLimitedError(until: number): RemoteError {
  const time = new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return new RemoteError('rate-limited', `Sentry's rate limit was reached. Trying again after ${time}.`, 429, until);
}

function epochSecondsHeader(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

function httpDate(value: string | null): number | undefined {
  if (!value) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/** How long from the server's `now` until `at` (both on the server's clock); undefined without `at`. */
function waitUntil(at: number | undefined, serverNow: number): number | undefined {
  return at === undefined ? undefined : Math.max(0, at - serverNow);
}

/** Retry-After: seconds, or an HTTP date on the server's clock. */
function retryAfterWait(value: string | null, serverNow: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  return waitUntil(httpDate(value), serverNow);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
