// Two tiny HTTPS servers for "a token never follows a redirect": one stands where Sentry or GitLab should be
// and redirects every request to the other (an SSO or any foreign host), which logs what reached it and
// allows every cross-origin request, so the browser would let a followed request through.
import type { ServerResponse } from 'node:http';
import { readRequest, startHttpsServer, type BaseLoggedRequest, type RunningServer } from './server';

export interface LoggingServer extends RunningServer {
  requests: BaseLoggedRequest[];
}

const internalError = (res: ServerResponse) => {
  res.writeHead(500).end();
};

/** Answers every request with a 302 to `target` + the request's path. */
export async function startRedirector(target: string): Promise<LoggingServer> {
  const requests: BaseLoggedRequest[] = [];
  const server = await startHttpsServer(async (req, res) => {
    const { url, entry } = await readRequest(req, 'redirector');
    requests.push(entry);
    res.writeHead(302, { Location: `${target}${url.pathname}`, 'Content-Type': 'text/html' }).end('<a href="elsewhere">Moved</a>');
  }, internalError);
  return { ...server, requests };
}

/** Logs every request and lets any origin read its answers with any header, as a careless host might. */
export async function startPermissiveHost(): Promise<LoggingServer> {
  const requests: BaseLoggedRequest[] = [];
  const server = await startHttpsServer(async (req, res) => {
    const { entry } = await readRequest(req, 'permissive');
    requests.push(entry);
    const cors = {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
    };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
  }, internalError);
  return { ...server, requests };
}
