// Firefox has no --host-resolver-rules: this HTTP CONNECT proxy sends sentry.io, *.sentry.io, gitlab.com and
// *.gitlab.com to the local stand-ins and refuses every other host, so nothing leaks to the real network.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HostProxy {
  port: number;
  /** Every CONNECT target asked for (`host:port`), allowed or not. */
  readonly asked: string[];
  close(): Promise<void>;
}

export interface ProxyRoutes {
  sentryPort: number;
  gitlabPort?: number;
}

function targetPort(host: string, routes: ProxyRoutes): number | undefined {
  if (host === 'sentry.io' || host.endsWith('.sentry.io')) return routes.sentryPort;
  if (host === 'gitlab.com' || host.endsWith('.gitlab.com')) return routes.gitlabPort;
  return undefined;
}

export async function startHostProxy(routes: ProxyRoutes): Promise<HostProxy> {
  const asked: string[] = [];
  const sockets = new Set<net.Socket>();
  // Plain-HTTP requests through the proxy (Firefox's own background checks) go nowhere.
  const server = http.createServer((_req, res) => {
    res.writeHead(403).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    asked.push(target);
    const [host = '', port] = target.split(':');
    const to = port === '443' ? targetPort(host.toLowerCase(), routes) : undefined;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (to === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(to, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    asked,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
