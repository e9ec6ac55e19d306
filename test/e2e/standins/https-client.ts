// HTTPS calls from Node to the stand-ins, addressed by Host header (sentry.io, gitlab.com, …) the way the
// extension reaches them, for the stand-ins' self-tests and for setting things up "in GitLab itself".
import https from 'node:https';

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the response is JSON, else the text. */
  body: any;
  text: string;
}

export interface CallOptions {
  /** The Host header: which host the stand-in answers as. */
  host: string;
  /** More request headers (sent after Host, so they may replace it). */
  headers?: Record<string, string>;
  /** A JSON body (sent with Content-Type application/json). */
  json?: unknown;
  /** A form body (sent with Content-Type application/x-www-form-urlencoded); ignored with `json`. */
  form?: Record<string, string>;
}

/** An HTTPS call to the stand-in listening on 127.0.0.1:`port` (its self-signed certificate is not checked). */
export function httpsCall(port: number, method: string, pathAndQuery: string, opts: CallOptions): Promise<CallResult> {
  const headers: Record<string, string> = { Host: opts.host, ...opts.headers };
  let payload: string | undefined;
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.form) {
    payload = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: pathAndQuery, method, headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const isJson = String(res.headers['content-type'] ?? '').includes('application/json');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: isJson && text ? JSON.parse(text) : text, text });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface SentryCallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  origin?: string;
  json?: unknown;
  /** Default sentry.io. */
  host?: string;
}

/** A call to the Sentry stand-in, addressed as sentry.io like the extension would. */
export function callSentry(
  server: { port: number },
  method: string,
  pathAndQuery: string,
  opts: SentryCallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.origin) headers.Origin = opts.origin;
  return httpsCall(server.port, method, pathAndQuery, { host: opts.host ?? 'sentry.io', headers, json: opts.json });
}

export interface GitlabCallOptions {
  /** Sent as PRIVATE-TOKEN. */
  token?: string;
  /** Sent as `Authorization: Bearer <bearer>`. */
  bearer?: string;
  /** A `_gitlab_session` cookie value (the stand-in's session mode). */
  cookie?: string;
  origin?: string;
  json?: unknown;
  form?: Record<string, string>;
  /** Default gitlab.com. */
  host?: string;
  headers?: Record<string, string>;
}

/** A call to the GitLab stand-in, addressed as gitlab.com like the extension would. */
export function callGitlab(
  server: { port: number },
  method: string,
  pathAndQuery: string,
  opts: GitlabCallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers['PRIVATE-TOKEN'] = opts.token;
  if (opts.bearer) headers.Authorization = `Bearer ${opts.bearer}`;
  if (opts.cookie) headers.Cookie = `_gitlab_session=${opts.cookie}`;
  if (opts.origin) headers.Origin = opts.origin;
  return httpsCall(server.port, method, pathAndQuery, { host: opts.host ?? 'gitlab.com', headers, json: opts.json, form: opts.form });
}
