import { RemoteError } from '../domain/errors';
import { INSECURE_URL_MESSAGE, isLocalHttp } from './http';

/** How the options name a service's address and token field, in the messages below. */
interface ServiceUrlNames {
  /** "Sentry API URL". */
  url: string;
  /** The address given as an example: "https://sentry.io". */
  example: string;
  /** The field the token goes in: "Auth Token". */
  tokenField: string;
}

/**
 * The address people paste for a service, as a URL: without a scheme it is https://; only https:// is
 * accepted (http:// on this machine only), and no user or password.
 */
export function parseServiceUrl(input: string, names: ServiceUrlNames): URL {
  let text = input.trim();
  const enter = `Enter the ${names.url}, for example ${names.example}.`;
  if (!text) throw new RemoteError('bad-request', enter);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RemoteError('bad-request', `“${input.trim()}” is not a URL. ${enter}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RemoteError('bad-request', `The ${names.url} must start with https:// (got ${url.protocol}).`);
  }
  if (url.protocol === 'http:' && !isLocalHttp(url)) {
    throw new RemoteError('bad-request', `The ${names.url} must start with https://. ${INSECURE_URL_MESSAGE}`);
  }
  if (url.username || url.password) throw new RemoteError('bad-request', `Put the token in “${names.tokenField}”, not in the URL.`);
  return url;
}
