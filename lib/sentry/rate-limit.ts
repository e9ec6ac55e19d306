import { RemoteError } from '../errors';

/** A short wait is cheaper than failing a user's click; a long one is reported instead. */
export const MAX_INLINE_WAIT_MS = 3_000;
const DEFAULT_429_BACKOFF_MS = 60_000;

/**
 * Remembers, per host, until when Sentry asked us to stop (429, or X-Sentry-Rate-Limit-Remaining: 0),
 * so that no request is sent into a closed window.
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

  /** Reads Sentry's rate-limit headers from any answer; returns the retry time for a 429. */
  observe(host: string, status: number, headers: Headers): number | undefined {
    const resetAt = epochSecondsHeader(headers.get('x-sentry-rate-limit-reset'));
    const remaining = headers.get('x-sentry-rate-limit-remaining');
    if (status === 429) {
      const retryAfter = retryAfterMs(headers.get('retry-after'), this.now());
      const current = this.blockedUntil.get(host) ?? 0;
      const until = Math.max(
        resetAt && resetAt > this.now() ? resetAt : 0,
        retryAfter ?? 0,
        !resetAt && retryAfter === undefined ? this.now() + Math.max(DEFAULT_429_BACKOFF_MS, 2 * (current - this.now())) : 0,
      );
      this.blockedUntil.set(host, until);
      return until;
    }
    if (remaining !== null && Number(remaining) <= 0 && resetAt && resetAt > this.now()) {
      this.blockedUntil.set(host, resetAt);
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

function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return now + seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
