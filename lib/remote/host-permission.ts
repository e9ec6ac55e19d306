/**
 * The origin pattern the browser must grant before the extension can call this host. It keeps the port, so
 * granting https://git.example.com:8443 does not grant every other service on that host. Firefox's match
 * patterns cannot name a port: there the grant covers the host's every port.
 */
export function hostPermissionPattern(baseUrl: string, withPort = !import.meta.env.FIREFOX): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${withPort ? url.host : url.hostname}/*`;
}
