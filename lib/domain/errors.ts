// One vocabulary of failures for every backend, so the badge, the popup and the options page can
// each say what went wrong without knowing which server said it.
export type FailureKind =
  | 'not-configured'
  | 'auth' // token rejected (401)
  | 'forbidden' // token lacks a scope / role (403)
  | 'not-found'
  | 'rate-limited'
  | 'unreachable' // DNS, TLS, refused connection, offline
  | 'timeout'
  | 'server' // 5xx
  | 'bad-request'
  | 'bad-response' // not JSON, or not the shape we expect
  | 'permission' // the browser has no host permission for that URL
  | 'signed-out' // GitLab's web session is missing: reading works with the token, changing does not
  | 'warming'; // GitLab is still fetching from its error backend: try again shortly

export interface Failure {
  kind: FailureKind;
  message: string;
  status?: number;
  /** Epoch ms before which the same request should not be retried. */
  retryAt?: number;
  /** Where the user can fix it, e.g. GitLab's sign-in page. */
  action?: { href: string; label: string };
}

export class RemoteError extends Error implements Failure {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly retryAt?: number,
    readonly action?: Failure['action'],
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** Whether a request failed in one of these ways (a RemoteError of one of these kinds). */
export function failedWith(error: unknown, ...kinds: FailureKind[]): error is RemoteError {
  return error instanceof RemoteError && kinds.includes(error.kind);
}

/** The call's value, or `fallback` when the call failed in one of these ways. */
export async function unlessFailedWith<T, F>(call: Promise<T>, kinds: FailureKind[], fallback: F): Promise<T | F> {
  try {
    return await call;
  } catch (error) {
    if (failedWith(error, ...kinds)) return fallback;
    throw error;
  }
}

export function toFailure(error: unknown): Failure {
  if (error instanceof RemoteError) {
    return { kind: error.kind, message: error.message, status: error.status, retryAt: error.retryAt, action: error.action };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'bad-response', message: `Unexpected problem: ${message}` };
}
